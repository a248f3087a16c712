package org.nonid.backend.cpu;

import java.util.concurrent.ConcurrentLinkedDeque;
import org.nonid.api.compute.AttentionShape;
import org.nonid.kernels.host.XlstmCells;

/**
 * The mLSTM scans with as many sequences of one head side by side as a vector has lanes. Each lane
 * runs the host's step ({@link XlstmCells}) with its operations in the host's order, so values
 * and gradients equal it to the bit; the sums that are one long chain per sequence (the forget
 * gate's gradient runs over the whole state) become a chain per lane, all lanes at once, and no
 * sum needs a gather. A state in lanes is {@code [C n m]} element by element, each element's lanes
 * side by side. The last group of a batch that is not a whole number of groups runs with its
 * spare lanes repeating the last sequence ({@link Lanes}).
 */
final class MlstmLaneScans {
    private static final int L = MlstmLaneKernels.L;
    /** Where element 0 of the arrays that the lane kernels read and write is ({@link MlstmLaneKernels#P}). */
    private static final int P = MlstmLaneKernels.P;
    private static final float EPS = XlstmCells.EPS;
    /** Steps whose rows the forward scan moves into lanes at a time (the backward scan: a stretch). */
    private static final int FORWARD_STEPS = 16;

    private MlstmLaneScans() {
    }

    /** The work units: one per group of lanes and head. */
    static int units(AttentionShape s) {
        return groups(s) * s.heads();
    }

    private static int groups(AttentionShape s) {
        return (s.batch() + L - 1) / L;
    }

    /**
     * The forward scan over units [from, to): from empty states, or from {@code carry} (the layout of
     * {@link XlstmCells#mlstmScan}: a sequence whose n is all zeros starts empty) which then receives
     * the last states; writes h (unless null) and, unless {@code checkpoints} is null, the state
     * before every {@code interval}-th step ({@link Lanes#saveCheckpoint}). A group's heads in the
     * range run side by side, a few steps at a time, so that each sequence's rows are read whole.
     */
    static void forward(AttentionShape s, float[] q, float[] k, float[] v, float[] iPre, float[] fPre, int interval,
                        float[] checkpoints, float[] carry, float[] h, Scratch scratch, int from, int to) {
        Work w = scratch.take(s, interval, 0);
        for (int unit = from; unit < to; ) {
            int h0 = unit % s.heads();
            int h1 = Math.min(s.heads(), h0 + to - unit);
            Lanes[] lanes = w.lanes(unit, h1 - h0);
            w.gates(lanes[0], fPre, false);
            for (int x = 0; x < lanes.length; x++) {
                float[] st = w.states[x];
                if (carry == null) {
                    empty(st, s.headDim());
                } else {
                    MlstmLaneKernels.gather(carry, lanes[x].carried(), lanes[x].carryMap, st, w.perStep);
                    emptyWhereUnseen(st, s.headDim());
                }
            }
            for (int t0 = 0; t0 < s.time(); t0 += FORWARD_STEPS) {
                int t1 = Math.min(s.time(), t0 + FORWARD_STEPS);
                w.load(lanes, t0, t1, h == null ? null : q, k, v, null);
                for (int x = 0; x < lanes.length; x++) {
                    float[] st = w.states[x];
                    for (int t = t0; t < t1; t++) {
                        if (checkpoints != null && t % interval == 0) {
                            lanes[x].saveCheckpoint(st, checkpoints, t / interval);
                        }
                        w.step(lanes[x], t, w.loaded(x, t - t0), iPre, fPre, st, 0, st, 0, h != null);
                    }
                }
                if (h != null) {
                    w.store(lanes, t0, t1, w.hS, h, false);
                }
            }
            if (carry != null) {
                for (int x = 0; x < lanes.length; x++) {
                    MlstmLaneKernels.scatter(w.states[x], carry, lanes[x].carried(), lanes[x].carryMap, w.perStep);
                }
            }
            unit += lanes.length;
        }
        scratch.give(w);
    }

