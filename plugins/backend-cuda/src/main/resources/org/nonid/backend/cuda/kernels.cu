// The cuda backend's kernels, compiled at run time by NVRTC. Each thread computes whole outputs in
// a fixed order (no atomics, no shared-memory reductions), so that results never depend on the
// launch configuration: a row-wise kernel runs one thread per row, a column sum one per column.
// Semantics are those of org.nonid.api.compute.ComputeBackend and SequenceKernels.

// Built-in functions only: NVRTC compiles this without any header.
#define NEG_INF __int_as_float(0xff800000)

#define FOR_EACH(i, n) for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
                            i += (long long) blockDim.x * gridDim.x)

// ------------------------------------------------------------------ element-wise

extern "C" __global__ void fill_kernel(float* x, float value, int n) {
    FOR_EACH(i, n) { x[i] = value; }
}

extern "C" __global__ void add_kernel(const float* a, const float* b, float* out, int n) {
    FOR_EACH(i, n) { out[i] = a[i] + b[i]; }
}

extern "C" __global__ void axpy_kernel(float alpha, const float* x, float* y, int n) {
    FOR_EACH(i, n) { y[i] += alpha * x[i]; }
}

extern "C" __global__ void multiply_kernel(const float* a, const float* b, float* out, int n) {
    FOR_EACH(i, n) { out[i] = a[i] * b[i]; }
}

extern "C" __global__ void multiply_accumulate_kernel(const float* a, const float* b, float* out, int n) {
    FOR_EACH(i, n) { out[i] += a[i] * b[i]; }
}

extern "C" __global__ void scale_kernel(float* x, float alpha, int n) {
    FOR_EACH(i, n) { x[i] *= alpha; }
}

extern "C" __global__ void add_row_vector_kernel(float* x, int rows, int cols, const float* v) {
    FOR_EACH(i, (long long) rows * cols) { x[i] += v[i % cols]; }
}

extern "C" __global__ void multiply_row_vector_kernel(const float* x, int rows, int cols, const float* v, float* out,
                                                      int accumulate) {
    FOR_EACH(i, (long long) rows * cols) {
        float p = x[i] * v[i % cols];
        out[i] = accumulate ? out[i] + p : p;
    }
}

extern "C" __global__ void sum_rows_kernel(const float* x, int rows, int cols, float* out, int accumulate) {
    FOR_EACH(c, cols) {
        float s = 0.0f;
        for (int r = 0; r < rows; r++) {
            s += x[(long long) r * cols + c];
        }
        out[c] = accumulate ? out[c] + s : s;
    }
}

extern "C" __global__ void relu_kernel(const float* x, float* out, int n) {
    FOR_EACH(i, n) { out[i] = x[i] > 0.0f ? x[i] : 0.0f; }
}

extern "C" __global__ void relu_backward_kernel(const float* y, const float* dy, float* dx, int n) {
    FOR_EACH(i, n) {
        if (y[i] > 0.0f) {
            dx[i] += dy[i];
        }
    }
}

__device__ float sigmoid_of(float v) {
    return v >= 0.0f ? (float) (1.0 / (1.0 + exp(-(double) v))) : (float) (exp((double) v) / (1.0 + exp((double) v)));
}

extern "C" __global__ void sigmoid_kernel(const float* x, float* out, int n) {
    FOR_EACH(i, n) { out[i] = sigmoid_of(x[i]); }
}

extern "C" __global__ void sigmoid_backward_kernel(const float* y, const float* dy, float* dx, int n) {
    FOR_EACH(i, n) { dx[i] += dy[i] * y[i] * (1.0f - y[i]); }
}

extern "C" __global__ void tanh_kernel(const float* x, float* out, int n) {
    FOR_EACH(i, n) { out[i] = (float) tanh((double) x[i]); }
}

extern "C" __global__ void tanh_backward_kernel(const float* y, const float* dy, float* dx, int n) {
    FOR_EACH(i, n) { dx[i] += dy[i] * (1.0f - y[i] * y[i]); }
}

extern "C" __global__ void exp_kernel(const float* x, float* out, int n) {
    FOR_EACH(i, n) { out[i] = (float) exp((double) x[i]); }
}

extern "C" __global__ void softplus_kernel(const float* x, float* out, int n) {
    FOR_EACH(i, n) { out[i] = x[i] > 20.0f ? x[i] : (float) log1p(exp((double) x[i])); }
}

extern "C" __global__ void softplus_backward_kernel(const float* x, const float* dy, float* dx, int n) {
    FOR_EACH(i, n) { dx[i] += dy[i] * sigmoid_of(x[i]); }
}

extern "C" __global__ void copy_block_kernel(const float* src, int srcOffset, int srcStride, float* dst, int dstOffset,
                                             int dstStride, int rows, int cols, int accumulate) {
    FOR_EACH(i, (long long) rows * cols) {
        long long r = i / cols;
        long long c = i % cols;
        float v = src[srcOffset + r * srcStride + c];
        long long d = dstOffset + r * dstStride + c;
        dst[d] = accumulate ? dst[d] + v : v;
    }
}

// ------------------------------------------------------------------ rows: softmax, layer norm

