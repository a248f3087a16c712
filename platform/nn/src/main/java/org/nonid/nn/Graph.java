package org.nonid.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.function.BiFunction;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.FeedForwardShape;
import org.nonid.api.compute.CheckpointedScans;
import org.nonid.api.compute.FusedKernels;
import org.nonid.api.compute.ScanShape;
import org.nonid.api.compute.Tensor;
import org.nonid.api.model.Parameter;

/**
 * A tape for one forward (and backward) pass. Each operation computes its value with backend
 * kernels and, when gradients are recorded, remembers how to push its output gradient back to its
 * inputs. {@link #backward()} replays the tape in reverse; {@link #close()} gives every temporary
 * tensor back to the backend. Parameter gradients accumulate into the parameters' own tensors.
 */
public final class Graph implements AutoCloseable {
    /** Intermediates up to this size (16 MiB) are kept for the backward pass; see {@link #keeps}. */
    private static final long KEEP_LIMIT_FLOATS = 1L << 22;
    /**
     * The hidden layer from which a graph that does not record runs a feed-forward block fused
     * (nothing to keep for a backward pass): decoding 256 prompts at P2's size (256 x 1024) is a
     * third faster fused, at the quickstart's (256 x 128) faster unfused.
     */
    private static final long FUSED_FORWARD_MIN_FLOATS = 1L << 16;
    /** Blocks whose input is over this size (4 MiB) run again in the backward pass; see {@link #recomputing}. */
    private static final long RECOMPUTE_INPUT_FLOATS = 1L << 20;
    private final ComputeBackend backend;
    private final boolean recording;
    private final Set<Tensor> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final List<Runnable> tape = new ArrayList<>();
    /** The graphs of {@link #scoped} blocks whose backward step has not run yet: closed with this one. */
    private final List<Graph> scopes = new ArrayList<>();
    /** A recomputed block's scans and sigmoids: kept by its forward pass, taken by the pass making it again (or null). */
    private final KeptActivations keptActivations;
    private boolean closed;

    /**
     * @param backend   where the tensors live
     * @param recording whether to record the tape for a backward pass
     */
    public Graph(ComputeBackend backend, boolean recording) {
        this(backend, recording, null);
    }

    private Graph(ComputeBackend backend, boolean recording, KeptActivations keptActivations) {
        this.backend = backend;
        this.recording = recording;
        this.keptActivations = keptActivations;
    }

    public ComputeBackend backend() {
        return backend;
    }

    /** Whether this graph records gradients. */
    public boolean recording() {
        return recording;
    }

    // ------------------------------------------------------------------ leaves

    /** A parameter as a leaf whose gradient accumulates into the parameter's gradient tensor. */
    public Node parameter(Parameter p, int rows, int cols) {
        return new Node(p.value(), rows, cols, recording, recording ? p.gradient() : null);
    }

    /** A parameter viewed as a row vector (biases, norms). */
    public Node parameter(Parameter p) {
        return parameter(p, 1, p.size());
    }

    /** A constant leaf of one value, owned by the graph (no gradient). */
    public Node filled(float value, int rows, int cols) {
        Tensor t = own(backend.empty(rows, cols));
        backend.fill(t, value);
        return new Node(t, rows, cols, false, null);
    }

    /** A constant leaf the caller owns (no gradient). */
    public Node constant(Tensor value, int rows, int cols) {
        return new Node(value, rows, cols, false, null);
    }

    // ------------------------------------------------------------------ operations

    /**
     * {@code block(x)} for a block that is a function of x and of parameters only: it may take
     * parameters as leaves of the graph it is given, never another node of this one, and makes
     * the same values each time it runs (dropout seeds included). A block whose input is large
     * (over 2^20 elements: P2's sizes) runs on a graph of its own that keeps nothing but the
     * block's output; while recording, the backward pass runs it again on a recording graph and
     * pushes the gradient through that. Memory then holds one block's activations at a time
     * instead of every block's (in evaluation too), for one more forward pass of each block while
     * training; values and gradients are the same to the bit (each gradient sees the same
     * operations in the same order). The block's checkpointed mLSTM scans are not run again, nor
     * are its SiLUs' sigmoids formed again: the forward pass keeps the scans' outputs and checkpoints
     * and the sigmoids ({@link KeptActivations}) until the block's backward step.
     */
    public Node recomputing(Node x, BiFunction<Graph, Node, Node> block) {
        if ((long) x.rows * x.cols <= RECOMPUTE_INPUT_FLOATS) {
            return block.apply(this, x);
        }
        Node y;
        KeptActivations kept = recording ? new KeptActivations() : null;
        try (Graph forward = new Graph(backend, false, kept)) {
            Node out = block.apply(forward, forward.constant(x.value, x.rows, x.cols));
            if (!forward.owned.remove(out.value)) {
                // the block computes nothing of its own (it returns its input, a parameter or a kept scan):
                // nothing to make again
                if (kept != null) {
                    kept.release(backend);
                }
                return block.apply(this, x);
            }
            y = new Node(own(out.value), out.rows, out.cols, recording, null);
        } catch (RuntimeException | Error e) {
            if (kept != null) {
                kept.release(backend);
            }
            throw e;
        }
        if (!recording) {
            return y; // evaluation: the block's intermediates are gone already, as in training's forward pass
        }
        // this graph owns the kept activations until the block's backward step has taken them (or it closes)
        List<Tensor> keptTensors = kept.tensors();
        keptTensors.forEach(this::own);
        record(y, () -> {
            try (Graph again = new Graph(backend, true, kept.replay())) {
                Node in = new Node(x.value, x.rows, x.cols, x.requiresGradient, x.gradient);
                Node out = block.apply(again, in);
                check(out.rows == y.rows && out.cols == y.cols, "recomputing: the block made another shape again");
                if (!out.requiresGradient) {
                    return;
                }
                out.gradient = y.gradient;
                again.backward();
                keepFirstGradient(x, in, again);
            } finally {
                for (Tensor t : keptTensors) {
                    if (owned.remove(t)) {
                        backend.release(t);
                    }
                }
            }
        });
        return y;
    }

    /**
     * {@code block(x)} (a block as {@link #recomputing} takes) on a graph of its own whose
     * intermediates are released as soon as the block's backward step has run (or this graph
     * closes): the last of a stack of recomputed blocks, whose backward runs first, holds the
     * activations it kept from the forward pass when making them again would hold as many. Values and
     * gradients are those of {@code block.apply(this, x)} to the bit.
     */
    public Node scoped(Node x, BiFunction<Graph, Node, Node> block) {
        Graph inner = new Graph(backend, recording);
        Node in = new Node(x.value, x.rows, x.cols, x.requiresGradient, null);
        Node out;
        try {
            out = block.apply(inner, in);
        } catch (RuntimeException | Error e) {
            inner.close();
            throw e;
        }
        if (!inner.owned.remove(out.value)) {
            inner.close();
            // the block computes nothing (it returns its input or a parameter): nothing to release early
            return block.apply(this, x);
        }
        Node y = new Node(own(out.value), out.rows, out.cols, recording && out.requiresGradient, null);
        if (!y.requiresGradient) {
            inner.close();
            return y;
        }
        scopes.add(inner);
        record(y, () -> {
            try (inner) {
                in.gradient = x.gradient;
                out.gradient = y.gradient;
                inner.backward();
                keepFirstGradient(x, in, inner);
            }
        });
        return y;
    }

