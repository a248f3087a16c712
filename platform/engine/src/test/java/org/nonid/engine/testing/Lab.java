package org.nonid.engine.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.nonid.api.plugin.PluginKind;
import org.nonid.api.run.RunSpec;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.condition.core.AdversarialCondition;
import org.nonid.condition.core.MleCondition;
import org.nonid.condition.core.OracleCondition;
import org.nonid.engine.experiment.ExperimentServiceImpl;
import org.nonid.engine.experiment.PluginRegistry;
import org.nonid.language.formal.AnBnLanguage;
import org.nonid.measure.core.BayesGapMeasure;
import org.nonid.measure.core.LossMeasure;
import org.nonid.measure.core.RuleExtrapolationMeasure;
import org.nonid.model.transformer.TransformerFamily;
import org.nonid.store.SqliteRunStore;

/** The engine wired with real plugins and a real store in a folder, outside a framework. */
public final class Lab implements AutoCloseable {
    public final PluginRegistry catalog = new PluginRegistry();
    public final SqliteRunStore store;
    public final ExperimentServiceImpl service;
    public final CpuBackend backend;

    public Lab(Path dir) {
        this(dir, 1);
    }

    public Lab(Path dir, int threads) {
        backend = new CpuBackend(threads);
        catalog.register(PluginKind.LANGUAGE, "aNbN", "", new AnBnLanguage(), "test", "0");
        catalog.register(PluginKind.MODEL, "transformer", "", new TransformerFamily(), "test", "0");
        catalog.register(PluginKind.MODEL, "fixed", "", new FixedModelFamily(), "test", "0");
        catalog.register(PluginKind.MEASURE, "loss", "", new LossMeasure(), "test", "0");
        catalog.register(PluginKind.MEASURE, "bayes-gap", "", new BayesGapMeasure(), "test", "0");
        catalog.register(PluginKind.MEASURE, "rule-extrapolation", "", new RuleExtrapolationMeasure(), "test", "0");
        catalog.register(PluginKind.MEASURE, "scaled", "", new ScaledLossMeasure(), "test", "0");
        catalog.register(PluginKind.BACKEND, "cpu", "", backend, "test", "0");
        catalog.register(PluginKind.CONDITION, "mle", "", new MleCondition(), "test", "0");
        catalog.register(PluginKind.CONDITION, "adversarial", "", new AdversarialCondition(), "test", "0");
        catalog.register(PluginKind.CONDITION, "oracle", "", new OracleCondition(), "test", "0");
        catalog.register(PluginKind.REPARAMETRISATION, "scale-ff", "", new ScaleFeedForward(), "test", "0");
        store = new SqliteRunStore(dir);
        service = new ExperimentServiceImpl(catalog, store, 1);
    }

    /** A small, fast aNbN Transformer run. */
    public static RunSpec tinyRun(long seed, int steps) {
        return new RunSpec("test", 0, "aNbN", Map.of("maxLength", 8), "transformer",
                Map.of("dModel", 8, "heads", 2, "layers", 1, "feedForward", 16, "dropout", 0.1),
                Map.of("steps", steps, "batchSize", 2, "warmup", 5, "logEvery", 5),
                Map.of("every", 10, "promptLength", 4, "maxNewTokens", 8),
                "mle", Map.of(), List.of("loss", "bayes-gap", "rule-extrapolation"), seed, "cpu");
    }

    @Override
    public void close() {
        service.close();
        store.close();
        backend.close();
    }
}