extern "C" __global__ void softmax_rows_kernel(const float* x, int rows, int cols, float* out, int logarithm) {
    FOR_EACH(r, rows) {
        const float* row = x + r * cols;
        float* o = out + r * cols;
        float max = NEG_INF;
        for (int c = 0; c < cols; c++) {
            max = fmaxf(max, row[c]);
        }
        float sum = 0.0f;
        for (int c = 0; c < cols; c++) {
            sum += expf(row[c] - max);
        }
        if (logarithm) {
            float logSum = logf(sum);
            for (int c = 0; c < cols; c++) {
                o[c] = row[c] - max - logSum;
            }
        } else {
            for (int c = 0; c < cols; c++) {
                o[c] = expf(row[c] - max) / sum;
            }
        }
    }
}

extern "C" __global__ void softmax_rows_backward_kernel(const float* y, const float* dy, int rows, int cols,
                                                        float* dx) {
    FOR_EACH(r, rows) {
        long long base = r * cols;
        float dot = 0.0f;
        for (int c = 0; c < cols; c++) {
            dot += dy[base + c] * y[base + c];
        }
        for (int c = 0; c < cols; c++) {
            dx[base + c] += y[base + c] * (dy[base + c] - dot);
        }
    }
}

extern "C" __global__ void layer_norm_kernel(const float* x, const float* gamma, const float* beta, int rows, int cols,
                                             float eps, float* out, float* mean, float* rstd) {
    FOR_EACH(r, rows) {
        const float* row = x + r * cols;
        float mu = 0.0f;
        for (int c = 0; c < cols; c++) {
            mu += row[c];
        }
        mu /= cols;
        float var = 0.0f;
        for (int c = 0; c < cols; c++) {
            float d = row[c] - mu;
            var += d * d;
        }
        var /= cols;
        float inv = 1.0f / sqrtf(var + eps);
        mean[r] = mu;
        rstd[r] = inv;
        for (int c = 0; c < cols; c++) {
            out[r * cols + c] = (row[c] - mu) * inv * gamma[c] + beta[c];
        }
    }
}

extern "C" __global__ void layer_norm_backward_rows_kernel(const float* dy, const float* x, const float* gamma,
                                                           const float* mean, const float* rstd, int rows, int cols,
                                                           float* dx) {
    FOR_EACH(r, rows) {
        long long base = r * cols;
        float sumG = 0.0f;
        float sumGX = 0.0f;
        for (int c = 0; c < cols; c++) {
            float xhat = (x[base + c] - mean[r]) * rstd[r];
            float g = dy[base + c] * gamma[c];
            sumG += g;
            sumGX += g * xhat;
        }
        for (int c = 0; c < cols; c++) {
            float xhat = (x[base + c] - mean[r]) * rstd[r];
            float g = dy[base + c] * gamma[c];
            dx[base + c] += rstd[r] * (g - sumG / cols - xhat * sumGX / cols);
        }
    }
}

extern "C" __global__ void layer_norm_backward_columns_kernel(const float* dy, const float* x, const float* mean,
                                                              const float* rstd, int rows, int cols, float* dgamma,
                                                              float* dbeta) {
    FOR_EACH(c, cols) {
        float g = 0.0f;
        float b = 0.0f;
        for (int r = 0; r < rows; r++) {
            long long i = (long long) r * cols + c;
            g += dy[i] * (x[i] - mean[r]) * rstd[r];
            b += dy[i];
        }
        dgamma[c] += g;
        dbeta[c] += b;
    }
}

// ------------------------------------------------------------------ embedding and loss

extern "C" __global__ void embedding_kernel(const float* table, const int* ids, int rows, int cols, float scale,
                                            float* out) {
    FOR_EACH(i, (long long) rows * cols) {
        long long r = i / cols;
        out[i] = scale * table[(long long) ids[r] * cols + i % cols];
    }
}

extern "C" __global__ void embedding_backward_kernel(const float* dout, const int* ids, int rows, int cols,
                                                     float scale, float* dtable) {
    FOR_EACH(c, cols) {
        for (int r = 0; r < rows; r++) {
            dtable[(long long) ids[r] * cols + c] += scale * dout[(long long) r * cols + c];
        }
    }
}

// Per row: the weighted loss in double precision (the host adds the rows in order) and, when
// dlogits is not null, the gradient w (softmax - onehot).
extern "C" __global__ void cross_entropy_kernel(const float* logits, int rows, int cols, const int* targets,
                                                const float* weights, float* dlogits, double* rowLoss) {
    FOR_EACH(r, rows) {
        const float* row = logits + r * cols;
        double max = NEG_INF;
        for (int c = 0; c < cols; c++) {
            max = fmax(max, (double) row[c]);
        }
        double sum = 0.0;
        for (int c = 0; c < cols; c++) {
            sum += exp(row[c] - max);
        }
        double w = weights == 0 ? 1.0 : (double) weights[r];
        int t = targets[r];
        rowLoss[r] = w * (log(sum) - (row[t] - max));
        if (dlogits != 0) {
            for (int c = 0; c < cols; c++) {
                double p = exp(row[c] - max) / sum;
                dlogits[r * cols + c] = (float) (w * (p - (c == t ? 1.0 : 0.0)));
            }
        }
    }
}

extern "C" __global__ void partial_sum_of_squares_kernel(const float* x, int n, double* partial) {
    long long id = (long long) blockIdx.x * blockDim.x + threadIdx.x;
    long long stride = (long long) blockDim.x * gridDim.x;
    double s = 0.0;
    for (long long i = id; i < n; i += stride) {
        s += (double) x[i] * x[i];
    }
    partial[id] = s;
}

