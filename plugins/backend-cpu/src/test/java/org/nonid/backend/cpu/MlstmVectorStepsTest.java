package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.nonid.backend.cpu.MlstmTestValues.gradients;
import static org.nonid.backend.cpu.MlstmTestValues.values;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.AttentionShape;
import org.nonid.kernels.host.MlstmSteps;
import org.nonid.kernels.host.XlstmCells;

/** The mLSTM scans with vector steps give the host's scalar steps' values and gradients to the bit. */
class MlstmVectorStepsTest {
    private static final MlstmSteps VECTOR = new MlstmVectorSteps();

    @Test
    void scansAndTheirGradientsEqualTheScalarStepsToTheBit() {
        int[][] shapes = { // batch, time, heads, head width: widths under, on, past and across whole vectors
            {2, 7, 2, 16}, {1, 9, 3, 32}, {2, 5, 2, 19}, {1, 6, 1, 3}, {1, 4, 2, 40},
        };
        for (int[] d : shapes) {
            AttentionShape s = new AttentionShape(d[0], d[1], d[2], d[3]);
            String name = d[0] + "x" + d[1] + " heads " + d[2] + " width " + d[3];
            SplittableRandom r = new SplittableRandom(d[3] * 1000L + d[1]);
            int rows = s.rows();
            int model = s.model();
            float[][] in = MlstmTestValues.inputs(r, s);
            int perStep = d[3] * d[3] + d[3] + 1;
            float[][] expected = run(XlstmCells.SCALAR_STEPS, s, in, perStep);
            float[][] got = run(VECTOR, s, in, perStep);
            String[] what = {"h", "states", "dq", "dk", "dv", "di", "df", "checkpointed h", "checkpointed dq",
                "checkpointed dk", "checkpointed dv", "checkpointed di", "checkpointed df"};
            for (int i = 0; i < expected.length; i++) {
                assertArrayEquals(expected[i], got[i], 0f, what[i] + " " + name);
            }
        }
    }

    /** q, k, v and the gates' pre-activations as {@link MlstmTestValues#inputs} gives them. */
    private static float[][] run(MlstmSteps steps, AttentionShape s, float[][] in, int perStep) {
        int rows = s.rows();
        int model = s.model();
        float[] h = new float[rows * model];
        float[] states = new float[rows * s.heads() * perStep];
        XlstmCells.mlstmScan(steps, s, in[0], in[1], in[2], in[3], in[4], states, null, h);
        float[] dh = values(new SplittableRandom(5), rows * model, 1f);
        float[][] grads = gradients(rows, model, s.heads());
        XlstmCells.mlstmScanBackward(steps, s, in[0], in[1], in[2], in[3], in[4], states, dh, grads[0], grads[1],
                grads[2], grads[3], grads[4]);
        int interval = 3;
        int stretches = (s.time() + interval - 1) / interval;
        float[] checkpoints = new float[s.batch() * s.heads() * stretches * perStep];
        float[] hc = new float[rows * model];
        XlstmCells.mlstmScanCheckpointed(steps, s, in[0], in[1], in[2], in[3], in[4], interval, checkpoints, hc);
        float[][] cg = gradients(rows, model, s.heads());
        XlstmCells.mlstmScanCheckpointedBackward(steps, s, in[0], in[1], in[2], in[3], in[4], interval, checkpoints, dh,
                cg[0], cg[1], cg[2], cg[3], cg[4]);
        return new float[][] {h, states, grads[0], grads[1], grads[2], grads[3], grads[4], hc, cg[0], cg[1], cg[2],
            cg[3], cg[4]};
    }
}
