package org.nonid.backend.cpu;

import java.util.concurrent.atomic.AtomicInteger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.api.compute.FeedForwardShape;

/**
 * A feed-forward block {@code dropout(relu(x W1 + b1)) W2 + b2} and its backward pass, a block of
 * rows at a time in cache: unless the caller asks to keep it, the hidden layer never exists whole
 * (the backward pass makes it again from x, a unit of rows at a time). See {@link org.nonid.api.compute.FusedKernels}: each value
 * is computed with the same operations, in the same order, as by the unfused kernels, so that
 * training gives the same numbers to the bit.
 */
final class FeedForward {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** A block of the hidden layer holds about this many floats (128 KiB). */
    private static final int BLOCK_FLOATS = 1 << 15;

    private final FeedForwardShape shape;
    private final float[] x;
    private final float[] b1;
    private final float p;
    private final long seed;
    private final RowProduct first;
    private final int blockRows;

    FeedForward(FeedForwardShape shape, float[] x, float[] w1, float[] b1, float p, long seed) {
        this.shape = shape;
        this.x = x;
        this.b1 = b1;
        this.p = p;
        this.seed = seed;
        this.first = RowProduct.of(false, shape.hidden(), shape.in(), w1);
        this.blockRows = Math.max(1, BLOCK_FLOATS / shape.hidden());
    }

    /** y = h W2 + b2 for every row, h made a block at a time (and kept whole if {@code kept} is not null). */
    void forward(Parallel parallel, float[] w2, float[] b2, float[] y, float[] kept) {
        RowProduct second = RowProduct.of(false, shape.out(), shape.hidden(), w2);
        parallel.forRange(0, shape.rows(), Math.max(blockRows, first.grainRows()), (lo, hi) -> {
            float[] block = kept == null ? new float[blockRows * shape.hidden()] : kept;
            for (int r0 = lo; r0 < hi; r0 += blockRows) {
                int rows = Math.min(blockRows, hi - r0);
                int at = kept == null ? 0 : r0;
                hidden(r0, rows, block, at);
                second.rows(block, at, y, r0, rows);
                if (b2 != null) {
                    Elementwise.addRowVector(y, shape.out(), b2, y, r0, r0 + rows);
                }
            }
        });
    }

    /**
     * The gradients of the block from dy; see {@code FusedKernels#feedForwardBackward}. The hidden
     * layer comes from {@code kept}, or is made again a unit of rows at a time when that is null.
     *
     * <p>The rows are cut into units of whole chunks of dW1's sum. Threads claim units in order:
     * each makes its unit's hidden layer and its gradient, dx's rows and the unit's chunk sums of
     * the weight gradients, then waits for the previous unit to be committed and commits its own
     * (the chunk sums in order, the bias rows, any gradient whose chunks the units cut), so that
     * every sum is added in the order of the unfused kernels whatever the number of threads. A
     * thread only waits for units claimed before its own, which are under way on other threads.
     */
    void backward(Parallel parallel, float[] w1, float[] w2, float[] kept, float[] dy, float[] dx, boolean overwriteDx,
                  float[] dW1, float[] db1, float[] dW2) {
        int rows = shape.rows();
        int hiddenWidth = shape.hidden();
        BackwardPlan plan = new BackwardPlan(shape,
                RowProduct.of(true, hiddenWidth, shape.out(), w2), RowProduct.of(true, shape.in(), hiddenWidth, w1),
                dW1 == null ? null : new WeightGradientSweep(shape.in(), hiddenWidth, rows, dW1),
                dW2 == null ? null : new WeightGradientSweep(hiddenWidth, shape.out(), rows, dW2),
                db1 == null ? null : new BiasSweep(rows, hiddenWidth, db1), kept, dy, dx, overwriteDx,
                1f / (1f - p));
        int unit = plan.unitRows(blockRows);
        int units = (rows + unit - 1) / unit;
        int lanes = Math.max(1, Math.min(parallel.threads(), units));
        AtomicInteger claimed = new AtomicInteger();
        // Units committed so far; -1 once a thread has failed, so that the others stop (a failed
        // compare-and-set tells a committing thread).
        AtomicInteger committed = new AtomicInteger();
        parallel.forRange(0, lanes, 1, (lo, hi) -> {
            try {
                UnitScratch scratch = plan.scratch(unit, hiddenWidth);
                for (int u; (u = claimed.getAndIncrement()) < units; ) {
                    int r0 = u * unit;
                    int count = Math.min(unit, rows - r0);
                    unitGradients(plan, scratch, r0, count);
                    awaitTurn(committed, u);
                    plan.commit(scratch, r0, count);
                    if (!committed.compareAndSet(u, u + 1)) {
                        throw new IllegalStateException("feed-forward backward: another thread failed");
                    }
                }
            } catch (RuntimeException | Error e) {
                committed.set(-1);
                throw e;
            }
        });
        plan.finish();
    }

