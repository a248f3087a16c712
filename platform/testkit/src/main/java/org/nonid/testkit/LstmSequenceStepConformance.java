package org.nonid.testkit;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.LstmShape;
import org.nonid.api.compute.Tensor;

/**
 * {@code lstmSequenceStep} and {@code lstmSequenceStepBackward} bit for bit against the kernels they
 * stand for ({@code copyBlock}, {@code fill}, {@code lstmCell}, {@code lstmCellBackward}), at the
 * first, a middle and the last step, with hidden sizes that are and are not a whole number of
 * vectors; the other steps' rows of the layer's tensors left as they were.
 */
final class LstmSequenceStepConformance {
    private final ComputeBackend b;
    private final long seed;

    private LstmSequenceStepConformance(ComputeBackend backend, long seed) {
        this.b = backend;
        this.seed = seed;
    }

    static List<NamedCheck> checksFor(ComputeBackend backend, long seed) {
        LstmSequenceStepConformance c = new LstmSequenceStepConformance(backend, seed);
        List<NamedCheck> checks = new ArrayList<>();
        for (int hidden : new int[] {21, 32}) {
            LstmShape shape = new LstmShape(3, 4, hidden);
            for (int t : new int[] {0, 2, 3}) {
                for (boolean bias : new boolean[] {false, true}) {
                    checks.add(new NamedCheck("lstmSequenceStep, hidden " + hidden + ", step " + t + " of 4"
                            + (bias ? ", with a bias" : ""), () -> c.forward(shape, t, bias)));
                }
                for (int projected = 0; projected < 3; projected++) {
                    int mode = projected;
                    checks.add(new NamedCheck("lstmSequenceStepBackward, hidden " + hidden + ", step " + t + " of 4, "
                            + new String[] {"no projection gradient", "projection written", "projection added to"}[mode],
                            () -> c.backward(shape, t, mode)));
                }
            }
        }
        return checks;
    }

