package org.nonid.nn;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;

/**
 * What the forward pass of a {@link Graph#recomputing} block keeps for the pass that makes the
 * block again: each checkpointed mLSTM scan's output and checkpoints, in the order the block ran
 * them, so that the second pass takes them instead of scanning again (the scans are the costliest
 * part of an xLSTM block; what they keep is a fraction of the block's activations).
 */
final class KeptScans {
    private final List<Tensor[]> scans = new ArrayList<>();
    private int next;
    private boolean replaying;

    /** The forward pass keeps a scan's output and checkpoints (neither owned by a graph yet). */
    void keep(Tensor h, Tensor checkpoints) {
        check(!replaying, "kept scans: a scan kept while the block is made again");
        scans.add(new Tensor[] {h, checkpoints});
    }

    /** From now on the block is made again: {@link #take} hands the kept scans back in order. */
    KeptScans replay() {
        replaying = true;
        next = 0;
        return this;
    }

    boolean replaying() {
        return replaying;
    }

    /** The next kept scan, {h, checkpoints}, of the given sizes: the block must run the scans it ran before. */
    Tensor[] take(long hSize, long checkpointsSize) {
        check(next < scans.size(), "kept scans: the block runs more mLSTM scans than it ran the first time");
        Tensor[] scan = scans.get(next++);
        check(scan[0].size() == hSize && scan[1].size() == checkpointsSize,
                "kept scans: the block's scan " + next + " has another shape than the first time");
        return scan;
    }

    /** Every kept tensor. */
    List<Tensor> tensors() {
        List<Tensor> out = new ArrayList<>();
        for (Tensor[] scan : scans) {
            out.add(scan[0]);
            out.add(scan[1]);
        }
        return out;
    }

    /** Releases what was kept (when no graph owns it yet: the forward pass failed). */
    void release(ComputeBackend backend) {
        for (Tensor t : tensors()) {
            backend.release(t);
        }
        scans.clear();
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalStateException(message);
        }
    }
}
