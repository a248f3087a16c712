package org.nonid.model.transformer;

import java.util.SplittableRandom;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.Tensor;
import org.nonid.nn.Dropout;
import org.nonid.nn.Graph;
import org.nonid.nn.Init;
import org.nonid.nn.LayerNorm;
import org.nonid.nn.Linear;
import org.nonid.nn.Node;
import org.nonid.nn.Parameters;

/**
 * One post-LayerNorm encoder layer with a causal mask:
 * {@code x = norm1(x + drop(attn(x))); x = norm2(x + drop(ff2(drop(relu(ff1(x))))))}.
 */
final class TransformerLayer {
    private final TransformerSettings s;
    private final Linear qkv;
    private final Linear out;
    private final LayerNorm norm1;
    private final Linear ff1;
    private final Linear ff2;
    private final LayerNorm norm2;

    TransformerLayer(Parameters ps, String name, TransformerSettings s, SplittableRandom random) {
        this.s = s;
        int d = s.dModel();
        // Packed input projection: Xavier-uniform weight, zero bias; output projection: zero bias.
        this.qkv = Linear.create(ps, name + ".attention.qkv", d, 3 * d, true,
                Init.xavierUniform(random, d, 3 * d), new float[3 * d]);
        this.out = Linear.create(ps, name + ".attention.out", d, d, true,
                Init.fanInUniform(random, d * d, d), new float[d]);
        this.norm1 = new LayerNorm(ps, name + ".norm1", d, s.layerNormEps());
        this.ff1 = Linear.create(ps, name + ".ff1", d, s.feedForward(), true, random);
        this.ff2 = Linear.create(ps, name + ".ff2", s.feedForward(), d, true, random);
        this.norm2 = new LayerNorm(ps, name + ".norm2", d, s.layerNormEps());
    }

    /** Training or scoring over whole sequences. */
    Node apply(Graph g, Node x, AttentionShape shape, boolean[] keyPadding, Dropout drop) {
        Node attended = g.causalSelfAttention(qkv.apply(g, x), shape, keyPadding);
        x = norm1.apply(g, g.add(x, drop.apply(g, out.apply(g, attended))));
        return feedForward(g, x, drop);
    }

    /** One decoding step with the layer's key/value caches. */
    Node step(Graph g, Node x, Tensor keys, Tensor values, int position, AttentionShape cacheShape) {
        Node attended = g.cachedAttention(qkv.apply(g, x), keys, values, position, cacheShape);
        x = norm1.apply(g, g.add(x, out.apply(g, attended)));
        return feedForward(g, x, Dropout.NONE);
    }

    private Node feedForward(Graph g, Node x, Dropout drop) {
        return norm2.apply(g, g.add(x, drop.apply(g, drop.feedForward(g, ff1, ff2, x))));
    }
}
