package org.nonid.backend.cpu;

/**
 * Index maps that gather one (sequence, head) pair's keys or values out of the fused qkv rows in
 * vector loads, for {@link Attention}: lane by lane, where in qkv (from the pair's first key or
 * value) each element of the transposed and the paired layouts comes from. Positions past the
 * sequence end read its last row, a valid index; the kernels zero those lanes.
 *
 * @param keyRows    for position j in {@code [0, padded)}: the offset of row min(j, time - 1)
 * @param pairedAt   for each element of the {@link PairedLayout} (empty where it does not apply):
 *                   the offset of its key's row plus its feature
 * @param pairedKey  for each element of the paired layout, the position of its key (as a float,
 *                   to compare with the sequence length in a vector)
 */
record HeadGather(int[] keyRows, int[] pairedAt, float[] pairedKey) {

    HeadGather(int time, int padded, int rowStride, int pairedHead, int lanes) {
        this(keyRows(time, padded, rowStride), new int[pairedHead * padded], new float[pairedHead * padded]);
        for (int i = 0; i < pairedAt.length; i++) {
            int block = i / (pairedHead * lanes);
            int lane = i % lanes;
            int key = block * lanes + i / lanes % pairedHead + lane / pairedHead * pairedHead;
            pairedAt[i] = Math.min(key, time - 1) * rowStride + lane % pairedHead;
            pairedKey[i] = key;
        }
    }

    private static int[] keyRows(int time, int padded, int rowStride) {
        int[] rows = new int[padded];
        for (int j = 0; j < padded; j++) {
            rows[j] = Math.min(j, time - 1) * rowStride;
        }
        return rows;
    }
}
