package org.nonid.engine.experiment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What the papers' keys and names are in NonID: grammars, model families and their settings. */
final class AuthorsKeys {
    /** The papers' grammar names that NonID has, by their NonID name where it differs. */
    static final Map<String, String> GRAMMARS = Map.of(
            "aNbN", "aNbN", "aNbNcN", "aNbNcN", "aNbNaN", "aNbNaN", "baN", "baN", "bbaN", "bbaN", "abN", "abN",
            "aNbM", "aNbM", "parentheses", "parentheses",
            "parentheses_and_brackets", "dyck",
            "not_nested_parentheses_and_brackets", "csDyck");

    /** Grammars whose data module draws words only when {@code all_sequences} is false. */
    static final Set<String> ALL_SEQUENCES = Set.of("aNbN", "aNbNcN", "aNbNaN");

    static final List<String> FAMILIES = List.of("transformer", "lstm", "linear", "mamba", "xlstm");

    /**
     * Each family's settings: the papers' key to NonID's. The papers' LSTM and linear model take
     * {@code dim_model} as their embedding width ({@code embedding_dim} reaches neither).
     */
    static final Map<String, Map<String, String>> FAMILY_KEYS = familyKeys();

    /** Keys that change nothing in the papers' code, and why. */
    static final Map<String, String> NO_EFFECT = noEffect();

    /** Lightning trainer keys about where and how the code runs, not what a trial is. */
    static final Set<String> TRAINER_RUNTIME = Set.of("logger", "accelerator", "strategy", "devices", "num_nodes",
            "precision", "fast_dev_run", "min_epochs", "min_steps", "max_time", "limit_train_batches",
            "limit_val_batches", "limit_test_batches", "limit_predict_batches", "overfit_batches", "val_check_interval",
            "num_sanity_val_steps", "log_every_n_steps", "enable_checkpointing", "enable_progress_bar",
            "enable_model_summary", "gradient_clip_algorithm", "deterministic", "benchmark", "inference_mode",
            "use_distributed_sampler", "profiler", "detect_anomaly", "barebones", "plugins", "sync_batchnorm",
            "reload_dataloaders_every_n_epochs", "default_root_dir", "accumulate_grad_batches");

    private AuthorsKeys() {
    }

    private static Map<String, Map<String, String>> familyKeys() {
        Map<String, Map<String, String>> m = new LinkedHashMap<>();
        m.put("transformer", ordered("model.dim_model", "dModel", "model.num_heads", "heads",
                "model.num_decoder_layers", "layers", "model.dim_feedforward", "feedForward", "model.dropout_p",
                "dropout", "model.layer_norm_eps", "layerNormEps"));
        m.put("lstm", ordered("model.dim_model", "embedding", "model.hidden_dim", "hidden", "model.num_layers",
                "layers", "model.dropout", "dropout"));
        m.put("linear", ordered("model.dim_model", "embedding", "model.bias", "bias"));
        m.put("mamba", ordered("model.d_model", "dModel", "model.n_layers", "layers", "model.d_state", "dState",
                "model.d_conv", "dConv"));
        m.put("xlstm", ordered("model.xlstm_embedding_dim", "embedding", "model.num_blocks", "blocks"));
        return m;
    }

    private static Map<String, String> noEffect() {
        return ordered(
                "model.embedding_dim", "no effect: the papers' LSTM and linear model take dim_model as their embedding",
                "model.slstm_at", "no effect: the papers' xLSTM config fixes slstm_at to [1] (NonID's default)",
                "model.mlstm_block", "no effect: the papers' xLSTM block settings are fixed in their code (4 heads,"
                        + " kernel 4, q/k/v blocks of 4: NonID's defaults)",
                "model.slstm_block", "no effect: the papers' xLSTM block settings are fixed in their code (4 heads,"
                        + " kernel 4, feed-forward factor 1.3: NonID's defaults)",
                "model.max_pred_length", "no effect: the papers' completions always run to max_length minus the"
                        + " prompt (NonID's default, maxNewTokens 0)",
                "model.num_tokens", "follows from the language",
                "model.grammar", "linked to data.grammar",
                "model.max_data_length", "linked to data.max_length",
                "model.batch_size", "linked to data.batch_size",
                "model.device", "the backend is NonID's choice",
                "model.offline", "W&B logging",
                "model.plot1", "plotting",
                "model.plot2", "plotting",
                "data.max_num_workers", "data-loader threads",
                "notes", "W&B notes",
                "tags", "W&B tags",
                "ckpt_path", "NonID keeps each run's best-validation model",
                "trainer.callbacks", "early stopping read as training.patience; NonID keeps the best-validation model");
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            m.put(pairs[i], pairs[i + 1]);
        }
        return m;
    }
}
