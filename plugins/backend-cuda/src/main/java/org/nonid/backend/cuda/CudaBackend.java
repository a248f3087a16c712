package org.nonid.backend.cuda;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.FloatPointer;
import org.nonid.api.compute.AdamWStep;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.Availability;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.ScanShape;
import org.nonid.api.compute.SequenceKernels;
import org.nonid.api.compute.Tensor;
import org.nonid.api.random.Seeds;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The kernels on an NVIDIA GPU: tensors live in device memory, products run on cuBLAS (FP32), every
 * other kernel, the sequence kernels included, is CUDA C ({@code kernels.cu}) compiled by NVRTC for
 * the device at first use. Nothing native loads before {@link #availability()}; without a driver,
 * a device, cuBLAS or NVRTC it is unavailable and says which is missing.
 */
@Component(service = ComputeBackend.class, property = "nonid.name=cuda")
public final class CudaBackend implements ComputeBackend {
    private static final int SUM_OF_SQUARES_THREADS = 1 << 16;

    private final PartsSource source;
    private Availability availability;
    private DeviceParts parts;
    private DeviceMemory device;
    private KernelModule kernels;
    private Products blas;
    private ScratchBuffers scratch;

    /** Where the parts come from: the GPU, or (in tests) an emulation of it. */
    interface PartsSource {
        DeviceParts open() throws CudaDevice.UnavailableException;
    }

    /** The backend on GPU 0. */
    public CudaBackend() {
        this(DeviceParts::gpu);
    }

    CudaBackend(PartsSource source) {
        this.source = source;
    }

    @Override
    public String name() {
        return "cuda";
    }

    @Override
    public synchronized Availability availability() {
        if (availability == null) {
            try {
                parts = source.open();
                device = parts.memory();
                kernels = new KernelModule(parts.launcher());
                blas = parts.products();
                scratch = new ScratchBuffers(device);
                availability = Availability.yes();
            } catch (CudaDevice.UnavailableException e) {
                availability = Availability.no(e.getMessage());
            } catch (RuntimeException | LinkageError e) {
                availability = Availability.no("the CUDA backend could not start: " + CudaDevice.rootMessage(e));
            }
        }
        return availability;
    }

    @Override
    public synchronized Optional<Availability> availabilityIfKnown() {
        return Optional.ofNullable(availability);
    }

    @Override
    public synchronized Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        Availability a = availability();
        if (!a.usable()) {
            facts.put("reason", a.reason());
            facts.put("needs", "an NVIDIA driver and GPU, with the CUDA 13 runtime, cuBLAS and NVRTC on the library path");
            return facts;
        }
        device.enter();
        facts.putAll(parts.facts().get());
        return facts;
    }

    @Deactivate
    synchronized void close() {
        if (scratch != null) {
            scratch.release();
        }
    }

    /** Checks the backend is usable and binds the device to this thread. */
    private void ready() {
        Availability a = availability();
        if (!a.usable()) {
            throw new IllegalStateException("the cuda backend is not usable here: " + a.reason());
        }
        device.enter();
    }

    private CudaTensor t(Tensor tensor) {
        if (!(tensor instanceof CudaTensor c) || c.backend() != this) {
            throw new IllegalArgumentException("not a tensor of this cuda backend: " + tensor);
        }
        return c;
    }

    private CudaTensor t(Tensor tensor, long atLeast, String what) {
        CudaTensor c = t(tensor);
        if (c.size() < atLeast) {
            throw new IllegalArgumentException(what + " needs " + atLeast + " elements, the tensor has " + c.size());
        }
        return c;
    }

    private CudaTensor optional(Tensor tensor, long atLeast, String what) {
        return tensor == null ? null : t(tensor, atLeast, what);
    }

    private static void sameSize(Tensor a, Tensor b, String what) {
        if (a.size() != b.size()) {
            throw new IllegalArgumentException(what + ": sizes differ, " + a.size() + " and " + b.size());
        }
    }

    // ------------------------------------------------------------------ memory

    private static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor too large: " + Arrays.toString(shape));
        }
        return (int) n;
    }

    @Override
    public synchronized Tensor zeros(int... shape) {
        CudaTensor t = (CudaTensor) empty(shape);
        device.zero(t.memory, (long) t.size() * Float.BYTES);
        return t;
    }

    @Override
    public synchronized Tensor empty(int... shape) {
        ready();
        int n = size(shape);
        return new CudaTensor(this, shape, n, device.allocate(n));
    }

    @Override
    public synchronized Tensor upload(float[] data, int... shape) {
        if (data.length != size(shape)) {
            throw new IllegalArgumentException("upload of " + data.length + " values into " + Arrays.toString(shape));
        }
        Tensor t = empty(shape);
        upload(data, t);
        return t;
    }

    @Override
    public synchronized void upload(float[] data, Tensor target) {
        ready();
        CudaTensor t = t(target);
        if (data.length != t.size()) {
            throw new IllegalArgumentException("upload of " + data.length + " values into " + target);
        }
        try (FloatPointer host = new FloatPointer(data)) {
            device.toDevice(host, t.memory, (long) data.length * Float.BYTES);
        }
    }

    @Override
    public synchronized float[] download(Tensor tensor) {
        ready();
        CudaTensor t = t(tensor);
        float[] out = new float[t.size()];
        try (FloatPointer host = new FloatPointer(out.length)) {
            device.toHost(t.memory, host, (long) out.length * Float.BYTES);
            host.get(out);
        }
        return out;
    }

    @Override
    public synchronized void copy(Tensor source, Tensor target) {
        ready();
        sameSize(source, target, "copy");
        device.onDevice(t(source).memory, t(target).memory, (long) source.size() * Float.BYTES);
    }

    @Override
    public synchronized void fill(Tensor tensor, float value) {
        ready();
        CudaTensor x = t(tensor);
        kernels.launch("fill_kernel").tensor(x).f(value).i(x.size()).over(x.size());
    }

    @Override
    public synchronized void release(Tensor tensor) {
        ready();
        CudaTensor t = t(tensor);
        if (!t.markReleased()) {
            throw new IllegalStateException("tensor released twice: " + t);
        }
        device.free(t.memory);
    }

    // ------------------------------------------------------------------ linear algebra

    @Override
    public synchronized void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, Tensor b,
                                  float beta, Tensor c) {
        batchedGemm(1, transA, transB, m, n, k, alpha, a, b, beta, c);
    }

    @Override
    public synchronized void batchedGemm(int count, boolean transA, boolean transB, int m, int n, int k, float alpha,
                                         Tensor a, Tensor b, float beta, Tensor c) {
        ready();
        CudaTensor ta = t(a, (long) count * m * k, "gemm A");
        CudaTensor tb = t(b, (long) count * k * n, "gemm B");
        CudaTensor tc = t(c, (long) count * m * n, "gemm C");
        blas.rowMajor(count, transA, transB, m, n, k, alpha, ta.memory, tb.memory, beta, tc.memory);
    }

    // ------------------------------------------------------------------ element-wise

    private void binary(String kernel, Tensor a, Tensor b, Tensor out) {
        ready();
        sameSize(a, b, kernel);
        sameSize(a, out, kernel);
        kernels.launch(kernel).tensor(t(a)).tensor(t(b)).tensor(t(out)).i(a.size()).over(a.size());
    }

    @Override
    public synchronized void add(Tensor a, Tensor b, Tensor out) {
        binary("add_kernel", a, b, out);
    }

    @Override
    public synchronized void axpy(float alpha, Tensor x, Tensor y) {
        ready();
        sameSize(x, y, "axpy");
        kernels.launch("axpy_kernel").f(alpha).tensor(t(x)).tensor(t(y)).i(x.size()).over(x.size());
    }

    @Override
    public synchronized void multiply(Tensor a, Tensor b, Tensor out) {
        binary("multiply_kernel", a, b, out);
    }

    @Override
    public synchronized void multiplyAccumulate(Tensor a, Tensor b, Tensor out) {
        binary("multiply_accumulate_kernel", a, b, out);
    }

    @Override
    public synchronized void scale(Tensor x, float alpha) {
        ready();
        kernels.launch("scale_kernel").tensor(t(x)).f(alpha).i(x.size()).over(x.size());
    }

    @Override
    public synchronized void addRowVector(Tensor x, int rows, int cols, Tensor v) {
        ready();
        kernels.launch("add_row_vector_kernel").tensor(t(x, (long) rows * cols, "addRowVector x")).i(rows).i(cols)
                .tensor(t(v, cols, "addRowVector v")).over((long) rows * cols);
    }

    @Override
    public synchronized void sumRows(Tensor x, int rows, int cols, Tensor out, boolean accumulate) {
        ready();
        kernels.launch("sum_rows_kernel").tensor(t(x, (long) rows * cols, "sumRows x")).i(rows).i(cols)
                .tensor(t(out, cols, "sumRows out")).flag(accumulate).over(cols);
    }

    private void unary(String kernel, Tensor x, Tensor out) {
        ready();
        sameSize(x, out, kernel);
        kernels.launch(kernel).tensor(t(x)).tensor(t(out)).i(x.size()).over(x.size());
    }

    @Override
    public synchronized void relu(Tensor x, Tensor out) {
        unary("relu_kernel", x, out);
    }

    @Override
    public synchronized void reluBackward(Tensor y, Tensor dy, Tensor dx) {
        binary("relu_backward_kernel", y, dy, dx);
    }

    // ------------------------------------------------------------------ normalisation

    @Override
    public synchronized void softmaxRows(Tensor x, int rows, int cols, Tensor out) {
        softmax(x, rows, cols, out, false);
    }

    @Override
    public synchronized void logSoftmaxRows(Tensor x, int rows, int cols, Tensor out) {
        softmax(x, rows, cols, out, true);
    }

    private void softmax(Tensor x, int rows, int cols, Tensor out, boolean logarithm) {
        ready();
        long n = (long) rows * cols;
        kernels.launch("softmax_rows_kernel").tensor(t(x, n, "softmax x")).i(rows).i(cols)
                .tensor(t(out, n, "softmax out")).flag(logarithm).over(rows);
    }

    @Override
    public synchronized void softmaxRowsBackward(Tensor y, Tensor dy, int rows, int cols, Tensor dx) {
        ready();
        long n = (long) rows * cols;
        kernels.launch("softmax_rows_backward_kernel").tensor(t(y, n, "softmax y")).tensor(t(dy, n, "softmax dy"))
                .i(rows).i(cols).tensor(t(dx, n, "softmax dx")).over(rows);
    }

    @Override
    public synchronized void layerNorm(Tensor x, Tensor gamma, Tensor beta, int rows, int cols, float eps, Tensor out,
                                       Tensor mean, Tensor rstd) {
        ready();
        long n = (long) rows * cols;
        kernels.launch("layer_norm_kernel").tensor(t(x, n, "layerNorm x")).tensor(t(gamma, cols, "layerNorm gamma"))
                .tensor(t(beta, cols, "layerNorm beta")).i(rows).i(cols).f(eps).tensor(t(out, n, "layerNorm out"))
                .tensor(t(mean, rows, "layerNorm mean")).tensor(t(rstd, rows, "layerNorm rstd")).over(rows);
    }

    @Override
    public synchronized void layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int rows,
                                               int cols, Tensor dx, Tensor dgamma, Tensor dbeta) {
        ready();
        long n = (long) rows * cols;
        CudaTensor tdy = t(dy, n, "layerNorm dy");
        CudaTensor tx = t(x, n, "layerNorm x");
        CudaTensor tmean = t(mean, rows, "layerNorm mean");
        CudaTensor trstd = t(rstd, rows, "layerNorm rstd");
        kernels.launch("layer_norm_backward_rows_kernel").tensor(tdy).tensor(tx).tensor(t(gamma, cols, "layerNorm gamma"))
                .tensor(tmean).tensor(trstd).i(rows).i(cols).tensor(t(dx, n, "layerNorm dx")).over(rows);
        kernels.launch("layer_norm_backward_columns_kernel").tensor(tdy).tensor(tx).tensor(tmean).tensor(trstd)
                .i(rows).i(cols).tensor(t(dgamma, cols, "layerNorm dgamma")).tensor(t(dbeta, cols, "layerNorm dbeta"))
                .over(cols);
    }

    // ------------------------------------------------------------------ embedding

    private static void checkIds(int[] ids, int tableRows, String what) {
        for (int id : ids) {
            if (id < 0 || id >= tableRows) {
                throw new IllegalArgumentException(what + ": id " + id + " outside [0, " + tableRows + ")");
            }
        }
    }

    @Override
    public synchronized void embedding(Tensor table, int[] ids, int cols, float scale, Tensor out) {
        ready();
        checkIds(ids, table.size() / cols, "embedding");
        long ids0 = scratch.ints("ids", ids);
        kernels.launch("embedding_kernel").tensor(t(table)).pointer(ids0).i(ids.length).i(cols).f(scale)
                .tensor(t(out, (long) ids.length * cols, "embedding out")).over((long) ids.length * cols);
    }

    @Override
    public synchronized void embeddingBackward(Tensor dout, int[] ids, int cols, float scale, Tensor dtable) {
        ready();
        checkIds(ids, dtable.size() / cols, "embeddingBackward");
        long ids0 = scratch.ints("ids", ids);
        kernels.launch("embedding_backward_kernel").tensor(t(dout, (long) ids.length * cols, "embedding dout"))
                .pointer(ids0).i(ids.length).i(cols).f(scale).tensor(t(dtable)).over(cols);
    }

    // ------------------------------------------------------------------ loss

    @Override
    public synchronized double crossEntropy(Tensor logits, int rows, int cols, int[] targets, float[] weights,
                                            Tensor dlogits) {
        ready();
        if (targets.length < rows || (weights != null && weights.length < rows)) {
            throw new IllegalArgumentException("crossEntropy needs " + rows + " targets and weights");
        }
        checkIds(Arrays.copyOf(targets, rows), cols, "crossEntropy target");
        long n = (long) rows * cols;
        long targets0 = scratch.ints("targets", targets);
        long weights0 = weights == null ? 0L : scratch.floats("weights", weights);
        long losses0 = scratch.get("rowLoss", (long) rows * Double.BYTES).address();
        kernels.launch("cross_entropy_kernel").tensor(t(logits, n, "crossEntropy logits")).i(rows).i(cols)
                .pointer(targets0).pointer(weights0).optional(optional(dlogits, n, "crossEntropy dlogits"))
                .pointer(losses0).over(rows);
        double total = 0;
        for (double loss : scratch.doubles("rowLoss", rows)) {
            total += loss;
        }
        return total;
    }

    // ------------------------------------------------------------------ attention

    @Override
    public synchronized void causalAttention(Tensor qkv, AttentionShape s, boolean[] keyPadding, Tensor out,
                                             Tensor probs) {
        ready();
        long padding0 = keyPadding == null ? 0L : scratch.flags("padding", keyPadding);
        kernels.launch("causal_attention_kernel").tensor(t(qkv, (long) s.rows() * 3 * s.model(), "attention qkv"))
                .i(s.batch()).i(s.time()).i(s.heads()).i(s.headDim()).pointer(padding0)
                .tensor(t(out, (long) s.rows() * s.model(), "attention out"))
                .optional(optional(probs, s.probabilitySize(), "attention probs"))
                .over((long) s.batch() * s.heads() * s.time());
    }

    @Override
    public synchronized void causalAttentionBackward(Tensor qkv, Tensor probs, Tensor dout, AttentionShape s,
                                                     Tensor dqkv) {
        ready();
        long rows = (long) s.batch() * s.heads() * s.time();
        CudaTensor tqkv = t(qkv, (long) s.rows() * 3 * s.model(), "attention qkv");
        CudaTensor tprobs = t(probs, s.probabilitySize(), "attention probs");
        CudaTensor tdout = t(dout, (long) s.rows() * s.model(), "attention dout");
        CudaTensor tdqkv = t(dqkv, (long) s.rows() * 3 * s.model(), "attention dqkv");
        long rowDot = scratch.get("rowDot", rows * Float.BYTES).address();
        kernels.launch("attention_backward_queries_kernel").tensor(tqkv).tensor(tprobs).tensor(tdout)
                .i(s.batch()).i(s.time()).i(s.heads()).i(s.headDim()).pointer(rowDot).tensor(tdqkv).over(rows);
        kernels.launch("attention_backward_keys_kernel").tensor(tqkv).tensor(tprobs).tensor(tdout)
                .i(s.batch()).i(s.time()).i(s.heads()).i(s.headDim()).pointer(rowDot).tensor(tdqkv).over(rows);
    }

    @Override
    public synchronized void cachedAttention(Tensor qkv, Tensor keyCache, Tensor valueCache, int position,
                                             AttentionShape s, Tensor out) {
        ready();
        if (position < 0 || position >= s.time()) {
            throw new IllegalArgumentException("position " + position + " outside the cache of " + s.time());
        }
        long cacheSize = (long) s.batch() * s.heads() * s.time() * s.headDim();
        CudaTensor tqkv = t(qkv, (long) s.batch() * 3 * s.model(), "cachedAttention qkv");
        CudaTensor keys = t(keyCache, cacheSize, "key cache");
        CudaTensor values = t(valueCache, cacheSize, "value cache");
        kernels.launch("cache_store_kernel").tensor(tqkv).tensor(keys).tensor(values).i(position)
                .i(s.batch()).i(s.heads()).i(s.headDim()).i(s.time()).over((long) s.batch() * s.model());
        kernels.launch("cached_attention_kernel").tensor(tqkv).tensor(keys).tensor(values).i(position)
                .i(s.batch()).i(s.heads()).i(s.headDim()).i(s.time())
                .tensor(t(out, (long) s.batch() * s.model(), "cachedAttention out")).over((long) s.batch() * s.heads());
    }

    // ------------------------------------------------------------------ regularisation

    @Override
    public synchronized void dropout(Tensor x, float p, long seed, Tensor out, Tensor mask) {
        ready();
        if (p < 0f || p >= 1f) {
            throw new IllegalArgumentException("dropout rate " + p + " outside [0, 1)");
        }
        sameSize(x, out, "dropout");
        sameSize(x, mask, "dropout mask");
        kernels.launch("dropout_kernel").tensor(t(x)).f(p).i(Seeds.seedKey(seed)).tensor(t(out)).tensor(t(mask))
                .i(x.size()).over(x.size());
    }

    // ------------------------------------------------------------------ optimisers

    @Override
    public synchronized void adamW(Tensor param, Tensor grad, Tensor m, Tensor v, AdamWStep s) {
        ready();
        sameSize(param, grad, "adamW");
        sameSize(param, m, "adamW m");
        sameSize(param, v, "adamW v");
        float decay = 1f - s.lr() * s.weightDecay();
        float stepSize = (float) (s.lr() / (1 - Math.pow(s.beta1(), s.step())));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(s.beta2(), s.step()));
        kernels.launch("adamw_kernel").tensor(t(param)).tensor(t(grad)).tensor(t(m)).tensor(t(v)).f(s.beta1())
                .f(s.beta2()).f(s.epsilon()).f(decay).f(stepSize).f(bc2Sqrt).i(param.size()).over(param.size());
    }

    @Override
    public synchronized void sgd(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum,
                                 float weightDecay) {
        ready();
        sameSize(param, grad, "sgd");
        if (velocity == null && momentum != 0f) {
            throw new IllegalArgumentException("sgd with momentum needs a velocity tensor");
        }
        if (velocity != null) {
            sameSize(param, velocity, "sgd velocity");
        }
        kernels.launch("sgd_kernel").tensor(t(param)).tensor(t(grad)).optional(velocity == null ? null : t(velocity))
                .f(lr).f(momentum).f(weightDecay).i(param.size()).over(param.size());
    }

    @Override
    public synchronized double sumOfSquares(Tensor tensor) {
        ready();
        CudaTensor x = t(tensor);
        long work = Math.min(x.size(), SUM_OF_SQUARES_THREADS);
        int threads = (int) KernelModule.threadsFor(work);
        if (threads == 0) {
            return 0;
        }
        long partial = scratch.get("partialSums", (long) threads * Double.BYTES).address();
        kernels.launch("partial_sum_of_squares_kernel").tensor(x).i(x.size()).pointer(partial).over(work);
        double total = 0;
        for (double d : scratch.doubles("partialSums", threads)) {
            total += d;
        }
        return total;
    }

    // ------------------------------------------------------------------ sequence kernels on the device

    @Override
    public synchronized void sigmoid(Tensor x, Tensor out) {
        unary("sigmoid_kernel", x, out);
    }

    @Override
    public synchronized void sigmoidBackward(Tensor y, Tensor dy, Tensor dx) {
        binary("sigmoid_backward_kernel", y, dy, dx);
    }

    @Override
    public synchronized void tanh(Tensor x, Tensor out) {
        unary("tanh_kernel", x, out);
    }

    @Override
    public synchronized void tanhBackward(Tensor y, Tensor dy, Tensor dx) {
        binary("tanh_backward_kernel", y, dy, dx);
    }

    @Override
    public synchronized void exp(Tensor x, Tensor out) {
        unary("exp_kernel", x, out);
    }

    @Override
    public synchronized void softplus(Tensor x, Tensor out) {
        unary("softplus_kernel", x, out);
    }

    @Override
    public synchronized void softplusBackward(Tensor x, Tensor dy, Tensor dx) {
        binary("softplus_backward_kernel", x, dy, dx);
    }

    @Override
    public synchronized void copyBlock(Tensor src, int srcOffset, int srcStride, Tensor dst, int dstOffset,
                                       int dstStride, int rows, int cols, boolean accumulate) {
        ready();
        if (rows <= 0 || cols <= 0) {
            return;
        }
        t(src, srcOffset + (long) (rows - 1) * srcStride + cols, "copyBlock source");
        t(dst, dstOffset + (long) (rows - 1) * dstStride + cols, "copyBlock target");
        kernels.launch("copy_block_kernel").tensor(t(src)).i(srcOffset).i(srcStride).tensor(t(dst)).i(dstOffset)
                .i(dstStride).i(rows).i(cols).flag(accumulate).over((long) rows * cols);
    }

    @Override
    public synchronized void multiplyRowVector(Tensor x, int rows, int cols, Tensor v, Tensor out, boolean accumulate) {
        ready();
        long n = (long) rows * cols;
        kernels.launch("multiply_row_vector_kernel").tensor(t(x, n, "multiplyRowVector x")).i(rows).i(cols)
                .tensor(t(v, cols, "multiplyRowVector v")).tensor(t(out, n, "multiplyRowVector out")).flag(accumulate)
                .over(n);
    }

    @Override
    public synchronized void blockDiagonal(Tensor x, Tensor w, int rows, int blocks, int in, int out, Tensor y) {
        ready();
        CudaTensor tx = t(x, (long) rows * blocks * in, "blockDiagonal x");
        CudaTensor tw = t(w, (long) blocks * in * out, "blockDiagonal w");
        CudaTensor ty = t(y, (long) rows * blocks * out, "blockDiagonal y");
        // per block, column-major y_b^T (out x rows) = w_b^T (out x in) x_b^T (in x rows)
        blas.columnMajor(blocks, false, false, out, rows, in, 1f, tw.memory, out, (long) in * out,
                tx.memory, blocks * in, in, 0f, ty.memory, blocks * out, out);
    }

    @Override
    public synchronized void blockDiagonalBackward(Tensor x, Tensor w, Tensor dy, int rows, int blocks, int in, int out,
                                                   Tensor dx, Tensor dw) {
        ready();
        CudaTensor tx = t(x, (long) rows * blocks * in, "blockDiagonal x");
        CudaTensor tw = t(w, (long) blocks * in * out, "blockDiagonal w");
        CudaTensor tdy = t(dy, (long) rows * blocks * out, "blockDiagonal dy");
        if (dx != null) {
            // dx_b^T (in x rows) += w_b (in x out) dy_b^T (out x rows)
            blas.columnMajor(blocks, true, false, in, rows, out, 1f, tw.memory, out, (long) in * out,
                    tdy.memory, blocks * out, out, 1f, t(dx, (long) rows * blocks * in, "blockDiagonal dx").memory,
                    blocks * in, in);
        }
        if (dw != null) {
            // dw_b^T (out x in) += dy_b^T (out x rows) x_b (rows x in)
            blas.columnMajor(blocks, false, true, out, in, rows, 1f, tdy.memory, blocks * out, out,
                    tx.memory, blocks * in, in, 1f, t(dw, (long) blocks * in * out, "blockDiagonal dw").memory,
                    out, (long) in * out);
        }
    }

    @Override
    public synchronized void lstmCell(Tensor gates, Tensor cPrevious, int batch, int hidden, Tensor h, Tensor c,
                                      Tensor saved) {
        ready();
        long n = (long) batch * hidden;
        kernels.launch("lstm_cell_kernel").tensor(t(gates, 4 * n, "lstmCell gates"))
                .optional(optional(cPrevious, n, "lstmCell cPrevious")).i(batch).i(hidden)
                .tensor(t(h, n, "lstmCell h")).tensor(t(c, n, "lstmCell c")).tensor(t(saved, 5 * n, "lstmCell saved"))
                .over(n);
    }

    @Override
    public synchronized void lstmCellBackward(Tensor saved, Tensor cPrevious, Tensor dh, Tensor dc, int batch,
                                              int hidden, Tensor dGates, Tensor dcPrevious) {
        ready();
        long n = (long) batch * hidden;
        kernels.launch("lstm_cell_backward_kernel").tensor(t(saved, 5 * n, "lstmCell saved"))
                .optional(optional(cPrevious, n, "lstmCell cPrevious")).optional(optional(dh, n, "lstmCell dh"))
                .optional(optional(dc, n, "lstmCell dc")).i(batch).i(hidden)
                .tensor(t(dGates, 4 * n, "lstmCell dGates"))
                .optional(cPrevious == null ? null : optional(dcPrevious, n, "lstmCell dcPrevious")).over(n);
    }

    // ------------------------------------------------------------------ RMSNorm, convolution, scans, xLSTM cells

    @Override
    public synchronized void rmsNorm(Tensor x, Tensor gamma, int rows, int cols, float eps, Tensor out, Tensor rstd) {
        ready();
        long n = (long) rows * cols;
        kernels.launch("rms_norm_kernel").tensor(t(x, n, "rmsNorm x")).tensor(t(gamma, cols, "rmsNorm gamma")).i(rows)
                .i(cols).f(eps).tensor(t(out, n, "rmsNorm out")).tensor(t(rstd, rows, "rmsNorm rstd")).over(rows);
    }

    @Override
    public synchronized void rmsNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor rstd, int rows, int cols,
                                             Tensor dx, Tensor dgamma) {
        ready();
        long n = (long) rows * cols;
        CudaTensor tdy = t(dy, n, "rmsNorm dy");
        CudaTensor tx = t(x, n, "rmsNorm x");
        CudaTensor trstd = t(rstd, rows, "rmsNorm rstd");
        kernels.launch("rms_norm_backward_rows_kernel").tensor(tdy).tensor(tx).tensor(t(gamma, cols, "rmsNorm gamma"))
                .tensor(trstd).i(rows).i(cols).tensor(t(dx, n, "rmsNorm dx")).over(rows);
        kernels.launch("rms_norm_backward_columns_kernel").tensor(tdy).tensor(tx).tensor(trstd).i(rows).i(cols)
                .tensor(t(dgamma, cols, "rmsNorm dgamma")).over(cols);
    }

    @Override
    public synchronized void causalConv(Tensor x, Tensor weight, int batch, int time, int channels, int kernel,
                                        Tensor out) {
        ready();
        long n = (long) batch * time * channels;
        kernels.launch("causal_conv_kernel").tensor(t(x, n, "causalConv x"))
                .tensor(t(weight, (long) kernel * channels, "causalConv weight")).i(batch).i(time).i(channels).i(kernel)
                .tensor(t(out, n, "causalConv out")).over(n);
    }

    @Override
    public synchronized void causalConvBackward(Tensor x, Tensor weight, Tensor dout, int batch, int time, int channels,
                                                int kernel, Tensor dx, Tensor dweight) {
        ready();
        long n = (long) batch * time * channels;
        CudaTensor tdout = t(dout, n, "causalConv dout");
        kernels.launch("causal_conv_backward_input_kernel").tensor(t(weight, (long) kernel * channels, "causalConv weight"))
                .tensor(tdout).i(batch).i(time).i(channels).i(kernel).tensor(t(dx, n, "causalConv dx")).over(n);
        kernels.launch("causal_conv_backward_weight_kernel").tensor(t(x, n, "causalConv x")).tensor(tdout).i(batch)
                .i(time).i(channels).i(kernel).tensor(t(dweight, (long) kernel * channels, "causalConv dweight"))
                .over((long) kernel * channels);
    }

    @Override
    public synchronized void selectiveScan(ScanShape s, Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c,
                                           Tensor states, Tensor carry, Tensor y) {
        ready();
        long perStep = (long) s.rows() * s.channels();
        long h = carry != null ? t(carry, s.carrySize(), "selectiveScan carry").address()
                : scratch.get("scanState", (long) s.carrySize() * Float.BYTES).address();
        kernels.launch("selective_scan_kernel").tensor(t(u, perStep, "selectiveScan u"))
                .tensor(t(delta, perStep, "selectiveScan delta"))
                .tensor(t(a, (long) s.channels() * s.state(), "selectiveScan a"))
                .tensor(t(b, (long) s.rows() * s.state(), "selectiveScan b"))
                .tensor(t(c, (long) s.rows() * s.state(), "selectiveScan c")).i(s.batch()).i(s.time()).i(s.channels())
                .i(s.state()).optional(optional(states, s.statesSize(), "selectiveScan states")).pointer(h)
                .flag(carry != null).tensor(t(y, perStep, "selectiveScan y")).over((long) s.batch() * s.channels());
    }

    @Override
    public synchronized void selectiveScanBackward(ScanShape s, Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c,
                                                   Tensor states, Tensor dy, Tensor du, Tensor ddelta, Tensor da,
                                                   Tensor db, Tensor dc) {
        ready();
        long perStep = (long) s.rows() * s.channels();
        CudaTensor tu = t(u, perStep, "selectiveScan u");
        CudaTensor tdelta = t(delta, perStep, "selectiveScan delta");
        CudaTensor tstates = t(states, s.statesSize(), "selectiveScan states");
        CudaTensor tdy = t(dy, perStep, "selectiveScan dy");
        long g = scratch.get("scanGradients", s.statesSize() * Float.BYTES).address();
        long gh = scratch.get("scanState", (long) s.carrySize() * Float.BYTES).address();
        long daPartial = scratch.get("scanDa", (long) s.carrySize() * Float.BYTES).address();
        kernels.launch("selective_scan_backward_kernel").tensor(tu).tensor(tdelta)
                .tensor(t(a, (long) s.channels() * s.state(), "selectiveScan a"))
                .tensor(t(b, (long) s.rows() * s.state(), "selectiveScan b"))
                .tensor(t(c, (long) s.rows() * s.state(), "selectiveScan c")).tensor(tstates).tensor(tdy)
                .i(s.batch()).i(s.time()).i(s.channels()).i(s.state()).tensor(t(du, perStep, "selectiveScan du"))
                .tensor(t(ddelta, perStep, "selectiveScan ddelta")).pointer(g).pointer(gh).pointer(daPartial)
                .over((long) s.batch() * s.channels());
        kernels.launch("selective_scan_backward_inputs_kernel").tensor(tu).tensor(tdelta).tensor(tstates).tensor(tdy)
                .pointer(g).i(s.rows()).i(s.channels()).i(s.state())
                .tensor(t(db, (long) s.rows() * s.state(), "selectiveScan db"))
                .tensor(t(dc, (long) s.rows() * s.state(), "selectiveScan dc")).over((long) s.rows() * s.state());
        kernels.launch("selective_scan_backward_a_kernel").pointer(daPartial).i(s.batch()).i(s.channels()).i(s.state())
                .tensor(t(da, (long) s.channels() * s.state(), "selectiveScan da")).over((long) s.channels() * s.state());
    }

    @Override
    public synchronized void mlstmScan(AttentionShape s, Tensor q, Tensor k, Tensor v, Tensor iPre, Tensor fPre,
                                       Tensor states, Tensor carry, Tensor h) {
        ready();
        long n = (long) s.rows() * s.model();
        long gates = (long) s.rows() * s.heads();
        int dh = s.headDim();
        long work = scratch.get("mlstmWork", (long) s.batch() * s.heads() * (dh * dh + dh) * Float.BYTES).address();
        kernels.launch("mlstm_scan_kernel").tensor(t(q, n, "mlstm q")).tensor(t(k, n, "mlstm k")).tensor(t(v, n, "mlstm v"))
                .tensor(t(iPre, gates, "mlstm iPre")).tensor(t(fPre, gates, "mlstm fPre")).i(s.batch()).i(s.time())
                .i(s.heads()).i(dh).optional(optional(states, SequenceKernels.mlstmStatesSize(s), "mlstm states"))
                .optional(optional(carry, SequenceKernels.mlstmCarrySize(s), "mlstm carry")).pointer(work)
                .tensor(t(h, n, "mlstm h")).over((long) s.batch() * s.heads());
    }

    @Override
    public synchronized void mlstmScanBackward(AttentionShape s, Tensor q, Tensor k, Tensor v, Tensor iPre, Tensor fPre,
                                               Tensor states, Tensor dh, Tensor dq, Tensor dk, Tensor dv, Tensor diPre,
                                               Tensor dfPre) {
        ready();
        long n = (long) s.rows() * s.model();
        long gates = (long) s.rows() * s.heads();
        int d = s.headDim();
        long work = scratch.get("mlstmWork", (long) s.batch() * s.heads() * (d * d + 3 * d) * Float.BYTES).address();
        kernels.launch("mlstm_scan_backward_kernel").tensor(t(q, n, "mlstm q")).tensor(t(k, n, "mlstm k"))
                .tensor(t(v, n, "mlstm v")).tensor(t(iPre, gates, "mlstm iPre")).tensor(t(fPre, gates, "mlstm fPre"))
                .tensor(t(states, SequenceKernels.mlstmStatesSize(s), "mlstm states")).tensor(t(dh, n, "mlstm dh"))
                .i(s.batch()).i(s.time()).i(s.heads()).i(d).pointer(work).tensor(t(dq, n, "mlstm dq"))
                .tensor(t(dk, n, "mlstm dk")).tensor(t(dv, n, "mlstm dv")).tensor(t(diPre, gates, "mlstm diPre"))
                .tensor(t(dfPre, gates, "mlstm dfPre")).over((long) s.batch() * s.heads());
    }

    @Override
    public synchronized void slstmCell(Tensor raw, Tensor previous, Tensor mPrevious, int batch, int hidden, Tensor out,
                                       Tensor m) {
        ready();
        long n = (long) batch * hidden;
        kernels.launch("slstm_cell_kernel").tensor(t(raw, 4 * n, "slstm raw"))
                .optional(optional(previous, 3 * n, "slstm previous"))
                .optional(previous == null ? null : t(mPrevious, n, "slstm mPrevious")).i(batch).i(hidden)
                .tensor(t(out, 3 * n, "slstm out")).tensor(t(m, n, "slstm m")).over(n);
    }

    @Override
    public synchronized void slstmCellBackward(Tensor raw, Tensor previous, Tensor mPrevious, Tensor m, Tensor out,
                                               Tensor dout, int batch, int hidden, Tensor draw, Tensor dprevious) {
        ready();
        long n = (long) batch * hidden;
        kernels.launch("slstm_cell_backward_kernel").tensor(t(raw, 4 * n, "slstm raw"))
                .optional(optional(previous, 3 * n, "slstm previous"))
                .optional(previous == null ? null : t(mPrevious, n, "slstm mPrevious")).tensor(t(m, n, "slstm m"))
                .tensor(t(out, 3 * n, "slstm out")).tensor(t(dout, 3 * n, "slstm dout")).i(batch).i(hidden)
                .tensor(t(draw, 4 * n, "slstm draw"))
                .optional(previous == null ? null : t(dprevious, 3 * n, "slstm dprevious")).over(n);
    }
}
