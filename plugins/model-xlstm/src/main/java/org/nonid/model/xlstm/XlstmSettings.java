package org.nonid.model.xlstm;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;

/**
 * xLSTM's hyperparameters, typed. Defaults are P2's (6 blocks, embedding 64) with the authors'
 * block configuration: sLSTM at block 1, 4 heads, convolutions of 4, q/k/v projections in blocks of
 * 4, mLSTM up-projection 2, feed-forward up-projection 1.3.
 */
record XlstmSettings(int embedding, int blocks, Set<Integer> slstmAt, int heads, int convKernel, int qkvBlockSize,
                     int inner, int feedForward, float normEps) {

    static final ConfigSchema SCHEMA = ConfigSchema.builder()
            .integer("embedding", 64, 1, 65_536, "model width d")
            .integer("blocks", 6, 1, 1024, "residual blocks")
            .text("slstmAt", "1", "comma-separated indices of the blocks that are sLSTM blocks (others are mLSTM); empty for none")
            .integer("heads", 4, 1, 1024, "heads of the mLSTM and sLSTM cells (must divide embedding and the mLSTM width)")
            .integer("convKernel", 4, 1, 1024, "width of the causal convolutions")
            .integer("qkvBlockSize", 4, 1, 65_536, "block size of the block-diagonal q, k, v projections")
            .number("projFactor", 2.0, 1.0, 16.0, "mLSTM inner width = projFactor * embedding")
            .number("ffProjFactor", 1.3, 0.1, 16.0, "sLSTM feed-forward width = ceil(ffProjFactor * embedding)")
            .number("normEps", 1e-5, 0.0, 1.0, "LayerNorm epsilon")
            .check(XlstmSettings::problems)
            .build();

    static XlstmSettings of(Config c) {
        int d = c.getInt("embedding");
        return new XlstmSettings(d, c.getInt("blocks"), indices(c.getString("slstmAt")), c.getInt("heads"),
                c.getInt("convKernel"), c.getInt("qkvBlockSize"), (int) Math.round(c.getDouble("projFactor") * d),
                (int) Math.ceil(c.getDouble("ffProjFactor") * d), (float) c.getDouble("normEps"));
    }

    private static List<String> problems(Config c) {
        List<String> out = new ArrayList<>();
        int d = c.getInt("embedding");
        int heads = c.getInt("heads");
        int inner = (int) Math.round(c.getDouble("projFactor") * d);
        if (d % heads != 0) {
            out.add("heads = " + heads + " does not divide embedding = " + d);
        }
        if (inner % heads != 0) {
            out.add("heads = " + heads + " does not divide the mLSTM width projFactor * embedding = " + inner);
        }
        if (inner % c.getInt("qkvBlockSize") != 0) {
            out.add("qkvBlockSize = " + c.getInt("qkvBlockSize") + " does not divide the mLSTM width " + inner);
        }
        try {
            for (int i : indices(c.getString("slstmAt"))) {
                if (i < 0 || i >= c.getInt("blocks")) {
                    out.add("slstmAt names block " + i + ", but blocks are 0.." + (c.getInt("blocks") - 1));
                }
            }
        } catch (NumberFormatException e) {
            out.add("slstmAt = '" + c.getString("slstmAt") + "' is not a comma-separated list of block indices");
        }
        return out;
    }

    private static Set<Integer> indices(String text) {
        Set<Integer> out = new TreeSet<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(Integer.parseInt(part.trim()));
            }
        }
        return out;
    }
}
