package org.nonid.engine.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.ExperimentPlan;
import org.nonid.api.run.ImportedExperiment;
import org.nonid.api.run.RunSpec;

class AuthorsImportTest {
    private static final String CONFIG = String.join("\n", "seed_everything: true", "trainer:", "  max_epochs: 5000",
            "  check_val_every_n_epoch: 250", "  accelerator: auto", "  callbacks:",
            "    - class_path: pytorch_lightning.callbacks.EarlyStopping",
            "      init_args: {monitor: Val/loss, patience: 25, mode: min}", "model:", "  dim_model: 8",
            "  lr: 0.01", "  model: transformer", "data:", "  num_train: 512", "  num_val: 512", "  num_test: 512",
            "  max_length: 512", "  batch_size: 128", "  grammar: aNbNcN", "notes: null", "");

    private static final String SWEEP = String.join("\n", "command: [python3, cli.py, fit, --config, configs/config.yaml]",
            "method: random", "metric: {goal: minimize, name: Val/loss}", "parameters:",
            "  trainer.max_epochs: {value: 100}", "  model.model: {values: [transformer, lstm]}",
            "  model.optimizer: {values: [sgd, adamw]}", "  model.dim_model: {value: 10}", "  model.num_heads: {value: 5}",
            "  model.hidden_dim: {values: [32, 64]}", "  model.dropout: {value: 0.4}", "  model.dropout_p: {value: 0.1}",
            "  model.embedding_dim: {value: 16}", "  data.grammar: {value: baN}", "  data.num_train: {value: 1000}",
            "  data.max_length: {value: 64}", "  seed_everything: {distribution: int_uniform, min: 0, max: 100000}", "");

    /** 1000 training sequences of baN, as the installed language would draw. */
    private static int size(Map<String, Object> language) {
        return ((Number) language.getOrDefault("trainSize", 512)).intValue();
    }

    private static Path repository(Path dir, String sweep) throws Exception {
        Files.createDirectories(dir.resolve("sweeps"));
        Files.createDirectories(dir.resolve("configs"));
        Files.writeString(dir.resolve("configs/config.yaml"), CONFIG);
        Files.writeString(dir.resolve("sweeps/s.yaml"), sweep);
        return dir.resolve("sweeps/s.yaml");
    }

    @Test
    void aSweepOverItsBaseConfigBecomesAnExperimentKeyByKey(@TempDir Path dir) throws Exception {
        ImportedExperiment imported = AuthorsImport.translate(repository(dir, SWEEP), List.of(), 2,
                AuthorsImportTest::size);
        ExperimentPlan plan = ExperimentFile.parse(imported.text(), "s.yaml", List.of());
        // 2 optimizers (parts) x 2 families x (lstm: 2 hidden sizes) x 2 seeds
        assertEquals(2 * (2 + 2) * 2, plan.runs().size());
        RunSpec first = plan.runs().get(0);
        assertEquals("baN", first.language());
        assertEquals(Map.of("maxLength", 64, "trainSize", 1000, "validationSize", 512, "testSize", 512),
                first.languageParameters());
        assertEquals("transformer", first.model());
        assertEquals(Map.of("dModel", 10, "heads", 5, "layers", 2, "feedForward", 256, "dropout", 0.1, "layerNormEps",
                2e-4), first.modelParameters(), "the sweep's, over the code's defaults");
        // 1000 sequences in batches of 128: 8 steps an epoch
        assertEquals(800, first.training().get("steps"));
        assertEquals("sgd", first.training().get("optimizer"));
        assertEquals("constant", first.training().get("schedule"));
        assertEquals(25, first.training().get("patience"));
        assertEquals(0.01, first.training().get("lr"), "the base config's lr");
        assertEquals(2000, first.evaluation().get("every"), "250 epochs");
        RunSpec lstm = plan.runs().stream().filter(r -> r.model().equals("lstm")).findFirst().orElseThrow();
        assertEquals(10, lstm.modelParameters().get("embedding"), "the papers' LSTM takes dim_model");
        assertEquals(0.4, lstm.modelParameters().get("dropout"), "the LSTM's dropout, not dropout_p");
        assertEquals(32, lstm.modelParameters().get("hidden"));
        RunSpec adamw = plan.runs().stream().filter(r -> "adamw".equals(r.training().get("optimizer"))).findFirst()
                .orElseThrow();
        assertEquals(8000, adamw.training().get("warmup"), "1000 warm-up epochs of 8 steps");
        assertEquals(List.of(1L, 2L), plan.runs().stream().limit(2).map(RunSpec::seed).toList());
        assertTrue(imported.mapping().contains("metric: W&B metadata, ignored"), imported.mapping().toString());
        assertTrue(imported.mapping().stream().anyMatch(l -> l.startsWith("model.embedding_dim = 16: ignored")));
        assertTrue(imported.text().startsWith("# Imported by nonid:import from s.yaml, key by key:\n"));
    }

    @Test
    void keysWithNoMeaningAreRefusedTogether(@TempDir Path dir) throws Exception {
        Path file = repository(dir, SWEEP.replace("parameters:\n", "parameters:\n  model.relu_rescale: {value: 2}\n"
                + "  model.colour: {value: red}\n"));
        ConfigException e = assertThrows(ConfigException.class, () -> AuthorsImport.translate(file,
                List.of("data.grammar=brackets"), 1, AuthorsImportTest::size));
        String[] lines = e.getMessage().split("\n");
        assertEquals("s.yaml: 3 keys have no NonID meaning (change them with authors.key=value after the file):",
                lines[0]);
        assertEquals(4, lines.length, e.getMessage());
        assertTrue(e.getMessage().contains("model.colour = red"), e.getMessage());
    }
}
