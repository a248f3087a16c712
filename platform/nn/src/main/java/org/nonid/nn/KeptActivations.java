package org.nonid.nn;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;

/**
 * What the forward pass of a {@link Graph#recomputing} block keeps for the pass that makes the
 * block again, in the order the block made them: each checkpointed mLSTM scan's output and
 * checkpoints, and each SiLU's sigmoid. The second pass takes them instead of scanning again (the
 * scans are the costliest part of an xLSTM block; what they keep is a fraction of the block's
 * activations) and instead of forming the sigmoids again (a double-precision exponential and
 * quotient an element), which its backward step reads.
 */
final class KeptActivations {
    private final List<Tensor[]> scans = new ArrayList<>();
    private final List<Tensor> sigmoids = new ArrayList<>();
    private int nextScan;
    private int nextSigmoid;
    private boolean replaying;

    /** The forward pass keeps a scan's output and checkpoints (neither owned by a graph yet). */
    void keepScan(Tensor h, Tensor checkpoints) {
        check(!replaying, "kept activations: a scan kept while the block is made again");
        scans.add(new Tensor[] {h, checkpoints});
    }

    /** The forward pass keeps a SiLU's sigmoid (not owned by a graph yet). */
    void keepSigmoid(Tensor sigmoid) {
        check(!replaying, "kept activations: a sigmoid kept while the block is made again");
        sigmoids.add(sigmoid);
    }

    /** From now on the block is made again: {@link #takeScan} and {@link #takeSigmoid} hand back what was kept, in order. */
    KeptActivations replay() {
        replaying = true;
        nextScan = 0;
        nextSigmoid = 0;
        return this;
    }

    boolean replaying() {
        return replaying;
    }

    /** The next kept scan, {h, checkpoints}, of the given sizes: the block must run the scans it ran before. */
    Tensor[] takeScan(long hSize, long checkpointsSize) {
        check(nextScan < scans.size(), "kept activations: the block runs more mLSTM scans than it ran the first time");
        Tensor[] scan = scans.get(nextScan++);
        check(scan[0].size() == hSize && scan[1].size() == checkpointsSize,
                "kept activations: the block's scan " + nextScan + " has another shape than the first time");
        return scan;
    }

    /** The next kept sigmoid, of the given size: the block must run the SiLUs it ran before. */
    Tensor takeSigmoid(long size) {
        check(nextSigmoid < sigmoids.size(), "kept activations: the block runs more SiLUs than it ran the first time");
        Tensor sigmoid = sigmoids.get(nextSigmoid++);
        check(sigmoid.size() == size, "kept activations: the block's SiLU " + nextSigmoid
                + " has another size than the first time");
        return sigmoid;
    }

    /** Every kept tensor. */
    List<Tensor> tensors() {
        List<Tensor> out = new ArrayList<>();
        for (Tensor[] scan : scans) {
            out.add(scan[0]);
            out.add(scan[1]);
        }
        out.addAll(sigmoids);
        return out;
    }

    /** Releases what was kept (when no graph owns it yet: the forward pass failed). */
    void release(ComputeBackend backend) {
        for (Tensor t : tensors()) {
            backend.release(t);
        }
        scans.clear();
        sigmoids.clear();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
