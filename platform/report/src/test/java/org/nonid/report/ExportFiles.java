package org.nonid.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/** Readers of the exported formats, written from their specifications, for the tests. */
final class ExportFiles {
    private ExportFiles() {
    }

    /** A scalar of a TensorBoard event: tag, step, value. */
    record Scalar(String tag, long step, float value) {
    }

    /** The events of a TFRecord file: every length and data checksum is verified. */
    static List<byte[]> records(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<byte[]> out = new ArrayList<>();
        while (in.hasRemaining()) {
            byte[] length = new byte[8];
            in.get(length);
            check(in.getInt() == masked(length), "length checksum");
            byte[] data = new byte[(int) ByteBuffer.wrap(length).order(ByteOrder.LITTLE_ENDIAN).getLong()];
            in.get(data);
            check(in.getInt() == masked(data), "data checksum");
            out.add(data);
        }
        return out;
    }

    private static int masked(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        long c = crc.getValue();
        long rotated = ((c >>> 15) | (c << 17)) & 0xffffffffL;
        return (int) ((rotated + 0xa282ead8L) & 0xffffffffL);
    }

    /** The file_version string of an event, or null. */
    static String fileVersion(byte[] event) {
        Map<Integer, Object> fields = fields(event);
        return fields.containsKey(3) ? new String((byte[]) fields.get(3), StandardCharsets.UTF_8) : null;
    }

    /** The scalar of a summary event. */
    static Scalar scalar(byte[] event) {
        Map<Integer, Object> e = fields(event);
        Map<Integer, Object> summary = fields((byte[]) e.get(5));
        Map<Integer, Object> value = fields((byte[]) summary.get(1));
        return new Scalar(new String((byte[]) value.get(1), StandardCharsets.UTF_8), (Long) e.getOrDefault(2, 0L),
                Float.intBitsToFloat((Integer) value.get(2)));
    }

    /** A protocol buffer's fields by number: varints as Long, fixed64 as Long bits, fixed32 as Integer bits, bytes. */
    static Map<Integer, Object> fields(byte[] message) {
        Map<Integer, Object> out = new java.util.LinkedHashMap<>();
        ByteBuffer in = ByteBuffer.wrap(message).order(ByteOrder.LITTLE_ENDIAN);
        while (in.hasRemaining()) {
            long key = varint(in);
            int field = (int) (key >>> 3);
            switch ((int) (key & 7)) {
                case 0 -> out.put(field, varint(in));
                case 1 -> out.put(field, in.getLong());
                case 5 -> out.put(field, in.getInt());
                case 2 -> {
                    byte[] bytes = new byte[(int) varint(in)];
                    in.get(bytes);
                    out.put(field, bytes);
                }
                default -> throw new AssertionError("wire type " + (key & 7));
            }
        }
        return out;
    }

    private static long varint(ByteBuffer in) {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.get();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("bad " + what);
        }
    }
}
