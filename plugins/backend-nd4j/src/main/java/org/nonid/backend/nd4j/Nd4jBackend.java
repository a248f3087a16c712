package org.nonid.backend.nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nonid.api.compute.AdamWStep;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.Availability;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.compute.Tensor;
import org.nonid.api.random.Seeds;
import org.nonid.kernels.HostSequenceKernels;
import org.osgi.service.component.annotations.Component;

/**
 * The reference backend: each kernel is written plainly with ND4J arrays (OpenBLAS GEMM, native
 * element-wise ops), one (sequence, head) pair at a time for attention. It favours obviousness
 * over speed; the {@code cpu} backend is checked against it. ND4J loads its native libraries on
 * first use, not at activation.
 */
@Component(service = ComputeBackend.class, property = "nonid.name=nd4j")
public final class Nd4jBackend implements ComputeBackend, HostSequenceKernels {
    private Availability availability;

    @Override
    public String name() {
        return "nd4j";
    }

    @Override
    public synchronized Availability availability() {
        if (availability == null) {
            try {
                INDArray probe = Nd4j.create(new float[] {1f, 2f}, new long[] {2}, DataType.FLOAT);
                if (probe.sumNumber().floatValue() != 3f) {
                    throw new IllegalStateException("a probe sum came out wrong");
                }
                availability = Availability.yes();
            } catch (Throwable t) {
                availability = Availability.no("ND4J did not load: " + t);
            }
        }
        return availability;
    }

    @Override
    public synchronized java.util.Optional<Availability> availabilityIfKnown() {
        return java.util.Optional.ofNullable(availability);
    }

    @Override
    public Map<String, String> facts() {
        Map<String, String> facts = new LinkedHashMap<>();
        Availability a = availability();
        facts.put("kernels", "ND4J " + (a.usable() ? Nd4j.getBackend().getClass().getSimpleName() : "(not loaded)"));
        if (a.usable()) {
            java.util.Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
            for (String key : new String[] {"blas.vendor", "omp.threads", "cores", "memory.available"}) {
                if (env.get(key) != null) {
                    facts.put(key, String.valueOf(env.get(key)));
                }
            }
        } else {
            facts.put("reason", a.reason());
        }
        return facts;
    }

    // ------------------------------------------------------------------ memory

    private Nd4jTensor wrap(INDArray a, int[] shape) {
        return new Nd4jTensor(this, a, shape);
    }

    private static long size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @Override
    public Tensor zeros(int... shape) {
        return wrap(Nd4j.zeros(DataType.FLOAT, size(shape)), shape);
    }

    @Override
    public Tensor empty(int... shape) {
        return zeros(shape);
    }

    @Override
    public Tensor upload(float[] data, int... shape) {
        if (data.length != size(shape)) {
            throw new IllegalArgumentException("upload of " + data.length + " values into " + java.util.Arrays.toString(shape));
        }
        return wrap(Nd4j.create(data.clone(), new long[] {data.length}, DataType.FLOAT), shape);
    }

    @Override
    public void upload(float[] data, Tensor target) {
        INDArray t = nd(target);
        if (data.length != t.length()) {
            throw new IllegalArgumentException("upload of " + data.length + " values into " + target);
        }
        t.assign(Nd4j.create(data.clone(), new long[] {data.length}, DataType.FLOAT));
    }

    @Override
    public float[] download(Tensor tensor) {
        return nd(tensor).toFloatVector();
    }

    @Override
    public void copy(Tensor source, Tensor target) {
        nd(target).assign(nd(source));
    }

    @Override
    public void fill(Tensor tensor, float value) {
        nd(tensor).assign(value);
    }

    @Override
    public void release(Tensor tensor) {
        Nd4jTensor t = tensor(tensor);
        if (!t.markReleased()) {
            throw new IllegalStateException("tensor released twice: " + t);
        }
        t.array.close();
    }

