package org.nonid.api.compute;

/**
 * The shape of an LSTM layer over {@code batch} sequences of {@code time} steps with {@code hidden}
 * units. Per-step tensors of the whole layer are {@code [batch * time, width]} with row
 * {@code b * time + t} (the layer's input projection {@code [rows, 4 * hidden]}, its outputs
 * {@code [rows, hidden]}); the tensors of one step are {@code [batch, width]}.
 */
public record LstmShape(int batch, int time, int hidden) {
    public LstmShape {
        if (batch <= 0 || time <= 0 || hidden <= 0) {
            throw new IllegalArgumentException("LSTM dimensions must be positive: " + batch + " sequences of " + time
                    + " steps, hidden " + hidden);
        }
    }

    /** The width of the gates, 4 * hidden. */
    public int gates() {
        return 4 * hidden;
    }
}
