package org.nonid.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.nonid.api.run.RunMetrics;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.CategorySeries;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's figures, each written as PNG and SVG. */
final class Figures {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 520;
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(214, 39, 40), new Color(44, 160, 44),
        new Color(148, 103, 189), new Color(255, 127, 14), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127)};

    private static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    private Figures() {
    }

    /** The figures; those of extrapolation against loss only where the measures name their metrics. */
    static List<Path> write(List<TrialResult> trials, Map<String, List<TrialResult>> groups,
                            Optional<FigureMetrics> metrics, Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        files.addAll(save(lossCurves(groups), dir, "loss"));
        if (metrics.isEmpty()) {
            return files;
        }
        FigureMetrics m = metrics.get();
        if (trials.stream().map(t -> t.run().language()).distinct().count() > 1
                || trials.stream().map(t -> t.run().model()).distinct().count() > 1) {
            files.addAll(save(modelsByLanguage(trials, m), dir, "models"));
        }
        files.addAll(save(ruleExtrapolationAgainstLoss(groups, m), dir, "p1"));
        files.addAll(save(runsAtBestLoss(groups, m), dir, "p1_end"));
        files.addAll(save(finalRuleExtrapolation(groups, m), dir, "ood_r1"));
        return files;
    }

    private static List<Path> save(Chart<?, ?> chart, Path dir, String name) throws IOException {
        Path png = dir.resolve(name + ".png");
        Path svg = dir.resolve(name + ".svg");
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        VectorGraphicsEncoder.saveVectorGraphic(chart, svg.toString(), VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        return List.of(png, svg);
    }

    private static double[] xs(TreeMap<Long, Double> curve) {
        return curve.keySet().stream().mapToDouble(Long::doubleValue).toArray();
    }

    private static double[] ys(TreeMap<Long, Double> curve) {
        return curve.values().stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * Loss over training: per group, each seed's validation loss as a thin line, their mean thick,
     * and the mean training loss dashed; the legend beside the plot.
     */
    static XYChart lossCurves(Map<String, List<TrialResult>> groups) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Loss: each seed (thin) and the mean (thick); validation solid, training dashed")
                .xAxisTitle("step").yAxisTitle("loss (log)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        int i = 0;
        for (Map.Entry<String, List<TrialResult>> g : groups.entrySet()) {
            Color color = color(i++);
            for (TrialResult t : g.getValue()) {
                TreeMap<Long, Double> seed = positive(Groups.meanCurve(List.of(t), RunMetrics.VALIDATION_LOSS.key()));
                if (seed.size() > 1) {
                    XYSeries series = chart.addSeries(g.getKey() + " seed " + t.run().seed() + " (run " + t.run().id()
                            + ")", xs(seed), ys(seed));
                    series.setMarker(SeriesMarkers.NONE);
                    series.setLineColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 110));
                    series.setLineWidth(0.8f);
                    series.setShowInLegend(false);
                }
            }
            String runs = " (mean of " + g.getValue().size() + ")";
            TreeMap<Long, Double> mean = positive(Groups.meanCurve(g.getValue(), RunMetrics.VALIDATION_LOSS.key()));
            if (mean.size() > 1) {
                XYSeries series = chart.addSeries(g.getKey() + " validation" + runs, xs(mean), ys(mean));
                series.setMarker(SeriesMarkers.NONE);
                series.setLineColor(color);
                series.setLineWidth(2.5f);
            }
            TreeMap<Long, Double> train = positive(Groups.meanCurve(g.getValue(), RunMetrics.TRAIN_LOSS.key()));
            if (train.size() > 1) {
                XYSeries series = chart.addSeries(g.getKey() + " training" + runs, xs(train), ys(train));
                series.setMarker(SeriesMarkers.NONE);
                series.setLineColor(color);
                series.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
                        java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
            }
        }
        return chart;
    }

    /** The curve's positive points (a log axis has no others). */
    private static TreeMap<Long, Double> positive(TreeMap<Long, Double> curve) {
        curve.entrySet().removeIf(e -> e.getValue() <= 0);
        return curve;
    }

    /** P1's figure: OOD R1 against test loss over training, one mean trajectory per condition. */
    static XYChart ruleExtrapolationAgainstLoss(Map<String, List<TrialResult>> groups, FigureMetrics m) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title(m.extrapolation().label() + " against " + m.loss().label() + " over training")
                .xAxisTitle(m.loss().label() + " (log)").yAxisTitle(m.extrapolation().label()).build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        int i = -1;
        for (Map.Entry<String, List<TrialResult>> g : groups.entrySet()) {
            i++;
            Color color = color(i);
            TreeMap<Long, Double> loss = Groups.meanCurve(g.getValue(), m.loss().key());
            TreeMap<Long, Double> ood = Groups.meanCurve(g.getValue(), m.extrapolation().key());
            loss.keySet().retainAll(ood.keySet());
            ood.keySet().retainAll(loss.keySet());
            loss.entrySet().removeIf(e -> e.getValue() <= 0);
            ood.keySet().retainAll(loss.keySet());
            if (loss.isEmpty()) {
                continue;
            }
            double[] x = ys(loss);
            double[] y = ys(ood);
            XYSeries path = chart.addSeries(g.getKey(), x, y);
            path.setMarker(SeriesMarkers.NONE);
            path.setLineColor(color);
            XYSeries start = chart.addSeries(g.getKey() + " start", new double[] {x[0]}, new double[] {y[0]});
            start.setMarker(SeriesMarkers.CIRCLE);
            start.setMarkerColor(color);
            start.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            start.setShowInLegend(false);
            XYSeries end = chart.addSeries(g.getKey() + " end", new double[] {x[x.length - 1]}, new double[] {y[y.length - 1]});
            end.setMarker(SeriesMarkers.SQUARE);
            end.setMarkerColor(color);
            end.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
            end.setShowInLegend(false);
        }
        bayesLine(chart, groups, m, 0.0, 1.0);
        return chart;
    }

    /** The bound (the Bayes-optimal loss) as a dashed vertical line, where a measure gives one and the runs know it. */
    private static void bayesLine(XYChart chart, Map<String, List<TrialResult>> groups, FigureMetrics m, double low,
                                  double high) {
        if (m.bound().isEmpty()) {
            return;
        }
        double bound = Groups.stats(groups.values().stream().flatMap(List::stream).toList(), m.boundAtBest())[0];
        if (Double.isNaN(bound) || bound <= 0) {
            return;
        }
        XYSeries line = chart.addSeries(String.format("Bayes-optimal loss %.4f", bound), new double[] {bound, bound},
                new double[] {low, high});
        line.setMarker(SeriesMarkers.NONE);
        line.setLineColor(Color.BLACK);
        line.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT, java.awt.BasicStroke.JOIN_MITER,
                10f, new float[] {6f, 4f}, 0f));
    }

    /**
     * Each run's test loss and OOD R1 at its minimum validation loss, on a linear loss axis that spans
     * just the runs and the Bayes-optimal loss: the end points the trajectories' log axis squeezes.
     */
    static XYChart runsAtBestLoss(Map<String, List<TrialResult>> groups, FigureMetrics m) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("Each run at its minimum validation loss").xAxisTitle(m.loss().label())
                .yAxisTitle(m.extrapolation().label()).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setYAxisMin(-0.05);
        chart.getStyler().setYAxisMax(1.05);
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        int i = 0;
        for (Map.Entry<String, List<TrialResult>> g : groups.entrySet()) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (TrialResult t : g.getValue()) {
                Double loss = t.summary().get(m.lossAtBest());
                Double ood = t.summary().get(m.extrapolationAtBest());
                if (loss != null && ood != null && Double.isFinite(loss) && Double.isFinite(ood)) {
                    x.add(loss);
                    y.add(ood);
                    low = Math.min(low, loss);
                    high = Math.max(high, loss);
                }
            }
            if (!x.isEmpty()) {
                XYSeries s = chart.addSeries(g.getKey(), x, y);
                s.setMarker(SeriesMarkers.CIRCLE);
                // translucent, so that runs on the same point all show
                Color c = color(i);
                s.setMarkerColor(new Color(c.getRed(), c.getGreen(), c.getBlue(), 150));
            }
            i++;
        }
        double bound = m.bound().isEmpty() ? Double.NaN
                : Groups.stats(groups.values().stream().flatMap(List::stream).toList(), m.boundAtBest())[0];
        if (Double.isFinite(bound) && bound > 0) {
            low = Math.min(low, bound);
            high = Math.max(high, bound);
            bayesLine(chart, groups, m, -0.05, 1.05);
            chart.getSeriesMap().values().stream().filter(s -> s.getName().startsWith("Bayes")).forEach(s ->
                    ((XYSeries) s).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line));
        }
        if (Double.isFinite(low)) {
            double margin = Math.max((high - low) * 0.08, high * 1e-4);
            chart.getStyler().setXAxisMin(low - margin);
            chart.getStyler().setXAxisMax(high + margin);
        }
        return chart;
    }

    /** Final OOD R1 (at minimum validation loss) per condition: mean bars with each seed as a dot. */
    static CategoryChart finalRuleExtrapolation(Map<String, List<TrialResult>> groups, FigureMetrics m) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(m.extrapolation().label() + " at minimum validation loss").xAxisTitle("group")
                .yAxisTitle(m.extrapolation().label()).build();
        // room above 1.0 and a legend outside the plot: no run's dot is hidden
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.1);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        chart.getStyler().setOverlapped(true);
        List<String> names = new ArrayList<>(groups.keySet());
        List<Double> means = new ArrayList<>();
        List<Double> sds = new ArrayList<>();
        int seeds = 0;
        for (String name : names) {
            double[] s = Groups.stats(groups.get(name), m.extrapolationAtBest());
            means.add(Double.isNaN(s[0]) ? 0.0 : s[0]);
            sds.add(s[1]);
            seeds = Math.max(seeds, groups.get(name).size());
        }
        chart.addSeries("mean ± sd", names, means, sds).setFillColor(new Color(120, 160, 210));
        for (int i = 0; i < seeds; i++) {
            List<Double> dots = new ArrayList<>();
            for (int c = 0; c < names.size(); c++) {
                List<TrialResult> g = groups.get(names.get(c));
                Double v = i < g.size() ? g.get(i).summary().get(m.extrapolationAtBest()) : null;
                dots.add(v == null || v.isNaN() ? means.get(c) : v);
            }
            CategorySeries s = chart.addSeries(i == 0 ? "runs (one dot each)" : "run " + (i + 1), names, dots);
            s.setChartCategorySeriesRenderStyle(CategorySeries.CategorySeriesRenderStyle.Scatter);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setMarkerColor(Color.BLACK);
            s.setShowInLegend(i == 0);
        }
        return chart;
    }

    /**
     * OOD R1 at its maximum over training (the papers' tables) per language, a bar per model
     * family: mean with the sd over seeds.
     */
    static CategoryChart modelsByLanguage(List<TrialResult> trials, FigureMetrics m) {
        CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT)
                .title(m.extrapolation().label() + " (best over training) by language and model").xAxisTitle("language")
                .yAxisTitle(m.extrapolation().label()).build();
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(1.0);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
        List<String> languages = trials.stream().map(t -> t.run().language()).distinct().toList();
        List<String> models = trials.stream().map(t -> t.run().model()).distinct().toList();
        int i = 0;
        for (String model : models) {
            List<Double> means = new ArrayList<>();
            List<Double> sds = new ArrayList<>();
            for (String language : languages) {
                double[] s = Groups.stats(trials.stream().filter(t -> t.run().language().equals(language)
                        && t.run().model().equals(model)).toList(), m.extrapolation().extremeKey());
                means.add(Double.isNaN(s[0]) ? 0.0 : s[0]);
                sds.add(s[1]);
            }
            chart.addSeries(model, languages, means, sds).setFillColor(color(i++));
        }
        return chart;
    }
}