// ------------------------------------------------------------------ attention
// qkv is [batch * time, 3 * model] (query, key, value of a position, head-major inside each);
// keyPadding (bytes, may be null) flags keys no query may attend to.

__device__ float attention_score(const float* qkv, long long query, long long key, int model, int headOffset,
                                 int headDim, float scale) {
    const float* q = qkv + query * 3 * model + headOffset;
    const float* k = qkv + key * 3 * model + model + headOffset;
    float dot = 0.0f;
    for (int e = 0; e < headDim; e++) {
        dot += q[e] * k[e];
    }
    return dot * scale;
}

// A (sequence, head, position) thread of the attention kernels: id = (b heads + h) time + position.
struct AttentionThread {
    int position;
    int headOffset;
    long long first;
};

__device__ AttentionThread attention_thread(long long id, int time, int heads, int headDim) {
    AttentionThread a;
    a.position = (int) (id % time);
    a.headOffset = (int) ((id / time) % heads) * headDim;
    a.first = id / ((long long) time * heads) * time;
    return a;
}

// One thread per (sequence, head, query position): scores, softmax and the weighted values.
extern "C" __global__ void causal_attention_kernel(const float* qkv, int batch, int time, int heads, int headDim,
                                                   const unsigned char* keyPadding, float* out, float* probs) {
    int model = heads * headDim;
    float scale = rsqrtf((float) headDim);
    FOR_EACH(id, (long long) batch * heads * time) {
        AttentionThread a = attention_thread(id, time, heads, headDim);
        int i = a.position;
        long long first = a.first;
        int headOffset = a.headOffset;
        float max = NEG_INF;
        for (int j = 0; j <= i; j++) {
            if (keyPadding == 0 || !keyPadding[first + j]) {
                max = fmaxf(max, attention_score(qkv, first + i, first + j, model, headOffset, headDim, scale));
            }
        }
        float sum = 0.0f;
        for (int j = 0; j <= i; j++) {
            if (keyPadding == 0 || !keyPadding[first + j]) {
                sum += expf(attention_score(qkv, first + i, first + j, model, headOffset, headDim, scale) - max);
            }
        }
        float* o = out + (first + i) * model + headOffset;
        for (int e = 0; e < headDim; e++) {
            o[e] = 0.0f;
        }
        float* p = probs == 0 ? 0 : probs + id * time;
        for (int j = 0; j < time; j++) {
            float w = 0.0f;
            if (j <= i && sum > 0.0f && (keyPadding == 0 || !keyPadding[first + j])) {
                w = expf(attention_score(qkv, first + i, first + j, model, headOffset, headDim, scale) - max) / sum;
            }
            if (p != 0) {
                p[j] = w;
            }
            if (w != 0.0f) {
                const float* v = qkv + (first + j) * 3 * model + 2 * model + headOffset;
                for (int e = 0; e < headDim; e++) {
                    o[e] += w * v[e];
                }
            }
        }
    }
}

// Backward, first half, one thread per (sequence, head, query i): rowDot[i] = sum_j P_ij dP_ij with
// dP_ij = dout_i . v_j, and dq_i += scale sum_j P_ij (dP_ij - rowDot_i) k_j.
extern "C" __global__ void attention_backward_queries_kernel(const float* qkv, const float* probs, const float* dout,
                                                             int batch, int time, int heads, int headDim,
                                                             float* rowDot, float* dqkv) {
    int model = heads * headDim;
    float scale = rsqrtf((float) headDim);
    FOR_EACH(id, (long long) batch * heads * time) {
        AttentionThread a = attention_thread(id, time, heads, headDim);
        int i = a.position;
        long long first = a.first;
        int headOffset = a.headOffset;
        const float* p = probs + id * time;
        const float* g = dout + (first + i) * model + headOffset;
        float dot = 0.0f;
        for (int j = 0; j <= i; j++) {
            const float* v = qkv + (first + j) * 3 * model + 2 * model + headOffset;
            float dp = 0.0f;
            for (int e = 0; e < headDim; e++) {
                dp += g[e] * v[e];
            }
            dot += p[j] * dp;
        }
        rowDot[id] = dot;
        float* dq = dqkv + (first + i) * 3 * model + headOffset;
        for (int j = 0; j <= i; j++) {
            if (p[j] == 0.0f) {
                continue;
            }
            const float* v = qkv + (first + j) * 3 * model + 2 * model + headOffset;
            const float* k = qkv + (first + j) * 3 * model + model + headOffset;
            float dp = 0.0f;
            for (int e = 0; e < headDim; e++) {
                dp += g[e] * v[e];
            }
            float ds = p[j] * (dp - dot) * scale;
            for (int e = 0; e < headDim; e++) {
                dq[e] += ds * k[e];
            }
        }
    }
}

