package org.nonid.engine.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricHistoryTest {
    @Test
    void bestIsAtMinimumValidationLossAndExtremesSpanTheHistory() {
        MetricHistory h = new MetricHistory();
        assertTrue(h.add(0, Map.of("val/loss", 1.0, "ood/rule_1_accuracy", 0.1)));
        assertTrue(h.add(100, Map.of("val/loss", 0.5, "ood/rule_1_accuracy", 0.9)));
        assertFalse(h.add(200, Map.of("val/loss", 0.6, "ood/rule_1_accuracy", 0.3)));
        assertTrue(h.add(300, Map.of("val/loss", 0.4, "ood/rule_1_accuracy", 0.2)));
        assertFalse(h.add(400, Map.of("val/loss", 0.45, "ood/rule_1_accuracy", 0.95)));
        Map<String, Double> s = h.summary();
        assertEquals(300.0, s.get("best_step"));
        assertEquals(0.4, s.get("min_val_loss"));
        assertEquals(0.2, s.get("best/ood/rule_1_accuracy"));
        assertEquals(0.95, s.get("max/ood/rule_1_accuracy"));
        assertEquals(0.4, s.get("min/val/loss"));
        assertEquals(400.0, s.get("last_step"));
        assertEquals(1, h.evaluationsSinceBest());
    }

    @Test
    void aMetricsDeclaredDirectionDecidesItsExtreme() {
        MetricHistory h = new MetricHistory(Map.of("icl/kl_k1", org.nonid.api.measure.MetricInfo.Direction.LOWER_IS_BETTER,
                "data/score", org.nonid.api.measure.MetricInfo.Direction.LOWER_IS_BETTER), true);
        h.add(0, Map.of("val/loss", 1.0, "icl/kl_k1", 2.0, "data/score", 5.0, "data/kl", 3.0));
        h.add(100, Map.of("val/loss", 0.5, "icl/kl_k1", 0.5, "data/score", 1.0, "data/kl", 1.0));
        Map<String, Double> s = h.summary();
        assertEquals(0.5, s.get("min/icl/kl_k1"));
        assertEquals(1.0, s.get("min/data/score"), "declared lower-is-better although its name says nothing");
        assertEquals(1.0, s.get("min/data/kl"), "undeclared: a divergence by its name");
        assertFalse(s.containsKey("max/data/score"));
    }

    @Test
    void theUntrainedModelNeverEntersTheMaximaOfATrainingRun() {
        // bbaN LSTM seed 3 in the architecture preset: OOD R2 completion 1.0 at step 0, 0.0 at every trained step
        MetricHistory h = new MetricHistory(Map.of(), false);
        h.add(0, Map.of("val/loss", 3.0, "ood/rule_2_completion_accuracy", 1.0));
        h.add(100, Map.of("val/loss", 0.5, "ood/rule_2_completion_accuracy", 0.0));
        h.add(200, Map.of("val/loss", 0.6, "ood/rule_2_completion_accuracy", 0.0));
        assertEquals(0.0, h.summary().get("max/ood/rule_2_completion_accuracy"));
        assertEquals(0.5, h.summary().get("min/val/loss"));
        MetricHistory constructed = new MetricHistory(Map.of(), true);
        constructed.add(0, Map.of("val/loss", 0.08, "ood/rule_1_accuracy", 1.0));
        assertEquals(1.0, constructed.summary().get("max/ood/rule_1_accuracy"), "a run of no steps has only step 0");
    }
}