    /**
     * After a block's graph ran its backward pass from {@code in}, x's stand-in there: a first
     * gradient of x that the block wrote stays with x after the block's graph closes.
     */
    private void keepFirstGradient(Node x, Node in, Graph block) {
        if (x.gradient == null && in.gradient != null && block.owned.remove(in.gradient)) {
            x.gradient = own(in.gradient);
        }
    }

    /** {@code x W + b} with x [n, in], W [in, out], b [out] (b may be null). */
    public Node linear(Node x, Node weight, Node bias) {
        int n = x.rows;
        int in = x.cols;
        int out = weight.cols;
        check(weight.rows == in, () -> "linear: input width " + in + " but weight is " + weight.rows + "x" + weight.cols);
        Node y = temporary(n, out, x.requiresGradient || weight.requiresGradient || (bias != null && bias.requiresGradient));
        backend.gemm(false, false, n, out, in, 1f, x.value, weight.value, 0f, y.value);
        if (bias != null) {
            check(bias.rows * bias.cols == out, () -> "linear: bias size " + bias.value.size() + " != " + out);
            backend.addRowVector(y.value, n, out, bias.value);
        }
        record(y, () -> {
            linearBackward(x, weight, bias, y.gradient);
        });
        return y;
    }

    /** Pushes the gradient dy at {@code x W + b} back to x, W and b. */
    private void linearBackward(Node x, Node weight, Node bias, Tensor dy) {
        int n = x.rows;
        int in = x.cols;
        int out = weight.cols;
        if (x.requiresGradient) {
            float beta = firstWriteBeta(x);
            backend.gemm(false, true, n, in, out, 1f, dy, weight.value, beta, x.gradient);
        }
        if (weight.requiresGradient) {
            backend.gemm(true, false, in, out, n, 1f, x.value, dy, 1f, gradientOf(weight));
        }
        if (bias != null && bias.requiresGradient) {
            backend.sumRows(dy, n, out, gradientOf(bias), true);
        }
    }

    /**
     * {@code [p0 p1 ...] W + b}: a linear map of the parts' columns side by side, without putting
     * them side by side. W is stored [sum of the parts' widths, out] and each part meets its own rows
     * of it; the sum runs part by part, in order, so the values are those of
     * {@code linear(concatColumns(parts), W, b)} up to the rounding of that sum.
     */
    public Node linear(List<Node> parts, Node weight, Node bias) {
        check(!parts.isEmpty(), () -> "linear: no parts");
        int n = parts.get(0).rows;
        int out = weight.cols;
        int[] offsets = new int[parts.size()];
        int in = 0;
        boolean grad = weight.requiresGradient || (bias != null && bias.requiresGradient);
        for (int i = 0; i < parts.size(); i++) {
            Node p = parts.get(i);
            check(p.rows == n, () -> "linear: parts of " + n + " and " + p.rows + " rows");
            offsets[i] = in * out;
            in += p.cols;
            grad |= p.requiresGradient;
        }
        int width = in;
        check(weight.rows == width, () -> "linear: parts " + width + " wide but weight is " + weight.rows + "x" + out);
        Node y = temporary(n, out, grad);
        for (int i = 0; i < parts.size(); i++) {
            Node p = parts.get(i);
            backend.gemm(false, false, n, out, p.cols, 1f, p.value, 0, weight.value, offsets[i], i == 0 ? 0f : 1f,
                    y.value, 0);
        }
        if (bias != null) {
            check(bias.rows * bias.cols == out, () -> "linear: bias size " + bias.value.size() + " != " + out);
            backend.addRowVector(y.value, n, out, bias.value);
        }
        record(y, () -> {
            for (int i = 0; i < parts.size(); i++) {
                Node p = parts.get(i);
                if (p.requiresGradient) {
                    float beta = firstWriteBeta(p);
                    backend.gemm(false, true, n, p.cols, out, 1f, y.gradient, 0, weight.value, offsets[i], beta,
                            p.gradient, 0);
                }
                if (weight.requiresGradient) {
                    backend.gemm(true, false, p.cols, out, n, 1f, p.value, 0, y.gradient, 0, 1f, gradientOf(weight),
                            offsets[i]);
                }
            }
            if (bias != null && bias.requiresGradient) {
                backend.sumRows(y.gradient, n, out, gradientOf(bias), true);
            }
        });
        return y;
    }

    /**
     * A feed-forward block {@code dropout(relu(x W1 + b1)) W2 + b2} with dropout rate p and seed
     * (p 0: no dropout; biases may be null). On a backend with {@link FusedKernels} a block whose
     * hidden layer is too large to keep (see {@link #keeps}) runs fused and the hidden layer is never
     * kept (the backward pass makes it again, a block of rows at a time), and so does, on a graph that
     * does not record, one whose hidden layer has {@link #FUSED_FORWARD_MIN_FLOATS} floats or more;
     * otherwise it is {@link #linear}, {@link #relu}, {@link #dropout} and {@link #linear}. Both give
     * the same values to the bit.
     */
    public Node feedForward(Node x, Node w1, Node b1, Node w2, Node b2, float p, long seed) {
        long hiddenFloats = (long) x.rows * w1.cols;
        if (!(backend instanceof FusedKernels fused)
                || (recording ? keeps(hiddenFloats) : hiddenFloats < FUSED_FORWARD_MIN_FLOATS)) {
            // A hidden layer small enough to keep is faster through the unfused kernels (the quickstart's).
            return linear(dropout(relu(linear(x, w1, b1)), p, seed), w2, b2);
        }
        int n = x.rows;
        int in = x.cols;
        int hidden = w1.cols;
        int out = w2.cols;
        check(w1.rows == in && w2.rows == hidden, () -> "feedForward: input width " + in + ", weights " + w1.rows + "x"
                + w1.cols + " and " + w2.rows + "x" + w2.cols);
        check((b1 == null || b1.rows * b1.cols == hidden) && (b2 == null || b2.rows * b2.cols == out), () ->
                "feedForward: bias sizes do not match " + hidden + " and " + out);
        check(p >= 0f && p < 1f, () -> "dropout rate " + p + " outside [0, 1)");
        FeedForwardShape shape = new FeedForwardShape(n, in, hidden, out);
        Node y = temporary(n, out, x.requiresGradient || w1.requiresGradient || w2.requiresGradient
                || (b1 != null && b1.requiresGradient) || (b2 != null && b2.requiresGradient));
        fused.feedForward(x.value, w1.value, valueOf(b1), w2.value, valueOf(b2), shape, p, seed, y.value, null);
        record(y, () -> {
            boolean overwriteDx = x.requiresGradient && firstWriteBeta(x) == 0f;
            fused.feedForwardBackward(x.value, w1.value, valueOf(b1), w2.value, shape, p, seed, null, y.gradient,
                    x.requiresGradient ? x.gradient : null, overwriteDx, gradientIfWanted(w1), gradientIfWanted(b1),
                    gradientIfWanted(w2), gradientIfWanted(b2));
        });
        return y;
    }

