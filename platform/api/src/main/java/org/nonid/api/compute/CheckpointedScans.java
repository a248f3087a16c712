package org.nonid.api.compute;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * The selective scan ({@link SequenceKernels#selectiveScan}) and the mLSTM scan
 * ({@link SequenceKernels#mlstmScan}) keeping, for their backward passes, only the state before
 * every {@code interval}-th time step instead of every state; the backward pass makes the others
 * again, a stretch of {@code interval} steps at a time. A backend may offer them besides the plain
 * kernels; the platform's graph uses them where the saved states would be large. Outputs and
 * gradients equal the plain kernels' to the bit (the states made again are the same numbers). At
 * the papers' sizes this keeps 1/16 of the 1.35 GB of states of Mamba and of the 2.8 GB of xLSTM.
 */
@ConsumerType
public interface CheckpointedScans {

    /** The number of stretches of {@code interval} steps in {@code time}. */
    static int stretches(int time, int interval) {
        if (interval <= 0) {
            throw new IllegalArgumentException("checkpoint interval must be positive: " + interval);
        }
        return (time + interval - 1) / interval;
    }

    /** The number of elements of the checkpoints: one state per sequence, stretch, channel and state index. */
    static long selectiveScanCheckpointsSize(ScanShape shape, int interval) {
        return (long) shape.batch() * stretches(shape.time(), interval) * shape.channels() * shape.state();
    }

    /**
     * {@link SequenceKernels#selectiveScan} from a zero state, writing y and, into
     * {@code checkpoints} ({@link #selectiveScanCheckpointsSize}, a layout private to the backend),
     * the state before steps 0, interval, 2 interval, ...
     */
    void selectiveScanCheckpointed(ScanShape shape, Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c, int interval,
                                   Tensor checkpoints, Tensor y);

    /**
     * {@link SequenceKernels#selectiveScanBackward} from the checkpoints of
     * {@link #selectiveScanCheckpointed} (same inputs and interval): accumulates into
     * {@code du, ddelta, da, db, dc} the values the plain backward pass would add.
     */
    void selectiveScanCheckpointedBackward(ScanShape shape, Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c,
                                           int interval, Tensor checkpoints, Tensor dy, Tensor du, Tensor ddelta,
                                           Tensor da, Tensor db, Tensor dc);

    /** The number of elements of the mLSTM checkpoints: one state (C, n, m) per sequence, head and stretch. */
    static long mlstmCheckpointsSize(AttentionShape shape, int interval) {
        long perStep = (long) shape.headDim() * shape.headDim() + shape.headDim() + 1;
        return (long) shape.batch() * shape.heads() * stretches(shape.time(), interval) * perStep;
    }

    /**
     * {@link SequenceKernels#mlstmScan} from empty states, writing h and, into {@code checkpoints}
     * ({@link #mlstmCheckpointsSize}, a layout private to the backend), the state before steps 0,
     * interval, 2 interval, ...
     */
    void mlstmScanCheckpointed(AttentionShape shape, Tensor q, Tensor k, Tensor v, Tensor iPre, Tensor fPre,
                               int interval, Tensor checkpoints, Tensor h);

    /**
     * {@link SequenceKernels#mlstmScanBackward} from the checkpoints of
     * {@link #mlstmScanCheckpointed} (same inputs and interval): accumulates into
     * {@code dq, dk, dv, diPre, dfPre} the values the plain backward pass would add.
     */
    void mlstmScanCheckpointedBackward(AttentionShape shape, Tensor q, Tensor k, Tensor v, Tensor iPre, Tensor fPre,
                                       int interval, Tensor checkpoints, Tensor dh, Tensor dq, Tensor dk, Tensor dv,
                                       Tensor diPre, Tensor dfPre);
}