// Backward, second half, one thread per (sequence, head, key j): dv_j += sum_i P_ij dout_i and
// dk_j += scale sum_i P_ij (dP_ij - rowDot_i) q_i over the queries i >= j.
extern "C" __global__ void attention_backward_keys_kernel(const float* qkv, const float* probs, const float* dout,
                                                          int batch, int time, int heads, int headDim,
                                                          const float* rowDot, float* dqkv) {
    int model = heads * headDim;
    float scale = rsqrtf((float) headDim);
    FOR_EACH(id, (long long) batch * heads * time) {
        AttentionThread a = attention_thread(id, time, heads, headDim);
        int j = a.position;
        long long first = a.first;
        long long rowsOfHead = id - j;
        int headOffset = a.headOffset;
        const float* v = qkv + (first + j) * 3 * model + 2 * model + headOffset;
        float* dk = dqkv + (first + j) * 3 * model + model + headOffset;
        float* dv = dqkv + (first + j) * 3 * model + 2 * model + headOffset;
        for (int i = j; i < time; i++) {
            float pij = probs[(rowsOfHead + i) * time + j];
            if (pij == 0.0f) {
                continue;
            }
            const float* g = dout + (first + i) * model + headOffset;
            const float* q = qkv + (first + i) * 3 * model + headOffset;
            float dp = 0.0f;
            for (int e = 0; e < headDim; e++) {
                dp += g[e] * v[e];
                dv[e] += pij * g[e];
            }
            float ds = pij * (dp - rowDot[rowsOfHead + i]) * scale;
            for (int e = 0; e < headDim; e++) {
                dk[e] += ds * q[e];
            }
        }
    }
}

// Decoding: writes the newest key and value of each (sequence, head) into the caches
// ([batch, heads, cacheTime, headDim]) at position.
extern "C" __global__ void cache_store_kernel(const float* qkv, float* keyCache, float* valueCache, int position,
                                              int batch, int heads, int headDim, int cacheTime) {
    int model = heads * headDim;
    FOR_EACH(i, (long long) batch * model) {
        long long b = i / model;
        int within = (int) (i % model);
        int h = within / headDim;
        int e = within % headDim;
        long long slot = ((b * heads + h) * cacheTime + position) * headDim + e;
        keyCache[slot] = qkv[b * 3 * model + model + within];
        valueCache[slot] = qkv[b * 3 * model + 2 * model + within];
    }
}

// Decoding: one thread per (sequence, head) attends from the newest query to cached positions 0..position.
extern "C" __global__ void cached_attention_kernel(const float* qkv, const float* keyCache, const float* valueCache,
                                                   int position, int batch, int heads, int headDim, int cacheTime,
                                                   float* out) {
    int model = heads * headDim;
    float scale = rsqrtf((float) headDim);
    FOR_EACH(id, (long long) batch * heads) {
        long long b = id / heads;
        int h = (int) (id % heads);
        const float* q = qkv + b * 3 * model + h * headDim;
        const float* keys = keyCache + id * cacheTime * headDim;
        const float* values = valueCache + id * cacheTime * headDim;
        float max = NEG_INF;
        for (int j = 0; j <= position; j++) {
            float dot = 0.0f;
            for (int e = 0; e < headDim; e++) {
                dot += q[e] * keys[(long long) j * headDim + e];
            }
            max = fmaxf(max, dot * scale);
        }
        float sum = 0.0f;
        float* o = out + b * model + h * headDim;
        for (int e = 0; e < headDim; e++) {
            o[e] = 0.0f;
        }
        for (int j = 0; j <= position; j++) {
            float dot = 0.0f;
            for (int e = 0; e < headDim; e++) {
                dot += q[e] * keys[(long long) j * headDim + e];
            }
            float w = expf(dot * scale - max);
            sum += w;
            for (int e = 0; e < headDim; e++) {
                o[e] += w * values[(long long) j * headDim + e];
            }
        }
        for (int e = 0; e < headDim; e++) {
            o[e] /= sum;
        }
    }
}

// ------------------------------------------------------------------ dropout and optimisers

// The mask of org.nonid.api.random.Seeds.uniform: a 32-bit hash of (index, seed key), its top 24 bits.
extern "C" __global__ void dropout_kernel(const float* x, float p, unsigned int seedKey, float* out, float* mask,
                                          int n) {
    float keep = 1.0f / (1.0f - p);
    FOR_EACH(i, n) {
        unsigned int h = (unsigned int) i * 0x9E3779B9u + seedKey;
        h ^= h >> 16;
        h *= 0x7FEB352Du;
        h ^= h >> 15;
        h *= 0x846CA68Bu;
        h ^= h >> 16;
        float u = (float) (h >> 8) * 5.9604644775390625e-8f;
        float m = u >= p ? keep : 0.0f;
        mask[i] = m;
        out[i] = x[i] * m;
    }
}

extern "C" __global__ void adamw_kernel(float* param, const float* grad, float* m, float* v, float beta1, float beta2,
                                        float epsilon, float decay, float stepSize, float bc2Sqrt, int n) {
    FOR_EACH(i, n) {
        float g = grad[i];
        float mi = beta1 * m[i] + (1.0f - beta1) * g;
        float vi = beta2 * v[i] + (1.0f - beta2) * g * g;
        m[i] = mi;
        v[i] = vi;
        float denom = sqrtf(vi) / bc2Sqrt + epsilon;
        param[i] = param[i] * decay - mi / denom * stepSize;
    }
}