    /**
     * Whether an intermediate of this many floats is kept for the backward pass rather than made
     * again there (on a backend with {@link FusedKernels} or {@link CheckpointedScans}; both give
     * the same values): small ones are cheaper to keep, large ones cost memory and the time to
     * write and read them back.
     */
    private static boolean keeps(long floats) {
        return floats <= KEEP_LIMIT_FLOATS;
    }

    private static Tensor valueOf(Node node) {
        return node == null ? null : node.value;
    }

    /** The node's gradient tensor if it wants one (null for no node or a constant). */
    private Tensor gradientIfWanted(Node node) {
        return node != null && node.requiresGradient ? gradientOf(node) : null;
    }

    /**
     * {@code x W} for a block-diagonal W of {@code blocks} blocks held compactly as
     * {@code w [blocks * in, out]}, with x {@code [n, blocks * in]}; see
     * {@link org.nonid.api.compute.SequenceKernels#blockDiagonal}.
     */
    public Node blockDiagonal(Node x, Node w, int blocks) {
        int in = blocks > 0 ? x.cols / blocks : 0;
        int out = w.cols;
        check(blocks > 0 && in * blocks == x.cols && w.rows == x.cols, () -> "blockDiagonal: input " + x.rows + "x" + x.cols
                + ", weights " + w.rows + "x" + w.cols + ", " + blocks + " blocks");
        Node y = temporary(x.rows, blocks * out, x.requiresGradient || w.requiresGradient);
        backend.blockDiagonal(x.value, w.value, x.rows, blocks, in, out, y.value);
        record(y, () -> backend.blockDiagonalBackward(x.value, w.value, y.gradient, x.rows, blocks, in, out,
                x.requiresGradient ? gradientOf(x) : null, w.requiresGradient ? gradientOf(w) : null));
        return y;
    }

    /** {@code x W^T} with x [n, in] and W [out, in] (e.g. a head tied to an embedding table). */
    public Node linearTransposed(Node x, Node weight) {
        int n = x.rows;
        int in = x.cols;
        int out = weight.rows;
        check(weight.cols == in, () -> "linearTransposed: input width " + in + " but weight is " + weight.rows + "x" + weight.cols);
        Node y = temporary(n, out, x.requiresGradient || weight.requiresGradient);
        backend.gemm(false, true, n, out, in, 1f, x.value, weight.value, 0f, y.value);
        record(y, () -> {
            if (x.requiresGradient) {
                float beta = firstWriteBeta(x);
                backend.gemm(false, false, n, in, out, 1f, y.gradient, weight.value, beta, x.gradient);
            }
            if (weight.requiresGradient) {
                backend.gemm(true, false, out, in, n, 1f, y.gradient, x.value, 1f, gradientOf(weight));
            }
        });
        return y;
    }

    /** The same values read as rows x cols (same number of elements, no copy). */
    public Node reshape(Node x, int rows, int cols) {
        check((long) rows * cols == (long) x.rows * x.cols, () -> "reshape " + x.rows + "x" + x.cols + " to " + rows + "x" + cols);
        Node y = new Node(x.value, rows, cols, x.requiresGradient, null);
        record(y, () -> passGradient(x, y));
        return y;
    }

    /** The block of x at rows {@code [row, row + rows)} and columns {@code [col, col + cols)}. */
    public Node subMatrix(Node x, int row, int col, int rows, int cols) {
        check(row >= 0 && col >= 0 && rows > 0 && cols > 0 && row + rows <= x.rows && col + cols <= x.cols, () ->
                "subMatrix " + rows + "x" + cols + " at " + row + "," + col + " of " + x.rows + "x" + x.cols);
        return block(x, row * x.cols + col, x.cols, rows, cols);
    }

    /** {@code a + b} element-wise (same size). */
    public Node add(Node a, Node b) {
        check(a.rows == b.rows && a.cols == b.cols, () -> "add: " + a.rows + "x" + a.cols + " + " + b.rows + "x" + b.cols);
        Node y = temporary(a.rows, a.cols, a.requiresGradient || b.requiresGradient);
        backend.add(a.value, b.value, y.value);
        record(y, () -> {
            if (b.requiresGradient) {
                addGradient(b, y.gradient);
            }
            if (a.requiresGradient) {
                passGradient(a, y);
            }
        });
        return y;
    }

    /** {@code x[r, :] + v} for a row vector v of width x.cols. */
    public Node addRowVector(Node x, Node v) {
        check(v.value.size() == x.cols, () -> "addRowVector: vector of " + v.value.size() + " for width " + x.cols);
        Node y = temporary(x.rows, x.cols, x.requiresGradient || v.requiresGradient);
        backend.addRowVector(x.value, x.rows, x.cols, v.value, y.value);
        record(y, () -> {
            if (v.requiresGradient) {
                boolean add = !startsGradient(v);
                backend.sumRows(y.gradient, x.rows, x.cols, v.gradient, add);
            }
            if (x.requiresGradient) {
                passGradient(x, y);
            }
        });
        return y;
    }

    /** {@code max(x, 0)}. */
    public Node relu(Node x) {
        Node y = temporary(x.rows, x.cols, x.requiresGradient);
        backend.relu(x.value, y.value);
        record(y, () -> backend.reluBackward(y.value, y.gradient, gradientOf(x)));
        return y;
    }

    /** Layer normalisation of each row, with gain and bias (row vectors of width x.cols). */
    public Node layerNorm(Node x, Node gamma, Node beta, float eps) {
        int n = x.rows;
        int d = x.cols;
        Node y = temporary(n, d, x.requiresGradient || gamma.requiresGradient || beta.requiresGradient);
        Tensor mean = own(backend.empty(n));
        Tensor rstd = own(backend.empty(n));
        backend.layerNorm(x.value, gamma.value, beta.value, n, d, eps, y.value, mean, rstd);
        record(y, () -> backend.layerNormBackward(y.gradient, x.value, gamma.value, mean, rstd, n, d,
                x.requiresGradient ? gradientOf(x) : scratch(n * d),
                gamma.requiresGradient ? gradientOf(gamma) : scratch(d),
                beta.requiresGradient ? gradientOf(beta) : scratch(d)));
        return y;
    }

