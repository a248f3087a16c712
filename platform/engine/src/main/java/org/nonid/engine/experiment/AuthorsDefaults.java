package org.nonid.engine.experiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The defaults of the papers' code where neither a config nor a sweep sets a key: the training
 * module's and the data module's constructor defaults, and Lightning's trainer defaults.
 */
final class AuthorsDefaults {
    static final Map<String, Object> CODE = code();

    private AuthorsDefaults() {
    }

    private static Map<String, Object> code() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model.model", "transformer");
        m.put("model.dim_model", 8);
        m.put("model.num_heads", 4);
        m.put("model.num_decoder_layers", 2);
        m.put("model.dropout_p", 0.1);
        m.put("model.dim_feedforward", 256);
        m.put("model.layer_norm_eps", 2e-4);
        m.put("model.lr", 0.01);
        m.put("model.optimizer", "adamw");
        m.put("model.num_warmup_steps", 1000);
        m.put("model.test_prompt_length", 6);
        m.put("model.next_token_pick_mode", "max");
        m.put("model.adversarial_training", false);
        m.put("model.extrapolation_training", false);
        m.put("model.hidden_dim", 128);
        m.put("model.num_layers", 2);
        m.put("model.dropout", 0.4);
        m.put("model.bias", true);
        m.put("model.n_layers", 4);
        m.put("model.d_state", 16);
        m.put("model.d_conv", 4);
        m.put("model.d_model", 8);
        m.put("model.num_blocks", 7);
        m.put("model.xlstm_embedding_dim", 128);
        m.put("data.num_train", 9000);
        m.put("data.num_val", 3000);
        m.put("data.num_test", 1024);
        m.put("data.max_length", 32);
        m.put("data.all_sequences", true);
        m.put("data.batch_size", 64);
        m.put("data.grammar", "aNbN");
        m.put("trainer.max_epochs", 1000);
        m.put("trainer.check_val_every_n_epoch", 1);
        m.put("seed_everything", true);
        return m;
    }
}
