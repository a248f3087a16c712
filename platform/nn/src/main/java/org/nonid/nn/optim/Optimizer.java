package org.nonid.nn.optim;

/** Updates parameters from their accumulated gradients. */
public interface Optimizer extends AutoCloseable {

    /** Applies one update with the given learning rate. */
    void step(float learningRate);

    /** Releases the optimiser's state. */
    @Override
    void close();
}
