package org.nonid.kernels;

import org.nonid.kernels.host.BlockDiagonalProducts;
import org.nonid.kernels.host.HostKernels;
import org.nonid.kernels.host.LstmCells;
import org.nonid.kernels.host.SelectiveScan;
import org.nonid.kernels.host.XlstmCells;
import org.nonid.api.compute.AttentionShape;
import org.nonid.api.compute.ScanShape;
import org.nonid.api.compute.SequenceKernels;
import org.nonid.api.compute.Tensor;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * The host implementations of the {@link SequenceKernels}: each downloads its inputs, computes on
 * the Java heap ({@link org.nonid.kernels.host}) and uploads its outputs, so that a backend runs the
 * recurrent and state-space families before it has kernels of its own. A backend implements this
 * interface and overrides the kernels it can do faster.
 */
@ConsumerType
public interface HostSequenceKernels extends SequenceKernels {

    // ------------------------------------------------------------------ activations

    @Override
    default void sigmoid(Tensor x, Tensor out) {
        onHost(x, out, HostKernels::sigmoid);
    }

    @Override
    default void sigmoidBackward(Tensor y, Tensor dy, Tensor dx) {
        onHost(y, dy, dx, HostKernels::sigmoidBackward);
    }

    @Override
    default void tanh(Tensor x, Tensor out) {
        onHost(x, out, HostKernels::tanh);
    }

    @Override
    default void tanhBackward(Tensor y, Tensor dy, Tensor dx) {
        onHost(y, dy, dx, HostKernels::tanhBackward);
    }

    @Override
    default void exp(Tensor x, Tensor out) {
        onHost(x, out, HostKernels::exp);
    }

    @Override
    default void softplus(Tensor x, Tensor out) {
        onHost(x, out, HostKernels::softplus);
    }

    @Override
    default void softplusBackward(Tensor x, Tensor dy, Tensor dx) {
        onHost(x, dy, dx, HostKernels::softplusBackward);
    }

    // ------------------------------------------------------------------ layout

    @Override
    default void copyBlock(Tensor src, int srcOffset, int srcStride, Tensor dst, int dstOffset, int dstStride,
                           int rows, int cols, boolean accumulate) {
        float[] d = download(dst);
        HostKernels.copyBlock(download(src), srcOffset, srcStride, d, dstOffset, dstStride, rows, cols, accumulate);
        upload(d, dst);
    }

    @Override
    default void multiplyRowVector(Tensor x, int rows, int cols, Tensor v, Tensor out, boolean accumulate) {
        float[] o = download(out);
        HostKernels.multiplyRowVector(download(x), rows, cols, download(v), o, accumulate);
        upload(o, out);
    }

    // ------------------------------------------------------------------ RMSNorm

    @Override
    default void rmsNorm(Tensor x, Tensor gamma, int rows, int cols, float eps, Tensor out, Tensor rstd) {
        float[] o = download(out);
        float[] s = download(rstd);
        HostKernels.rmsNorm(download(x), download(gamma), rows, cols, eps, o, s);
        upload(o, out);
        upload(s, rstd);
    }

    @Override
    default void rmsNormBackward(Tensor dy, Tensor x, Tensor gamma, Tensor rstd, int rows, int cols, Tensor dx,
                                 Tensor dgamma) {
        float[] dxd = download(dx);
        float[] dg = download(dgamma);
        HostKernels.rmsNormBackward(download(dy), download(x), download(gamma), download(rstd), rows, cols, dxd, dg);
        upload(dxd, dx);
        upload(dg, dgamma);
    }

    // ------------------------------------------------------------------ causal convolution

    @Override
    default void causalConv(Tensor x, Tensor weight, int batch, int time, int channels, int kernel, Tensor out) {
        float[] o = download(out);
        HostKernels.causalConv(download(x), download(weight), batch, time, channels, kernel, o);
        upload(o, out);
    }

    @Override
    default void causalConvBackward(Tensor x, Tensor weight, Tensor dout, int batch, int time, int channels, int kernel,
                                    Tensor dx, Tensor dweight) {
        float[] dxd = download(dx);
        float[] dw = download(dweight);
        HostKernels.causalConvBackward(download(x), download(weight), download(dout), batch, time, channels, kernel,
                dxd, dw);
        upload(dxd, dx);
        upload(dw, dweight);
    }

    // ------------------------------------------------------------------ selective scan

    @Override
    default void selectiveScan(ScanShape shape, Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c, Tensor states,
                               Tensor carry, Tensor y) {
        float[] yd = download(y);
        float[] sd = states == null ? null : download(states);
        float[] cd = carry == null ? null : download(carry);
        SelectiveScan.forward(shape, download(u), download(delta), download(a), download(b), download(c), sd, cd, yd);
        upload(yd, y);
        if (states != null) {
            upload(sd, states);
        }
        if (carry != null) {
            upload(cd, carry);
        }
    }

    @Override
    default void selectiveScanBackward(ScanShape shape, Tensor u, Tensor delta, Tensor a, Tensor b, Tensor c,
                                       Tensor states, Tensor dy, Tensor du, Tensor ddelta, Tensor da, Tensor db,
                                       Tensor dc) {
        float[] dud = download(du);
        float[] ddd = download(ddelta);
        float[] dad = download(da);
        float[] dbd = download(db);
        float[] dcd = download(dc);
        SelectiveScan.backward(shape, download(u), download(delta), download(a), download(b), download(c),
                download(states), download(dy), dud, ddd, dad, dbd, dcd);
        upload(dud, du);
        upload(ddd, ddelta);
        upload(dad, da);
        upload(dbd, db);
        upload(dcd, dc);
    }

