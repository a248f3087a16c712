package org.nonid.model.linear;

import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;

/** The linear model's hyperparameters: embedding width (the authors' 32) and whether it has a per-position bias. */
record LinearSettings(int embedding, boolean bias) {

    static final ConfigSchema SCHEMA = ConfigSchema.builder()
            .integer("embedding", 32, 1, 4096, "token embedding width")
            .flag("bias", true, "a bias per position and token")
            .build();

    static LinearSettings of(Config c) {
        return new LinearSettings(c.getInt("embedding"), c.getBoolean("bias"));
    }
}
