package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nonid.api.compute.AttentionShape;

/**
 * The forward pass by blocks of query rows ({@link QueryBlocks}) gives the row-by-row pass's
 * outputs and probabilities to the bit, for heads of 8 (the paired layout) and others, sequences
 * with padded keys, and rows whose every key is padded (which attend to nothing).
 */
class QueryBlocksExactnessTest {
    @Test
    void blocksGiveTheRowByRowPassToTheBit() {
        for (int[] s : new int[][] {{3, 33, 4, 8}, {2, 64, 2, 8}, {2, 70, 5, 2}, {2, 37, 3, 3}}) {
            AttentionShape shape = new AttentionShape(s[0], s[1], s[2], s[3]);
            check(shape, null);
            check(shape, padding(shape));
        }
    }

    /**
     * Sequence 0 padded at its first 20 positions (its rows before 20 see only padded keys), the
     * others at random positions.
     */
    private static boolean[] padding(AttentionShape shape) {
        SplittableRandom r = new SplittableRandom(shape.time());
        boolean[] padded = new boolean[shape.rows()];
        for (int t = 0; t < shape.time(); t++) {
            padded[t] = t < 20;
        }
        for (int i = shape.time(); i < padded.length; i++) {
            padded[i] = r.nextInt(4) == 0;
        }
        return padded;
    }

    private static void check(AttentionShape shape, boolean[] keyPadding) {
        SplittableRandom r = new SplittableRandom(shape.time() * 31L + shape.headDim());
        float[] qkv = UniformValues.of(r, shape.rows() * 3 * shape.model());
        for (int i = 0; i < qkv.length; i++) {
            qkv[i] *= 3;
        }
        int pairs = shape.batch() * shape.heads();
        float[] blockOut = new float[shape.rows() * shape.model()];
        float[] blockProbs = new float[(int) shape.probabilitySize()];
        Attention.of(shape).forward(qkv, keyPadding, blockOut, blockProbs, 0, pairs);
        float[] rowOut = new float[blockOut.length];
        float[] rowProbs = new float[blockProbs.length];
        Attention.rowByRow(shape).forward(qkv, keyPadding, rowOut, rowProbs, 0, pairs);
        String what = shape + (keyPadding == null ? "" : " with padded keys");
        assertArrayEquals(rowOut, blockOut, 0f, what + ": outputs");
        assertArrayEquals(rowProbs, blockProbs, 0f, what + ": probabilities");
        if (keyPadding != null) {
            // the rows that see only padded keys attend to nothing
            assertEquals(0f, blockOut[5 * shape.model()], 0f, what + ": a row with every key padded");
        }
        // on 16-lane vectors the blocks are in use (elsewhere both ways are the row pass)
        assertTrue(!QueryBlocks.APPLIES || new QueryBlocks(shape, true).rows() == shape.time() / 16 * 16, what);
    }
}