    // ------------------------------------------------------------------ xLSTM cells

    @Override
    default void mlstmScan(AttentionShape shape, Tensor q, Tensor k, Tensor v, Tensor iPre, Tensor fPre, Tensor states,
                           Tensor carry, Tensor h) {
        float[] hd = download(h);
        float[] sd = states == null ? null : download(states);
        float[] cd = carry == null ? null : download(carry);
        XlstmCells.mlstmScan(shape, download(q), download(k), download(v), download(iPre), download(fPre), sd, cd, hd);
        upload(hd, h);
        if (states != null) {
            upload(sd, states);
        }
        if (carry != null) {
            upload(cd, carry);
        }
    }

    @Override
    default void mlstmScanBackward(AttentionShape shape, Tensor q, Tensor k, Tensor v, Tensor iPre, Tensor fPre,
                                   Tensor states, Tensor dh, Tensor dq, Tensor dk, Tensor dv, Tensor diPre, Tensor dfPre) {
        float[] dqd = download(dq);
        float[] dkd = download(dk);
        float[] dvd = download(dv);
        float[] did = download(diPre);
        float[] dfd = download(dfPre);
        XlstmCells.mlstmScanBackward(shape, download(q), download(k), download(v), download(iPre), download(fPre),
                download(states), download(dh), dqd, dkd, dvd, did, dfd);
        upload(dqd, dq);
        upload(dkd, dk);
        upload(dvd, dv);
        upload(did, diPre);
        upload(dfd, dfPre);
    }

    @Override
    default void blockDiagonal(Tensor x, Tensor w, int rows, int blocks, int in, int out, Tensor y) {
        float[] yd = download(y);
        BlockDiagonalProducts.forward(download(x), download(w), blocks, in, out, yd, 0, rows);
        upload(yd, y);
    }

    @Override
    default void blockDiagonalBackward(Tensor x, Tensor w, Tensor dy, int rows, int blocks, int in, int out, Tensor dx,
                                       Tensor dw) {
        float[] dyd = download(dy);
        if (dx != null) {
            float[] dxd = download(dx);
            BlockDiagonalProducts.inputGradient(dyd, download(w), blocks, in, out, dxd, 0, rows);
            upload(dxd, dx);
        }
        if (dw != null) {
            float[] dwd = download(dw);
            BlockDiagonalProducts.weightGradient(download(x), dyd, rows, blocks, in, out, dwd);
            upload(dwd, dw);
        }
    }

    @Override
    default void lstmCell(Tensor gates, Tensor cPrevious, int batch, int hidden, Tensor h, Tensor c, Tensor saved) {
        float[] hd = download(h);
        float[] cd = download(c);
        float[] sd = download(saved);
        LstmCells.forward(download(gates), cPrevious == null ? null : download(cPrevious), hidden, hd, cd, sd, 0, batch);
        upload(hd, h);
        upload(cd, c);
        upload(sd, saved);
    }

    @Override
    default void lstmCellBackward(Tensor saved, Tensor cPrevious, Tensor dh, Tensor dc, int batch, int hidden,
                                  Tensor dGates, Tensor dcPrevious) {
        float[] dg = download(dGates);
        float[] dcp = dcPrevious == null ? null : download(dcPrevious);
        LstmCells.backward(download(saved), cPrevious == null ? null : download(cPrevious),
                dh == null ? null : download(dh), dc == null ? null : download(dc), hidden, dg, dcp, 0, batch);
        upload(dg, dGates);
        if (dcPrevious != null) {
            upload(dcp, dcPrevious);
        }
    }

    @Override
    default void slstmCell(Tensor raw, Tensor previous, Tensor mPrevious, int batch, int hidden, Tensor out, Tensor m) {
        float[] o = download(out);
        float[] md = download(m);
        XlstmCells.slstmCell(download(raw), previous == null ? null : download(previous),
                mPrevious == null ? null : download(mPrevious), batch, hidden, o, md);
        upload(o, out);
        upload(md, m);
    }

    @Override
    default void slstmCellBackward(Tensor raw, Tensor previous, Tensor mPrevious, Tensor m, Tensor out, Tensor dout,
                                   int batch, int hidden, Tensor draw, Tensor dprevious) {
        float[] dr = download(draw);
        float[] dp = dprevious == null ? null : download(dprevious);
        XlstmCells.slstmCellBackward(download(raw), previous == null ? null : download(previous),
                mPrevious == null ? null : download(mPrevious), download(m), download(out), download(dout), batch, hidden,
                dr, dp);
        upload(dr, draw);
        if (dprevious != null) {
            upload(dp, dprevious);
        }
    }

    /** Runs an element-wise kernel on the host: download, compute, upload. */
    private void onHost(Tensor x, Tensor out, HostKernels.Unary kernel) {
        float[] o = download(out);
        kernel.apply(download(x), o, 0, o.length);
        upload(o, out);
    }

    /** Runs an element-wise backward kernel on the host, accumulating into dx. */
    private void onHost(Tensor a, Tensor dy, Tensor dx, HostKernels.Backward kernel) {
        float[] d = download(dx);
        kernel.apply(download(a), download(dy), d, 0, d.length);
        upload(d, dx);
    }
}
