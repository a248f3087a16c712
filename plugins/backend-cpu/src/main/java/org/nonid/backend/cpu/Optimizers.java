package org.nonid.backend.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.nonid.api.compute.AdamWStep;

/** Parameter-update kernels over [from, to). */
final class Optimizers {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Optimizers() {
    }

    static void adamW(float[] p, float[] g, float[] m, float[] v, AdamWStep s, int from, int to) {
        float decay = 1f - s.lr() * s.weightDecay();
        float b1 = s.beta1();
        float b2 = s.beta2();
        float stepSize = (float) (s.lr() / (1 - Math.pow(b1, s.step())));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(b2, s.step()));
        float eps = s.epsilon();
        int i = from;
        for (; i + L <= to; i += L) {
            FloatVector gv = FloatVector.fromArray(S, g, i);
            FloatVector mv = FloatVector.fromArray(S, m, i).mul(b1).add(gv.mul(1f - b1));
            FloatVector vv = FloatVector.fromArray(S, v, i).mul(b2).add(gv.mul(gv).mul(1f - b2));
            mv.intoArray(m, i);
            vv.intoArray(v, i);
            FloatVector denom = vv.lanewise(VectorOperators.SQRT).div(bc2Sqrt).add(eps);
            FloatVector.fromArray(S, p, i).mul(decay).sub(mv.div(denom).mul(stepSize)).intoArray(p, i);
        }
        for (; i < to; i++) {
            m[i] = b1 * m[i] + (1f - b1) * g[i];
            v[i] = b2 * v[i] + (1f - b2) * g[i] * g[i];
            float denom = (float) Math.sqrt(v[i]) / bc2Sqrt + eps;
            p[i] = p[i] * decay - m[i] / denom * stepSize; // the vector lanes' order of operations
        }
    }

    static void sgd(float[] p, float[] g, float[] velocity, float lr, float momentum, float weightDecay,
                    int from, int to) {
        for (int i = from; i < to; i++) {
            float d = g[i] + weightDecay * p[i];
            if (velocity != null) {
                velocity[i] = momentum * velocity[i] + d;
                d = velocity[i];
            }
            p[i] -= lr * d;
        }
    }
}
