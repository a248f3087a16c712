package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.nonid.backend.cpu.MlstmTestValues.gradients;
import static org.nonid.backend.cpu.MlstmTestValues.values;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.AttentionShape;
import org.nonid.kernels.host.XlstmCells;

/**
 * The mLSTM scans with sequences in vector lanes give the host's scalar scans' outputs, carried
 * states and gradients to the bit (the gradients from the lanes' own checkpoints), for batches of
 * whole groups, of a partial group, and of both, and over more steps than the scans move into lanes at once.
 */
class MlstmLaneScansTest {
    private static final MlstmLaneScans.Scratch SCRATCH = new MlstmLaneScans.Scratch();
    private static final int LANES = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.length();

    @Test
    void scansAndTheirGradientsEqualTheHostsToTheBit() {
        int[][] shapes = { // batch, time, heads, head width, checkpoint interval
            {LANES, 7, 2, 16, 3}, {2 * LANES + 3, 9, 3, 8, 4}, {3, 5, 2, 19, 2}, {LANES + 1, 6, 1, 3, 6},
            {1, 4, 2, 32, 5}, {LANES - 1, 10, 2, 32, 3},
            // steps beyond one batch of rows moved into lanes (16) and the units split inside a group
            {3 * LANES - 1, 37, 3, 8, 5},
        };
        for (int[] d : shapes) {
            AttentionShape s = new AttentionShape(d[0], d[1], d[2], d[3]);
            int interval = d[4];
            String name = d[0] + "x" + d[1] + " heads " + d[2] + " width " + d[3] + " interval " + interval;
            SplittableRandom r = new SplittableRandom(d[0] * 1000L + d[3]);
            int rows = s.rows();
            int model = s.model();
            float[][] in = MlstmTestValues.inputs(r, s);
            float[] q = in[0];
            float[] k = in[1];
            float[] v = in[2];
            float[] iPre = in[3];
            float[] fPre = in[4];
            float[] dh = values(r, rows * model, 1f);
            int perStep = d[3] * d[3] + d[3] + 1;
            int stretches = (s.time() + interval - 1) / interval;

            float[] expectedH = new float[rows * model];
            float[] expectedCheckpoints = new float[s.batch() * s.heads() * stretches * perStep];
            XlstmCells.mlstmScanCheckpointed(s, q, k, v, iPre, fPre, interval, expectedCheckpoints, expectedH);
            float[] gotH = new float[rows * model];
            float[] gotCheckpoints = new float[expectedCheckpoints.length];
            MlstmLaneScans.forward(s, q, k, v, iPre, fPre, interval, gotCheckpoints, null, gotH, SCRATCH, 0,
                    MlstmLaneScans.units(s));
            assertArrayEquals(expectedH, gotH, 0f, "h " + name);

            float[] plainH = new float[rows * model];
            MlstmLaneScans.forward(s, q, k, v, iPre, fPre, s.time(), null, null, plainH, SCRATCH, 0,
                    MlstmLaneScans.units(s));
            assertArrayEquals(expectedH, plainH, 0f, "h without checkpoints " + name);

            float[][] expected = gradients(rows, model, s.heads());
            XlstmCells.mlstmScanCheckpointedBackward(s, q, k, v, iPre, fPre, interval, expectedCheckpoints, dh,
                    expected[0], expected[1], expected[2], expected[3], expected[4]);
            float[][] got = gradients(rows, model, s.heads());
            int units = MlstmLaneScans.units(s);
            // in two calls, as two threads split the units
            MlstmLaneScans.backward(s, q, k, v, iPre, fPre, interval, gotCheckpoints, dh, got[0], got[1], got[2],
                    got[3], got[4], SCRATCH, 0, units / 2);
            MlstmLaneScans.backward(s, q, k, v, iPre, fPre, interval, gotCheckpoints, dh, got[0], got[1], got[2],
                    got[3], got[4], SCRATCH, units / 2, units);
            String[] what = {"dq", "dk", "dv", "di", "df"};
            for (int i = 0; i < what.length; i++) {
                assertArrayEquals(expected[i], got[i], 0f, what[i] + " " + name);
            }
            carriedStatesContinueAsTheHostsDo(s, q, k, v, iPre, fPre, name);
        }
    }

    /**
     * From a carry whose even sequences have seen the inputs once and whose odd ones are empty
     * (all zeros), the scan writes the host's h and leaves the host's carry.
     */
    private static void carriedStatesContinueAsTheHostsDo(AttentionShape s, float[] q, float[] k, float[] v,
                                                          float[] iPre, float[] fPre, String name) {
        int perStep = s.headDim() * s.headDim() + s.headDim() + 1;
        float[] carry = new float[s.batch() * s.heads() * perStep];
        XlstmCells.mlstmScan(s, q, k, v, iPre, fPre, null, carry, new float[s.rows() * s.model()]);
        for (int b = 1; b < s.batch(); b += 2) {
            java.util.Arrays.fill(carry, b * s.heads() * perStep, (b + 1) * s.heads() * perStep, 0f);
        }
        float[] expectedCarry = carry.clone();
        float[] expectedH = new float[s.rows() * s.model()];
        XlstmCells.mlstmScan(s, q, k, v, iPre, fPre, null, expectedCarry, expectedH);
        float[] gotCarry = carry.clone();
        float[] gotH = new float[s.rows() * s.model()];
        MlstmLaneScans.forward(s, q, k, v, iPre, fPre, s.time(), null, gotCarry, gotH, SCRATCH, 0,
                MlstmLaneScans.units(s));
        assertArrayEquals(expectedH, gotH, 0f, "h from a carry " + name);
        assertArrayEquals(expectedCarry, gotCarry, 0f, "carry " + name);
    }
}
