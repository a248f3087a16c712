#!/usr/bin/env python3
"""PyTorch CPU reference timings for NonID's Mamba and xLSTM families at the P2 size.

Plain PyTorch, float32, CPU, no custom kernels: the selective scan and the sLSTM cell are Python
loops over time, the mLSTM cell uses its parallel (quadratic, stabilised) form for whole
sequences. The architectures, defaults and parameter shapes are those of NonID's Java models
(plugins/model-mamba, plugins/model-xlstm; kernels as documented in
platform/api/.../compute/SequenceKernels.java), so that the parameter count is NonID's to the
number and the arithmetic is the same; see the per-class comments for every parameter tensor.

What is timed is the same work as org.nonid.bench.Bench and shared/bench/torch_baseline.py:
  * one AdamW step (forward, mean token cross-entropy over every position of the batch including
    PAD targets, backward, update) on a batch of 128 aNbN sequences (M = 256: 257 positions),
    lr 2e-3 constant, betas (0.9, 0.999), eps 1e-8, weight decay 0.01, as Bench.java;
    median over the steps after --warmup (--steps counts the warm-up steps, as torch_baseline.py);
  * greedy decoding of all 256 length-8 a/b prompts after SOS, exactly --gen-tokens new tokens
    each (no early stop). --decode prefix (the default) recomputes the whole prefix for every
    new token, as torch_baseline.py does; --decode step carries the recurrent state one position
    at a time (what NonID's MambaDecoder / XlstmDecoder do); --decode prefix,step times both.
Neither family uses dropout (NonID's ModelBase gets rate 0 from both), so none is applied here.

P2 size (the defaults):
  MALLOC_MMAP_MAX_=0 MALLOC_TRIM_THRESHOLD_=68719476736 /usr/bin/python3 bench/torch/ssm_baseline.py \
      --models mamba,xlstm --steps 10 --warmup 2 --threads 1 --gen-tokens 64
Parameter counts only (no training): --params-only. Prefix-vs-step consistency: --self-check.
Prints one JSON line per model, with the keys of torch_baseline.py. Run with /usr/bin/python3.
"""
import argparse
import itertools
import json
import math
import os
import resource
import statistics
import subprocess
import sys
import time

SOS, EOS, PAD, A, B = 0, 1, 2, 3, 4  # org.nonid.api.language.Vocabulary ids; aNbN symbols a, b
VOCAB = 5
MODELS = ("mamba", "xlstm")


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--steps", type=int, default=10, help="optimizer steps per model, warm-up included")
    p.add_argument("--warmup", type=int, default=2, help="steps left out of the median")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--max-length", type=int, default=256, help="M: words of up to M symbols, M+1 positions")
    p.add_argument("--batch-size", type=int, default=128)
    p.add_argument("--lr", type=float, default=0.002)
    p.add_argument("--warmup-sched", type=int, default=0,
                   help="inverse-sqrt LR warm-up steps as torch_baseline.py; 0 = constant LR (Bench.java)")
    p.add_argument("--prompt-length", type=int, default=8)
    p.add_argument("--gen-tokens", type=int, default=64)
    p.add_argument("--decode", default="prefix", help="prefix, step or prefix,step (the first one is gen_prompts_per_s)")
    p.add_argument("--log-every", type=int, default=0, help="print loss to stderr every N steps")
    p.add_argument("--params-only", action="store_true", help="build the model, print its parameter counts, exit")
    p.add_argument("--self-check", action="store_true",
                   help="check that prefix and step decoding give the same log-probabilities, then exit")
    # Mamba (MambaSettings defaults = P2)
    p.add_argument("--mamba-d", type=int, default=32, help="dModel")
    p.add_argument("--mamba-layers", type=int, default=10)
    p.add_argument("--mamba-state", type=int, default=16, help="dState")
    p.add_argument("--mamba-conv", type=int, default=8, help="dConv")
    p.add_argument("--mamba-expand", type=int, default=2)
    p.add_argument("--mamba-dt-rank", type=int, default=0, help="0 = ceil(dModel / 16)")
    # xLSTM (XlstmSettings defaults = P2)
    p.add_argument("--xlstm-d", type=int, default=64, help="embedding")
    p.add_argument("--xlstm-blocks", type=int, default=6)
    p.add_argument("--xlstm-slstm-at", default="1", help="comma-separated sLSTM block indices")
    p.add_argument("--xlstm-heads", type=int, default=4)
    p.add_argument("--xlstm-conv", type=int, default=4, help="convKernel")
    p.add_argument("--xlstm-qkv-block", type=int, default=4, help="qkvBlockSize")
    p.add_argument("--xlstm-proj-factor", type=float, default=2.0)
    p.add_argument("--xlstm-ff-proj-factor", type=float, default=1.3)
    p.add_argument("--norm-eps", type=float, default=1e-5, help="RMSNorm / LayerNorm epsilon (both families)")
    return p.parse_args()


args = parse_args()
# Thread counts must be fixed before torch (and its BLAS) is loaded.
for var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[var] = str(args.threads)

import torch  # noqa: E402
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402


# ---------------------------------------------------------------- shared layers
def fan_in_uniform_(t, fan_in):
    """NonID's Init.fanInUniform: uniform on [-1/sqrt(fanIn), 1/sqrt(fanIn))."""
    bound = 1.0 / math.sqrt(fan_in)
    with torch.no_grad():
        return t.uniform_(-bound, bound)


def rms_norm(x, gain, eps):
    """x / sqrt(mean(x^2) + eps) * gain (SequenceKernels.rmsNorm)."""
    return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * gain