    private void forward(LstmShape s, int t, boolean withBias) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 40 + s.hidden() * 8L + t * 2L + (withBias ? 1 : 0));
        int batch = s.batch();
        int hidden = s.hidden();
        int width = s.gates();
        float[] product = values(r, batch * width, 3);
        float[] projected = values(r, s.batch() * s.time() * width, 3);
        float[] cPrevious = values(r, batch * hidden, 1);
        float[] outBefore = values(r, s.batch() * s.time() * hidden, 1);
        float[] bias = values(r, width, 2);
        Tensor projectedT = b.upload(projected, projected.length);
        Tensor cT = t == 0 ? null : b.upload(cPrevious, cPrevious.length);
        Tensor biasT = withBias ? b.upload(bias, width) : null;

        // the step's rows of the projection, plus the bias, then added to the product
        Tensor stepRef = b.empty(batch * width);
        b.copyBlock(projectedT, t * width, s.time() * width, stepRef, 0, width, batch, width, false);
        if (withBias) {
            b.addRowVector(stepRef, batch, width, biasT);
        }
        Tensor gatesRef = t == 0 ? stepRef : b.upload(product, product.length);
        if (t > 0) {
            b.copyBlock(stepRef, 0, width, gatesRef, 0, width, batch, width, true);
        }
        Tensor hRef = b.empty(batch * hidden);
        Tensor cRef = b.empty(batch * hidden);
        Tensor savedRef = b.empty(batch * 5 * hidden);
        b.lstmCell(gatesRef, cT, batch, hidden, hRef, cRef, savedRef);
        Tensor outRef = b.upload(outBefore, outBefore.length);
        b.copyBlock(hRef, 0, hidden, outRef, t * hidden, s.time() * hidden, batch, hidden, false);

        Tensor productT = t == 0 ? null : b.upload(product, product.length);
        Tensor h = b.empty(batch * hidden);
        Tensor c = b.empty(batch * hidden);
        Tensor saved = b.empty(batch * 5 * hidden);
        Tensor out = b.upload(outBefore, outBefore.length);
        b.lstmSequenceStep(s, t, productT, projectedT, biasT, cT, h, c, saved, out);
        String at = "lstmSequenceStep, hidden " + hidden + ", step " + t + (withBias ? ", with a bias" : "") + ": ";
        Compare.sameBits(at + "h", b.download(hRef), b.download(h));
        Compare.sameBits(at + "c", b.download(cRef), b.download(c));
        Compare.sameBits(at + "saved", b.download(savedRef), b.download(saved));
        Compare.sameBits(at + "out (its step t, and the other steps untouched)", b.download(outRef), b.download(out));
        release(projectedT, cT, biasT, stepRef, t == 0 ? null : gatesRef, hRef, cRef, savedRef, outRef, productT, h, c,
                saved, out);
    }

    /** mode 0: no projection gradient; 1: written; 2: added to. */
    private void backward(LstmShape s, int t, int mode) {
        SplittableRandom r = new SplittableRandom(seed * 31 + 50 + s.hidden() * 8L + t * 3L + mode);
        int batch = s.batch();
        int hidden = s.hidden();
        int width = s.gates();
        boolean last = t == s.time() - 1;
        float[] gates = values(r, batch * width, 3);
        float[] cPrevious = values(r, batch * hidden, 1);
        float[] dh = values(r, batch * hidden, 1);
        float[] dc = values(r, batch * hidden, 1);
        float[] dOut = values(r, s.batch() * s.time() * hidden, 1);
        float[] garbage = values(r, batch * width, 5);
        float[] dProjectedBefore = values(r, s.batch() * s.time() * width, 1);
        Tensor cT = t == 0 ? null : b.upload(cPrevious, cPrevious.length);
        Tensor saved = b.empty(batch * 5 * hidden);
        Tensor hScratch = b.empty(batch * hidden);
        Tensor cScratch = b.empty(batch * hidden);
        Tensor gatesT = b.upload(gates, gates.length);
        b.lstmCell(gatesT, cT, batch, hidden, hScratch, cScratch, saved);
        Tensor dhT = b.upload(dh, dh.length);
        Tensor dcT = last ? null : b.upload(dc, dc.length);
        Tensor dOutT = b.upload(dOut, dOut.length);

        Tensor dGatesRef = b.zeros(batch * width);
        Tensor dcPreviousRef = t == 0 ? null : b.zeros(batch * hidden);
        b.lstmCellBackward(saved, cT, dhT, dcT, batch, hidden, dGatesRef, dcPreviousRef);
        Tensor dProjectedRef = mode == 0 ? null : b.upload(dProjectedBefore, dProjectedBefore.length);
        if (mode > 0) {
            b.copyBlock(dGatesRef, 0, width, dProjectedRef, t * width, s.time() * width, batch, width, mode == 2);
        }
        Tensor dhPreviousRef = t == 0 ? null : b.empty(batch * hidden);
        if (t > 0) {
            b.copyBlock(dOutT, (t - 1) * hidden, s.time() * hidden, dhPreviousRef, 0, hidden, batch, hidden, false);
        }

        Tensor dGates = b.upload(garbage, garbage.length);
        Tensor dcPrevious = t == 0 ? null : b.upload(Arrays.copyOf(garbage, batch * hidden), batch * hidden);
        Tensor dProjected = mode == 0 ? null : b.upload(dProjectedBefore, dProjectedBefore.length);
        Tensor dhPrevious = t == 0 ? null : b.upload(Arrays.copyOfRange(garbage, width, width + batch * hidden),
                batch * hidden);
        b.lstmSequenceStepBackward(s, t, saved, cT, dhT, dcT, dGates, dcPrevious, dProjected, mode == 2, dOutT,
                dhPrevious);
        String at = "lstmSequenceStepBackward, hidden " + hidden + ", step " + t + ", mode " + mode + ": ";
        Compare.sameBits(at + "dGates", b.download(dGatesRef), b.download(dGates));
        if (t > 0) {
            Compare.sameBits(at + "dcPrevious", b.download(dcPreviousRef), b.download(dcPrevious));
            Compare.sameBits(at + "dhPrevious", b.download(dhPreviousRef), b.download(dhPrevious));
        }
        if (mode > 0) {
            Compare.sameBits(at + "dProjected (its step t, and the other steps untouched)", b.download(dProjectedRef),
                    b.download(dProjected));
        }
        release(cT, saved, hScratch, cScratch, gatesT, dhT, dcT, dOutT, dGatesRef, dcPreviousRef, dProjectedRef,
                dhPreviousRef, dGates, dcPrevious, dProjected, dhPrevious);
    }

    private void release(Tensor... tensors) {
        for (Tensor t : tensors) {
            if (t != null) {
                b.release(t);
            }
        }
    }

    private static float[] values(SplittableRandom r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }
}