extern "C" __global__ void sgd_kernel(float* param, const float* grad, float* velocity, float lr, float momentum,
                                      float weightDecay, int n) {
    FOR_EACH(i, n) {
        float d = grad[i] + weightDecay * param[i];
        if (velocity != 0) {
            velocity[i] = momentum * velocity[i] + d;
            d = velocity[i];
        }
        param[i] -= lr * d;
    }
}

// ------------------------------------------------------------------ recurrent cells

__device__ float lstm_sigmoid(float v) {
    return (float) (1.0 / (1.0 + exp(-(double) v)));
}

// One thread per (sequence, unit): the LSTM cell of SequenceKernels.lstmCell.
extern "C" __global__ void lstm_cell_kernel(const float* gates, const float* cPrevious, int batch, int hidden, float* h,
                                            float* c, float* saved) {
    FOR_EACH(id, (long long) batch * hidden) {
        long long b = id / hidden;
        int u = (int) (id % hidden);
        const float* g = gates + b * 4 * hidden;
        float i = lstm_sigmoid(g[u]);
        float f = lstm_sigmoid(g[hidden + u]);
        float z = (float) tanh((double) g[2 * hidden + u]);
        float o = lstm_sigmoid(g[3 * hidden + u]);
        float previous = cPrevious == 0 ? 0.0f : cPrevious[id];
        float cell = f * previous + i * z;
        float tc = (float) tanh((double) cell);
        c[id] = cell;
        h[id] = o * tc;
        float* s = saved + b * 5 * hidden;
        s[u] = i;
        s[hidden + u] = f;
        s[2 * hidden + u] = z;
        s[3 * hidden + u] = o;
        s[4 * hidden + u] = tc;
    }
}

extern "C" __global__ void lstm_cell_backward_kernel(const float* saved, const float* cPrevious, const float* dh,
                                                     const float* dc, int batch, int hidden, float* dGates,
                                                     float* dcPrevious) {
    FOR_EACH(id, (long long) batch * hidden) {
        long long b = id / hidden;
        int u = (int) (id % hidden);
        const float* s = saved + b * 5 * hidden;
        float i = s[u];
        float f = s[hidden + u];
        float z = s[2 * hidden + u];
        float o = s[3 * hidden + u];
        float tc = s[4 * hidden + u];
        float dhv = dh == 0 ? 0.0f : dh[id];
        float dcv = (dc == 0 ? 0.0f : dc[id]) + dhv * o * (1.0f - tc * tc);
        float previous = cPrevious == 0 ? 0.0f : cPrevious[id];
        float* dg = dGates + b * 4 * hidden;
        dg[u] += dcv * z * i * (1.0f - i);
        dg[hidden + u] += dcv * previous * f * (1.0f - f);
        dg[2 * hidden + u] += dcv * i * (1.0f - z * z);
        dg[3 * hidden + u] += dhv * tc * o * (1.0f - o);
        if (dcPrevious != 0) {
            dcPrevious[id] += dcv * f;
        }
    }
}

// ------------------------------------------------------------------ RMSNorm and causal convolution

extern "C" __global__ void rms_norm_kernel(const float* x, const float* gamma, int rows, int cols, float eps, float* out,
                                           float* rstd) {
    FOR_EACH(r, rows) {
        const float* row = x + r * cols;
        double squares = 0.0;
        for (int c = 0; c < cols; c++) {
            squares += (double) row[c] * row[c];
        }
        float s = (float) (1.0 / sqrt(squares / cols + eps));
        rstd[r] = s;
        for (int c = 0; c < cols; c++) {
            out[r * cols + c] = row[c] * s * gamma[c];
        }
    }
}

extern "C" __global__ void rms_norm_backward_rows_kernel(const float* dy, const float* x, const float* gamma,
                                                         const float* rstd, int rows, int cols, float* dx) {
    FOR_EACH(r, rows) {
        long long o = r * cols;
        float s = rstd[r];
        double dot = 0.0;
        for (int c = 0; c < cols; c++) {
            dot += (double) dy[o + c] * gamma[c] * x[o + c];
        }
        float k = (float) (dot * s * s * s / cols);
        for (int c = 0; c < cols; c++) {
            dx[o + c] += dy[o + c] * gamma[c] * s - x[o + c] * k;
        }
    }
}

extern "C" __global__ void rms_norm_backward_columns_kernel(const float* dy, const float* x, const float* rstd, int rows,
                                                            int cols, float* dgamma) {
    FOR_EACH(c, cols) {
        float g = 0.0f;
        for (int r = 0; r < rows; r++) {
            long long i = (long long) r * cols + c;
            g += dy[i] * x[i] * rstd[r];
        }
        dgamma[c] += g;
    }
}

// x, out [batch * time, channels]; weight [kernel, channels]; one thread per output element.
extern "C" __global__ void causal_conv_kernel(const float* x, const float* weight, int batch, int time, int channels,
                                              int kernel, float* out) {
    FOR_EACH(i, (long long) batch * time * channels) {
        int c = (int) (i % channels);
        int t = (int) ((i / channels) % time);
        float sum = 0.0f;
        for (int j = 0; j < kernel && j <= t; j++) {
            sum += weight[j * channels + c] * x[i - (long long) j * channels];
        }
        out[i] = sum;
    }
}

