package org.nonid.model.mamba;

import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;

/**
 * Mamba's hyperparameters, typed. Defaults are P2's (d 32, 10 layers, state 16, convolution 8) with
 * the original architecture's expansion 2 and Δ rank ceil(d/16).
 */
record MambaSettings(int dModel, int layers, int dState, int dConv, int expand, int dtRank, float normEps) {

    static final ConfigSchema SCHEMA = ConfigSchema.builder()
            .integer("dModel", 32, 1, 65_536, "model width d")
            .integer("layers", 10, 1, 1024, "residual Mamba blocks")
            .integer("dState", 16, 1, 1024, "state size N of every channel")
            .integer("dConv", 8, 1, 1024, "width of the causal depthwise convolution")
            .integer("expand", 2, 1, 64, "inner width is expand * dModel")
            .integer("dtRank", 0, 0, 65_536, "rank of the Δ projection; 0 = ceil(dModel / 16)")
            .number("normEps", 1e-5, 0.0, 1.0, "RMSNorm epsilon")
            .build();

    static MambaSettings of(Config c) {
        int d = c.getInt("dModel");
        int rank = c.getInt("dtRank") == 0 ? (d + 15) / 16 : c.getInt("dtRank");
        return new MambaSettings(d, c.getInt("layers"), c.getInt("dState"), c.getInt("dConv"), c.getInt("expand"), rank,
                (float) c.getDouble("normEps"));
    }

    int inner() {
        return expand * dModel;
    }
}
