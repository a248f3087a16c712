package org.nonid.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.measure.MetricInfo;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;
import org.nonid.api.run.MetricPoint;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStatus;

/** Every data point visible, the Bayes bound drawn, and relative gaps as percentages. */
class FiguresTest {
    private static TrialResult trial(long id, String condition, double loss, double ood) {
        RunRecord r = new RunRecord(id, "e", (int) id, id, "aNbN", "transformer", "cpu", RunStatus.FINISHED, "", "{}",
                "{}", Instant.EPOCH, Instant.EPOCH, 100);
        Map<String, Double> summary = Map.of("best/test/loss", loss, "best/ood/rule_1_accuracy", ood,
                "best/val/bayes_loss", 0.0840, "best/val/bayes_gap_relative", (loss - 0.084) / 0.084);
        List<MetricPoint> history = List.of(new MetricPoint(0, "test/loss", 1.6), new MetricPoint(0,
                "ood/rule_1_accuracy", 0.0), new MetricPoint(0, "val/loss", 1.6), new MetricPoint(10, "train/loss", 1.2),
                new MetricPoint(20, "train/loss", 0.5), new MetricPoint(100, "test/loss", loss), new MetricPoint(100,
                "ood/rule_1_accuracy", ood), new MetricPoint(100, "val/loss", loss + id * 1e-4));
        return new TrialResult(r, condition, Map.of(), summary, history);
    }

    /** The figure's metrics as the core measures declare them. */
    private static FigureMetrics metrics() {
        List<org.nonid.api.measure.MetricInfo> all = new java.util.ArrayList<>();
        all.addAll(new org.nonid.measure.core.LossMeasure().metrics());
        all.addAll(new org.nonid.measure.core.BayesGapMeasure().metrics());
        all.addAll(new org.nonid.measure.core.RuleExtrapolationMeasure().metrics());
        return FigureMetrics.of(all).orElseThrow();
    }

    @Test
    void theCoreMeasuresNameTheFiguresAxesAndBound() {
        FigureMetrics m = metrics();
        assertEquals("best/test/loss", m.lossAtBest());
        assertEquals("best/ood/rule_1_accuracy", m.extrapolationAtBest());
        assertEquals("best/val/bayes_loss", m.boundAtBest());
        assertEquals("max/ood/rule_1_accuracy", m.extrapolation().extremeKey());
        assertTrue(FigureMetrics.of(new org.nonid.measure.core.LossMeasure().metrics()).isEmpty(),
                "no extrapolation metric, no such figure");
    }

    private static Map<String, List<TrialResult>> groups() {
        Map<String, List<TrialResult>> g = new LinkedHashMap<>();
        g.put("mle", List.of(trial(1, "mle", 0.0843, 1.0), trial(2, "mle", 0.0844, 0.985)));
        g.put("oracle", List.of(trial(3, "oracle", 0.0851, 1.0)));
        return g;
    }

    @Test
    void theLossFigureDrawsEverySeedTheMeanAndTheTrainingLossWithTheLegendOutside() {
        XYChart loss = Figures.lossCurves(groups());
        Map<String, ?> series = loss.getSeriesMap();
        assertEquals(List.of("mle seed 1 (run 1)", "mle seed 2 (run 2)", "mle validation (mean of 2)",
                "mle training (mean of 2)", "oracle seed 3 (run 3)", "oracle validation (mean of 1)",
                "oracle training (mean of 1)"), List.copyOf(series.keySet()));
        assertTrue(!loss.getSeriesMap().get("mle seed 1 (run 1)").isShowInLegend(), "seeds are not in the legend");
        assertEquals(Styler.LegendPosition.OutsideE, loss.getStyler().getLegendPosition());
    }

    @Test
    void theTrajectoriesShowTheBayesBound() {
        XYChart p1 = Figures.ruleExtrapolationAgainstLoss(groups(), metrics());
        assertTrue(p1.getSeriesMap().containsKey("Bayes-optimal loss 0.0840"), p1.getSeriesMap().keySet().toString());
    }

    @Test
    void theEndPointsGetAnAxisOfTheirOwn() {
        XYChart end = Figures.runsAtBestLoss(groups(), metrics());
        double min = end.getStyler().getXAxisMin();
        double max = end.getStyler().getXAxisMax();
        assertTrue(min < 0.0840 && max > 0.0851, min + " .. " + max);
        assertTrue(max - min < 0.01, "the axis spans the runs and the bound, not the start of training: " + min + " .. "
                + max);
        assertTrue(end.getStyler().getYAxisMax() > 1.0, "runs at 1.0 are not cut by the frame");
        assertEquals(Styler.LegendPosition.OutsideE, end.getStyler().getLegendPosition());
    }

    @Test
    void theBarFigureKeepsItsLegendOutAndItsDotsIn() {
        var bars = Figures.finalRuleExtrapolation(groups(), metrics());
        assertEquals(Styler.LegendPosition.OutsideE, bars.getStyler().getLegendPosition(), "the legend hid runs at 1.0");
        assertTrue(bars.getStyler().getYAxisMax() > 1.0);
    }

    @Test
    void columnsInPercentAreWrittenAsPercentages() {
        MetricInfo.Column gap = new MetricInfo.Column("best/x/gap", "gap", MetricInfo.Format.SIGNED_PERCENT);
        MetricInfo.Column loss = new MetricInfo.Column("best/x/loss", "loss", MetricInfo.Format.NUMBER);
        assertEquals("+0.38% ± 0.10", Groups.format(gap, new double[] {0.0038, 0.001}));
        assertEquals("+0.36%", Groups.format(gap, 0.0036));
        assertEquals("0.0843 ± 0.0001", Groups.format(loss, new double[] {0.0843, 0.0001}));
    }
}