// dx[b, t, c] += sum_j w[j, c] dout[b, t + j, c]: one thread per input element.
extern "C" __global__ void causal_conv_backward_input_kernel(const float* weight, const float* dout, int batch, int time,
                                                             int channels, int kernel, float* dx) {
    FOR_EACH(i, (long long) batch * time * channels) {
        int c = (int) (i % channels);
        int t = (int) ((i / channels) % time);
        float sum = 0.0f;
        for (int j = 0; j < kernel && t + j < time; j++) {
            sum += weight[j * channels + c] * dout[i + (long long) j * channels];
        }
        dx[i] += sum;
    }
}

// dw[j, c] += sum over sequences and t >= j of x[b, t - j, c] dout[b, t, c]: one thread per weight.
extern "C" __global__ void causal_conv_backward_weight_kernel(const float* x, const float* dout, int batch, int time,
                                                              int channels, int kernel, float* dweight) {
    FOR_EACH(id, (long long) kernel * channels) {
        int j = (int) (id / channels);
        int c = (int) (id % channels);
        float sum = 0.0f;
        for (int b = 0; b < batch; b++) {
            for (int t = j; t < time; t++) {
                long long o = ((long long) b * time + t) * channels + c;
                sum += x[o - (long long) j * channels] * dout[o];
            }
        }
        dweight[id] += sum;
    }
}

// ------------------------------------------------------------------ selective scan (Mamba)
// u, delta, y [batch * time, channels]; b, c [batch * time, state]; a [channels, state];
// states [batch * time, channels, state]; h the running state [batch, channels, state] (the carry, or scratch).

extern "C" __global__ void selective_scan_kernel(const float* u, const float* delta, const float* a, const float* bm,
                                                 const float* cm, int batch, int time, int channels, int state,
                                                 float* states, float* h, int fromCarry, float* y) {
    FOR_EACH(id, (long long) batch * channels) {
        long long b = id / channels;
        int d = (int) (id % channels);
        float* hs = h + id * state;
        if (!fromCarry) {
            for (int k = 0; k < state; k++) {
                hs[k] = 0.0f;
            }
        }
        for (int t = 0; t < time; t++) {
            long long r = b * time + t;
            float dt = delta[r * channels + d];
            float dtu = dt * u[r * channels + d];
            float acc = 0.0f;
            for (int k = 0; k < state; k++) {
                float hk = (float) exp((double) (dt * a[d * state + k])) * hs[k] + dtu * bm[r * state + k];
                hs[k] = hk;
                acc += cm[r * state + k] * hk;
                if (states != 0) {
                    states[(r * channels + d) * state + k] = hk;
                }
            }
            y[r * channels + d] = acc;
        }
    }
}

// Backward, per (sequence, channel), time reversed: du, ddelta; the state gradient of every step
// into g (for db) and this sequence's share of da into daPartial [batch, channels, state].
extern "C" __global__ void selective_scan_backward_kernel(const float* u, const float* delta, const float* a,
                                                          const float* bm, const float* cm, const float* states,
                                                          const float* dy, int batch, int time, int channels,
                                                          int state, float* du, float* ddelta, float* g,
                                                          float* gh, float* daPartial) {
    FOR_EACH(id, (long long) batch * channels) {
        long long b = id / channels;
        int d = (int) (id % channels);
        float* ghs = gh + id * state;
        float* da = daPartial + id * state;
        for (int k = 0; k < state; k++) {
            ghs[k] = 0.0f;
            da[k] = 0.0f;
        }
        for (int t = time - 1; t >= 0; t--) {
            long long r = b * time + t;
            long long at = r * channels + d;
            float dt = delta[at];
            float x = u[at];
            float gy = dy[at];
            long long here = at * state;
            long long before = here - (long long) channels * state;
            float ddt = 0.0f;
            float dx = 0.0f;
            for (int k = 0; k < state; k++) {
                float hPrev = t > 0 ? states[before + k] : 0.0f;
                float gk = ghs[k] + gy * cm[r * state + k];
                float ak = a[d * state + k];
                float decay = (float) exp((double) (dt * ak));
                ddt += gk * (hPrev * decay * ak + bm[r * state + k] * x);
                da[k] += gk * hPrev * decay * dt;
                g[here + k] = gk;
                dx += gk * dt * bm[r * state + k];
                ghs[k] = gk * decay;
            }
            ddelta[at] += ddt;
            du[at] += dx;
        }
    }
}

// dc[r, k] += sum_d dy[r, d] h[r, d, k]; db[r, k] += sum_d g[r, d, k] delta[r, d] u[r, d]: one thread per (r, k).
extern "C" __global__ void selective_scan_backward_inputs_kernel(const float* u, const float* delta,
                                                                 const float* states, const float* dy, const float* g,
                                                                 int rows, int channels, int state, float* db,
                                                                 float* dc) {
    FOR_EACH(id, (long long) rows * state) {
        long long r = id / state;
        int k = (int) (id % state);
        float sumC = 0.0f;
        float sumB = 0.0f;
        for (int d = 0; d < channels; d++) {
            long long at = r * channels + d;
            sumC += dy[at] * states[at * state + k];
            sumB += g[at * state + k] * delta[at] * u[at];
        }
        dc[id] += sumC;
        db[id] += sumB;
    }
}

extern "C" __global__ void selective_scan_backward_a_kernel(const float* daPartial, int batch, int channels, int state,
                                                            float* da) {
    FOR_EACH(id, (long long) channels * state) {
        float sum = 0.0f;
        for (int b = 0; b < batch; b++) {
            sum += daPartial[(long long) b * channels * state + id];
        }
        da[id] += sum;
    }
}

