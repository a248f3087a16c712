package org.nonid.nn.optim;

import org.osgi.annotation.versioning.ConsumerType;

/** Updates parameters from their accumulated gradients. */
@ConsumerType
public interface Optimizer extends AutoCloseable {

    /** Applies one update with the given learning rate. */
    void step(float learningRate);

    /** Releases the optimiser's state. */
    @Override
    void close();
}
