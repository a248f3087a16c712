package org.nonid.measure.parameters;

import java.util.List;
import org.nonid.api.model.Model;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;

/**
 * Hessian-vector products of a model's loss on one batch, by central differences of gradients:
 * {@code H v ~ (g(theta + h v) - g(theta - h v)) / 2h}, with h a ten-thousandth of the parameters' norm
 * over v's norm. The model's parameters are put back after every product.
 */
final class HessianProbe {
    private static final double RELATIVE_STEP = 1e-4;

    private final Model model;
    private final TokenBatch batch;
    private final List<Parameter> parameters;
    private final float[] theta;
    private final double norm;

    HessianProbe(Model model, TokenBatch batch) {
        this.model = model;
        this.batch = batch;
        this.parameters = model.parameters();
        int n = 0;
        for (Parameter p : parameters) {
            n += p.size();
        }
        this.theta = new float[n];
        int offset = 0;
        double squares = 0;
        for (Parameter p : parameters) {
            float[] v = model.backend().download(p.value());
            System.arraycopy(v, 0, theta, offset, v.length);
            offset += v.length;
            for (float x : v) {
                squares += (double) x * x;
            }
        }
        this.norm = Math.sqrt(squares);
    }

    int dimension() {
        return theta.length;
    }

    /** H v. */
    double[] times(double[] v) {
        double vNorm = 0;
        for (double x : v) {
            vNorm += x * x;
        }
        vNorm = Math.sqrt(vNorm);
        double h = RELATIVE_STEP * Math.max(norm, 1e-3) / Math.max(vNorm, 1e-30);
        double[] plus = gradientAt(v, h);
        double[] minus = gradientAt(v, -h);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (plus[i] - minus[i]) / (2 * h);
        }
        restore();
        return out;
    }

    private double[] gradientAt(double[] v, double h) {
        int offset = 0;
        for (Parameter p : parameters) {
            float[] shifted = new float[p.size()];
            for (int j = 0; j < shifted.length; j++) {
                shifted[j] = (float) (theta[offset + j] + h * v[offset + j]);
            }
            model.backend().upload(shifted, p.value());
            model.backend().fill(p.gradient(), 0f);
            offset += shifted.length;
        }
        model.lossAndGradients(batch);
        double[] g = new double[theta.length];
        offset = 0;
        for (Parameter p : parameters) {
            float[] grad = model.backend().download(p.gradient());
            for (int j = 0; j < grad.length; j++) {
                g[offset + j] = grad[j];
            }
            offset += grad.length;
        }
        return g;
    }

    /** Puts the parameters back and clears the gradients. */
    void restore() {
        int offset = 0;
        for (Parameter p : parameters) {
            model.backend().upload(java.util.Arrays.copyOfRange(theta, offset, offset + p.size()), p.value());
            model.backend().fill(p.gradient(), 0f);
            offset += p.size();
        }
    }
}
