package org.nonid.model.lstm;

import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;

/** The LSTM's hyperparameters, typed. Defaults are P2's (embedding 10, 5 layers of 64, dropout 0.4). */
record LstmSettings(int embedding, int hidden, int layers, float dropout) {

    static final ConfigSchema SCHEMA = ConfigSchema.builder()
            .integer("embedding", 10, 1, 65_536, "token embedding width")
            .integer("hidden", 64, 1, 65_536, "hidden (and cell) width of every layer")
            .integer("layers", 5, 1, 1024, "stacked LSTM layers")
            .number("dropout", 0.4, 0.0, 0.99, "dropout on the last layer's output, before the head")
            .build();

    static LstmSettings of(Config c) {
        return new LstmSettings(c.getInt("embedding"), c.getInt("hidden"), c.getInt("layers"),
                (float) c.getDouble("dropout"));
    }
}
