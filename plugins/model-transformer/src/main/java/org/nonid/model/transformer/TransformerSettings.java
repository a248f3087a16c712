package org.nonid.model.transformer;

import java.util.List;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;

/**
 * The Transformer's hyperparameters, typed. Defaults are P2's (d 10, 5 heads, 7 layers, FF 1024,
 * dropout 0.1, LayerNorm eps 6e-3, no positional encoding).
 */
record TransformerSettings(int dModel, int heads, int layers, int feedForward, float dropout, float layerNormEps,
                           String positional, boolean maskPadKeys, boolean cloneLayers) {

    static final ConfigSchema SCHEMA = ConfigSchema.builder()
            .integer("dModel", 10, 1, 65_536, "model width d")
            .integer("heads", 5, 1, 1024, "attention heads (must divide dModel)")
            .integer("layers", 7, 1, 1024, "encoder layers")
            .integer("feedForward", 1024, 1, 1 << 20, "feed-forward width")
            .number("dropout", 0.1, 0.0, 0.99, "dropout on embeddings, attention and feed-forward outputs")
            .number("layerNormEps", 6e-3, 0.0, 1.0, "LayerNorm epsilon")
            .choice("positional", "none", List.of("none", "sinusoidal", "learned"),
                    "positional encoding (the papers' models have none along the sequence)")
            .flag("maskPadKeys", true, "attention ignores PAD keys, as the papers' models do")
            .flag("cloneLayers", true, "all layers start from the same initial weights, as in the papers' models")
            .check(c -> c.getInt("dModel") % c.getInt("heads") == 0 ? List.of()
                    : List.of("heads = " + c.getInt("heads") + " does not divide dModel = " + c.getInt("dModel")))
            .build();

    static TransformerSettings of(Config c) {
        return new TransformerSettings(c.getInt("dModel"), c.getInt("heads"), c.getInt("layers"),
                c.getInt("feedForward"), (float) c.getDouble("dropout"), (float) c.getDouble("layerNormEps"),
                c.getString("positional"), c.getBoolean("maskPadKeys"), c.getBoolean("cloneLayers"));
    }

    int headDim() {
        return dModel / heads;
    }
}