    /** Rows of an embedding table: {@code scale * table[ids[i]]}. */
    public Node embedding(Node table, int[] ids, float scale) {
        int d = table.cols;
        Node y = temporary(ids.length, d, table.requiresGradient);
        backend.embedding(table.value, ids, d, scale, y.value);
        record(y, () -> backend.embeddingBackward(y.gradient, ids, d, scale, gradientOf(table)));
        return y;
    }

    /**
     * Multi-head causal self-attention over packed projections {@code qkv} [batch*time, 3*model];
     * see {@link ComputeBackend#causalAttention}.
     */
    public Node causalSelfAttention(Node qkv, AttentionShape shape, boolean[] keyPadding) {
        check(qkv.rows == shape.rows() && qkv.cols == 3 * shape.model(), () ->
                "attention: qkv is " + qkv.rows + "x" + qkv.cols + " for " + shape);
        Node y = temporary(shape.rows(), shape.model(), qkv.requiresGradient);
        if (backend instanceof FusedKernels fused && !keeps(shape.probabilitySize())) {
            backend.causalAttention(qkv.value, shape, keyPadding, y.value, null);
            record(y, () -> fused.recomputingAttentionBackward(qkv.value, keyPadding, y.gradient, shape,
                    gradientOf(qkv)));
            return y;
        }
        Tensor probs = recording ? own(backend.empty(checkedSize(shape.probabilitySize()))) : null;
        backend.causalAttention(qkv.value, shape, keyPadding, y.value, probs);
        record(y, () -> backend.causalAttentionBackward(qkv.value, probs, y.gradient, shape, gradientOf(qkv)));
        return y;
    }

    /**
     * One decoding step of causal attention against key/value caches (no gradient); see
     * {@link ComputeBackend#cachedAttention}.
     */
    public Node cachedAttention(Node qkv, Tensor keyCache, Tensor valueCache, int position, AttentionShape shape) {
        check(!recording, "cachedAttention has no gradient; use a graph that does not record");
        check(qkv.rows == shape.batch() && qkv.cols == 3 * shape.model(), () ->
                "cachedAttention: qkv is " + qkv.rows + "x" + qkv.cols + " for " + shape);
        Node y = temporary(shape.batch(), shape.model(), false);
        backend.cachedAttention(qkv.value, keyCache, valueCache, position, shape, y.value);
        return y;
    }

    /** Row-wise log-softmax (no gradient), e.g. of a decoder's logits. */
    public Node logSoftmax(Node x) {
        check(!recording, "logSoftmax has no gradient here; use crossEntropy for training");
        Node y = temporary(x.rows, x.cols, false);
        backend.logSoftmaxRows(x.value, x.rows, x.cols, y.value);
        return y;
    }

    /** Inverted dropout with rate p, mask drawn from {@code seed}; the identity when p is 0. */
    public Node dropout(Node x, float p, long seed) {
        if (p <= 0f) {
            return x;
        }
        Node y = temporary(x.rows, x.cols, x.requiresGradient);
        Tensor mask = own(backend.empty(x.rows * x.cols));
        backend.dropout(x.value, p, seed, y.value, mask);
        record(y, () -> multiplyIntoGradient(x, y.gradient, mask));
        return y;
    }

    /**
     * The weighted token cross-entropy {@code sum w * CE} of logits [n, vocab]; when recording,
     * seeds the backward pass with its gradient.
     */
    public double crossEntropy(Node logits, int[] targets, float[] weights) {
        check(targets.length == logits.rows, () -> "crossEntropy: " + targets.length + " targets for " + logits.rows + " rows");
        Tensor dlogits = null;
        if (recording && logits.requiresGradient) {
            dlogits = gradientOf(logits);
            backend.fill(dlogits, 0f);
        }
        return backend.crossEntropy(logits.value, logits.rows, logits.cols, targets, weights, dlogits);
    }