    /** Waits until unit u is next to commit (every earlier unit has been claimed by a thread at work on it). */
    private static void awaitTurn(AtomicInteger committed, int u) {
        int now;
        for (int spins = 0; (now = committed.get()) != u; spins++) {
            if (now < 0) {
                throw new IllegalStateException("feed-forward backward: another thread failed");
            }
            Parallel.pause(spins);
        }
    }

    /** The unit's hidden layer, its gradient, dx's rows and the unit's chunk sums of aligned weight gradients. */
    private void unitGradients(BackwardPlan plan, UnitScratch s, int r0, int count) {
        int hiddenWidth = shape.hidden();
        float[] h = plan.kept() == null ? s.hidden() : plan.kept();
        int hRow = plan.kept() == null ? 0 : r0;
        if (plan.kept() == null) {
            hidden(r0, count, h, 0);
        }
        plan.toHidden().rows(plan.dy(), r0, s.dPre(), 0, count);
        maskGradient(h, hRow * hiddenWidth, s.dPre(), 0, count * hiddenWidth, plan.keepScale());
        if (plan.dx() != null) {
            if (plan.overwriteDx()) {
                plan.toInput().rows(s.dPre(), 0, plan.dx(), r0, count);
            } else {
                plan.toInput().addRows(s.dPre(), 0, plan.dx(), r0, count);
            }
        }
        plan.sumChunks(s, x, h, hRow, r0, count);
    }

    /** The hidden layer's rows [row, row + rows) into h from row {@code at}. */
    private void hidden(int row, int rows, float[] h, int at) {
        first.rows(x, row, h, at, rows);
        DropoutMask mask = p > 0f ? new DropoutMask(p, seed) : null;
        float[] lanes = new float[L];
        int cols = shape.hidden();
        for (int r = 0; r < rows; r++) {
            epilogue(h, (at + r) * cols, (row + r) * cols, cols, mask, lanes);
        }
    }

    /**
     * One row of the hidden layer at h[base ..]: {@code mask * max(v + b1, 0)}, the mask taken at
     * the row's place {@code index} in the whole layer.
     */
    private void epilogue(float[] h, int base, int index, int cols, DropoutMask mask, float[] lanes) {
        int c = 0;
        if (mask == null || DropoutMask.VECTORISED) {
            for (; c + L <= cols; c += L) {
                FloatVector v = FloatVector.fromArray(S, h, base + c);
                if (b1 != null) {
                    v = v.add(FloatVector.fromArray(S, b1, c));
                }
                v = v.max(0f);
                if (mask != null) {
                    mask.write(lanes, 0, index + c);
                    v = v.mul(FloatVector.fromArray(S, lanes, 0));
                }
                v.intoArray(h, base + c);
            }
        }
        for (; c < cols; c++) {
            float v = h[base + c];
            if (b1 != null) {
                v += b1[c];
            }
            v = Math.max(v, 0f);
            if (mask != null) {
                v *= mask.scalarAt(index + c);
            }
            h[base + c] = v;
        }
    }

    /** g[gOff ..] = g * keep where h[hOff ..] > 0, else 0, over {@code count} elements. */
    private static void maskGradient(float[] h, int hOff, float[] g, int gOff, int count, float keep) {
        FloatVector zero = FloatVector.zero(S);
        int i = 0;
        for (; i + L <= count; i += L) {
            // The zero added turns -0 into +0, as the unfused kernels' accumulation into zeros does.
            FloatVector v = FloatVector.fromArray(S, g, gOff + i).mul(keep).add(zero);
            zero.blend(v, FloatVector.fromArray(S, h, hOff + i).compare(VectorOperators.GT, 0f)).intoArray(g, gOff + i);
        }
        for (; i < count; i++) {
            g[gOff + i] = h[hOff + i] > 0f ? 0f + g[gOff + i] * keep : 0f;
        }
    }
}
