package org.nonid.backend.cpu;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.nonid.api.compute.AdamWStep;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.Availability;
import org.nonid.api.compute.CheckpointedScans;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.FeedForwardShape;
import org.nonid.api.compute.FusedKernels;
import org.nonid.api.compute.LstmShape;
import org.nonid.api.compute.ScanShape;
import org.nonid.api.compute.SequenceKernels;
import org.nonid.api.compute.Tensor;
import org.nonid.kernels.host.BlockDiagonalProducts;
import org.nonid.kernels.host.HostKernels;
import org.nonid.kernels.host.XlstmCells;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The fast CPU backend: Java kernels over float arrays, vectorised with the Vector API
 * (AVX-512 where the machine has it), parallel over a fixed number of worker threads.
 */
@Component(service = ComputeBackend.class, property = "nonid.name=cpu", configurationPid = "org.nonid.backend.cpu")
@Designate(ocd = CpuBackend.Config.class)
public final class CpuBackend implements ComputeBackend, FusedKernels, CheckpointedScans {
    /** The mLSTM scans' steps with features in vector lanes (the host's values to the bit). */
    private static final MlstmVectorSteps MLSTM_STEPS = new MlstmVectorSteps();
    private final AtomicLong liveFloats = new AtomicLong();
    private final MlstmLaneScans.Scratch mlstmScratch = new MlstmLaneScans.Scratch();

    @ObjectClassDefinition(name = "NonID CPU backend", description = "Java Vector API kernels")
    public @interface Config {
        @AttributeDefinition(description = "Worker threads for kernels; 0 means one per available processor")
        int threads() default 0;

        @AttributeDefinition(description = "Most memory (MiB) kept for reuse between steps; 0 means three quarters of the heap")
        int poolMegabytes() default 0;
    }

    /** Work below this many elements runs on the calling thread. */
    private static final int GRAIN = 1 << 15;
    /** Elements in four of the widest vectors: the element-wise kernels' loops step by one to four. */
    private static final int ELEMENT_QUANTUM = 4 * 16;

    private Parallel parallel;
    private BufferPool pool;
    private Availability availability;

    /** A backend with one worker thread per processor (for use outside a framework). */
    public CpuBackend() {
        this(0);
    }

    /** A backend with the given number of worker threads (0: one per processor). */
    public CpuBackend(int threads) {
        configure(threads, 0);
    }

    @Activate
    void activate(Config config) {
        close();
        configure(config.threads(), config.poolMegabytes());
    }

    private void configure(int threads, int poolMegabytes) {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.parallel = new Parallel(n);
        long poolBytes = poolMegabytes > 0 ? poolMegabytes * (1L << 20) : Runtime.getRuntime().maxMemory() / 4 * 3;
        this.pool = new BufferPool(poolBytes / Float.BYTES);
        this.availability = null;
    }

    /** Stops the worker threads and drops pooled memory. */
    @Deactivate
    public void close() {
        if (parallel != null) {
            parallel.close();
        }
        if (pool != null) {
            pool.clear();
        }
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public synchronized Availability availability() {
        if (availability == null) {
            availability = VectorSupport.check();
        }
        return availability;
    }

    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("threads", Integer.toString(parallel.threads()));
        facts.put("kernels", "Java Vector API");
        facts.put("vector", availability().usable() ? VectorSupport.describe() : "unavailable");
        facts.put("heap.max", (Runtime.getRuntime().maxMemory() >> 20) + " MiB");
        facts.put("pool", (pool.pooledBytes() >> 20) + " MiB pooled, " + pool.hits() + " hits, " + pool.misses() + " misses");
        return facts;
    }

    // ------------------------------------------------------------------ memory

    @Override
    public Tensor zeros(int... shape) {
        CpuTensor t = allocate(shape);
        java.util.Arrays.fill(t.data, 0f);
        return t;
    }

    @Override
    public Tensor empty(int... shape) {
        return allocate(shape);
    }

