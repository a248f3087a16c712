package org.nonid.api.compute;

/**
 * The shape of a selective scan (the state-space recurrence of Mamba) over {@code batch} sequences
 * of {@code time} steps, {@code channels} wide, each channel with a state of {@code state} numbers.
 * Per-step tensors are {@code [batch * time, width]} with row {@code b * time + t}.
 */
public record ScanShape(int batch, int time, int channels, int state) {
    public ScanShape {
        if (batch <= 0 || time <= 0 || channels <= 0 || state <= 0) {
            throw new IllegalArgumentException("scan dimensions must be positive: " + batch + "x" + time
                    + " channels " + channels + " state " + state);
        }
    }

    /** batch * time. */
    public int rows() {
        return batch * time;
    }

    /** The number of elements of the saved states, {@code [batch, time, channels, state]}. */
    public long statesSize() {
        return (long) batch * time * channels * state;
    }

    /** The number of elements of a carried state, {@code [batch, channels, state]}. */
    public int carrySize() {
        return batch * channels * state;
    }
}
