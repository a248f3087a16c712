package org.nonid.nn.optim;

import org.osgi.annotation.versioning.ConsumerType;

/** The learning rate at each optimiser step (0-based). */
@FunctionalInterface
@ConsumerType
public interface LearningRateSchedule {

    double at(long step);

    /** The same rate at every step. */
    static LearningRateSchedule constant(double lr) {
        return step -> lr;
    }

    /**
     * Linear warm-up from 0 over {@code warmup} steps, then decay with the inverse square root of
     * the step: {@code lr * step / warmup} before, {@code lr * sqrt(warmup / step)} after. With
     * warmup 0 the rate is constant.
     */
    static LearningRateSchedule inverseSquareRoot(double lr, long warmup) {
        if (warmup <= 0) {
            return constant(lr);
        }
        return step -> step < warmup ? lr * step / warmup : lr * Math.sqrt((double) warmup / step);
    }
}