// ------------------------------------------------------------------ xLSTM

__device__ float log_sigmoid(float x) {
    return x >= 0.0f ? (float) -log1p(exp(-(double) x)) : (float) (x - log1p(exp((double) x)));
}

#define MLSTM_EPS 1e-6f

// The mLSTM scan, one thread per (sequence, head). q, k, v, h [batch * time, heads * headDim];
// iPre, fPre [batch * time, heads]; work holds each thread's C (headDim^2) and n (headDim);
// states [batch * time, heads, headDim^2 + headDim + 1]; carry [batch, heads, same] or null.
extern "C" __global__ void mlstm_scan_kernel(const float* q, const float* k, const float* v, const float* iPre,
                                             const float* fPre, int batch, int time, int heads, int dh,
                                             float* states, float* carry, float* work, float* h) {
    int width = heads * dh;
    long long perStep = (long long) dh * dh + dh + 1;
    FOR_EACH(id, (long long) batch * heads) {
        long long b = id / heads;
        int head = (int) (id % heads);
        float* c = work + id * (dh * dh + dh);
        float* n = c + dh * dh;
        float mPrev = NEG_INF;
        bool resumed = false;
        if (carry != 0) {
            const float* carried = carry + id * perStep;
            for (int j = 0; j < dh; j++) {
                resumed = resumed || carried[dh * dh + j] != 0.0f;
            }
            if (resumed) {
                for (int x = 0; x < dh * dh + dh; x++) {
                    c[x] = carried[x];
                }
                mPrev = carried[dh * dh + dh];
            }
        }
        if (!resumed) {
            for (int x = 0; x < dh * dh + dh; x++) {
                c[x] = 0.0f;
            }
        }
        for (int t = 0; t < time; t++) {
            long long row = b * time + t;
            long long at = row * width + (long long) head * dh;
            float ig = iPre[row * heads + head];
            float lf = log_sigmoid(fPre[row * heads + head]);
            float m = fmaxf(lf + mPrev, ig);
            float fp = (float) exp((double) (lf + mPrev - m));
            float ip = (float) exp((double) (ig - m));
            for (int i = 0; i < dh; i++) {
                float vi = ip * v[at + i];
                for (int j = 0; j < dh; j++) {
                    c[i * dh + j] = fp * c[i * dh + j] + vi * k[at + j];
                }
                n[i] = fp * n[i] + ip * k[at + i];
            }
            float den = 0.0f;
            for (int j = 0; j < dh; j++) {
                den += n[j] * q[at + j];
            }
            float scale = fmaxf(fabsf(den), (float) exp(-(double) m)) + MLSTM_EPS;
            for (int i = 0; i < dh; i++) {
                float num = 0.0f;
                for (int j = 0; j < dh; j++) {
                    num += c[i * dh + j] * q[at + j];
                }
                h[at + i] = num / scale;
            }
            if (states != 0) {
                float* saved = states + (row * heads + head) * perStep;
                for (int x = 0; x < dh * dh + dh; x++) {
                    saved[x] = c[x];
                }
                saved[dh * dh + dh] = m;
            }
            mPrev = m;
        }
        if (carry != 0) {
            float* carried = carry + id * perStep;
            for (int x = 0; x < dh * dh + dh; x++) {
                carried[x] = c[x];
            }
            carried[dh * dh + dh] = mPrev;
        }
    }
}