    // ------------------------------------------------------------------ linear algebra

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a, Tensor b, float beta,
                     Tensor c) {
        INDArray am = transA ? tensor(a).matrix(k, m) : tensor(a).matrix(m, k);
        INDArray bm = transB ? tensor(b).matrix(n, k) : tensor(b).matrix(k, n);
        INDArray cm = tensor(c).matrix(m, n);
        INDArray product = (transA ? am.transpose() : am).mmul(transB ? bm.transpose() : bm);
        if (beta == 0f) {
            cm.assign(product.muli(alpha));
        } else {
            cm.muli(beta).addi(product.muli(alpha));
        }
    }

    @Override
    public void batchedGemm(int count, boolean transA, boolean transB, int m, int n, int k, float alpha, Tensor a,
                            Tensor b, float beta, Tensor c) {
        INDArray aa = nd(a);
        INDArray ba = nd(b);
        INDArray ca = nd(c);
        for (int i = 0; i < count; i++) {
            INDArray ai = aa.get(NDArrayIndex.interval((long) i * m * k, (long) (i + 1) * m * k)).reshape('c', transA ? k : m, transA ? m : k);
            INDArray bi = ba.get(NDArrayIndex.interval((long) i * k * n, (long) (i + 1) * k * n)).reshape('c', transB ? n : k, transB ? k : n);
            INDArray ci = ca.get(NDArrayIndex.interval((long) i * m * n, (long) (i + 1) * m * n)).reshape('c', m, n);
            INDArray product = (transA ? ai.transpose() : ai).mmul(transB ? bi.transpose() : bi).muli(alpha);
            ci.assign(beta == 0f ? product : ci.mul(beta).addi(product));
        }
    }

    // ------------------------------------------------------------------ element-wise

    @Override
    public void add(Tensor a, Tensor b, Tensor out) {
        nd(out).assign(nd(a).add(nd(b)));
    }

    @Override
    public void axpy(float alpha, Tensor x, Tensor y) {
        nd(y).addi(nd(x).mul(alpha));
    }

    @Override
    public void multiply(Tensor a, Tensor b, Tensor out) {
        nd(out).assign(nd(a).mul(nd(b)));
    }

    @Override
    public void multiplyAccumulate(Tensor a, Tensor b, Tensor out) {
        nd(out).addi(nd(a).mul(nd(b)));
    }

    @Override
    public void scale(Tensor x, float alpha) {
        nd(x).muli(alpha);
    }

    @Override
    public void addRowVector(Tensor x, int rows, int cols, Tensor v) {
        tensor(x).matrix(rows, cols).addiRowVector(tensor(v).matrix(1, cols));
    }

    @Override
    public void sumRows(Tensor x, int rows, int cols, Tensor out, boolean accumulate) {
        INDArray sum = tensor(x).matrix(rows, cols).sum(0).reshape(cols);
        if (accumulate) {
            nd(out).addi(sum);
        } else {
            nd(out).assign(sum);
        }
    }

    @Override
    public void relu(Tensor x, Tensor out) {
        nd(out).assign(Transforms.relu(nd(x), true));
    }

    @Override
    public void reluBackward(Tensor y, Tensor dy, Tensor dx) {
        INDArray positive = nd(y).gt(0).castTo(DataType.FLOAT);
        nd(dx).addi(nd(dy).mul(positive));
    }

    // ------------------------------------------------------------------ normalisation

    @Override
    public void softmaxRows(Tensor x, int rows, int cols, Tensor out) {
        tensor(out).matrix(rows, cols).assign(softmax(tensor(x).matrix(rows, cols)));
    }

    private static INDArray softmax(INDArray m) {
        INDArray shifted = m.subColumnVector(m.max(1).reshape(m.rows(), 1));
        INDArray e = Transforms.exp(shifted, true);
        return e.diviColumnVector(e.sum(1).reshape(m.rows(), 1));
    }

    @Override
    public void softmaxRowsBackward(Tensor y, Tensor dy, int rows, int cols, Tensor dx) {
        INDArray ym = tensor(y).matrix(rows, cols);
        INDArray dym = tensor(dy).matrix(rows, cols);
        INDArray dot = ym.mul(dym).sum(1).reshape(rows, 1);
        tensor(dx).matrix(rows, cols).addi(ym.mul(dym.subColumnVector(dot)));
    }

    @Override
    public void logSoftmaxRows(Tensor x, int rows, int cols, Tensor out) {
        INDArray m = tensor(x).matrix(rows, cols);
        INDArray max = m.max(1).reshape(rows, 1);
        INDArray shifted = m.subColumnVector(max);
        INDArray logZ = Transforms.log(Transforms.exp(shifted, true).sum(1), true).reshape(rows, 1);
        tensor(out).matrix(rows, cols).assign(shifted.subColumnVector(logZ));
    }

    @Override
    public void layerNorm(Tensor x, Tensor gamma, Tensor beta, int rows, int cols, float eps, Tensor out, Tensor mean,
                          Tensor rstd) {
        INDArray xm = tensor(x).matrix(rows, cols);
        INDArray mu = xm.mean(1).reshape(rows, 1);
        INDArray centred = xm.subColumnVector(mu);
        INDArray var = centred.mul(centred).mean(1).reshape(rows, 1);
        INDArray inv = Transforms.pow(var.add(eps), -0.5, true);
        INDArray normalised = centred.mulColumnVector(inv);
        tensor(out).matrix(rows, cols).assign(normalised.mulRowVector(tensor(gamma).matrix(1, cols))
                .addRowVector(tensor(beta).matrix(1, cols)));
        nd(mean).assign(mu.reshape(rows));
        nd(rstd).assign(inv.reshape(rows));
    }

    @Override
    public void layerNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor mean, Tensor rstd, int rows, int cols,
                                  Tensor dx, Tensor dgamma, Tensor dbeta) {
        INDArray dym = tensor(dy).matrix(rows, cols);
        INDArray inv = tensor(rstd).matrix(rows, 1);
        INDArray xhat = tensor(x).matrix(rows, cols).subColumnVector(tensor(mean).matrix(rows, 1)).mulColumnVector(inv);
        INDArray g = dym.mulRowVector(tensor(gamma).matrix(1, cols));
        INDArray meanG = g.mean(1).reshape(rows, 1);
        INDArray meanGX = g.mul(xhat).mean(1).reshape(rows, 1);
        INDArray grad = g.subColumnVector(meanG).sub(xhat.mulColumnVector(meanGX)).mulColumnVector(inv);
        tensor(dx).matrix(rows, cols).addi(grad);
        nd(dgamma).addi(dym.mul(xhat).sum(0).reshape(cols));
        nd(dbeta).addi(dym.sum(0).reshape(cols));
    }

    // ------------------------------------------------------------------ embedding

    @Override
    public void embedding(Tensor table, int[] ids, int cols, float scale, Tensor out) {
        INDArray t = tensor(table).matrix(nd(table).length() / cols, cols);
        INDArray o = tensor(out).matrix(ids.length, cols);
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] < 0 || ids[i] >= t.rows()) {
                throw new IllegalArgumentException("embedding id " + ids[i] + " out of range [0, " + t.rows() + ")");
            }
            o.putRow(i, t.getRow(ids[i]).mul(scale));
        }
    }

    @Override
    public void embeddingBackward(Tensor dout, int[] ids, int cols, float scale, Tensor dtable) {
        INDArray t = tensor(dtable).matrix(nd(dtable).length() / cols, cols);
        INDArray d = tensor(dout).matrix(ids.length, cols);
        for (int i = 0; i < ids.length; i++) {
            t.getRow(ids[i]).addi(d.getRow(i).mul(scale));
        }
    }

    // ------------------------------------------------------------------ loss

    @Override
    public double crossEntropy(Tensor logits, int rows, int cols, int[] targets, float[] weights, Tensor dlogits) {
        INDArray p = softmax(tensor(logits).matrix(rows, cols).dup());
        float[] onehot = new float[rows * cols];
        float[] w = new float[rows];
        for (int r = 0; r < rows; r++) {
            if (targets[r] < 0 || targets[r] >= cols) {
                throw new IllegalArgumentException("target " + targets[r] + " out of range [0, " + cols + ") at row " + r);
            }
            onehot[r * cols + targets[r]] = 1f;
            w[r] = weights == null ? 1f : weights[r];
        }
        INDArray target = Nd4j.create(onehot, new long[] {rows, cols}, DataType.FLOAT);
        INDArray weight = Nd4j.create(w, new long[] {rows, 1}, DataType.FLOAT);
        INDArray logP = Transforms.log(p.mul(target).sum(1).reshape(rows, 1), true);
        double loss = -logP.mul(weight).sumNumber().doubleValue();
        if (dlogits != null) {
            tensor(dlogits).matrix(rows, cols).assign(p.sub(target).mulColumnVector(weight));
        }
        return loss;
    }

    // ------------------------------------------------------------------ attention

    /** The [time, headDim] slice of query (part 0), key (1) or value (2) for sequence b, head h. */
    private static INDArray slice(INDArray qkv3, int b, int part, int h, AttentionShape s) {
        long from = (long) part * s.model() + (long) h * s.headDim();
        return qkv3.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.interval(from, from + s.headDim()));
    }

    private static INDArray causalMask(AttentionShape s, boolean[] keyPadding, int b) {
        int t = s.time();
        float[] mask = new float[t * t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                boolean masked = j > i || (keyPadding != null && keyPadding[b * t + j]);
                mask[i * t + j] = masked ? -1e30f : 0f;
            }
        }
        return Nd4j.create(mask, new long[] {t, t}, DataType.FLOAT);
    }

    @Override
    public void causalAttention(Tensor qkv, AttentionShape s, boolean[] keyPadding, Tensor out, Tensor probs) {
        INDArray qkv3 = nd(qkv).reshape('c', s.batch(), s.time(), 3L * s.model());
        INDArray out3 = nd(out).reshape('c', s.batch(), s.time(), s.model());
        INDArray probs4 = probs == null ? null : nd(probs).reshape('c', s.batch(), s.heads(), s.time(), s.time());
        float scale = (float) (1.0 / Math.sqrt(s.headDim()));
        for (int b = 0; b < s.batch(); b++) {
            INDArray mask = causalMask(s, keyPadding, b);
            for (int h = 0; h < s.heads(); h++) {
                INDArray q = slice(qkv3, b, 0, h, s);
                INDArray k = slice(qkv3, b, 1, h, s);
                INDArray v = slice(qkv3, b, 2, h, s);
                INDArray p = softmax(q.mmul(k.transpose()).muli(scale).addi(mask));
                out3.get(NDArrayIndex.point(b), NDArrayIndex.all(),
                        NDArrayIndex.interval((long) h * s.headDim(), (long) (h + 1) * s.headDim())).assign(p.mmul(v));
                if (probs4 != null) {
                    probs4.get(NDArrayIndex.point(b), NDArrayIndex.point(h), NDArrayIndex.all(), NDArrayIndex.all()).assign(p);
                }
            }
        }
    }

    @Override
    public void causalAttentionBackward(Tensor qkv, Tensor probs, Tensor dout, AttentionShape s, Tensor dqkv) {
        INDArray qkv3 = nd(qkv).reshape('c', s.batch(), s.time(), 3L * s.model());
        INDArray dqkv3 = nd(dqkv).reshape('c', s.batch(), s.time(), 3L * s.model());
        INDArray dout3 = nd(dout).reshape('c', s.batch(), s.time(), s.model());
        INDArray probs4 = nd(probs).reshape('c', s.batch(), s.heads(), s.time(), s.time());
        float scale = (float) (1.0 / Math.sqrt(s.headDim()));
        for (int b = 0; b < s.batch(); b++) {
            for (int h = 0; h < s.heads(); h++) {
                INDArray q = slice(qkv3, b, 0, h, s);
                INDArray k = slice(qkv3, b, 1, h, s);
                INDArray v = slice(qkv3, b, 2, h, s);
                INDArray p = probs4.get(NDArrayIndex.point(b), NDArrayIndex.point(h), NDArrayIndex.all(), NDArrayIndex.all());
                INDArray dO = dout3.get(NDArrayIndex.point(b), NDArrayIndex.all(),
                        NDArrayIndex.interval((long) h * s.headDim(), (long) (h + 1) * s.headDim()));
                INDArray dP = dO.mmul(v.transpose());
                INDArray rowDot = p.mul(dP).sum(1).reshape(s.time(), 1);
                INDArray dS = p.mul(dP.subColumnVector(rowDot)).muli(scale);
                slice(dqkv3, b, 0, h, s).addi(dS.mmul(k));
                slice(dqkv3, b, 1, h, s).addi(dS.transpose().mmul(q));
                slice(dqkv3, b, 2, h, s).addi(p.transpose().mmul(dO));
            }
        }
    }

    @Override
    public void cachedAttention(Tensor qkv, Tensor keyCache, Tensor valueCache, int position, AttentionShape s,
                                Tensor out) {
        if (position < 0 || position >= s.time()) {
            throw new IllegalArgumentException("position " + position + " outside cache of " + s.time());
        }
        INDArray qkv2 = tensor(qkv).matrix(s.batch(), 3L * s.model());
        INDArray keys = nd(keyCache).reshape('c', s.batch(), s.heads(), s.time(), s.headDim());
        INDArray values = nd(valueCache).reshape('c', s.batch(), s.heads(), s.time(), s.headDim());
        INDArray out2 = tensor(out).matrix(s.batch(), s.model());
        float scale = (float) (1.0 / Math.sqrt(s.headDim()));
        for (int b = 0; b < s.batch(); b++) {
            for (int h = 0; h < s.heads(); h++) {
                INDArrayIndex cols = NDArrayIndex.interval((long) h * s.headDim(), (long) (h + 1) * s.headDim());
                INDArray q = qkv2.get(NDArrayIndex.point(b), cols).reshape(1, s.headDim());
                INDArray k = qkv2.get(NDArrayIndex.point(b), NDArrayIndex.interval(
                        (long) s.model() + (long) h * s.headDim(), (long) s.model() + (long) (h + 1) * s.headDim()));
                INDArray v = qkv2.get(NDArrayIndex.point(b), NDArrayIndex.interval(
                        2L * s.model() + (long) h * s.headDim(), 2L * s.model() + (long) (h + 1) * s.headDim()));
                keys.get(NDArrayIndex.point(b), NDArrayIndex.point(h), NDArrayIndex.point(position), NDArrayIndex.all())
                        .assign(k);
                values.get(NDArrayIndex.point(b), NDArrayIndex.point(h), NDArrayIndex.point(position), NDArrayIndex.all())
                        .assign(v);
                INDArray kSeen = keys.get(NDArrayIndex.point(b), NDArrayIndex.point(h),
                        NDArrayIndex.interval(0, position + 1), NDArrayIndex.all());
                INDArray vSeen = values.get(NDArrayIndex.point(b), NDArrayIndex.point(h),
                        NDArrayIndex.interval(0, position + 1), NDArrayIndex.all());
                INDArray p = softmax(q.mmul(kSeen.transpose()).muli(scale));
                out2.get(NDArrayIndex.point(b), cols).assign(p.mmul(vSeen).reshape(s.headDim()));
            }
        }
    }

    // ------------------------------------------------------------------ regularisation

    @Override
    public void dropout(Tensor x, float p, long seed, Tensor out, Tensor mask) {
        if (p < 0f || p >= 1f) {
            throw new IllegalArgumentException("dropout rate " + p + " outside [0, 1)");
        }
        int n = (int) nd(x).length();
        float[] m = new float[n];
        float keep = 1f / (1f - p);
        for (int i = 0; i < n; i++) {
            m[i] = Seeds.uniform(seed, i) >= p ? keep : 0f;
        }
        upload(m, mask);
        nd(out).assign(nd(x).mul(nd(mask)));
    }

    // ------------------------------------------------------------------ optimisers

    @Override
    public void adamW(Tensor param, Tensor grad, Tensor m, Tensor v, AdamWStep s) {
        INDArray p = nd(param);
        INDArray g = nd(grad);
        INDArray mm = nd(m);
        INDArray vv = nd(v);
        mm.muli(s.beta1()).addi(g.mul(1f - s.beta1()));
        vv.muli(s.beta2()).addi(g.mul(g).muli(1f - s.beta2()));
        double bc1 = 1 - Math.pow(s.beta1(), s.step());
        double bc2 = 1 - Math.pow(s.beta2(), s.step());
        INDArray denom = Transforms.sqrt(vv, true).divi(Math.sqrt(bc2)).addi(s.epsilon());
        p.muli(1f - s.lr() * s.weightDecay()).subi(mm.div(denom).muli(s.lr() / bc1));
    }

    @Override
    public void sgd(Tensor param, Tensor grad, Tensor velocity, float lr, float momentum, float weightDecay) {
        INDArray p = nd(param);
        INDArray d = nd(grad).add(p.mul(weightDecay));
        if (velocity != null) {
            INDArray vel = nd(velocity);
            vel.muli(momentum).addi(d);
            d = vel;
        } else if (momentum != 0f) {
            throw new IllegalArgumentException("sgd with momentum needs a velocity tensor");
        }
        p.subi(d.mul(lr));
    }

    @Override
    public double sumOfSquares(Tensor tensor) {
        INDArray d = nd(tensor).castTo(DataType.DOUBLE);
        return d.mul(d).sumNumber().doubleValue();
    }

    // ------------------------------------------------------------------ helpers

    private Nd4jTensor tensor(Tensor t) {
        if (!(t instanceof Nd4jTensor) || t.backend() != this) {
            throw new IllegalArgumentException("tensor " + t + " does not belong to this nd4j backend");
        }
        return (Nd4jTensor) t;
    }

    private INDArray nd(Tensor t) {
        return tensor(t).array;
    }
}
