package org.nonid.nn;

import org.nonid.api.compute.Tensor;

/**
 * The state an sLSTM cell passes on: {@code packed [batch, 3 * hidden]} holds y, c and n (y is the
 * output, c and n carry gradients back through time), {@code stabilizer [batch, hidden]} the
 * running maximum of the log gates (a constant for gradients).
 */
public record SlstmState(Node packed, Tensor stabilizer) {
}