    /**
     * {@code sum(weights * x)}, computed on the host (for custom objectives and tests, not hot
     * paths); when recording, seeds the backward pass with {@code weights}.
     */
    public double weightedSum(Node x, Tensor weights) {
        check(weights.size() == x.rows * x.cols, () -> "weightedSum: " + weights.size() + " weights for " + x.rows + "x" + x.cols);
        float[] v = backend.download(x.value);
        float[] w = backend.download(weights);
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += (double) v[i] * w[i];
        }
        if (recording && x.requiresGradient) {
            backend.axpy(1f, weights, gradientOf(x));
        }
        return sum;
    }

    // ------------------------------------------------------------------ gates and element-wise products

    /** {@code a * b} element-wise (same size). */
    public Node multiply(Node a, Node b) {
        check(a.rows == b.rows && a.cols == b.cols, () -> "multiply: " + a.rows + "x" + a.cols + " * " + b.rows + "x" + b.cols);
        Node y = temporary(a.rows, a.cols, a.requiresGradient || b.requiresGradient);
        backend.multiply(a.value, b.value, y.value);
        record(y, () -> {
            if (a.requiresGradient) {
                multiplyIntoGradient(a, y.gradient, b.value);
            }
            if (b.requiresGradient) {
                multiplyIntoGradient(b, y.gradient, a.value);
            }
        });
        return y;
    }

    /** {@code x[r, c] * v[c]} for a row vector v of width x.cols. */
    public Node multiplyRowVector(Node x, Node v) {
        check(v.value.size() == x.cols, () -> "multiplyRowVector: vector of " + v.value.size() + " for width " + x.cols);
        Node y = temporary(x.rows, x.cols, x.requiresGradient || v.requiresGradient);
        backend.multiplyRowVector(x.value, x.rows, x.cols, v.value, y.value, false);
        record(y, () -> {
            if (x.requiresGradient) {
                boolean add = !startsGradient(x);
                backend.multiplyRowVector(y.gradient, x.rows, x.cols, v.value, x.gradient, add);
            }
            if (v.requiresGradient) {
                Tensor products = backend.empty(x.rows * x.cols);
                try {
                    backend.multiply(y.gradient, x.value, products);
                    boolean add = !startsGradient(v);
                    backend.sumRows(products, x.rows, x.cols, v.gradient, add);
                } finally {
                    backend.release(products);
                }
            }
        });
        return y;
    }

    /** {@code alpha * x}. */
    public Node scale(Node x, float alpha) {
        Node y = temporary(x.rows, x.cols, x.requiresGradient);
        backend.scale(x.value, alpha, y.value);
        record(y, () -> {
            if (startsGradient(x)) {
                backend.scale(y.gradient, alpha, x.gradient);
            } else {
                backend.axpy(alpha, y.gradient, x.gradient);
            }
        });
        return y;
    }

    /** The logistic sigmoid. */
    public Node sigmoid(Node x) {
        Node y = temporary(x.rows, x.cols, x.requiresGradient);
        backend.sigmoid(x.value, y.value);
        record(y, () -> backend.sigmoidBackward(y.value, y.gradient, gradientOf(x)));
        return y;
    }

    /** The hyperbolic tangent. */
    public Node tanh(Node x) {
        Node y = temporary(x.rows, x.cols, x.requiresGradient);
        backend.tanh(x.value, y.value);
        record(y, () -> backend.tanhBackward(y.value, y.gradient, gradientOf(x)));
        return y;
    }

    /** {@code exp(x)}. */
    public Node exp(Node x) {
        Node y = temporary(x.rows, x.cols, x.requiresGradient);
        backend.exp(x.value, y.value);
        record(y, () -> backend.multiplyAccumulate(y.gradient, y.value, gradientOf(x)));
        return y;
    }

    /** {@code ln(1 + exp(x))}. */
    public Node softplus(Node x) {
        Node y = temporary(x.rows, x.cols, x.requiresGradient);
        backend.softplus(x.value, y.value);
        record(y, () -> backend.softplusBackward(x.value, y.gradient, gradientOf(x)));
        return y;
    }

    /** SiLU (swish): {@code x * sigmoid(x)}, in one kernel each way (the same values as {@code multiply(x, sigmoid(x))}). */
    public Node silu(Node x) {
        Node y = temporary(x.rows, x.cols, x.requiresGradient);
        Tensor s;
        if (keptActivations != null && keptActivations.replaying()) {
            // made again in a recomputed block: the sigmoid its forward pass kept (owned by the graph that
            // recomputes), times x, as silu forms its output
            s = keptActivations.takeSigmoid((long) x.rows * x.cols);
            backend.multiply(x.value, s, y.value);
        } else {
            s = backend.empty(x.rows, x.cols);
            if (keptActivations != null) {
                keptActivations.keepSigmoid(s);
            } else {
                own(s);
            }
            backend.silu(x.value, s, y.value);
        }
        record(y, () -> {
            boolean accumulate = !startsGradient(x);
            backend.siluBackward(x.value, s, y.gradient, x.gradient, accumulate);
        });
        return y;
    }

    /** GELU in its tanh form: {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    public Node gelu(Node x) {
        Node cube = multiply(multiply(x, x), x);
        Node inner = scale(add(x, scale(cube, 0.044715f)), (float) Math.sqrt(2 / Math.PI));
        return add(scale(x, 0.5f), scale(multiply(x, tanh(inner)), 0.5f));
    }

    // ------------------------------------------------------------------ blocks

    /** Columns {@code [from, from + width)} of x. */
    public Node columns(Node x, int from, int width) {
        check(from >= 0 && width > 0 && from + width <= x.cols, () -> "columns " + from + "+" + width + " of width " + x.cols);
        return block(x, from, x.cols, x.rows, width);
    }

    /**
     * x's columns cut into parts of the given widths, in order: {@link #columns} for each, with one
     * backward step that writes x's gradient from the parts' gradients (rather than adding each
     * part's to zeros) once every part has one.
     */
    public List<Node> splitColumns(Node x, int... widths) {
        int[] offsets = new int[widths.length];
        int at = 0;
        for (int i = 0; i < widths.length; i++) {
            int width = widths[i];
            check(width > 0, () -> "splitColumns: width " + width);
            offsets[i] = at;
            at += width;
        }
        int total = at;
        check(widths.length > 0 && total == x.cols, () -> "splitColumns: widths add up to " + total + ", not " + x.cols);
        List<Node> parts = new ArrayList<>(widths.length);
        for (int i = 0; i < widths.length; i++) {
            Node part = temporary(x.rows, widths[i], x.requiresGradient);
            backend.copyBlock(x.value, offsets[i], x.cols, part.value, 0, widths[i], x.rows, widths[i], false);
            parts.add(part);
        }
        if (recording && x.requiresGradient) {
            tape.add(() -> {
                boolean every = parts.stream().allMatch(part -> part.gradient != null);
                boolean writes = every && startsGradient(x);
                for (int i = 0; i < widths.length; i++) {
                    Node part = parts.get(i);
                    if (part.gradient != null) {
                        backend.copyBlock(part.gradient, 0, widths[i], gradientOf(x), offsets[i], x.cols, x.rows,
                                widths[i], !writes);
                        releaseGradient(part);
                    }
                }
            });
        }
        return parts;
    }

    /**
     * Time step t of x {@code [batch * time, cols]} (row {@code b * time + t}): the rows
     * {@code [batch, cols]} of every sequence at t.
     */
    public Node timeStep(Node x, int batch, int time, int t) {
        check(x.rows == batch * time && t >= 0 && t < time, () -> "timeStep " + t + " of " + x.rows + " rows as " + batch + "x" + time);
        return block(x, t * x.cols, time * x.cols, batch, x.cols);
    }

    /** The inverse of {@link #timeStep}: time steps {@code [batch, cols]} stacked into {@code [batch * time, cols]}. */
    public Node stackTimeSteps(List<Node> steps) {
        check(!steps.isEmpty(), "stackTimeSteps: no steps");
        int batch = steps.get(0).rows;
        int cols = steps.get(0).cols;
        int time = steps.size();
        boolean grad = false;
        for (Node s : steps) {
            check(s.rows == batch && s.cols == cols, "stackTimeSteps: steps differ in shape");
            grad |= s.requiresGradient;
        }
        Node y = temporary(batch * time, cols, grad);
        for (int t = 0; t < time; t++) {
            backend.copyBlock(steps.get(t).value, 0, cols, y.value, t * cols, time * cols, batch, cols, false);
        }
        record(y, () -> {
            for (int t = 0; t < time; t++) {
                Node s = steps.get(t);
                if (s.requiresGradient) {
                    boolean add = !startsGradient(s);
                    backend.copyBlock(y.gradient, t * cols, time * cols, s.gradient, 0, cols, batch, cols, add);
                }
            }
        });
        return y;
    }

    /** {@code [a b]}: the columns of a, then those of b (same number of rows). */
    public Node concatColumns(Node a, Node b) {
        return concatenated(a, b);
    }

    /**
     * The parts' columns side by side, in order, in one copy ({@code concatColumns(List.of(a, b, c))}
     * is {@code concatColumns(concatColumns(a, b), c)} without the inner one).
     */
    public Node concatColumns(List<Node> parts) {
        check(!parts.isEmpty(), () -> "concatColumns: no parts");
        return concatenated(parts.toArray(Node[]::new));
    }

    private Node concatenated(Node... parts) {
        int rows = parts[0].rows;
        int[] offsets = new int[parts.length];
        int cols = 0;
        boolean gradient = false;
        for (int i = 0; i < parts.length; i++) {
            Node p = parts[i];
            check(p.rows == rows, () -> "concatColumns: " + rows + " and " + p.rows + " rows");
            offsets[i] = cols;
            cols += p.cols;
            gradient |= p.requiresGradient;
        }
        int width = cols;
        Node y = temporary(rows, width, gradient);
        for (int i = 0; i < parts.length; i++) {
            backend.copyBlock(parts[i].value, 0, parts[i].cols, y.value, offsets[i], width, rows, parts[i].cols, false);
        }
        record(y, () -> {
            for (int i = 0; i < parts.length; i++) {
                Node p = parts[i];
                if (p.requiresGradient) {
                    boolean add = !startsGradient(p);
                    backend.copyBlock(y.gradient, offsets[i], width, p.gradient, 0, p.cols, rows, p.cols, add);
                }
            }
        });
        return y;
    }

    /**
     * The rows of x {@code [outer * inner, cols]} regrouped: row {@code o * inner + i} becomes row
     * {@code i * outer + o}. Sequences' rows {@code b * time + t} become time steps' {@code t * batch + b}
     * with (batch, time), and back with (time, batch).
     */
    public Node transposeSequences(Node x, int outer, int inner) {
        check(outer > 0 && inner > 0 && x.rows == outer * inner, () -> "transposeSequences: " + x.rows + " rows as "
                + outer + "x" + inner);
        int cols = x.cols;
        Node y = temporary(x.rows, cols, x.requiresGradient);
        for (int i = 0; i < inner; i++) {
            backend.copyBlock(x.value, i * cols, inner * cols, y.value, i * outer * cols, cols, outer, cols, false);
        }
        record(y, () -> {
            boolean add = !startsGradient(x);
            for (int i = 0; i < inner; i++) {
                backend.copyBlock(y.gradient, i * outer * cols, cols, x.gradient, i * cols, inner * cols, outer, cols,
                        add);
            }
        });
        return y;
    }

    /** Rows x cols read from x at {@code offset} with row stride {@code stride}, as a new node. */
    private Node block(Node x, int offset, int stride, int rows, int cols) {
        Node y = temporary(rows, cols, x.requiresGradient);
        backend.copyBlock(x.value, offset, stride, y.value, 0, cols, rows, cols, false);
        record(y, () -> backend.copyBlock(y.gradient, 0, cols, gradientOf(x), offset, stride, rows, cols, true));
        return y;
    }

    // ------------------------------------------------------------------ sequence layers

    /** RMS normalisation of each row, with gain gamma (a row vector of width x.cols). */
    public Node rmsNorm(Node x, Node gamma, float eps) {
        int n = x.rows;
        int d = x.cols;
        Node y = temporary(n, d, x.requiresGradient || gamma.requiresGradient);
        Tensor rstd = own(backend.empty(n));
        backend.rmsNorm(x.value, gamma.value, n, d, eps, y.value, rstd);
        record(y, () -> backend.rmsNormBackward(y.gradient, x.value, gamma.value, rstd, n, d,
                x.requiresGradient ? gradientOf(x) : scratch(n * d), gamma.requiresGradient ? gradientOf(gamma) : scratch(d)));
        return y;
    }

    /**
     * Causal depthwise convolution along time of x {@code [batch * time, channels]} with weight
     * {@code [kernel, channels]}; see {@link org.nonid.api.compute.SequenceKernels#causalConv}.
     */
    public Node causalConv(Node x, Node weight, int batch, int time) {
        int channels = x.cols;
        int kernel = weight.rows;
        check(x.rows == batch * time && weight.cols == channels, () ->
                "causalConv: x " + x.rows + "x" + x.cols + ", weight " + weight.rows + "x" + weight.cols);
        Node y = temporary(x.rows, channels, x.requiresGradient || weight.requiresGradient);
        backend.causalConv(x.value, weight.value, batch, time, channels, kernel, y.value);
        record(y, () -> backend.causalConvBackward(x.value, weight.value, y.gradient, batch, time, channels, kernel,
                x.requiresGradient ? gradientOf(x) : scratch(x.rows * channels),
                weight.requiresGradient ? gradientOf(weight) : scratch(kernel * channels)));
        return y;
    }

    /**
     * The selective scan of Mamba; see {@link org.nonid.api.compute.SequenceKernels#selectiveScan}.
     *
     * @param carry null in training; a state tensor carried across calls when decoding (no gradient)
     */
    public Node selectiveScan(ScanShape shape, Node u, Node delta, Node a, Node b, Node c, Tensor carry) {
        check(u.rows == shape.rows() && u.cols == shape.channels() && delta.rows == u.rows && delta.cols == u.cols
                && a.rows * a.cols == shape.channels() * shape.state() && b.rows == u.rows && b.cols == shape.state()
                && c.rows == u.rows && c.cols == shape.state(), () -> "selectiveScan: inputs do not fit " + shape);
        check(carry == null || !recording, "selectiveScan: a carried state has no gradient; use a graph that does not record");
        boolean grad = u.requiresGradient || delta.requiresGradient || a.requiresGradient || b.requiresGradient
                || c.requiresGradient;
        Node y = temporary(u.rows, u.cols, grad);
        if (recording && grad && backend instanceof CheckpointedScans checkpointed && !keeps(shape.statesSize())) {
            int interval = (int) Math.ceil(Math.sqrt(shape.time()));
            Tensor kept = own(backend.empty(checkedSize(CheckpointedScans.selectiveScanCheckpointsSize(shape, interval))));
            checkpointed.selectiveScanCheckpointed(shape, u.value, delta.value, a.value, b.value, c.value, interval, kept,
                    y.value);
            record(y, () -> checkpointed.selectiveScanCheckpointedBackward(shape, u.value, delta.value, a.value,
                    b.value, c.value, interval, kept, y.gradient, gradientOrScratch(u), gradientOrScratch(delta),
                    gradientOrScratch(a), gradientOrScratch(b), gradientOrScratch(c)));
            return y;
        }
        Tensor states = recording && grad ? own(backend.empty(checkedSize(shape.statesSize()))) : null;
        backend.selectiveScan(shape, u.value, delta.value, a.value, b.value, c.value, states, carry, y.value);
        record(y, () -> backend.selectiveScanBackward(shape, u.value, delta.value, a.value, b.value, c.value, states,
                y.gradient, gradientOrScratch(u), gradientOrScratch(delta), gradientOrScratch(a), gradientOrScratch(b),
                gradientOrScratch(c)));
        return y;
    }

    /**
     * The mLSTM cell over whole sequences; see {@link org.nonid.api.compute.SequenceKernels#mlstmScan}.
     * q, k, v are {@code [rows, heads * headDim]}, iPre and fPre {@code [rows, heads]}.
     *
     * @param carry null in training; a state tensor carried across calls when decoding (no gradient)
     */
    public Node mlstm(AttentionShape shape, Node q, Node k, Node v, Node iPre, Node fPre, Tensor carry) {
        check(q.rows == shape.rows() && q.cols == shape.model() && k.rows == q.rows && k.cols == q.cols && v.rows == q.rows
                && v.cols == q.cols && iPre.rows == q.rows && iPre.cols == shape.heads() && fPre.rows == q.rows
                && fPre.cols == shape.heads(), () -> "mlstm: inputs do not fit " + shape);
        check(carry == null || !recording, "mlstm: a carried state has no gradient; use a graph that does not record");
        boolean grad = q.requiresGradient || k.requiresGradient || v.requiresGradient || iPre.requiresGradient
                || fPre.requiresGradient;
        boolean checkpointing = backend instanceof CheckpointedScans
                && !keeps(org.nonid.api.compute.SequenceKernels.mlstmStatesSize(shape));
        if (keptActivations != null && checkpointing && carry == null) {
            return keptScan(shape, q, k, v, iPre, fPre, grad);
        }
        Node h = temporary(q.rows, q.cols, grad);
        if (recording && grad && checkpointing) {
            int interval = checkpointInterval(shape);
            Tensor kept = own(backend.empty(checkedSize(CheckpointedScans.mlstmCheckpointsSize(shape, interval))));
            ((CheckpointedScans) backend).mlstmScanCheckpointed(shape, q.value, k.value, v.value, iPre.value,
                    fPre.value, interval, kept, h.value);
            recordCheckpointedBackward(shape, q, k, v, iPre, fPre, interval, kept, h);
            return h;
        }
        Tensor states = recording && grad
                ? own(backend.empty(checkedSize(org.nonid.api.compute.SequenceKernels.mlstmStatesSize(shape)))) : null;
        backend.mlstmScan(shape, q.value, k.value, v.value, iPre.value, fPre.value, states, carry, h.value);
        record(h, () -> backend.mlstmScanBackward(shape, q.value, k.value, v.value, iPre.value, fPre.value, states,
                h.gradient, gradientOrScratch(q), gradientOrScratch(k), gradientOrScratch(v), gradientOrScratch(iPre),
                gradientOrScratch(fPre)));
        return h;
    }

    /**
     * {@link #mlstm} in a {@link #recomputing} block: its forward pass scans with checkpoints and
     * keeps h and the checkpoints ({@link KeptActivations}); the pass that makes the block again takes
     * them instead of scanning again, and its backward step reads those checkpoints. The values are
     * those of the scan made again, to the bit.
     */
    private Node keptScan(AttentionShape shape, Node q, Node k, Node v, Node iPre, Node fPre, boolean grad) {
        CheckpointedScans checkpointed = (CheckpointedScans) backend;
        int interval = checkpointInterval(shape);
        long checkpointsSize = CheckpointedScans.mlstmCheckpointsSize(shape, interval);
        if (!keptActivations.replaying()) {
            Tensor h = backend.empty(q.rows, q.cols);
            Tensor kept = backend.empty(checkedSize(checkpointsSize));
            keptActivations.keepScan(h, kept);
            checkpointed.mlstmScanCheckpointed(shape, q.value, k.value, v.value, iPre.value, fPre.value, interval, kept,
                    h);
            return new Node(h, q.rows, q.cols, false, null);
        }
        Tensor[] scan = keptActivations.takeScan((long) q.rows * q.cols, checkpointsSize);
        Node h = new Node(scan[0], q.rows, q.cols, recording && grad, null);
        recordCheckpointedBackward(shape, q, k, v, iPre, fPre, interval, scan[1], h);
        return h;
    }

    /** A checkpointed mLSTM scan keeps the state before every this many steps: sqrt(time). */
    private static int checkpointInterval(AttentionShape shape) {
        return (int) Math.ceil(Math.sqrt(shape.time()));
    }

    /** The backward step of a checkpointed mLSTM scan that wrote h and {@code checkpoints}. */
    private void recordCheckpointedBackward(AttentionShape shape, Node q, Node k, Node v, Node iPre, Node fPre,
                                            int interval, Tensor checkpoints, Node h) {
        record(h, () -> ((CheckpointedScans) backend).mlstmScanCheckpointedBackward(shape, q.value, k.value, v.value,
                iPre.value, fPre.value, interval, checkpoints, h.gradient, gradientOrScratch(q), gradientOrScratch(k),
                gradientOrScratch(v), gradientOrScratch(iPre), gradientOrScratch(fPre)));
    }

    /**
     * One LSTM step from pre-activations {@code gates [batch, 4 * hidden]} (i, f, g, o) and the
     * previous cell (null at the first step); see {@link org.nonid.api.compute.SequenceKernels#lstmCell}.
     */
    public LstmState lstmCell(Node gates, Node cPrevious) {
        int batch = gates.rows;
        int hidden = gates.cols / 4;
        check(gates.cols == 4 * hidden && hidden > 0 && (cPrevious == null
                || (cPrevious.rows == batch && cPrevious.cols == hidden)), () -> "lstmCell: gates " + gates.rows + "x"
                + gates.cols + (cPrevious == null ? "" : ", cell " + cPrevious.rows + "x" + cPrevious.cols));
        boolean grad = gates.requiresGradient || (cPrevious != null && cPrevious.requiresGradient);
        Node h = temporary(batch, hidden, grad);
        Node c = temporary(batch, hidden, grad);
        Tensor saved = own(backend.empty(batch * 5 * hidden));
        backend.lstmCell(gates.value, cPrevious == null ? null : cPrevious.value, batch, hidden, h.value, c.value, saved);
        if (recording && grad) {
            tape.add(() -> {
                if (h.gradient != null || c.gradient != null) {
                    backend.lstmCellBackward(saved, cPrevious == null ? null : cPrevious.value, h.gradient, c.gradient,
                            batch, hidden, gradientOrScratch(gates),
                            cPrevious == null ? null : gradientOrScratch(cPrevious));
                    releaseGradient(h);
                    releaseGradient(c);
                }
            });
        }
        return new LstmState(h, c);
    }

    /**
     * A whole LSTM layer over a sequence: for each time step t, the gates are time step t of
     * {@code projected [batch * time, 4 * hidden]} plus {@code h_{t-1} recurrent} (nothing at t = 0),
     * and {@link #lstmCell} makes h and c from them. Returns every h, {@code [batch * time, hidden]}
     * (row {@code b * time + t}). Values and gradients are those of the same steps written with
     * {@link #timeStep}, {@link #linear}, {@link #add}, {@link #lstmCell} and {@link #stackTimeSteps}
     * (to the bit); as one operation the layer keeps only each step's h, c and activations, and its
     * backward pass writes the gates' gradients straight into the projection's.
     */
    public Node lstmSequence(Node projected, Node recurrent, int batch, int time) {
        return LstmSequence.apply(this, new LstmSequence.Input(projected, null, false), null, recurrent, batch, time);
    }

    /**
     * {@link #lstmSequence(Node, Node, int, int)} of {@code projected + bias} ({@code bias [4 * hidden]}
     * added to every row, as {@link #linear} adds its bias): the same values and gradients to the bit
     * as the layer after a projection {@code linear(x, W, bias)}, given {@code linear(x, W, null)},
     * without a pass over the projection to add the bias.
     */
    public Node lstmSequence(Node projected, Node bias, Node recurrent, int batch, int time) {
        return LstmSequence.apply(this, new LstmSequence.Input(projected, null, false), bias, recurrent, batch, time);
    }

    /**
     * An LSTM layer on its input {@code x [batch * time, in]}: {@link #lstmSequence(Node, Node, Node, int, int)}
     * of the projection {@code linear(x, inputWeight, null)}, with the projection made a time step at a time
     * and never kept whole, nor its gradient. Outputs and the gradients of x and the recurrent weight are those
     * of the projection and the layer apart, to the bit; the gradients of the input weight and the bias are the
     * same sums over the batch and the time steps, taken a time step at a time (the last step first), so they
     * agree to rounding. With {@code timeMajor}, x's rows and the output's are time steps' ({@code t * batch + b},
     * see {@link #transposeSequences}) rather than sequences' ({@code b * time + t}): each step's rows lie
     * together, which a stack of layers between two transposes reads and writes in runs rather than row by row.
     */
    public Node lstmLayer(Node x, Node inputWeight, Node bias, Node recurrent, int batch, int time, boolean timeMajor) {
        return LstmSequence.apply(this, new LstmSequence.Input(x, inputWeight, timeMajor), bias, recurrent, batch,
                time);
    }

    /**
     * One sLSTM step from pre-activations {@code raw [batch, 4 * hidden]} and the previous state
     * (null at the first step); see {@link org.nonid.api.compute.SequenceKernels#slstmCell}.
     */
    public SlstmState slstmCell(Node raw, SlstmState previous) {
        int batch = raw.rows;
        int hidden = raw.cols / 4;
        check(raw.cols == 4 * hidden && (previous == null || (previous.packed().rows == batch
                && previous.packed().cols == 3 * hidden)), () -> "slstmCell: raw " + raw.rows + "x" + raw.cols);
        Node prev = previous == null ? null : previous.packed();
        Tensor mPrev = previous == null ? null : previous.stabilizer();
        Node out = temporary(batch, 3 * hidden, raw.requiresGradient || (prev != null && prev.requiresGradient));
        Tensor m = own(backend.empty(batch * hidden));
        backend.slstmCell(raw.value, prev == null ? null : prev.value, mPrev, batch, hidden, out.value, m);
        record(out, () -> backend.slstmCellBackward(raw.value, prev == null ? null : prev.value, mPrev, m, out.value,
                out.gradient, batch, hidden, gradientOrScratch(raw),
                prev == null ? null : gradientOrScratch(prev)));
        return new SlstmState(out, m);
    }

    // ------------------------------------------------------------------ backward and cleanup

    /** Replays the tape in reverse, accumulating parameter gradients. */
    public void backward() {
        check(recording, "backward on a graph that does not record");
        for (int i = tape.size() - 1; i >= 0; i--) {
            tape.get(i).run();
        }
        tape.clear();
    }

    /** Gives every temporary tensor back to the backend. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Graph scope : scopes) {
            scope.close();
        }
        scopes.clear();
        for (Tensor t : owned) {
            backend.release(t);
        }
        owned.clear();
        tape.clear();
    }

    // ------------------------------------------------------------------ helpers

    Node temporary(int rows, int cols, boolean requiresGradient) {
        return new Node(own(backend.empty(rows, cols)), rows, cols, recording && requiresGradient, null);
    }

    Tensor own(Tensor t) {
        owned.add(t);
        return t;
    }

    private Tensor scratch(int size) {
        return own(backend.zeros(size));
    }

    private Tensor gradientOrScratch(Node node) {
        return node.requiresGradient ? gradientOf(node) : scratch(node.rows * node.cols);
    }

    Tensor gradientOf(Node node) {
        if (node.gradient == null) {
            node.gradient = own(backend.zeros(node.rows, node.cols));
        }
        return node.gradient;
    }

    /**
     * Makes sure the node has a gradient tensor and returns the {@code beta} a product writing into
     * it takes: 0 for a tensor just made (written, not zeroed and added to), 1 to accumulate.
     */
    private float firstWriteBeta(Node node) {
        return startsGradient(node) ? 0f : 1f;
    }

    /**
     * Makes sure the node has a gradient tensor; true when it was just made, empty, for a backward
     * step that writes all of it to set rather than add to zeros: the same values but for the sign
     * of a zero (0 + -0 is +0), which no parameter update can tell apart, and one pass fewer.
     */
    boolean startsGradient(Node node) {
        if (node.gradient == null) {
            node.gradient = own(backend.empty(node.rows, node.cols));
            return true;
        }
        return false;
    }

    /** {@code dx += dy}, or {@code dx = dy} for a gradient not made yet. */
    private void addGradient(Node x, Tensor dy) {
        if (startsGradient(x)) {
            backend.copy(dy, x.gradient);
        } else {
            backend.axpy(1f, dy, x.gradient);
        }
    }

    /**
     * {@code dx += dy} for y's gradient dy, as the last use of dy in y's backward step; for a gradient
     * of x not made yet, dy itself: y's gradient, which dies with this step, becomes x's instead of
     * being copied, where this graph made it and x has y's size (else a copy).
     */
    private void passGradient(Node x, Node y) {
        Tensor dy = y.gradient;
        if (x.gradient == null && (long) x.rows * x.cols == (long) y.rows * y.cols && owned.contains(dy)) {
            x.gradient = dy;
            y.gradient = null;
        } else {
            addGradient(x, dy);
        }
    }

    /** {@code dx += dy * factor}, or {@code dx = dy * factor} for a gradient not made yet. */
    private void multiplyIntoGradient(Node x, Tensor dy, Tensor factor) {
        if (startsGradient(x)) {
            backend.multiply(dy, factor, x.gradient);
        } else {
            backend.multiplyAccumulate(dy, factor, x.gradient);
        }
    }

    /** Gives back a node's gradient once its backward step has run (not a parameter's accumulator). */
    private void releaseGradient(Node node) {
        if (node.gradient != null && owned.remove(node.gradient)) {
            backend.release(node.gradient);
            node.gradient = null;
        }
    }

    void record(Node output, Runnable backwardStep) {
        if (recording && output.requiresGradient) {
            tape.add(() -> {
                if (output.gradient != null) {
                    backwardStep.run();
                    // Every consumer has added its share before this step ran: the gradient is dead.
                    releaseGradient(output);
                }
            });
        }
    }

    private static int checkedSize(long size) {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("tensor of " + size + " elements is too large");
        }
        return (int) size;
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    /** As {@link #check(boolean, String)}, building the message only when the check fails (kernels run per step). */
    static void check(boolean condition, java.util.function.Supplier<String> message) {
        if (!condition) {
            throw new IllegalArgumentException(message.get());
        }
    }
}
