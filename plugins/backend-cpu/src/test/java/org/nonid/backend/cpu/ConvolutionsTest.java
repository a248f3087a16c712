package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.kernels.host.HostKernels;

/** The vectorised causal convolution gives the host kernels' values and gradients to the bit. */
class ConvolutionsTest {
    @Test
    void forwardAndBackwardEqualTheHostKernelsToTheBit() {
        int[][] shapes = { // batch, time, channels, kernel: channels on and off whole vectors, kernels past time
            {2, 9, 64, 4}, {3, 5, 19, 3}, {1, 3, 5, 4}, {2, 7, 33, 1}, {1, 1, 16, 4},
        };
        for (int[] s : shapes) {
            int batch = s[0];
            int time = s[1];
            int channels = s[2];
            int kernel = s[3];
            SplittableRandom r = new SplittableRandom(batch * 1000L + time * 100L + channels * 10L + kernel);
            float[] x = UniformValues.of(r, batch * time * channels);
            float[] w = UniformValues.of(r, kernel * channels);
            float[] dout = UniformValues.of(r, batch * time * channels);
            float[] expected = new float[x.length];
            float[] got = new float[x.length];
            HostKernels.causalConv(x, w, batch, time, channels, kernel, expected);
            Convolutions.forward(x, w, batch, time, channels, kernel, got);
            String shape = batch + "x" + time + "x" + channels + " kernel " + kernel;
            assertArrayEquals(expected, got, 0f, "forward " + shape);
            float[] dxExpected = UniformValues.of(new SplittableRandom(1), x.length);
            float[] dwExpected = UniformValues.of(new SplittableRandom(2), w.length);
            float[] dxGot = dxExpected.clone();
            float[] dwGot = dwExpected.clone();
            HostKernels.causalConvBackward(x, w, dout, batch, time, channels, kernel, dxExpected, dwExpected);
            Convolutions.backward(x, w, dout, batch, time, channels, kernel, dxGot, dwGot);
            assertArrayEquals(dxExpected, dxGot, 0f, "dx " + shape);
            assertArrayEquals(dwExpected, dwGot, 0f, "dw " + shape);
        }
    }
}