    private CpuTensor allocate(int[] shape) {
        long size = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + java.util.Arrays.toString(shape));
            }
            size *= d;
        }
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("tensor of " + size + " elements is too large for the cpu backend");
        }
        liveFloats.addAndGet(size);
        return new CpuTensor(this, pool.take((int) size), shape);
    }

    /** Floats in tensors allocated and not yet released (tests watch what a computation keeps). */
    long liveFloats() {
        return liveFloats.get();
    }

    @Override
    public Tensor upload(float[] data, int... shape) {
        CpuTensor t = allocate(shape);
        if (data.length != t.data.length) {
            throw new IllegalArgumentException("upload of " + data.length + " values into shape "
                    + java.util.Arrays.toString(shape));
        }
        System.arraycopy(data, 0, t.data, 0, data.length);
        return t;
    }

    @Override
    public void upload(float[] data, Tensor target) {
        float[] t = data(target);
        if (data.length != t.length) {
            throw new IllegalArgumentException("upload of " + data.length + " values into " + target);
        }
        System.arraycopy(data, 0, t, 0, data.length);
    }

    @Override
    public float[] download(Tensor tensor) {
        return data(tensor).clone();
    }

    @Override
    public void copy(Tensor source, Tensor target) {
        float[] s = data(source);
        float[] t = data(target);
        sameSize(s, t, "copy");
        System.arraycopy(s, 0, t, 0, s.length);
    }

    @Override
    public void fill(Tensor tensor, float value) {
        java.util.Arrays.fill(data(tensor), value);
    }

    @Override
    public void release(Tensor tensor) {
        CpuTensor t = cpu(tensor);
        if (!t.markReleased()) {
            throw new IllegalStateException("tensor released twice: " + t);
        }
        liveFloats.addAndGet(-t.data.length);
        pool.give(t.data);
    }

    // ------------------------------------------------------------------ linear algebra

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, Tensor b,
                     float beta, Tensor c) {
        float[] ad = data(a);
        float[] bd = data(b);
        float[] cd = data(c);
        checkSize(ad, (long) m * k, "gemm A");
        checkSize(bd, (long) k * n, "gemm B");
        checkSize(cd, (long) m * n, "gemm C");
        Gemm.gemm(parallel, transA, transB, m, n, k, alpha, ad, 0, bd, 0, beta, cd, 0);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, int aOffset,
                     Tensor b, int bOffset, float beta, Tensor c, int cOffset) {
        float[] ad = data(a);
        float[] bd = data(b);
        float[] cd = data(c);
        checkBlock(ad, aOffset, (long) m * k, "gemm A");
        checkBlock(bd, bOffset, (long) k * n, "gemm B");
        checkBlock(cd, cOffset, (long) m * n, "gemm C");
        Gemm.gemm(parallel, transA, transB, m, n, k, alpha, ad, aOffset, bd, bOffset, beta, cd, cOffset);
    }

    @Override
    public void batchedGemm(int count, boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a,
                            Tensor b, float beta, Tensor c) {
        float[] ad = data(a);
        float[] bd = data(b);
        float[] cd = data(c);
        checkSize(ad, (long) count * m * k, "batchedGemm A");
        checkSize(bd, (long) count * k * n, "batchedGemm B");
        checkSize(cd, (long) count * m * n, "batchedGemm C");
        Parallel serial = new Parallel(1);
        parallel.forRange(0, count, 1, (lo, hi) -> {
            for (int i = lo; i < hi; i++) {
                Gemm.gemm(serial, transA, transB, m, n, k, alpha, ad, i * m * k, bd, i * k * n, beta, cd, i * m * n);
            }
        });
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        float[] x = data(a);
        float[] y = data(b);
        float[] o = data(out);
        sameSize(x, y, "add");
        sameSize(x, o, "add");
        forElements(x.length, (lo, hi) -> Elementwise.add(x, y, o, lo, hi));
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        float[] xd = data(x);
        float[] yd = data(y);
        sameSize(xd, yd, "axpy");
        forElements(xd.length, (lo, hi) -> Elementwise.axpy(alpha, xd, yd, lo, hi));
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        float[] x = data(a);
        float[] y = data(b);
        float[] o = data(out);
        sameSize(x, y, "multiply");
        sameSize(x, o, "multiply");
        forElements(x.length, (lo, hi) -> Elementwise.multiply(x, y, o, lo, hi));
    }

    @Override
    public void multiplyAccumulate(Tensor a, Tensor b, Tensor out) {
        float[] x = data(a);
        float[] y = data(b);
        float[] o = data(out);
        sameSize(x, y, "multiplyAccumulate");
        sameSize(x, o, "multiplyAccumulate");
        forElements(x.length, (lo, hi) -> Elementwise.multiplyAccumulate(x, y, o, lo, hi));
    }

    @Override
    public void scale(Tensor x, float alpha) {
        scale(x, alpha, x);
    }

    @Override
    public void scale(Tensor x, float alpha, Tensor out) {
        float[] xd = data(x);
        float[] od = data(out);
        sameSize(xd, od, "scale");
        forElements(xd.length, (lo, hi) -> Elementwise.scale(xd, alpha, od, lo, hi));
    }

    @Override
    public void addRowVector(Tensor x, int rows, int cols, Tensor v) {
        addRowVector(x, rows, cols, v, x);
    }

    @Override
    public void addRowVector(Tensor x, int rows, int cols, Tensor v, Tensor out) {
        byRows(x, rows, cols, v, out, "addRowVector", Elementwise::addRowVector);
    }

    /** A kernel over the rows {@code [rowFrom, rowTo)} of x and out {@code [rows, cols]} with a row vector v. */
    private interface RowVectorKernel {
        void apply(float[] x, int cols, float[] v, float[] out, int rowFrom, int rowTo);
    }

    /** The kernel over all rows, split over the workers by rows. */
    private void byRows(Tensor x, int rows, int cols, Tensor v, Tensor out, String op, RowVectorKernel kernel) {
        float[] xd = data(x);
        float[] vd = data(v);
        float[] od = data(out);
        checkSize(xd, (long) rows * cols, op + " x");
        checkSize(vd, cols, op + " v");
        checkSize(od, (long) rows * cols, op + " out");
        parallel.forRange(0, rows, Math.max(1, GRAIN / Math.max(1, cols)), (lo, hi) -> kernel.apply(xd, cols, vd, od, lo, hi));
    }

    @Override
    public void sumRows(Tensor x, int rows, int cols, Tensor out, boolean accumulate) {
        float[] xd = data(x);
        float[] od = data(out);
        checkSize(xd, (long) rows * cols, "sumRows x");
        checkSize(od, cols, "sumRows out");
        int pieces = reductionPieces(rows, (long) rows * cols);
        if (pieces == 1) {
            Elementwise.sumRows(xd, cols, od, accumulate, 0, rows);
            return;
        }
        float[][] partial = new float[pieces][cols];
        parallel.forRange(0, pieces, 1, (plo, phi) -> {
            for (int piece = plo; piece < phi; piece++) {
                Elementwise.sumRows(xd, cols, partial[piece], false, (int) ((long) rows * piece / pieces),
                        (int) ((long) rows * (piece + 1) / pieces));
            }
        });
        if (!accumulate) {
            java.util.Arrays.fill(od, 0f);
        }
        for (float[] p : partial) {
            for (int c = 0; c < cols; c++) {
                od[c] += p[c];
            }
        }
    }

    @Override
    public void relu(Tensor x, Tensor out) {
        float[] xd = data(x);
        float[] od = data(out);
        sameSize(xd, od, "relu");
        forElements(xd.length, (lo, hi) -> Elementwise.relu(xd, od, lo, hi));
    }

    @Override
    public void reluBackward(Tensor y, Tensor dy, Tensor dx) {
        float[] yd = data(y);
        float[] dyd = data(dy);
        float[] dxd = data(dx);
        sameSize(yd, dyd, "reluBackward");
        sameSize(yd, dxd, "reluBackward");
        forElements(yd.length, (lo, hi) -> Elementwise.reluBackward(yd, dyd, dxd, lo, hi));
    }

    // ------------------------------------------------------------------ normalisation

    @Override
    public void softmaxRows(Tensor x, int rows, int cols, Tensor out) {
        float[] xd = data(x);
        float[] od = data(out);
        checkSize(xd, (long) rows * cols, "softmaxRows");
        checkSize(od, (long) rows * cols, "softmaxRows out");
        parallel.forRange(0, rows, rowGrain(cols), (lo, hi) -> RowOps.softmax(xd, cols, od, lo, hi));
    }

    @Override
    public void softmaxRowsBackward(Tensor y, Tensor dy, int rows, int cols, Tensor dx) {
        float[] yd = data(y);
        float[] dyd = data(dy);
        float[] dxd = data(dx);
        checkSize(yd, (long) rows * cols, "softmaxRowsBackward");
        sameSize(yd, dyd, "softmaxRowsBackward");
        sameSize(yd, dxd, "softmaxRowsBackward");
        parallel.forRange(0, rows, rowGrain(cols), (lo, hi) -> RowOps.softmaxBackward(yd, dyd, cols, dxd, lo, hi));
    }

    @Override
    public void logSoftmaxRows(Tensor x, int rows, int cols, Tensor out) {
        float[] xd = data(x);
        float[] od = data(out);
        checkSize(xd, (long) rows * cols, "logSoftmaxRows");
        checkSize(od, (long) rows * cols, "logSoftmaxRows out");
        parallel.forRange(0, rows, rowGrain(cols), (lo, hi) -> RowOps.logSoftmax(xd, cols, od, lo, hi));
    }

    @Override
    public void layerNorm(Tensor x, Tensor gamma, Tensor beta, int rows, int cols, float eps, Tensor out,
                          Tensor mean, Tensor rstd) {
        float[] xd = data(x);
        float[] g = data(gamma);
        float[] bt = data(beta);
        float[] od = data(out);
        float[] md = data(mean);
        float[] rd = data(rstd);
        checkSize(xd, (long) rows * cols, "layerNorm x");
        checkSize(od, (long) rows * cols, "layerNorm out");
        checkSize(g, cols, "layerNorm gamma");
        checkSize(bt, cols, "layerNorm beta");
        checkSize(md, rows, "layerNorm mean");
        checkSize(rd, rows, "layerNorm rstd");
        parallel.forRange(0, rows, rowGrain(cols), (lo, hi) -> LayerNormKernels.forward(xd, g, bt, cols, eps, od, md, rd, lo, hi));
    }

    @Override
    public void layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int rows, int cols,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        float[] dyd = data(dy);
        float[] xd = data(x);
        float[] g = data(gamma);
        float[] md = data(mean);
        float[] rd = data(rstd);
        float[] dxd = data(dx);
        float[] dg = data(dgamma);
        float[] db = data(dbeta);
        checkSize(dyd, (long) rows * cols, "layerNormBackward dy");
        checkSize(dxd, (long) rows * cols, "layerNormBackward dx");
        checkSize(dg, cols, "layerNormBackward dgamma");
        checkSize(db, cols, "layerNormBackward dbeta");
        int pieces = reductionPieces(rows, (long) rows * cols);
        float[][] partialG = new float[pieces][cols];
        float[][] partialB = new float[pieces][cols];
        parallel.forRange(0, pieces, 1, (plo, phi) -> {
            for (int piece = plo; piece < phi; piece++) {
                int lo = (int) ((long) rows * piece / pieces);
                int hi = (int) ((long) rows * (piece + 1) / pieces);
                LayerNormKernels.backward(dyd, xd, g, md, rd, cols, dxd, partialG[piece], partialB[piece], lo, hi);
            }
        });
        for (int piece = 0; piece < pieces; piece++) {
            for (int c = 0; c < cols; c++) {
                dg[c] += partialG[piece][c];
                db[c] += partialB[piece][c];
            }
        }
    }

    // ------------------------------------------------------------------ embedding

    @Override
    public void embedding(Tensor table, int[] ids, int cols, float scale, Tensor out) {
        float[] t = data(table);
        float[] o = data(out);
        checkSize(o, (long) ids.length * cols, "embedding out");
        int rows = t.length / cols;
        for (int i = 0; i < ids.length; i++) {
            int id = ids[i];
            if (id < 0 || id >= rows) {
                throw new IllegalArgumentException("embedding id " + id + " out of range [0, " + rows + ")");
            }
            int src = id * cols;
            int dst = i * cols;
            for (int c = 0; c < cols; c++) {
                o[dst + c] = scale * t[src + c];
            }
        }
    }

    @Override
    public void embeddingBackward(Tensor dout, int[] ids, int cols, float scale, Tensor dtable) {
        float[] d = data(dout);
        float[] t = data(dtable);
        checkSize(d, (long) ids.length * cols, "embeddingBackward dout");
        for (int i = 0; i < ids.length; i++) {
            int src = i * cols;
            int dst = ids[i] * cols;
            for (int c = 0; c < cols; c++) {
                t[dst + c] += scale * d[src + c];
            }
        }
    }

    // ------------------------------------------------------------------ loss

    @Override
    public double crossEntropy(Tensor logits, int rows, int cols, int[] targets, float[] weights, Tensor dlogits) {
        float[] l = data(logits);
        float[] dl = dlogits == null ? null : data(dlogits);
        checkSize(l, (long) rows * cols, "crossEntropy logits");
        if (targets.length != rows || (weights != null && weights.length != rows)) {
            throw new IllegalArgumentException("crossEntropy: " + rows + " rows but " + targets.length + " targets");
        }
        if (dl != null) {
            checkSize(dl, (long) rows * cols, "crossEntropy dlogits");
        }
        int pieces = reductionPieces(rows, (long) rows * cols);
        double[] partial = new double[pieces];
        parallel.forRange(0, pieces, 1, (plo, phi) -> {
            for (int piece = plo; piece < phi; piece++) {
                int lo = (int) ((long) rows * piece / pieces);
                int hi = (int) ((long) rows * (piece + 1) / pieces);
                partial[piece] = RowOps.crossEntropy(l, cols, targets, weights, dl, lo, hi);
            }
        });
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        return total;
    }

    // ------------------------------------------------------------------ attention

    @Override
    public void causalAttention(Tensor qkv, AttentionShape shape, boolean[] keyPadding, Tensor out, Tensor probs) {
        float[] q = data(qkv);
        float[] o = data(out);
        float[] p = probs == null ? null : data(probs);
        checkSize(q, (long) shape.rows() * 3 * shape.model(), "causalAttention qkv");
        checkSize(o, (long) shape.rows() * shape.model(), "causalAttention out");
        if (p != null) {
            checkSize(p, shape.probabilitySize(), "causalAttention probs");
        }
        if (keyPadding != null && keyPadding.length != shape.rows()) {
            throw new IllegalArgumentException("key padding of " + keyPadding.length + " for " + shape.rows() + " positions");
        }
        int pairs = shape.batch() * shape.heads();
        parallel.forRange(0, pairs, attentionGrain(shape),
                (lo, hi) -> Attention.of(shape).forward(q, keyPadding, o, p, lo, hi));
    }

    @Override
    public void causalAttentionBackward(Tensor qkv, Tensor probs, Tensor dout, AttentionShape shape, Tensor dqkv) {
        float[] q = data(qkv);
        float[] p = data(probs);
        float[] d = data(dout);
        float[] dq = data(dqkv);
        checkSize(dq, (long) shape.rows() * 3 * shape.model(), "causalAttentionBackward dqkv");
        checkSize(d, (long) shape.rows() * shape.model(), "causalAttentionBackward dout");
        int pairs = shape.batch() * shape.heads();
        parallel.forRange(0, pairs, attentionGrain(shape),
                (lo, hi) -> Attention.of(shape).backward(q, p, null, d, dq, lo, hi));
    }

    @Override
    public void cachedAttention(Tensor qkv, Tensor keyCache, Tensor valueCache, int position, AttentionShape shape,
                                Tensor out) {
        float[] q = data(qkv);
        float[] k = data(keyCache);
        float[] v = data(valueCache);
        float[] o = data(out);
        long cacheSize = (long) shape.batch() * shape.heads() * shape.headDim() * shape.time();
        checkSize(k, cacheSize, "cachedAttention keys");
        checkSize(v, cacheSize, "cachedAttention values");
        checkSize(q, (long) shape.batch() * 3 * shape.model(), "cachedAttention qkv");
        if (position < 0 || position >= shape.time()) {
            throw new IllegalArgumentException("position " + position + " outside cache of " + shape.time());
        }
        int pairs = shape.batch() * shape.heads();
        parallel.forRange(0, pairs, Math.max(1, GRAIN / Math.max(1, (position + 1) * shape.headDim())),
                (lo, hi) -> Attention.cached(q, k, v, position, shape, o, lo, hi));
    }

    // ------------------------------------------------------------------ regularisation

    @Override
    public void dropout(Tensor x, float p, long seed, Tensor out, Tensor mask) {
        float[] xd = data(x);
        float[] od = data(out);
        float[] md = data(mask);
        sameSize(xd, od, "dropout");
        sameSize(xd, md, "dropout mask");
        if (p < 0f || p >= 1f) {
            throw new IllegalArgumentException("dropout rate " + p + " outside [0, 1)");
        }
        forElements(xd.length, (lo, hi) -> Elementwise.dropout(xd, p, seed, od, md, lo, hi));
    }

    // ------------------------------------------------------------------ fused feed-forward

    @Override
    public void feedForward(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2, FeedForwardShape shape, float p,
                            long seed, Tensor y, Tensor kept) {
        float[] yd = data(y);
        float[] keptd = optional(kept, (long) shape.rows() * shape.hidden(), "feedForward kept");
        checkSize(yd, (long) shape.rows() * shape.out(), "feedForward y");
        float[] w2d = data(w2);
        checkSize(w2d, (long) shape.hidden() * shape.out(), "feedForward w2");
        float[] b2d = optional(b2, shape.out(), "feedForward b2");
        feedForwardOf(x, w1, b1, shape, p, seed).forward(parallel, w2d, b2d, yd, keptd);
    }

    @Override
    public void feedForwardBackward(Tensor x, Tensor w1, Tensor b1, Tensor w2, FeedForwardShape shape, float p,
                                    long seed, Tensor kept, Tensor dy, Tensor dx, boolean overwriteDx, Tensor dW1,
                                    Tensor db1, Tensor dW2, Tensor db2) {
        float[] keptd = optional(kept, (long) shape.rows() * shape.hidden(), "feedForwardBackward kept");
        float[] w1d = data(w1);
        float[] w2d = data(w2);
        checkSize(w2d, (long) shape.hidden() * shape.out(), "feedForwardBackward w2");
        float[] dyd = data(dy);
        checkSize(dyd, (long) shape.rows() * shape.out(), "feedForwardBackward dy");
        float[] dxd = optional(dx, (long) shape.rows() * shape.in(), "feedForwardBackward dx");
        float[] dW1d = optional(dW1, (long) shape.in() * shape.hidden(), "feedForwardBackward dW1");
        float[] db1d = optional(db1, shape.hidden(), "feedForwardBackward db1");
        float[] dW2d = optional(dW2, (long) shape.hidden() * shape.out(), "feedForwardBackward dW2");
        float[] db2d = optional(db2, shape.out(), "feedForwardBackward db2");
        FeedForward block = feedForwardOf(x, w1, b1, shape, p, seed);
        block.backward(parallel, w1d, w2d, keptd, dyd, dxd, overwriteDx, dW1d, db1d, dW2d);
        if (db2d != null) {
            sumRows(dy, shape.rows(), shape.out(), db2, true);
        }
    }

    @Override
    public void recomputingAttentionBackward(Tensor qkv, boolean[] keyPadding, Tensor dout, AttentionShape shape,
                                             Tensor dqkv) {
        float[] q = data(qkv);
        float[] d = data(dout);
        float[] dq = data(dqkv);
        checkSize(q, (long) shape.rows() * 3 * shape.model(), "recomputingAttentionBackward qkv");
        checkSize(dq, (long) shape.rows() * 3 * shape.model(), "recomputingAttentionBackward dqkv");
        checkSize(d, (long) shape.rows() * shape.model(), "recomputingAttentionBackward dout");
        if (keyPadding != null && keyPadding.length != shape.rows()) {
            throw new IllegalArgumentException("recomputingAttentionBackward: " + keyPadding.length
                    + " key padding flags for " + shape.rows() + " rows");
        }
        parallel.forRange(0, shape.batch() * shape.heads(), attentionGrain(shape),
                (lo, hi) -> Attention.of(shape).backward(q, null, keyPadding, d, dq, lo, hi));
    }

    private FeedForward feedForwardOf(Tensor x, Tensor w1, Tensor b1, FeedForwardShape shape, float p, long seed) {
        float[] xd = data(x);
        checkSize(xd, (long) shape.rows() * shape.in(), "feedForward x");
        float[] w1d = data(w1);
        checkSize(w1d, (long) shape.in() * shape.hidden(), "feedForward w1");
        float[] b1d = optional(b1, shape.hidden(), "feedForward b1");
        checkRate(p);
        return new FeedForward(shape, xd, w1d, b1d, p, seed);
    }

    /** The data of a tensor that may be null, checked for its size. */
    private float[] optional(Tensor t, long size, String what) {
        if (t == null) {
            return null;
        }
        float[] d = data(t);
        checkSize(d, size, what);
        return d;
    }

    private static void checkRate(float p) {
        if (!(p >= 0f && p < 1f)) {
            throw new IllegalArgumentException("dropout rate " + p + " outside [0, 1)");
        }
    }

    // ------------------------------------------------------------------ optimisers

    @Override
    public void adamW(Tensor param, Tensor grad, Tensor m, Tensor v, AdamWStep step) {
        elementwise(param, grad, m, v, "adamW", (p, g, md, vd, lo, hi) -> Optimizers.adamW(p, g, md, vd, step, lo, hi));
    }

    @Override
    public void sgd(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay) {
        float[] p = data(param);
        float[] g = data(grad);
        float[] vel = velocity == null ? null : data(velocity);
        sameSize(p, g, "sgd");
        if (vel == null && momentum != 0f) {
            throw new IllegalArgumentException("sgd with momentum needs a velocity tensor");
        }
        forElements(p.length, (lo, hi) -> Optimizers.sgd(p, g, vel, lr, momentum, weightDecay, lo, hi));
    }

    @Override
    public double sumOfSquares(Tensor tensor) {
        float[] x = data(tensor);
        return Elementwise.sumOfSquares(x, 0, x.length);
    }

    // ------------------------------------------------------------------ sequence kernels (on the arrays, no copies)
    // Element-wise kernels and per-sequence forward passes split across threads; the backward passes
    // that add into shared parameter gradients run in one thread, so that sums never depend on it.

    @Override
    public void sigmoid(Tensor x, Tensor out) {
        elementwise(x, out, "sigmoid", RoundedSigmoid::sigmoid);
    }

    @Override
    public void silu(Tensor x, Tensor sigmoid, Tensor out) {
        elementwise(x, sigmoid, out, "silu", Silu::forward);
    }

    @Override
    public void siluBackward(Tensor x, Tensor sigmoid, Tensor dy, Tensor dx, boolean accumulate) {
        elementwise(x, sigmoid, dy, dx, "siluBackward",
                (xd, sd, dyd, dxd, lo, hi) -> Silu.backward(xd, sd, dyd, dxd, accumulate, lo, hi));
    }

    @Override
    public void sigmoidBackward(Tensor y, Tensor dy, Tensor dx) {
        elementwise(y, dy, dx, "sigmoidBackward", HostKernels::sigmoidBackward);
    }

    @Override
    public void tanh(Tensor x, Tensor out) {
        elementwise(x, out, "tanh", CellFunctions.TANH::apply);
    }

    @Override
    public void tanhBackward(Tensor y, Tensor dy, Tensor dx) {
        elementwise(y, dy, dx, "tanhBackward", HostKernels::tanhBackward);
    }

    @Override
    public void exp(Tensor x, Tensor out) {
        elementwise(x, out, "exp", CellFunctions.EXP::apply);
    }

    @Override
    public void softplus(Tensor x, Tensor out) {
        elementwise(x, out, "softplus", RoundedSoftplus::softplus);
    }

    @Override
    public void softplusBackward(Tensor x, Tensor dy, Tensor dx) {
        elementwise(x, dy, dx, "softplusBackward", RoundedSigmoid::softplusBackward);
    }

    @Override
    public void copyBlock(Tensor src, int srcOffset, int srcStride, Tensor dst, int dstOffset, int dstStride, int rows,
                          int cols, boolean accumulate) {
        if (accumulate) {
            Elementwise.addBlock(data(src), srcOffset, srcStride, data(dst), dstOffset, dstStride, rows, cols);
        } else {
            HostKernels.copyBlock(data(src), srcOffset, srcStride, data(dst), dstOffset, dstStride, rows, cols, false);
        }
    }

    @Override
    public void multiplyRowVector(Tensor x, int rows, int cols, Tensor v, Tensor out, boolean accumulate) {
        byRows(x, rows, cols, v, out, "multiplyRowVector",
                (xd, c, vd, od, lo, hi) -> Elementwise.multiplyRowVector(xd, c, vd, od, accumulate, lo, hi));
    }

    @Override
    public void rmsNorm(Tensor x, Tensor gamma, int rows, int cols, float eps, Tensor out, Tensor rstd) {
        HostKernels.rmsNorm(data(x), data(gamma), rows, cols, eps, data(out), data(rstd));
    }

    @Override
    public void rmsNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor rstd, int rows, int cols, Tensor dx,
                                Tensor dgamma) {
        HostKernels.rmsNormBackward(data(dy), data(x), data(gamma), data(rstd), rows, cols, data(dx), data(dgamma));
    }

    @Override
    public void causalConv(Tensor x, Tensor weight, int batch, int time, int channels, int kernel, Tensor out) {
        Convolutions.forward(data(x), data(weight), batch, time, channels, kernel, data(out));
    }

    @Override
    public void causalConvBackward(Tensor x, Tensor weight, Tensor dout, int batch, int time, int channels, int kernel,
                                   Tensor dx, Tensor dweight) {
        Convolutions.backward(data(x), data(weight), data(dout), batch, time, channels, kernel, data(dx),
                data(dweight));
    }

    @Override
    public void selectiveScan(ScanShape shape, Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c, Tensor states,
                              Tensor carry, Tensor y) {
        float[] ud = data(u);
        float[] dd = data(delta);
        float[] ad = data(a);
        float[] bd = data(b);
        float[] cd = data(c);
        float[] sd = states == null ? null : data(states);
        float[] carried = carry == null ? null : data(carry);
        float[] yd = data(y);
        parallel.forRange(0, shape.batch(), 1, (lo, hi) -> Scans.forward(shape, lo, hi, ud, dd, ad, bd, cd, sd, carried, yd));
    }

    @Override
    public void selectiveScanBackward(ScanShape shape, Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c,
                                      Tensor states, Tensor dy, Tensor du, Tensor ddelta, Tensor da, Tensor db, Tensor dc) {
        Scans.backward(shape, data(u), data(delta), data(a), data(b), data(c), data(states), data(dy), data(du),
                data(ddelta), data(da), data(db), data(dc));
    }

    @Override
    public void selectiveScanCheckpointed(ScanShape shape, Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c,
                                          int interval, Tensor checkpoints, Tensor y) {
        float[] ud = data(u);
        float[] dd = data(delta);
        float[] ad = data(a);
        float[] bd = data(b);
        float[] cd = data(c);
        float[] kept = data(checkpoints);
        checkSize(kept, CheckpointedScans.selectiveScanCheckpointsSize(shape, interval), "selectiveScan checkpoints");
        float[] yd = data(y);
        parallel.forRange(0, shape.batch(), 1,
                (lo, hi) -> Scans.forwardCheckpointed(shape, lo, hi, ud, dd, ad, bd, cd, interval, kept, yd));
    }

    @Override
    public void selectiveScanCheckpointedBackward(ScanShape shape, Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c,
                                                  int interval, Tensor checkpoints, Tensor dy, Tensor du,
                                                  Tensor ddelta, Tensor da, Tensor db, Tensor dc) {
        float[] kept = data(checkpoints);
        checkSize(kept, CheckpointedScans.selectiveScanCheckpointsSize(shape, interval), "selectiveScan checkpoints");
        Scans.backwardCheckpointed(shape, data(u), data(delta), data(a), data(b), data(c), interval, kept, data(dy),
                data(du), data(ddelta), data(da), data(db), data(dc));
    }

    @Override
    public void mlstmScanCheckpointed(AttentionShape shape, Tensor q, Tensor k, Tensor v, Tensor iPre, Tensor fPre,
                                      int interval, Tensor checkpoints, Tensor h) {
        float[] kept = data(checkpoints);
        checkSize(kept, CheckpointedScans.mlstmCheckpointsSize(shape, interval), "mlstm checkpoints");
        parallel.forRange(0, MlstmLaneScans.units(shape), 1, (lo, hi) -> MlstmLaneScans.forward(shape, data(q), data(k),
                data(v), data(iPre), data(fPre), interval, kept, null, data(h), mlstmScratch, lo, hi));
    }

    @Override
    public void mlstmScanCheckpointedBackward(AttentionShape shape, Tensor q, Tensor k, Tensor v, Tensor iPre,
                                              Tensor fPre, int interval, Tensor checkpoints, Tensor dh, Tensor dq,
                                              Tensor dk, Tensor dv, Tensor diPre, Tensor dfPre) {
        float[] kept = data(checkpoints);
        checkSize(kept, CheckpointedScans.mlstmCheckpointsSize(shape, interval), "mlstm checkpoints");
        parallel.forRange(0, MlstmLaneScans.units(shape), 1, (lo, hi) -> MlstmLaneScans.backward(shape, data(q), data(k),
                data(v), data(iPre), data(fPre), interval, kept, data(dh), data(dq), data(dk), data(dv), data(diPre),
                data(dfPre), mlstmScratch, lo, hi));
    }

    /**
     * The scan runs with sequences in vector lanes ({@link MlstmLaneScans}); its {@code states} hold
     * checkpoints, from which the backward pass makes the states again (the same values as keeping
     * them all, and cheaper than writing them). A decoding step (a carried state, nothing kept)
     * runs sequence by sequence ({@link MlstmVectorSteps}): moving whole states in and out of lanes
     * for one position would cost more than the step.
     */
    @Override
    public void mlstmScan(AttentionShape shape, Tensor q, Tensor k, Tensor v, Tensor iPre, Tensor fPre, Tensor states,
                          Tensor carry, Tensor h) {
        if (carry != null && states == null) {
            checkSize(data(carry), SequenceKernels.mlstmCarrySize(shape), "mlstm carry");
            XlstmCells.mlstmScan(MLSTM_STEPS, shape, data(q), data(k), data(v), data(iPre), data(fPre), null,
                    data(carry), data(h));
            return;
        }
        float[] kept = states == null ? null : data(states);
        if (kept != null) {
            checkSize(kept, SequenceKernels.mlstmStatesSize(shape), "mlstm states");
        }
        float[] carried = carry == null ? null : data(carry);
        if (carried != null) {
            checkSize(carried, SequenceKernels.mlstmCarrySize(shape), "mlstm carry");
        }
        int interval = states == null ? shape.time() : statesInterval(shape);
        parallel.forRange(0, MlstmLaneScans.units(shape), 1, (lo, hi) -> MlstmLaneScans.forward(shape, data(q),
                data(k), data(v), data(iPre), data(fPre), interval, kept, carried, data(h), mlstmScratch, lo, hi));
    }

    /** The checkpoint interval of the states that {@link #mlstmScan} keeps. */
    private static int statesInterval(AttentionShape shape) {
        return (int) Math.ceil(Math.sqrt(shape.time()));
    }

    @Override
    public void mlstmScanBackward(AttentionShape shape, Tensor q, Tensor k, Tensor v, Tensor iPre, Tensor fPre,
                                  Tensor states, Tensor dh, Tensor dq, Tensor dk, Tensor dv, Tensor diPre, Tensor dfPre) {
        int interval = statesInterval(shape);
        float[] kept = data(states);
        checkSize(kept, SequenceKernels.mlstmStatesSize(shape), "mlstm states");
        parallel.forRange(0, MlstmLaneScans.units(shape), 1, (lo, hi) -> MlstmLaneScans.backward(shape, data(q), data(k),
                data(v), data(iPre), data(fPre), interval, kept, data(dh), data(dq), data(dk), data(dv), data(diPre),
                data(dfPre), mlstmScratch, lo, hi));
    }

    @Override
    public void blockDiagonal(Tensor x, Tensor w, int rows, int blocks, int in, int out, Tensor y) {
        float[] xd = data(x);
        float[] wd = data(w);
        float[] yd = data(y);
        int grain = rowGrain(blocks * in * in);
        if (BlockDiagonalKernels.fits(blocks, in, out)) {
            float[][] byLane = BlockDiagonalKernels.forwardLayout(wd, blocks, in);
            var spread = BlockDiagonalKernels.spreads(in);
            parallel.forRange(0, rows, grain,
                    (lo, hi) -> BlockDiagonalKernels.product(xd, byLane, spread, blocks * in, yd, false, lo, hi));
        } else {
            parallel.forRange(0, rows, grain, (lo, hi) -> BlockDiagonalProducts.forward(xd, wd, blocks, in, out, yd, lo, hi));
        }
    }

    @Override
    public void blockDiagonalBackward(Tensor x, Tensor w, Tensor dy, int rows, int blocks, int in, int out, Tensor dx,
                                      Tensor dw) {
        float[] xd = data(x);
        float[] wd = data(w);
        float[] dyd = data(dy);
        boolean vector = BlockDiagonalKernels.fits(blocks, in, out);
        var spread = vector ? BlockDiagonalKernels.spreads(in) : null;
        if (dx != null) {
            float[] dxd = data(dx);
            int grain = rowGrain(blocks * in * out);
            if (vector) {
                float[][] byLane = BlockDiagonalKernels.backwardLayout(wd, blocks, in);
                parallel.forRange(0, rows, grain,
                        (lo, hi) -> BlockDiagonalKernels.product(dyd, byLane, spread, blocks * in, dxd, true, lo, hi));
            } else {
                parallel.forRange(0, rows, grain,
                        (lo, hi) -> BlockDiagonalProducts.inputGradient(dyd, wd, blocks, in, out, dxd, lo, hi));
            }
        }
        if (dw != null) {
            if (vector) {
                BlockDiagonalKernels.weightGradient(xd, dyd, rows, blocks, in, spread, data(dw));
            } else {
                BlockDiagonalProducts.weightGradient(xd, dyd, rows, blocks, in, out, data(dw));
            }
        }
    }

    @Override
    public void lstmCell(Tensor gates, Tensor cPrevious, int batch, int hidden, Tensor h, Tensor c, Tensor saved) {
        float[] gd = data(gates);
        float[] cp = cPrevious == null ? null : data(cPrevious);
        float[] hd = data(h);
        float[] cd = data(c);
        float[] sd = data(saved);
        parallel.forRange(0, batch, rowGrain(16 * hidden), (lo, hi) -> LstmKernels.forward(gd, cp, hidden, hd, cd, sd, lo, hi));
    }

    @Override
    public void lstmSequenceStep(LstmShape shape, int t, Tensor product, Tensor projected, Tensor bias,
                                 Tensor cPrevious, Tensor h, Tensor c, Tensor saved, Tensor out) {
        int hidden = shape.hidden();
        if (!LstmKernels.wholeVectors(hidden)) {
            ComputeBackend.super.lstmSequenceStep(shape, t, product, projected, bias, cPrevious, h, c, saved, out);
            return;
        }
        float[] pr = dataOrNull(product);
        float[] pj = data(projected);
        float[] bd = dataOrNull(bias);
        float[] cp = dataOrNull(cPrevious);
        float[] hd = data(h);
        float[] cd = data(c);
        float[] sd = data(saved);
        float[] od = data(out);
        parallel.forRange(0, shape.batch(), rowGrain(16 * hidden), (lo, hi) ->
                LstmKernels.sequenceStep(pr, pj, bd, t, shape.time(), cp, hidden, hd, cd, sd, od, lo, hi));
    }

    @Override
    public void lstmSequenceStepBackward(LstmShape shape, int t, Tensor saved, Tensor cPrevious, Tensor dh, Tensor dc,
                                         Tensor dGates, Tensor dcPrevious, Tensor dProjected,
                                         boolean accumulateProjected, Tensor dOut, Tensor dhPrevious) {
        int hidden = shape.hidden();
        if (!LstmKernels.wholeVectors(hidden)) {
            ComputeBackend.super.lstmSequenceStepBackward(shape, t, saved, cPrevious, dh, dc, dGates, dcPrevious,
                    dProjected, accumulateProjected, dOut, dhPrevious);
            return;
        }
        float[] sd = data(saved);
        float[] cp = dataOrNull(cPrevious);
        float[] dhd = dataOrNull(dh);
        float[] dcd = dataOrNull(dc);
        float[] dg = data(dGates);
        float[] dcp = dataOrNull(dcPrevious);
        float[] dp = dataOrNull(dProjected);
        float[] dout = data(dOut);
        float[] dhp = dataOrNull(dhPrevious);
        parallel.forRange(0, shape.batch(), rowGrain(16 * hidden), (lo, hi) -> LstmKernels.sequenceBackward(shape, t,
                sd, cp, dhd, dcd, dg, dcp, dp, accumulateProjected, dout, dhp, lo, hi));
    }

    @Override
    public void lstmCellBackward(Tensor saved, Tensor cPrevious, Tensor dh, Tensor dc, int batch, int hidden,
                                 Tensor dGates, Tensor dcPrevious) {
        float[] sd = data(saved);
        float[] cp = cPrevious == null ? null : data(cPrevious);
        float[] dhd = dh == null ? null : data(dh);
        float[] dcd = dc == null ? null : data(dc);
        float[] dg = data(dGates);
        float[] dcp = dcPrevious == null ? null : data(dcPrevious);
        parallel.forRange(0, batch, rowGrain(16 * hidden),
                (lo, hi) -> LstmKernels.backward(sd, cp, dhd, dcd, hidden, dg, dcp, lo, hi));
    }

    @Override
    public void slstmCell(Tensor raw, Tensor previous, Tensor mPrevious, int batch, int hidden, Tensor out, Tensor m) {
        float[] r = data(raw);
        float[] p = previous == null ? null : data(previous);
        float[] mp = mPrevious == null ? null : data(mPrevious);
        float[] o = data(out);
        float[] md = data(m);
        float[] scratch = pool.take(SlstmCellKernels.SCRATCH_ROWS * batch * hidden);
        try {
            parallel.forRange(0, batch, rowGrain(16 * hidden),
                    (lo, hi) -> SlstmCellKernels.forward(r, p, mp, batch, hidden, o, md, scratch, lo, hi));
        } finally {
            pool.give(scratch);
        }
    }

    @Override
    public void slstmCellBackward(Tensor raw, Tensor previous, Tensor mPrevious, Tensor m, Tensor out, Tensor dout,
                                  int batch, int hidden, Tensor draw, Tensor dprevious) {
        float[] r = data(raw);
        float[] p = previous == null ? null : data(previous);
        float[] mp = mPrevious == null ? null : data(mPrevious);
        float[] md = data(m);
        float[] o = data(out);
        float[] d = data(dout);
        float[] dr = data(draw);
        float[] dp = dprevious == null ? null : data(dprevious);
        float[] scratch = pool.take(SlstmCellKernels.SCRATCH_ROWS * batch * hidden);
        try {
            parallel.forRange(0, batch, rowGrain(16 * hidden),
                    (lo, hi) -> SlstmCellKernels.backward(r, p, mp, md, o, d, batch, hidden, dr, dp, scratch, lo, hi));
        } finally {
            pool.give(scratch);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void elementwise(Tensor x, Tensor out, String op, HostKernels.Unary kernel) {
        float[] xd = data(x);
        float[] od = data(out);
        sameSize(xd, od, op);
        forElements(xd.length, (lo, hi) -> kernel.apply(xd, od, lo, hi));
    }

    /** A kernel over the same range of four arrays of one size. */
    private interface FourArrays {
        void apply(float[] a, float[] b, float[] c, float[] d, int from, int to);
    }

    private void elementwise(Tensor a, Tensor b, Tensor c, Tensor d, String op, FourArrays kernel) {
        float[] ad = data(a);
        float[] bd = data(b);
        float[] cd = data(c);
        float[] dd = data(d);
        sameSize(ad, bd, op);
        sameSize(ad, cd, op);
        sameSize(ad, dd, op);
        forElements(ad.length, (lo, hi) -> kernel.apply(ad, bd, cd, dd, lo, hi));
    }

    private void elementwise(Tensor a, Tensor dy, Tensor dx, String op, HostKernels.Backward kernel) {
        float[] ad = data(a);
        float[] dyd = data(dy);
        float[] dxd = data(dx);
        sameSize(ad, dxd, op);
        sameSize(dyd, dxd, op);
        forElements(ad.length, (lo, hi) -> kernel.apply(ad, dyd, dxd, lo, hi));
    }

    /**
     * How many partial sums a reduction over rows is split into. It depends on the size only, never
     * on the thread count, so that sums (and so training) come out bit-identical on any machine.
     */
    static int reductionPieces(int rows, long elements) {
        return (int) Math.max(1, Math.min(Math.min(64, rows), elements / GRAIN));
    }

    /**
     * Splits a pass over the elements of flat arrays: its chunks start on multiples of
     * {@link #ELEMENT_QUANTUM}, where one thread's vectors would start too, since a vector's lanes
     * and a scalar tail may round the same element differently (AdamW's second moment does).
     */
    private void forElements(int n, Parallel.RangeBody body) {
        parallel.forRange(0, n, GRAIN, ELEMENT_QUANTUM, body);
    }

    private static int rowGrain(int cols) {
        return Math.max(1, GRAIN / Math.max(1, cols));
    }

    private static int attentionGrain(AttentionShape shape) {
        long perPair = (long) shape.time() * shape.time() * shape.headDim();
        return (int) Math.max(1, (1L << 16) / Math.max(1, perPair));
    }

    private CpuTensor cpu(Tensor t) {
        if (!(t instanceof CpuTensor) || t.backend() != this) {
            throw new IllegalArgumentException("tensor " + t + " does not belong to this cpu backend");
        }
        return (CpuTensor) t;
    }

    private float[] data(Tensor t) {
        CpuTensor c = cpu(t);
        return c.data;
    }

    /** {@link #data}, or null for a null tensor (an optional input or output). */
    private float[] dataOrNull(Tensor t) {
        return t == null ? null : data(t);
    }

    private static void sameSize(float[] a, float[] b, String op) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(op + ": sizes differ, " + a.length + " and " + b.length);
        }
    }

    private static void checkBlock(float[] a, int offset, long size, String what) {
        if (offset < 0 || offset + size > a.length) {
            throw new IllegalArgumentException(what + ": block of " + size + " elements at " + offset + " in "
                    + a.length);
        }
    }

    private static void checkSize(float[] a, long expected, String what) {
        if (a.length != expected) {
            throw new IllegalArgumentException(what + ": expected " + expected + " elements, got " + a.length);
        }
    }
}