def head_norm(x, gain, heads, eps):
    """HeadNorm: layer norm within each head (no affine), then a gain per unit."""
    shape = x.shape
    y = F.layer_norm(x.reshape(*shape[:-1], heads, shape[-1] // heads), (shape[-1] // heads,), eps=eps)
    return y.reshape(shape) * gain


def depthwise_conv(channels, kernel):
    """SequenceKernels.causalConv plus its bias: out[t, c] = sum_j w[j, c] x[t - j, c] + b[c].

    nn.Conv1d holds the taps oldest-first (torch weight[c, 0, k] = NonID weight[kernel-1-k, c]); the
    causal cut is padding kernel-1 on both sides and keeping the first T outputs. Parameters:
    weight [channels, 1, kernel] (NonID [kernel, channels]) and bias [channels], both uniform with
    bound 1/sqrt(kernel) as NonID initialises them.
    """
    conv = nn.Conv1d(channels, channels, kernel, groups=channels, padding=kernel - 1)
    fan_in_uniform_(conv.weight, kernel)
    fan_in_uniform_(conv.bias, kernel)
    return conv


def conv_sequence(conv, x):
    """The causal convolution over x [B, T, C] -> [B, T, C] (bias included)."""
    return conv(x.transpose(1, 2))[..., : x.size(1)].transpose(1, 2)


def conv_step(conv, window, x):
    """One position: shifts x [B, C] into window [B, K-1, C] (the previous inputs, oldest first,
    zeros before the start) and returns (output [B, C] with bias, new window)."""
    full = torch.cat([window, x.unsqueeze(1)], dim=1)  # [B, K, C]
    out = (full * conv.weight[:, 0, :].t()).sum(1) + conv.bias
    return out, full[:, 1:]


class HeadwiseLinear(nn.Module):
    """A block-diagonal map held as its blocks: input block g feeds output block g only.

    weight [blocks, in/blocks, out/blocks] (NonID: [in, out/blocks], the same numbers), normal.
    """

    def __init__(self, features_in, features_out, blocks, std):
        super().__init__()
        self.blocks = blocks
        self.weight = nn.Parameter(torch.randn(blocks, features_in // blocks, features_out // blocks) * std)

    def forward(self, x):
        lead = x.shape[:-1]
        y = torch.einsum("...gi,gio->...go", x.reshape(*lead, self.blocks, -1), self.weight)
        return y.reshape(*lead, -1)


def linear(features_in, features_out, bias, std=None):
    """nn.Linear; weight [out, in] (NonID [in, out]). std None = NonID's default (uniform 1/sqrt(in))."""
    layer = nn.Linear(features_in, features_out, bias=bias)
    if std is None:
        fan_in_uniform_(layer.weight, features_in)
    else:
        with torch.no_grad():
            layer.weight.normal_(0.0, std)
    if bias:
        fan_in_uniform_(layer.bias, features_in)
    return layer


# ---------------------------------------------------------------- Mamba
class MambaBlock(nn.Module):
    """x + out(ssm(silu(conv(in_x(rmsnorm(x))))) * silu(in_z(rmsnorm(x)))) (NonID MambaBlock).

    Parameters (d = dModel, di = expand*d, N = dState, K = dConv, r = dtRank); NonID shape -> here:
      norm                [d]                 -> norm [d]                          ones
      inProjection.weight [d, 2di]            -> in_proj.weight [2di, d]           (no bias)
      conv.weight         [K, di]             -> conv.weight [di, 1, K]
      conv.bias           [di]                -> conv.bias [di]
      xProjection.weight  [di, r + 2N]        -> x_proj.weight [r + 2N, di]        (no bias)
      dtProjection.weight [r, di]             -> dt_proj.weight [di, r]
      dtProjection.bias   [di]                -> dt_proj.bias [di]                 softplus^-1(dt), dt log-uniform
      aLog                [di, N]             -> a_log [di, N]                     log(1..N); A = -exp(aLog)
      skip                [di]                -> skip [di]                         ones (the SSM's D)
      outProjection.weight[di, d]             -> out_proj.weight [d, di]           (no bias)
    P2: 32 + 4096 + 512 + 64 + 2176 + 128 + 64 + 1024 + 64 + 2048 = 10,208 per block.
    """

    def __init__(self, d, d_state, d_conv, expand, dt_rank, eps):
        super().__init__()
        di = expand * d
        self.di, self.n, self.r, self.k, self.eps = di, d_state, dt_rank, d_conv, eps
        self.norm = nn.Parameter(torch.ones(d))
        self.in_proj = linear(d, 2 * di, bias=False)
        self.conv = depthwise_conv(di, d_conv)
        self.x_proj = linear(di, dt_rank + 2 * d_state, bias=False)
        self.dt_proj = nn.Linear(dt_rank, di)
        fan_in_uniform_(self.dt_proj.weight, dt_rank)
        dt = torch.exp(torch.rand(di, dtype=torch.float64) * (math.log(0.1) - math.log(1e-3)) + math.log(1e-3))
        dt = dt.clamp(min=1e-4)
        with torch.no_grad():
            self.dt_proj.bias.copy_((dt + torch.log(-torch.expm1(-dt))).float())
        self.a_log = nn.Parameter(torch.log(torch.arange(1, d_state + 1, dtype=torch.float32)).repeat(di, 1))
        self.skip = nn.Parameter(torch.ones(di))
        self.out_proj = linear(di, d, bias=False)

    def _ssm_inputs(self, xs):
        dbc = self.x_proj(xs)
        delta = F.softplus(self.dt_proj(dbc[..., : self.r]))
        return delta, dbc[..., self.r: self.r + self.n], dbc[..., self.r + self.n:], -torch.exp(self.a_log)

    def forward(self, x):
        """x [B, T, d]. The selective scan h_t = exp(delta_t A) h_(t-1) + delta_t B_t u_t, y_t = C_t . h_t
        (SequenceKernels.selectiveScan) as a loop over time from h_0 = 0."""
        xz = self.in_proj(rms_norm(x, self.norm, self.eps))
        u = F.silu(conv_sequence(self.conv, xz[..., : self.di]))
        delta, bm, cm, a = self._ssm_inputs(u)
        decay = torch.exp(delta.unsqueeze(-1) * a)                      # [B, T, di, N]
        drive = (delta * u).unsqueeze(-1) * bm.unsqueeze(2)             # [B, T, di, N]
        h = x.new_zeros(x.size(0), self.di, self.n)
        states = []
        # unbind, not decay[:, t]: the backward of one unbind stacks the T gradients once, where T
        # indexing ops would each add a whole [B, T, di, N] gradient (quadratic in T)
        for decay_t, drive_t in zip(decay.unbind(1), drive.unbind(1)):
            h = decay_t * h + drive_t
            states.append(h)
        y = torch.einsum("btcn,btn->btc", torch.stack(states, dim=1), cm) + u * self.skip
        return x + self.out_proj(y * F.silu(xz[..., self.di:]))

    def start(self, batch):
        return (torch.zeros(batch, self.k - 1, self.di), torch.zeros(batch, self.di, self.n))

    def step(self, x, state):
        """One position x [B, d] with (conv window, scan state); returns (x', state')."""
        window, h = state
        xz = self.in_proj(rms_norm(x, self.norm, self.eps))
        conv, window = conv_step(self.conv, window, xz[..., : self.di])
        u = F.silu(conv)
        delta, bm, cm, a = self._ssm_inputs(u)
        h = torch.exp(delta.unsqueeze(-1) * a) * h + (delta * u).unsqueeze(-1) * bm.unsqueeze(1)
        y = (h * cm.unsqueeze(1)).sum(-1) + u * self.skip
        return x + self.out_proj(y * F.silu(xz[..., self.di:])), (window, h)


class MambaLM(nn.Module):
    """Embedding, residual Mamba blocks, final RMSNorm, head tied to the embedding (NonID MambaModel).

    Parameters: embedding [V, d] (normal, std 1; also the head, no bias), layers x MambaBlock,
    finalNorm [d] (ones). P2 (V 5, d 32, 10 layers): 160 + 10 * 10,208 + 32 = 102,272.
    """

    def __init__(self, d=32, layers=10, d_state=16, d_conv=8, expand=2, dt_rank=0, eps=1e-5):
        super().__init__()
        self.eps = eps
        dt_rank = dt_rank or (d + 15) // 16
        self.embedding = nn.Parameter(torch.randn(VOCAB, d))
        self.blocks = nn.ModuleList(MambaBlock(d, d_state, d_conv, expand, dt_rank, eps) for _ in range(layers))
        self.final_norm = nn.Parameter(torch.ones(d))

    def forward(self, tokens):
        """tokens [B, T] -> logits [B, T, V]."""
        x = F.embedding(tokens, self.embedding)
        for block in self.blocks:
            x = block(x)
        return rms_norm(x, self.final_norm, self.eps) @ self.embedding.t()

    def start(self, batch):
        return [block.start(batch) for block in self.blocks]

    def step(self, tokens, states):
        """tokens [B] -> (logits [B, V], states)."""
        x = F.embedding(tokens, self.embedding)
        out = []
        for block, state in zip(self.blocks, states):
            x, state = block.step(x, state)
            out.append(state)
        return rms_norm(x, self.final_norm, self.eps) @ self.embedding.t(), out


def mamba_nonid_params(v, d, layers, n, k, expand, rank):
    """NonID's count, read off MambaModel/MambaBlock (Parameter::size summed)."""
    rank = rank or (d + 15) // 16
    di = expand * d
    block = d + d * 2 * di + k * di + di + di * (rank + 2 * n) + rank * di + di + di * n + di + di * d
    return v * d + layers * block + d


# ---------------------------------------------------------------- xLSTM
def mlstm_parallel(q, k, v, i_pre, f_pre, eps=1e-6):
    """The mLSTM cell of SequenceKernels.mlstmScan over whole sequences, in its parallel form.

    q, k, v [B, H, T, dh] (k already scaled by 1/sqrt(dh)), i_pre, f_pre [B, H, T]. With
    F_t = sum_{r<=t} logsigmoid(f_r) and log D_ts = F_t - F_s + i_s (s <= t), the recurrent stabiliser
    is m_t = max_s log D_ts, C~_t q_t = sum_s exp(log D_ts - m_t) (q_t.k_s) v_s, n~_t.q_t likewise without
    v_s, and h_t = C~_t q_t / (max(|n~_t.q_t|, exp(-m_t)) + 1e-6): the recurrence, unrolled. m is a
    constant for the gradients, as in NonID's backward kernel.
    """
    t = q.size(2)
    log_f = torch.cumsum(F.logsigmoid(f_pre), dim=-1)                       # [B, H, T]
    log_d = log_f.unsqueeze(-1) - log_f.unsqueeze(-2) + i_pre.unsqueeze(-2)  # [B, H, T(t), T(s)]
    causal = torch.ones(t, t, dtype=torch.bool).tril()
    log_d = log_d.masked_fill(~causal, float("-inf"))
    m = log_d.max(dim=-1, keepdim=True).values.detach()                     # [B, H, T, 1]
    scores = (q @ k.transpose(-1, -2)) * torch.exp(log_d - m)
    den = torch.maximum(scores.sum(-1, keepdim=True).abs(), torch.exp(-m)) + eps
    return (scores @ v) / den


def mlstm_step(q, k, v, i_pre, f_pre, state, eps=1e-6):
    """One position of the same cell, recurrently: q, k, v [B, H, dh], gates [B, H], state (C [B, H, dh, dh]
    with C[i, j] ~ v_i k_j, n [B, H, dh], m [B, H]; m = -inf before the first position)."""
    c, n, m_prev = state
    log_f = F.logsigmoid(f_pre)
    m = torch.maximum(log_f + m_prev, i_pre)
    fp = torch.exp(log_f + m_prev - m)
    ip = torch.exp(i_pre - m)
    c = fp[..., None, None] * c + ip[..., None, None] * v.unsqueeze(-1) * k.unsqueeze(-2)
    n = fp[..., None] * n + ip[..., None] * k
    den = torch.maximum((n * q).sum(-1).abs(), torch.exp(-m)) + eps
    h = (c @ q.unsqueeze(-1)).squeeze(-1) / den[..., None]
    return h, (c, n, m)


class MlstmBlock(nn.Module):
    """x + down((headnorm(mlstm(q, k, v)) + skip * c) * silu(z)), [a z] = up(layernorm(x)),
    c = silu(conv(a)), q, k = headwise(c), v = headwise(a), gates linear in [q k v] (NonID MlstmBlock).

    Parameters (d embedding, I = projFactor*d, H heads, K convKernel, Q qkvBlockSize); NonID -> here:
      norm               [d]            -> norm [d]                    ones (LayerNorm gain, no bias)
      up.weight          [d, 2I]        -> up.weight [2I, d]           normal sqrt(2/(5d)), no bias
      conv.weight        [K, I]         -> conv.weight [I, 1, K]
      conv.bias          [I]            -> conv.bias [I]
      query/key/value    [I, Q] each    -> query/key/value.weight [I/Q, Q, Q]   normal sqrt(2/(5Q))
      inputGate.weight   [3I, H]        -> input_gate.weight [H, 3I]   zeros
      inputGate.bias     [H]            -> input_gate.bias [H]         normal 0.1
      forgetGate.weight  [3I, H]        -> forget_gate.weight [H, 3I]  zeros
      forgetGate.bias    [H]            -> forget_gate.bias [H]        linspace(3, 6)
      headNorm           [I]            -> head_norm [I]               ones
      skip               [I]            -> skip [I]                    ones
      down.weight        [I, d]         -> down.weight [d, I]          normal 2/blocks/sqrt(d), no bias
    P2 (d 64, I 128, H 4, K 4, Q 4): 64 + 16384 + 512 + 128 + 3*512 + 1536 + 4 + 1536 + 4 + 128 + 128
    + 8192 = 30,152 per block.
    """

    def __init__(self, d, inner, heads, conv_kernel, qkv_block, blocks, eps):
        super().__init__()
        self.inner, self.heads, self.k, self.eps = inner, heads, conv_kernel, eps
        self.dh = inner // heads
        small = math.sqrt(2.0 / (5 * d))
        self.norm = nn.Parameter(torch.ones(d))
        self.up = linear(d, 2 * inner, bias=False, std=small)
        self.conv = depthwise_conv(inner, conv_kernel)
        qkv_std = math.sqrt(2.0 / (5 * qkv_block))
        self.query = HeadwiseLinear(inner, inner, inner // qkv_block, qkv_std)
        self.key = HeadwiseLinear(inner, inner, inner // qkv_block, qkv_std)
        self.value = HeadwiseLinear(inner, inner, inner // qkv_block, qkv_std)
        self.input_gate = nn.Linear(3 * inner, heads)
        self.forget_gate = nn.Linear(3 * inner, heads)
        with torch.no_grad():
            self.input_gate.weight.zero_()
            self.input_gate.bias.normal_(0.0, 0.1)
            self.forget_gate.weight.zero_()
            self.forget_gate.bias.copy_(torch.linspace(3.0, 6.0, heads) if heads > 1 else torch.tensor([3.0]))
        self.head_norm = nn.Parameter(torch.ones(inner))
        self.skip = nn.Parameter(torch.ones(inner))
        self.down = linear(inner, d, bias=False, std=2.0 / blocks / math.sqrt(d))

    def _inputs(self, x):
        az = self.up(F.layer_norm(x, x.shape[-1:], self.norm, None, self.eps))
        return az[..., : self.inner], az[..., self.inner:]

    def _gates(self, a, c):
        q, k, v = self.query(c), self.key(c), self.value(a)
        qkv = torch.cat([q, k, v], dim=-1)
        return q, k / math.sqrt(self.dh), v, self.input_gate(qkv), self.forget_gate(qkv)

    def _out(self, x, h, c, z):
        return x + self.down((head_norm(h, self.head_norm, self.heads, self.eps) + c * self.skip) * F.silu(z))

    def forward(self, x):
        b, t, _ = x.shape
        a, z = self._inputs(x)
        c = F.silu(conv_sequence(self.conv, a))
        q, k, v, i_pre, f_pre = self._gates(a, c)

        def heads(y):  # [B, T, H*dh] -> [B, H, T, dh]
            return y.reshape(b, t, self.heads, self.dh).transpose(1, 2)

        h = mlstm_parallel(heads(q), heads(k), heads(v), i_pre.transpose(1, 2), f_pre.transpose(1, 2))
        return self._out(x, h.transpose(1, 2).reshape(b, t, self.inner), c, z)

    def start(self, batch):
        return (torch.zeros(batch, self.k - 1, self.inner), torch.zeros(batch, self.heads, self.dh, self.dh),
                torch.zeros(batch, self.heads, self.dh), torch.full((batch, self.heads), float("-inf")))

    def step(self, x, state):
        window, cell = state[0], state[1:]
        b = x.size(0)
        a, z = self._inputs(x)
        conv, window = conv_step(self.conv, window, a)
        c = F.silu(conv)
        q, k, v, i_pre, f_pre = self._gates(a, c)
        h, cell = mlstm_step(q.view(b, self.heads, self.dh), k.view(b, self.heads, self.dh),
                             v.view(b, self.heads, self.dh), i_pre, f_pre, cell)
        return self._out(x, h.reshape(b, self.inner), c, z), (window,) + cell


class SlstmBlock(nn.Module):
    """x = x + headnorm(slstm(layernorm(x))); x = x + down(gelu(g) * u), [g u] = up(layernorm(x))
    (NonID SlstmBlock). Gate pre-activations [i f z o] + bias: i, f from silu(conv(normed) + b_conv)
    and z, o from normed, each by a head-wise map; plus y_(t-1) R with R block-diagonal over heads.

    Parameters (d embedding, H heads, K convKernel, FF = ceil(ffProjFactor*d)); NonID -> here:
      norm                 [d]          -> norm [d]                        ones
      conv.weight          [K, d]       -> conv.weight [d, 1, K]
      conv.bias            [d]          -> conv.bias [d]
      inputGate/forgetGate/cellGate/outputGate [d, d/H] each -> gates.{i,f,z,o}.weight [H, d/H, d/H]
      recurrent            [d, 4d]      -> recurrent [d, 4d]               zeros, times a 0/1 block mask
                                          (full matrix as NonID's BlockDiagonal: only 4d^2/H entries learn)
      bias                 [4d]         -> bias [4d]                       f part linspace(3, 6), else 0
      headNorm             [d]          -> head_norm [d]                   ones
      feedForward.norm     [d]          -> ff_norm [d]                     ones
      feedForward.up       [d, 2FF]     -> ff_up.weight [2FF, d]           normal sqrt(2/(5d)), no bias
      feedForward.down     [FF, d]      -> ff_down.weight [d, FF]          normal 2/blocks/sqrt(d), no bias
    P2 (d 64, H 4, K 4, FF 84): 64 + 256 + 64 + 4*1024 + 16384 + 256 + 64 + 64 + 10752 + 5376 = 37,376
    (25,088 without the 12,288 masked zeros of the recurrent matrix).
    """

    def __init__(self, d, heads, conv_kernel, ff, blocks, eps):
        super().__init__()
        self.d, self.heads, self.k, self.ff, self.eps = d, heads, conv_kernel, ff, eps
        small = math.sqrt(2.0 / (5 * d))
        self.norm = nn.Parameter(torch.ones(d))
        self.conv = depthwise_conv(d, conv_kernel)
        self.gates = nn.ModuleDict({g: HeadwiseLinear(d, d, heads, small) for g in "ifzo"})
        dh = d // heads
        rows = torch.arange(d).unsqueeze(1) // dh
        cols = (torch.arange(4 * d).unsqueeze(0) % d) // dh
        self.register_buffer("mask", (rows == cols).float())
        self.recurrent = nn.Parameter(torch.zeros(d, 4 * d))
        bias = torch.zeros(4 * d)
        bias[d: 2 * d] = torch.linspace(3.0, 6.0, d) if d > 1 else 3.0
        self.bias = nn.Parameter(bias)
        self.head_norm = nn.Parameter(torch.ones(d))
        self.ff_norm = nn.Parameter(torch.ones(d))
        self.ff_up = linear(d, 2 * ff, bias=False, std=small)
        self.ff_down = linear(ff, d, bias=False, std=2.0 / blocks / math.sqrt(d))

    def _raw(self, normed, conv):
        c = F.silu(conv)
        g = self.gates
        return torch.cat([g["i"](c), g["f"](c), g["z"](normed), g["o"](normed)], dim=-1) + self.bias

    @staticmethod
    def _cell(raw, state):
        """SequenceKernels.slstmCell: raw [B, 4d], state (c, n, m) or None; returns y, (c, n, m).
        The stabiliser m is a constant for the gradients, as in NonID's backward kernel."""
        i, f, z, o = raw.chunk(4, dim=-1)
        log_f = F.logsigmoid(f)
        if state is None:
            m = i.detach()
            ip = torch.exp(i - m)
            c, n = ip * torch.tanh(z), ip
        else:
            c_prev, n_prev, m_prev = state
            m = torch.maximum(log_f + m_prev, i).detach()
            ip = torch.exp(i - m)
            fp = torch.exp(log_f + m_prev - m)
            c = fp * c_prev + ip * torch.tanh(z)
            n = fp * n_prev + ip
        return torch.sigmoid(o) * c / n, (c, n, m)

    def _feed_forward(self, x):
        gu = self.ff_up(F.layer_norm(x, x.shape[-1:], self.ff_norm, None, self.eps))
        return x + self.ff_down(F.gelu(gu[..., : self.ff], approximate="tanh") * gu[..., self.ff:])

    def forward(self, x):
        normed = F.layer_norm(x, x.shape[-1:], self.norm, None, self.eps)
        raw = self._raw(normed, conv_sequence(self.conv, normed))  # [B, T, 4d]
        r = self.recurrent * self.mask
        state, y, outputs = None, None, []
        for raw_t in raw.unbind(1):  # unbind: see MambaBlock.forward
            step = raw_t if y is None else raw_t + y @ r
            y, state = self._cell(step, state)
            outputs.append(y)
        x = x + head_norm(torch.stack(outputs, dim=1), self.head_norm, self.heads, self.eps)
        return self._feed_forward(x)

    def start(self, batch):
        return (torch.zeros(batch, self.k - 1, self.d), None, None)

    def step(self, x, state):
        window, y, cell = state
        normed = F.layer_norm(x, x.shape[-1:], self.norm, None, self.eps)
        conv, window = conv_step(self.conv, window, normed)
        raw = self._raw(normed, conv)
        if y is not None:
            raw = raw + y @ (self.recurrent * self.mask)
        y, cell = self._cell(raw, cell)
        x = x + head_norm(y, self.head_norm, self.heads, self.eps)
        return self._feed_forward(x), (window, y, cell)


class XlstmLM(nn.Module):
    """Embedding, mLSTM/sLSTM blocks, final LayerNorm (gain only), linear head (NonID XlstmModel).

    Parameters: embedding.weight [V, d] (normal, std 1), the blocks, finalNorm [d] (ones),
    head.weight [d, V] -> head.weight [V, d] (normal sqrt(2/(5d)), no bias).
    P2 (V 5, d 64, 6 blocks, sLSTM at 1): 320 + 5 * 30,152 + 37,376 + 64 + 320 = 188,840.
    """

    def __init__(self, d=64, blocks=6, slstm_at=(1,), heads=4, conv_kernel=4, qkv_block=4, proj_factor=2.0,
                 ff_proj_factor=1.3, eps=1e-5):
        super().__init__()
        self.eps = eps
        inner = int(math.floor(proj_factor * d + 0.5))  # Java Math.round
        ff = int(math.ceil(ff_proj_factor * d))
        assert d % heads == 0 and inner % heads == 0 and inner % qkv_block == 0
        self.embedding = nn.Embedding(VOCAB, d)
        nn.init.normal_(self.embedding.weight, 0.0, 1.0)
        self.blocks = nn.ModuleList(
            SlstmBlock(d, heads, conv_kernel, ff, blocks, eps) if i in slstm_at
            else MlstmBlock(d, inner, heads, conv_kernel, qkv_block, blocks, eps)
            for i in range(blocks))
        self.final_norm = nn.Parameter(torch.ones(d))
        self.head = linear(d, VOCAB, bias=False, std=math.sqrt(2.0 / (5 * d)))

    def forward(self, tokens):
        x = self.embedding(tokens)
        for block in self.blocks:
            x = block(x)
        return self.head(F.layer_norm(x, x.shape[-1:], self.final_norm, None, self.eps))

    def start(self, batch):
        return [block.start(batch) for block in self.blocks]

    def step(self, tokens, states):
        x = self.embedding(tokens)
        out = []
        for block, state in zip(self.blocks, states):
            x, state = block.step(x, state)
            out.append(state)
        return self.head(F.layer_norm(x, x.shape[-1:], self.final_norm, None, self.eps)), out


def xlstm_nonid_params(v, d, blocks, slstm_at, heads, k, qkv_block, proj_factor, ff_proj_factor):
    """NonID's count, read off XlstmModel/MlstmBlock/SlstmBlock (Parameter::size summed; the sLSTM's
    recurrent BlockDiagonal is a full [d, 4d] Parameter, masked zeros included)."""
    inner = int(math.floor(proj_factor * d + 0.5))
    ff = int(math.ceil(ff_proj_factor * d))
    mlstm = (d + d * 2 * inner + k * inner + inner + 3 * inner * (inner // (inner // qkv_block))
             + 2 * (3 * inner * heads + heads) + inner + inner + inner * d)
    slstm = d + k * d + d + 4 * d * (d // heads) + d * 4 * d + 4 * d + d + d + d * 2 * ff + ff * d
    n_slstm = sum(1 for i in range(blocks) if i in slstm_at)
    return v * d + n_slstm * slstm + (blocks - n_slstm) * mlstm + d + d * v


# ---------------------------------------------------------------- data (as torch_baseline.py / Bench.java)
def anbn_dataset(max_length):
    """Every a^n b^n for n = 1..max_length//2, framed by SOS/EOS, PAD-ed to max_length+2."""
    width = max_length + 2
    rows = []
    for n in range(1, max_length // 2 + 1):
        seq = [SOS] + [A] * n + [B] * n + [EOS]
        rows.append(seq + [PAD] * (width - len(seq)))
    return torch.tensor(rows, dtype=torch.long)


def test_prompts(length):
    """SOS followed by every a/b string of the given length."""
    body = torch.tensor(list(itertools.product([A, B], repeat=length)), dtype=torch.long)
    return torch.cat([torch.full((body.size(0), 1), SOS, dtype=torch.long), body], dim=1)


def a_before_b(seq):
    a_pos = [i for i, t in enumerate(seq) if t == A]
    b_pos = [i for i, t in enumerate(seq) if t == B]
    return not a_pos or not b_pos or b_pos[0] > a_pos[-1]


def same_count(seq):
    return seq.count(A) == seq.count(B)


def is_id_prompt(seq):
    return a_before_b(seq) and seq.count(A) >= seq.count(B)


def rule_scores(completions):
    """Fractions over completions cut at the first EOS (SOS dropped)."""
    r1 = r2 = both = fin = 0
    for row in completions.tolist():
        body = row[1:]
        if EOS in body:
            body = body[: body.index(EOS)]
            fin += 1
        ok1, ok2 = same_count(body), a_before_b(body)
        r1, r2, both = r1 + ok1, r2 + ok2, both + (ok1 and ok2)
    n = max(1, len(completions))
    return {"same_count": r1 / n, "a_before_b": r2 / n, "grammatical": both / n, "finished": fin / n}


# ---------------------------------------------------------------- models and their sizes
def slstm_indices():
    return {int(s) for s in args.xlstm_slstm_at.split(",") if s.strip()}


def build(name):
    if name == "mamba":
        model = MambaLM(args.mamba_d, args.mamba_layers, args.mamba_state, args.mamba_conv, args.mamba_expand,
                        args.mamba_dt_rank, args.norm_eps)
        nonid = mamba_nonid_params(VOCAB, args.mamba_d, args.mamba_layers, args.mamba_state, args.mamba_conv,
                                   args.mamba_expand, args.mamba_dt_rank)
        return model, nonid
    if name == "xlstm":
        model = XlstmLM(args.xlstm_d, args.xlstm_blocks, slstm_indices(), args.xlstm_heads, args.xlstm_conv,
                        args.xlstm_qkv_block, args.xlstm_proj_factor, args.xlstm_ff_proj_factor, args.norm_eps)
        nonid = xlstm_nonid_params(VOCAB, args.xlstm_d, args.xlstm_blocks, slstm_indices(), args.xlstm_heads,
                                   args.xlstm_conv, args.xlstm_qkv_block, args.xlstm_proj_factor,
                                   args.xlstm_ff_proj_factor)
        return model, nonid
    raise SystemExit(f"unknown model {name}")


def masked_zeros(model):
    """Entries of the sLSTM recurrent matrices held at zero by the mask (counted, never learning)."""
    return sum(int((m.mask == 0).sum()) for m in model.modules() if isinstance(m, SlstmBlock))


def train_gflop(model, batch, seq):
    """Analytic FLOPs of one training step (forward x 3), in GFLOP: products with every weight
    (masked recurrent entries included: they are computed), the convolutions, the head, the scan
    (7 per channel, state and position) and the mLSTM's two T x T products per head (both
    triangles, as computed)."""
    tok = batch * seq
    per_token = 2 * model.embedding.numel() if isinstance(model, MambaLM) else 0  # the tied head
    for m in model.modules():
        if isinstance(m, (nn.Linear, HeadwiseLinear)):
            per_token += 2 * m.weight.numel()
        elif isinstance(m, nn.Conv1d):
            per_token += 2 * m.weight.numel()
        elif isinstance(m, MambaBlock):
            per_token += 7 * m.di * m.n
        elif isinstance(m, MlstmBlock):
            per_token += 4 * seq * m.inner
        elif isinstance(m, SlstmBlock):
            per_token += 2 * m.recurrent.numel()
    return 3 * tok * per_token / 1e9


# ---------------------------------------------------------------- generation
@torch.no_grad()
def greedy_prefix(model, prompts, new_tokens):
    """The whole prefix through the model for every new token (no state kept), as torch_baseline.py."""
    seq = prompts
    for _ in range(new_tokens):
        nxt = model(seq)[:, -1].argmax(dim=-1, keepdim=True)
        seq = torch.cat([seq, nxt], dim=1)
    return seq


@torch.no_grad()
def greedy_step(model, prompts, new_tokens):
    """One position at a time with the recurrent state carried (conv windows, scan states, mLSTM
    memories, sLSTM cells), as NonID's decoders: SOS and the prompt's tokens one by one, then one
    step per new token but the last."""
    states = model.start(prompts.size(0))
    logits = None
    for t in range(prompts.size(1)):
        logits, states = model.step(prompts[:, t], states)
    out = [prompts]
    for g in range(new_tokens):
        nxt = logits.argmax(dim=-1)
        out.append(nxt.unsqueeze(1))
        if g + 1 < new_tokens:
            logits, states = model.step(nxt, states)
    return torch.cat(out, dim=1)


DECODERS = {"prefix": greedy_prefix, "step": greedy_step}


@torch.no_grad()
def self_check(name):
    """Step-by-step logits against whole-sequence logits (parallel mLSTM vs recurrent mLSTM, the
    scan loop vs its single step, the sequence conv vs the conv window), on random tokens."""
    torch.manual_seed(args.seed)
    model, _ = build(name)
    model.eval()
    for p in model.parameters():  # so that zero-initialised gate and recurrent weights take part
        p.add_(0.3 * torch.randn_like(p))
    tokens = torch.randint(0, VOCAB, (3, 12))
    full = model(tokens)
    states = model.start(tokens.size(0))
    worst = 0.0
    for t in range(tokens.size(1)):
        logits, states = model.step(tokens[:, t], states)
        worst = max(worst, (logits - full[:, t]).abs().max().item())
    scale = full.abs().max().item()
    return {"model": name, "self_check_max_abs_diff": worst, "max_abs_logit": scale, "ok": worst <= 1e-5 * max(1.0, scale)}


# ---------------------------------------------------------------- machine load
def cpu_mark():
    """(wall s, machine busy CPU-s, this process CPU-s): to see how much CPU other processes took."""
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    busy = (v[0] + v[1] + v[2] + v[5] + v[6] + v[7]) / os.sysconf("SC_CLK_TCK")
    own = os.times()
    return time.perf_counter(), busy, own.user + own.system


def others_cpu(m0, m1):
    """Average number of CPUs used by everything except this process between two marks."""
    return round(max(0.0, (m1[1] - m0[1]) - (m1[2] - m0[2])) / max(1e-9, m1[0] - m0[0]), 2)


# ---------------------------------------------------------------- one model
def run_one(name):
    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    data = anbn_dataset(args.max_length)
    model, nonid_params = build(name)
    n_params = sum(p.numel() for p in model.parameters() if p.requires_grad)
    counts = {"model": name, "params": n_params, "nonid_params": nonid_params,
              "params_learning": n_params - masked_zeros(model)}
    if n_params != nonid_params:
        raise SystemExit(f"{name}: {n_params} parameters here but NonID's model has {nonid_params}")
    if args.params_only:
        return counts
    loss_fn = nn.CrossEntropyLoss()  # every position, PAD targets included (Bench.java's weights 1/(B*L))
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.01)
    w = args.warmup_sched
    sched = torch.optim.lr_scheduler.LambdaLR(
        opt, (lambda s: s / w if s < w else math.sqrt(w / s)) if w > 0 else (lambda s: 1.0))
    bs = min(args.batch_size, data.size(0))
    seq = data.size(1) - 1
    times, losses, trace = [], [], {}
    model.train()
    mark0 = cpu_mark()
    for step in range(args.steps):
        t0 = time.perf_counter()
        idx = torch.randperm(data.size(0))[:bs]  # shuffled words, the first bs of them (Bench.java)
        batch = data[idx]
        logits = model(batch[:, :-1])
        loss = loss_fn(logits.reshape(-1, VOCAB), batch[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        sched.step()
        times.append(time.perf_counter() - t0)
        losses.append(loss.item())
        if args.log_every and (step + 1) % args.log_every == 0:
            trace[step + 1] = round(losses[-1], 5)
            print(f"{name} step {step + 1} loss {losses[-1]:.5f} "
                  f"{1000 * statistics.median(times[-args.log_every:]):.1f} ms/step", file=sys.stderr)
    mark1 = cpu_mark()
    timed = times[min(args.warmup, len(times) - 1):]
    step_ms = 1000 * statistics.median(timed)

    model.eval()
    with torch.no_grad():
        eval_loss = loss_fn(model(data[:, :-1]).reshape(-1, VOCAB), data[:, 1:].reshape(-1)).item()
    prompts = test_prompts(args.prompt_length)
    modes = [m.strip() for m in args.decode.split(",") if m.strip()]
    rates, out, marks = {}, None, None
    for mode in modes:
        decode = DECODERS[mode]
        decode(model, prompts[:8], 2)  # warm-up
        m2 = cpu_mark()
        res = decode(model, prompts, args.gen_tokens)
        m3 = cpu_mark()
        rates[mode] = round(prompts.size(0) / (m3[0] - m2[0]), 2)
        if out is None:
            out, marks = res, (m2, m3)
    id_mask = torch.tensor([is_id_prompt(r[1:]) for r in prompts.tolist()])
    id_out = DECODERS[modes[0]](model, prompts[id_mask], args.gen_tokens)  # ID prompts as their own batch
    ood_rule1 = rule_scores(out[~id_mask])["same_count"]

    gflop = train_gflop(model, bs, seq)
    return {
        **counts, "threads": torch.get_num_threads(),
        "steps": args.steps, "batch": bs, "seq_len": seq,
        "step_ms_median": round(step_ms, 2), "step_ms_mean": round(1000 * statistics.mean(timed), 2),
        "tokens_per_s": round(bs * seq / (step_ms / 1000)),
        "gflop_per_step": round(gflop, 2), "gflop_per_s": round(gflop / (step_ms / 1000), 2),
        "final_train_loss": round(losses[-1], 5), "min_train_loss": round(min(losses), 5),
        "eval_loss": round(eval_loss, 5),
        "gen_prompts": prompts.size(0), "gen_tokens": args.gen_tokens, "decode": modes[0],
        "gen_prompts_per_s": rates[modes[0]], "gen_prompts_per_s_by_decode": rates,
        "id_prompts": int(id_mask.sum()), "id_scores": rule_scores(id_out), "ood_same_count": ood_rule1,
        "others_cpu_train": others_cpu(mark0, mark1), "others_cpu_gen": others_cpu(*marks),
        "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "loss_trace": trace or None,
    }


def blas_library():
    with open("/proc/self/maps") as f:
        libs = {os.path.basename(line.split()[-1]) for line in f if "blas" in line}
    return sorted(libs)


def main():
    names = [m.strip() for m in args.models.split(",") if m.strip()]
    for m in names:
        if m not in MODELS:
            raise SystemExit(f"unknown model {m}; known: {', '.join(MODELS)}")
    for mode in args.decode.split(","):
        if mode.strip() and mode.strip() not in DECODERS:
            raise SystemExit(f"unknown --decode {mode}; known: prefix, step")
    if len(names) > 1:  # one process per model, so that peak RSS is per model
        for m in names:
            cmd = [sys.executable] + list(sys.argv)
            i = cmd.index("--models") if "--models" in cmd else None
            if i is None:
                cmd += ["--models", m]
            else:
                cmd[i + 1] = m
            subprocess.run(cmd, check=True)
        return
    res = self_check(names[0]) if args.self_check else run_one(names[0])
    res["torch"] = torch.__version__
    res["blas"] = blas_library()
    print(json.dumps(res), flush=True)


if __name__ == "__main__":
    main()
