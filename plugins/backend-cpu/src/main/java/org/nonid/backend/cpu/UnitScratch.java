package org.nonid.backend.cpu;

/**
 * One thread's buffers for a unit of rows of {@link FeedForward}'s backward pass: the hidden
 * layer (when it is made again), its gradient, and the unit's chunk sums of each weight gradient
 * that units cut into whole chunks (null entries for one that is streamed instead).
 */
record UnitScratch(float[] hidden, float[] dPre, float[][] partialsW1, float[][] partialsW2) {
}
