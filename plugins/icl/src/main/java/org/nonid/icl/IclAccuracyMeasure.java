package org.nonid.icl;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.measure.Measure;
import org.nonid.api.measure.MeasureContext;
import org.nonid.api.measure.MetricInfo;
import org.nonid.nn.distribution.Scoring;
import org.osgi.service.component.annotations.Component;

/**
 * In-context learning on the icl language: for every number k of demonstrations, how the model
 * answers the query {@code ? x}: greedy accuracy, the probability of the right answer, and the
 * divergence of its answer from the Bayes-optimal one (the task the demonstrations show; for k = 0
 * the answers of all tasks alike). Runs on other languages get no metrics from it.
 */
@Component(service = Measure.class, property = "nonid.name=icl-accuracy")
public final class IclAccuracyMeasure implements Measure {
    /** The most demonstrations the metrics are declared for (the language's K is at most this). */
    static final int MOST_DEMONSTRATIONS = 8;

    @Override
    public String name() {
        return "icl-accuracy";
    }

    @Override
    public String description() {
        return "answers to in-context queries by number of demonstrations k: greedy accuracy, probability of the"
                + " right answer, KL from the Bayes answer (icl language)";
    }

    @Override
    public List<MetricInfo> metrics() {
        List<MetricInfo> metrics = new ArrayList<>();
        metrics.add(new MetricInfo("icl/accuracy", "greedy accuracy of the answer, mean over k = 1..K"));
        for (int k = 0; k <= MOST_DEMONSTRATIONS; k++) {
            metrics.add(new MetricInfo("icl/accuracy_k" + k, "greedy accuracy of the answer after " + k
                    + " demonstrations", MetricInfo.Direction.HIGHER_IS_BETTER));
            metrics.add(new MetricInfo("icl/probability_k" + k, "mean probability of the right answer after " + k
                    + " demonstrations", MetricInfo.Direction.HIGHER_IS_BETTER));
            metrics.add(new MetricInfo("icl/kl_k" + k, "mean KL(Bayes answer || model answer) after " + k
                    + " demonstrations, nats", MetricInfo.Direction.LOWER_IS_BETTER));
        }
        metrics.add(new MetricInfo("icl/kl_query_max", "largest KL(Bayes answer || model answer) over the queries",
                MetricInfo.Direction.LOWER_IS_BETTER));
        metrics.add(new MetricInfo("icl/kl_bound", "delta times icl/kl_query_max: P1's bound on the divergence a"
                + " model that differs from the data only in its answers can have", MetricInfo.Direction.LOWER_IS_BETTER));
        return metrics;
    }

    @Override
    public Map<String, Double> evaluate(MeasureContext context) {
        if (!(context.language() instanceof IclTasks language)) {
            return Map.of();
        }
        Map<String, Double> out = new LinkedHashMap<>();
        double accuracySum = 0;
        double klMax = 0;
        for (int k = 0; k <= language.demonstrations(); k++) {
            List<IclTasks.Query> queries = language.queries(k);
            List<int[]> prefixes = new ArrayList<>(queries.size());
            for (IclTasks.Query q : queries) {
                int[] prefix = new int[q.prompt().length + 1];
                prefix[0] = Vocabulary.SOS;
                System.arraycopy(q.prompt(), 0, prefix, 1, q.prompt().length);
                prefixes.add(prefix);
            }
            double[][] logp = Scoring.next(context.model(), prefixes);
            double right = 0;
            double probability = 0;
            double kl = 0;
            for (int i = 0; i < queries.size(); i++) {
                IclTasks.Query q = queries.get(i);
                if (argmax(logp[i]) == q.answer()) {
                    right++;
                }
                probability += Math.exp(logp[i][q.answer()]);
                double divergence = bayesDivergence(language, q, logp[i], k);
                kl += divergence;
                klMax = Math.max(klMax, divergence);
            }
            int n = queries.size();
            out.put("icl/accuracy_k" + k, right / n);
            out.put("icl/probability_k" + k, probability / n);
            out.put("icl/kl_k" + k, kl / n);
            if (k >= 1) {
                accuracySum += right / n;
            }
        }
        if (language.demonstrations() >= 1) {
            out.put("icl/accuracy", accuracySum / language.demonstrations());
        }
        out.put("icl/kl_query_max", klMax);
        out.put("icl/kl_bound", language.delta() * klMax);
        return out;
    }

    /** KL(Bayes answer || model answer): the right answer for certain when k >= 1, every task's alike for k = 0. */
    private static double bayesDivergence(IclTasks language, IclTasks.Query q, double[] logp, int k) {
        if (k >= 1) {
            return -logp[q.answer()];
        }
        int x = language.valueOf(q.prompt()[q.prompt().length - 1]);
        double each = 1.0 / language.tasks();
        double kl = 0;
        for (int t = 1; t <= language.tasks(); t++) {
            kl += each * (Math.log(each) - logp[language.residue(x + t)]);
        }
        return kl;
    }

    /** The greedy choice, lowest id on ties (as completions choose). */
    private static int argmax(double[] logp) {
        int best = 0;
        for (int v = 1; v < logp.length; v++) {
            if (logp[v] > logp[best]) {
                best = v;
            }
        }
        return best;
    }
}