    /**
     * The backward of {@link #forward} with checkpoints over units [from, to): each stretch's states
     * are made again from its checkpoint, then its steps run backward, accumulating into dq, dk,
     * dv, di and df. A group's heads in the range take each stretch in turn, reading its rows whole.
     */
    static void backward(AttentionShape s, float[] q, float[] k, float[] v, float[] iPre, float[] fPre, int interval,
                         float[] checkpoints, float[] dhOut, float[] dq, float[] dk, float[] dv, float[] di, float[] df,
                         Scratch scratch, int from, int to) {
        Work w = scratch.take(s, interval, Math.min(interval, s.time()));
        int per = w.perStep * L;
        for (int unit = from; unit < to; ) {
            int h0 = unit % s.heads();
            int h1 = Math.min(s.heads(), h0 + to - unit);
            Lanes[] lanes = w.lanes(unit, h1 - h0);
            w.gates(lanes[0], fPre, true);
            for (int x = 0; x < lanes.length; x++) {
                java.util.Arrays.fill(w.gcs[x], 0f);
                java.util.Arrays.fill(w.gns[x], 0f);
            }
            for (int c = (s.time() + interval - 1) / interval - 1; c >= 0; c--) {
                int t0 = c * interval;
                int t1 = Math.min(s.time(), t0 + interval);
                w.load(lanes, t0, t1, q, k, v, dhOut);
                for (int x = 0; x < lanes.length; x++) {
                    lanes[x].restoreCheckpoint(checkpoints, c, w.first);
                    for (int t = t0; t < t1; t++) {
                        float[] before = t > t0 ? w.stretch : w.first;
                        int beforeAt = t > t0 ? (t - t0 - 1) * per : 0;
                        w.step(lanes[x], t, w.loaded(x, t - t0), iPre, fPre, before, beforeAt, w.stretch,
                                (t - t0) * per, false);
                        w.keepGates(t - t0);
                    }
                    for (int t = t1 - 1; t >= t0; t--) {
                        float[] before = t > t0 ? w.stretch : w.first;
                        int beforeAt = t > t0 ? (t - t0 - 1) * per : 0;
                        w.backStep(lanes[x], x, t, t > 0, t - t0, w.loaded(x, t - t0), iPre, fPre, w.stretch,
                                (t - t0) * per, before, beforeAt, di, df);
                    }
                }
                w.store(lanes, t0, t1, w.dqS, dq, true);
                w.store(lanes, t0, t1, w.dkS, dk, true);
                w.store(lanes, t0, t1, w.dvS, dv, true);
            }
            unit += lanes.length;
        }
        scratch.give(w);
    }

    /**
     * Scratch kept from one scan to the next, one per thread that scans at once: every training
     * step scans the same shapes again (at P2 a backward pass's scratch is 1.2 MB).
     */
    static final class Scratch {
        private final ConcurrentLinkedDeque<Work> free = new ConcurrentLinkedDeque<>();

        private Work take(AttentionShape s, int interval, int stretchSteps) {
            Work w = free.poll();
            return w != null && w.fits(s, interval, stretchSteps) ? w : new Work(s, interval, stretchSteps);
        }

        private void give(Work w) {
            free.push(w);
        }
    }

    /** An empty state in lanes: zeros, stabiliser minus infinity. */
    private static void empty(float[] st, int dh) {
        java.util.Arrays.fill(st, P, P + (dh * dh + dh + 1) * L, 0f);
        java.util.Arrays.fill(st, P + (dh * dh + dh) * L, P + (dh * dh + dh + 1) * L, Float.NEGATIVE_INFINITY);
    }

