package org.nonid.api.compute;

/**
 * The sizes of a feed-forward block {@code dropout(relu(x W1 + b1)) W2 + b2}: x is
 * {@code [rows, in]}, W1 {@code [in, hidden]}, W2 {@code [hidden, out]}, the output {@code [rows, out]}.
 */
public record FeedForwardShape(int rows, int in, int hidden, int out) {
    public FeedForwardShape {
        if (rows < 0 || in <= 0 || hidden <= 0 || out <= 0) {
            throw new IllegalArgumentException("feed-forward sizes must be positive: " + rows + " rows, " + in + " -> "
                    + hidden + " -> " + out);
        }
    }
}
