package org.nonid.measure.parameters;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;
import org.osgi.service.component.annotations.Component;

/**
 * Sharpness of the training loss at the current parameters: the Hessian's trace by Hutchinson's
 * estimator ({@code E[v' H v]} over Rademacher vectors v, with its standard error) and its
 * dominant eigenvalue by power iteration, both from finite-difference Hessian-vector products on
 * (at most) the first 256 training words. A function-preserving reparametrisation changes both: they
 * are properties of the parameters, not of the function.
 */
@Component(service = Measure.class, property = "nonid.name=sharpness")
public final class SharpnessMeasure implements Measure {
    static final int PROBES = 8;
    static final int POWER_ITERATIONS = 12;
    private static final int WORDS = 256;

    @Override
    public String name() {
        return "sharpness";
    }

    @Override
    public String description() {
        return "training-loss Hessian trace (Hutchinson, " + PROBES + " probes, with standard error) and top eigenvalue"
                + " (power iteration), by finite differences of gradients";
    }

    @Override
    public List<MetricInfo> metrics() {
        return List.of(
                new MetricInfo("train/hessian_trace", "Hutchinson estimate of the trace of the training-loss Hessian",
                        MetricInfo.Direction.LOWER_IS_BETTER),
                new MetricInfo("train/hessian_trace_se", "its standard error", MetricInfo.Direction.LOWER_IS_BETTER),
                new MetricInfo("train/hessian_top_eigenvalue", "the Hessian's dominant eigenvalue (power iteration)",
                        MetricInfo.Direction.LOWER_IS_BETTER));
    }

    @Override
    public Map<String, Double> evaluate(MeasureContext context) {
        List<int[]> train = context.data().train();
        List<int[]> words = train.subList(0, Math.min(WORDS, train.size()));
        HessianProbe probe = new HessianProbe(context.model(), context.batch(words));
        SplittableRandom random = new SplittableRandom(1000 + context.step());
        double[] trace = hutchinson(probe, PROBES, random);
        return Map.of("train/hessian_trace", trace[0], "train/hessian_trace_se", trace[1],
                "train/hessian_top_eigenvalue", topEigenvalue(probe, POWER_ITERATIONS, random));
    }

    /** The mean of v' H v over Rademacher vectors and its standard error. */
    static double[] hutchinson(HessianProbe probe, int probes, SplittableRandom random) {
        double[] samples = new double[probes];
        for (int s = 0; s < probes; s++) {
            double[] v = new double[probe.dimension()];
            for (int i = 0; i < v.length; i++) {
                v[i] = random.nextBoolean() ? 1 : -1;
            }
            samples[s] = dot(v, probe.times(v));
        }
        double mean = 0;
        for (double x : samples) {
            mean += x / probes;
        }
        double ss = 0;
        for (double x : samples) {
            ss += (x - mean) * (x - mean);
        }
        return new double[] {mean, Math.sqrt(ss / (probes - 1) / probes)};
    }

    /** The Rayleigh quotient after power iteration from a random start. */
    static double topEigenvalue(HessianProbe probe, int iterations, SplittableRandom random) {
        double[] v = new double[probe.dimension()];
        for (int i = 0; i < v.length; i++) {
            v[i] = random.nextDouble() - 0.5;
        }
        double lambda = 0;
        for (int it = 0; it < iterations; it++) {
            double[] w = probe.times(v);
            lambda = dot(v, w) / dot(v, v);
            double norm = Math.sqrt(dot(w, w));
            if (norm == 0) {
                return 0;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] = w[i] / norm;
            }
        }
        return lambda;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