    /** Empties the lanes whose n is all zeros (a carry that has seen nothing), as the host does. */
    private static void emptyWhereUnseen(float[] st, int dh) {
        int nAt = dh * dh * L;
        for (int l = 0; l < L; l++) {
            boolean seen = false;
            for (int j = 0; j < dh && !seen; j++) {
                seen = st[P + nAt + j * L + l] != 0f;
            }
            if (!seen) {
                for (int x = 0; x < dh * dh + dh; x++) {
                    st[P + x * L + l] = 0f;
                }
                st[P + (dh * dh + dh) * L + l] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    /**
     * Where a group's sequences are: lane l reads sequence {@code first + min(l, count - 1)}. Spare
     * lanes compute what the last lane computes, so what they write (the same values to the same
     * places, read before written) leaves the results as the last lane leaves them.
     */
    private static final class Lanes {
        final AttentionShape s;
        final int head;
        final int first;
        final int count;
        /** Lane offsets in a [rows, model] tensor, a [rows, heads] tensor, the checkpoints and a carry. */
        final int[] rowMap = new int[L];
        final int[] gateMap = new int[L];
        final int[] checkpointMap = new int[L];
        final int[] carryMap = new int[L];
        final int stretches;
        final int perStep;

        Lanes(AttentionShape s, int unit, int stretches, int perStep) {
            this.s = s;
            this.head = unit % s.heads();
            this.first = unit / s.heads() * L;
            this.count = Math.min(L, s.batch() - first);
            this.stretches = stretches;
            this.perStep = perStep;
            for (int l = 0; l < L; l++) {
                int b = Math.min(l, count - 1);
                rowMap[l] = b * s.time() * s.model();
                gateMap[l] = b * s.time() * s.heads();
                checkpointMap[l] = b * s.heads() * stretches * perStep;
                carryMap[l] = b * s.heads() * perStep;
            }
        }

        /** The offset of lane 0's element 0 of this head at step t in a [rows, model] tensor. */
        int row(int t) {
            return (first * s.time() + t) * s.model() + head * s.headDim();
        }

        /** The offset of lane 0's gate of this head at step t in a [rows, heads] tensor. */
        int gate(int t) {
            return (first * s.time() + t) * s.heads() + head;
        }

        /** The offset of lane 0's carried state. */
        int carried() {
            return (first * s.heads() + head) * perStep;
        }

        /**
         * Keeps a state as the checkpoint of a stretch. A whole group keeps its states in lanes, in
         * the part of the checkpoints that its sequences would take one by one
         * ({@link XlstmCells#mlstmScanCheckpointed}'s layout); a partial group keeps that layout.
         */
        void saveCheckpoint(float[] st, float[] checkpoints, int stretch) {
            if (count == L) {
                System.arraycopy(st, P, checkpoints, inLanes(stretch), perStep * L);
            } else {
                MlstmLaneKernels.scatter(st, checkpoints, oneByOne(stretch), checkpointMap, perStep);
            }
        }

        /** The state that {@link #saveCheckpoint} kept for a stretch. */
        void restoreCheckpoint(float[] checkpoints, int stretch, float[] st) {
            if (count == L) {
                System.arraycopy(checkpoints, inLanes(stretch), st, P, perStep * L);
            } else {
                MlstmLaneKernels.gather(checkpoints, oneByOne(stretch), checkpointMap, st, perStep);
            }
        }

        private int inLanes(int stretch) {
            return (first * s.heads() * stretches + (head * stretches + stretch) * L) * perStep;
        }

        private int oneByOne(int stretch) {
            return ((first * s.heads() + head) * stretches + stretch) * perStep;
        }
    }

    /** One thread's scratch: a step's inputs in lanes, the carried gradients, the states of a stretch. */
    private static final class Work {
        final AttentionShape s;
        final int dh;
        final int perStep;
        final int stretches;
        /** The states of the forward scan's heads. */
        final float[][] states;
        final float[] first;
        final float[] stretch;
        /** Steps whose rows {@link #load} moves into lanes at once. */
        final int steps;
        /** The q, k, v and h's gradient of those steps, in lanes ({@code [head][step][element][lane]}). */
        final float[] qS;
        final float[] kS;
        final float[] vS;
        final float[] dhS;
        /** The h of those steps (forward), or their gradients of q, k and v (backward), in lanes. */
        final float[] hS;
        final float[] dqS;
        final float[] dkS;
        final float[] dvS;
        /** fp and ip of a stretch's steps. */
        final float[] keptGates;
        final float[] qT;
        final float[] kT;
        final float[] vT;
        final float[] dhT;
        final float[] rows;
        /** The backward scan's carried gradients of C and n, per head. */
        final float[][] gcs;
        final float[][] gns;
        final float[] sums;
        final float[] gv;
        final float[] dnum;
        final float[] fp = new float[P + L];
        final float[] ip = new float[P + L];
        final float[] scale = new float[P + L];
        final float[] floor = new float[L];
        final float[] m = new float[L];
        final float[] den = new float[P + L];
        final float[] gh = new float[P + L];
        final float[] input = new float[P + L];
        final float[] forget = new float[P + L];
        /** Arguments of the exponentials of a step, and the exponentials. */
        final float[] powers = new float[2 * L];
        final float[] exps = new float[2 * L];
        /** log(sigmoid) and sigmoid of the group's forget gate pre-activations, from {@link #gateBase} on. */
        final float[] logForget;
        final float[] forgetSigmoid;
        int gateBase;

        /** For checkpoints every {@code interval} steps, keeping {@code stretchSteps} states. */
        Work(AttentionShape s, int interval, int stretchSteps) {
            this.s = s;
            this.dh = s.headDim();
            this.perStep = dh * dh + dh + 1;
            this.stretches = (s.time() + interval - 1) / interval;
            this.states = new float[s.heads()][P + perStep * L];
            this.first = new float[P + perStep * L];
            this.stretch = new float[P + stretchSteps * perStep * L];
            this.steps = Math.max(FORWARD_STEPS, stretchSteps);
            this.qS = new float[P + s.heads() * steps * dh * L];
            this.kS = new float[P + s.heads() * steps * dh * L];
            this.vS = new float[P + s.heads() * steps * dh * L];
            this.dhS = new float[P + s.heads() * steps * dh * L];
            this.hS = new float[P + s.heads() * steps * dh * L];
            this.dqS = new float[P + s.heads() * steps * dh * L];
            this.dkS = new float[P + s.heads() * steps * dh * L];
            this.dvS = new float[P + s.heads() * steps * dh * L];
            this.keptGates = new float[stretchSteps * 2 * L];
            this.qT = new float[P + dh * L];
            this.kT = new float[P + dh * L];
            this.vT = new float[P + dh * L];
            this.dhT = new float[P + dh * L];
            this.rows = new float[P + dh * L];
            this.gcs = new float[s.heads()][P + dh * dh * L];
            this.gns = new float[s.heads()][P + dh * L];
            this.sums = new float[P + dh * L];
            this.gv = new float[P + dh * L];
            this.dnum = new float[P + dh * L];
            this.logForget = new float[L * s.time() * s.heads()];
            this.forgetSigmoid = new float[L * s.time() * s.heads()];
        }

        /** Whether this scratch serves a scan of this shape and interval keeping {@code stretchSteps} states. */
        boolean fits(AttentionShape shape, int interval, int stretchSteps) {
            return s.equals(shape) && stretches == (shape.time() + interval - 1) / interval
                    && stretch.length >= stretchSteps * perStep * L && steps >= stretchSteps;
        }

        /**
         * The forget gates' log(sigmoid) of a group's sequences (with {@code backward}, their
         * sigmoid too), each the host's function of its pre-activation to the bit, computed in vector
         * lanes ({@link CellFunctions}) before the steps that read them one by one.
         */
        void gates(Lanes lanes, float[] fPre, boolean backward) {
            gateBase = lanes.gate(0) - lanes.head;
            int count = lanes.count * s.time() * s.heads();
            CellFunctions.LOG_SIGMOID.apply(fPre, gateBase, count, logForget, 0);
            if (backward) {
                RoundedSigmoid.SIGMOID.apply(fPre, gateBase, count, forgetSigmoid, 0);
            }
        }

        /** The lanes of {@code count} heads of one group from a unit's head on. */
        Lanes[] lanes(int unit, int count) {
            Lanes[] lanes = new Lanes[count];
            for (int x = 0; x < count; x++) {
                lanes[x] = new Lanes(s, unit + x, stretches, perStep);
            }
            return lanes;
        }

        /** Where the loaded steps' {@code c}-th of the {@code x}-th head starts in {@link #qS} and the like. */
        int loaded(int x, int c) {
            return (x * steps + c) * dh * L;
        }

        /**
         * Moves the rows of steps [t0, t1) of q, k, v and dh (those not null) of the heads of
         * {@code lanes} into lanes, the x-th head's c-th step at {@link #loaded}(x, c).
         */
        void load(Lanes[] lanes, int t0, int t1, float[] q, float[] k, float[] v, float[] dhOut) {
            loadRows(lanes, t0, t1, q, qS);
            loadRows(lanes, t0, t1, k, kS);
            loadRows(lanes, t0, t1, v, vS);
            loadRows(lanes, t0, t1, dhOut, dhS);
        }

        private void loadRows(Lanes[] lanes, int t0, int t1, float[] from, float[] to) {
            if (from != null) {
                MlstmLaneKernels.gatherSteps(from, lanes[0].row(t0), lanes[0].rowMap, s.model(), t1 - t0, lanes.length,
                        dh, steps, to);
            }
        }

        /** Writes (or, with {@code add}, adds) what {@link #load}'s layout holds in {@code from} to the rows of [t0, t1). */
        void store(Lanes[] lanes, int t0, int t1, float[] from, float[] to, boolean add) {
            MlstmLaneKernels.scatterSteps(from, to, lanes[0].row(t0), lanes[0].rowMap, s.model(), t1 - t0, lanes.length,
                    dh, steps, lanes[0].count, add);
        }

        /**
         * The host's step in every lane, with the inputs loaded at {@code at}: the state at
         * {@code st[stAt]} advances into {@code next[nextAt]} (the same place is allowed); with
         * {@code read}, h's rows go to {@link #hS} at {@code at}.
         */
        void step(Lanes lanes, int t, int at, float[] iPre, float[] fPre, float[] st, int stAt, float[] next, int nextAt,
                  boolean read) {
            int nAt = dh * dh * L;
            int mAt = (dh * dh + dh) * L;
            int gate = lanes.gate(t);
            for (int l = 0; l < L; l++) {
                int g = gate + lanes.gateMap[l];
                float mPrev = st[P + stAt + mAt + l];
                float ig = iPre[g];
                float lf = logForget[g - gateBase];
                float mNow = Math.max(lf + mPrev, ig);
                powers[l] = lf + mPrev - mNow;
                powers[L + l] = ig - mNow;
                m[l] = mNow;
            }
            CellFunctions.EXP.apply(powers, 0, 2 * L, exps, 0);
            System.arraycopy(exps, 0, fp, P, L);
            System.arraycopy(exps, L, ip, P, L);
            System.arraycopy(kS, P + at, kT, P, dh * L);
            System.arraycopy(vS, P + at, vT, P, dh * L);
            MlstmLaneKernels.decayNormaliser(st, stAt + nAt, fp, ip, kT, next, nextAt + nAt, dh);
            System.arraycopy(m, 0, next, P + nextAt + mAt, L);
            if (!read) {
                MlstmLaneKernels.decayState(st, stAt, fp, ip, vT, kT, next, nextAt, dh);
                return;
            }
            System.arraycopy(qS, P + at, qT, P, dh * L);
            MlstmLaneKernels.dot(next, nextAt + nAt, qT, dh, den);
            for (int l = 0; l < L; l++) {
                powers[l] = -m[l];
            }
            CellFunctions.EXP.apply(powers, 0, L, exps, 0);
            for (int l = 0; l < L; l++) {
                scale[P + l] = Math.max(Math.abs(den[P + l]), exps[l]) + EPS;
            }
            MlstmLaneKernels.decayStateAndRead(st, stAt, fp, ip, vT, kT, qT, scale, next, nextAt, hS, at, dh);
        }

        /**
         * Keeps the last step's gate factors (fp, ip: the backward step's own, to the bit) as the
         * stretch's {@code index}-th, for its backward step.
         */
        void keepGates(int index) {
            System.arraycopy(fp, P, keptGates, index * 2 * L, L);
            System.arraycopy(ip, P, keptGates, (index * 2 + 1) * L, L);
        }

        /**
         * The host's backward step in every lane, from the state after it ({@code saved}) and the
         * state before it, carrying C's and n's gradients in the x-th head's {@link #gcs} and
         * {@link #gns}; its inputs are those loaded at {@code at}, its gate factors those
         * {@link #keepGates} kept as the stretch's {@code kept}-th, and its gradients of q, k and v go
         * to {@link #dqS} and the like at {@code at}. The forget gate's sum runs at the first step too
         * (on the empty state) and is not used.
         */
        void backStep(Lanes lanes, int x, int t, boolean hasBefore, int kept, int at, float[] iPre, float[] fPre,
                      float[] saved, int savedAt, float[] before, int beforeAt, float[] di, float[] df) {
            int nAt = dh * dh * L;
            int mAt = (dh * dh + dh) * L;
            float[] gc = gcs[x];
            float[] gn = gns[x];
            System.arraycopy(qS, P + at, qT, P, dh * L);
            System.arraycopy(kS, P + at, kT, P, dh * L);
            System.arraycopy(vS, P + at, vT, P, dh * L);
            System.arraycopy(dhS, P + at, dhT, P, dh * L);
            MlstmLaneKernels.dot(saved, savedAt + nAt, qT, dh, den);
            for (int l = 0; l < L; l++) {
                powers[l] = -saved[P + savedAt + mAt + l];
            }
            CellFunctions.EXP.apply(powers, 0, L, floor, 0);
            for (int l = 0; l < L; l++) {
                scale[P + l] = Math.max(Math.abs(den[P + l]), floor[l]) + EPS;
            }
            MlstmLaneKernels.readBack(saved, savedAt, qT, dhT, scale, dnum, gh, dh);
            int gate = lanes.gate(t);
            int gates = kept * 2 * L;
            for (int l = 0; l < L; l++) {
                float d = den[P + l];
                den[P + l] = Math.abs(d) > floor[l] ? -gh[P + l] * Math.signum(d) / scale[P + l] : 0f;
                ip[P + l] = keptGates[gates + L + l];
                fp[P + l] = hasBefore ? keptGates[gates + l] : 0f;
            }
            MlstmLaneKernels.startColumns(saved, savedAt + nAt, den, qT, gn, sums, gv, dh);
            MlstmLaneKernels.backRows(gc, saved, savedAt, before, beforeAt, dnum, qT, kT, vT, fp, sums, gv, rows,
                    forget, dh);
            System.arraycopy(sums, P, dqS, P + at, dh * L);
            MlstmLaneKernels.finishColumns(rows, gv, gn, vT, kT, before, beforeAt + nAt, ip, fp, dnum, sums, input,
                    forget, dh);
            System.arraycopy(dnum, P, dvS, P + at, dh * L);
            System.arraycopy(sums, P, dkS, P + at, dh * L);
            for (int l = 0; l < lanes.count; l++) {
                int g = gate + lanes.gateMap[l];
                di[g] += ip[P + l] * input[P + l];
                if (hasBefore) {
                    df[g] += fp[P + l] * forget[P + l] * (1f - forgetSigmoid[g - gateBase]);
                }
            }
        }
    }
}
