package org.nonid.api.compute;

/**
 * One AdamW update (decoupled weight decay, bias-corrected moments, as in PyTorch's AdamW).
 *
 * @param lr          learning rate of this step
 * @param beta1       first-moment decay
 * @param beta2       second-moment decay
 * @param epsilon     denominator term
 * @param weightDecay decoupled weight decay (multiplied by lr)
 * @param step        1-based step count, for bias correction
 */
public record AdamWStep(float lr, float beta1, float beta2, float epsilon, float weightDecay, int step) {
}