// The mLSTM backward, one thread per (sequence, head), time reversed; work holds each thread's
// gradients of C and n and two vectors of headDim.
extern "C" __global__ void mlstm_scan_backward_kernel(const float* q, const float* k, const float* v, const float* iPre,
                                                      const float* fPre, const float* states, const float* dhOut,
                                                      int batch, int time, int heads, int dh, float* work, float* dq,
                                                      float* dk, float* dv, float* di, float* df) {
    int width = heads * dh;
    long long perStep = (long long) dh * dh + dh + 1;
    FOR_EACH(id, (long long) batch * heads) {
        long long b = id / heads;
        int head = (int) (id % heads);
        float* gc = work + id * (dh * dh + 3 * dh);
        float* gn = gc + dh * dh;
        float* hv = gn + dh;
        float* dnum = hv + dh;
        for (int x = 0; x < dh * dh + dh; x++) {
            gc[x] = 0.0f;
        }
        for (int t = time - 1; t >= 0; t--) {
            long long row = b * time + t;
            long long at = row * width + (long long) head * dh;
            long long gate = row * heads + head;
            const float* saved = states + gate * perStep;
            const float* before = saved - heads * perStep;
            float m = saved[dh * dh + dh];
            float den = 0.0f;
            for (int j = 0; j < dh; j++) {
                den += saved[dh * dh + j] * q[at + j];
            }
            float floor = (float) exp(-(double) m);
            float scale = fmaxf(fabsf(den), floor) + MLSTM_EPS;
            float gh = 0.0f;
            for (int i = 0; i < dh; i++) {
                float num = 0.0f;
                for (int j = 0; j < dh; j++) {
                    num += saved[i * dh + j] * q[at + j];
                }
                hv[i] = num / scale;
                dnum[i] = dhOut[at + i] / scale;
                gh += dhOut[at + i] * hv[i];
            }
            float sign = den > 0.0f ? 1.0f : (den < 0.0f ? -1.0f : 0.0f);
            float dden = fabsf(den) > floor ? -gh * sign / scale : 0.0f;
            for (int j = 0; j < dh; j++) {
                float sum = saved[dh * dh + j] * dden;
                for (int i = 0; i < dh; i++) {
                    gc[i * dh + j] += dnum[i] * q[at + j];
                    sum += saved[i * dh + j] * dnum[i];
                }
                gn[j] += dden * q[at + j];
                dq[at + j] += sum;
            }
            float ig = iPre[gate];
            float lf = log_sigmoid(fPre[gate]);
            float ip = (float) exp((double) (ig - m));
            float mPrev = t > 0 ? before[dh * dh + dh] : 0.0f;
            float fp = t > 0 ? (float) exp((double) (lf + mPrev - m)) : 0.0f;
            float dInput = 0.0f;
            for (int i = 0; i < dh; i++) {
                float gk = 0.0f;
                for (int j = 0; j < dh; j++) {
                    gk += gc[i * dh + j] * k[at + j];
                }
                dv[at + i] += ip * gk;
                dInput += gk * v[at + i];
            }
            for (int j = 0; j < dh; j++) {
                float gv = gn[j];
                for (int i = 0; i < dh; i++) {
                    gv += gc[i * dh + j] * v[at + i];
                }
                dk[at + j] += ip * gv;
                dInput += gn[j] * k[at + j];
            }
            di[gate] += ip * dInput;
            if (t > 0) {
                float dForget = 0.0f;
                for (int x = 0; x < dh * dh; x++) {
                    dForget += gc[x] * before[x];
                }
                for (int j = 0; j < dh; j++) {
                    dForget += gn[j] * before[dh * dh + j];
                }
                df[gate] += fp * dForget * (1.0f - sigmoid_of(fPre[gate]));
            }
            for (int x = 0; x < dh * dh + dh; x++) {
                gc[x] *= fp;
            }
        }
    }
}

// One step of the sLSTM cell, one thread per (sequence, unit): raw [batch, 4 hidden] (i, f, z, o),
// previous [batch, 3 hidden] (y, c, n) or null, out [batch, 3 hidden], m [batch, hidden].
extern "C" __global__ void slstm_cell_kernel(const float* raw, const float* previous, const float* mPrevious, int batch,
                                             int hidden, float* out, float* m) {
    FOR_EACH(id, (long long) batch * hidden) {
        long long b = id / hidden;
        int u = (int) (id % hidden);
        const float* r = raw + b * 4 * hidden;
        float* o = out + b * 3 * hidden;
        float ig = r[u];
        float lf = log_sigmoid(r[hidden + u]);
        float z = (float) tanh((double) r[2 * hidden + u]);
        float og = sigmoid_of(r[3 * hidden + u]);
        float mu = previous == 0 ? ig : fmaxf(lf + mPrevious[id], ig);
        float ip = (float) exp((double) (ig - mu));
        float fp = previous == 0 ? 0.0f : (float) exp((double) (lf + mPrevious[id] - mu));
        float c = ip * z + (previous == 0 ? 0.0f : fp * previous[b * 3 * hidden + hidden + u]);
        float n = ip + (previous == 0 ? 0.0f : fp * previous[b * 3 * hidden + 2 * hidden + u]);
        o[u] = og * c / n;
        o[hidden + u] = c;
        o[2 * hidden + u] = n;
        m[id] = mu;
    }
}

extern "C" __global__ void slstm_cell_backward_kernel(const float* raw, const float* previous, const float* mPrevious,
                                                      const float* m, const float* out, const float* dout, int batch,
                                                      int hidden, float* draw, float* dprevious) {
    FOR_EACH(id, (long long) batch * hidden) {
        long long b = id / hidden;
        int u = (int) (id % hidden);
        long long r = b * 4 * hidden;
        long long o = b * 3 * hidden;
        float ig = raw[r + u];
        float fRaw = raw[r + hidden + u];
        float z = (float) tanh((double) raw[r + 2 * hidden + u]);
        float og = sigmoid_of(raw[r + 3 * hidden + u]);
        float mu = m[id];
        float ip = (float) exp((double) (ig - mu));
        float c = out[o + hidden + u];
        float n = out[o + 2 * hidden + u];
        float dy = dout[o + u];
        float dc = dout[o + hidden + u] + dy * og / n;
        float dn = dout[o + 2 * hidden + u] - dy * og * c / (n * n);
        draw[r + 3 * hidden + u] += dy * c / n * og * (1.0f - og);
        draw[r + 2 * hidden + u] += dc * ip * (1.0f - z * z);
        draw[r + u] += (dc * z + dn) * ip;
        if (previous != 0) {
            float fp = (float) exp((double) (log_sigmoid(fRaw) + mPrevious[id] - mu));
            float cPrev = previous[o + hidden + u];
            float nPrev = previous[o + 2 * hidden + u];
            draw[r + hidden + u] += (dc * cPrev + dn * nPrev) * fp * (1.0f - sigmoid_of(fRaw));
            dprevious[o + hidden + u] += dc * fp;
            dprevious[o + 2 * hidden + u] += dn * fp;
        }
    }
}
