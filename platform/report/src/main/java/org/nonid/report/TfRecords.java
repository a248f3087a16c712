package org.nonid.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32C;

/**
 * TensorBoard's event files: TFRecord framing (length, masked CRC-32C of the length, data, masked
 * CRC-32C of the data) around {@code Event} protocol buffers written field by field.
 */
final class TfRecords {
    private static final int MASK_DELTA = 0xa282ead8;

    private TfRecords() {
    }

    /** The masked CRC-32C TFRecord stores: the checksum rotated right by 15 bits plus a constant. */
    static int maskedCrc(byte[] data) {
        CRC32C crc = new CRC32C();
        crc.update(data);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    static void record(OutputStream out, byte[] data) throws IOException {
        byte[] length = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(data.length).array();
        out.write(length);
        out.write(le32(maskedCrc(length)));
        out.write(data);
        out.write(le32(maskedCrc(data)));
    }

    /** {@code Event{wall_time: 1, file_version: 3}}: the first event of a file. */
    static byte[] fileVersion(double wallTime) {
        Proto p = new Proto();
        p.double64(1, wallTime);
        p.string(3, "brain.Event:2");
        return p.bytes();
    }

    /** {@code Event{wall_time: 1, step: 2, summary: 5 {value: 1 {tag: 1, simple_value: 2}}}}. */
    static byte[] scalar(double wallTime, long step, String tag, float value) {
        Proto v = new Proto();
        v.string(1, tag);
        v.float32(2, value);
        Proto summary = new Proto();
        summary.message(1, v.bytes());
        Proto event = new Proto();
        event.double64(1, wallTime);
        event.varint(2, step);
        event.message(5, summary.bytes());
        return event.bytes();
    }

    private static byte[] le32(int v) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
    }

    /** The protocol-buffer wire format, for the few field types events use. */
    private static final class Proto {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        void varint(int field, long value) {
            rawVarint((long) field << 3);
            rawVarint(value);
        }

        void double64(int field, double value) {
            rawVarint(((long) field << 3) | 1);
            out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putDouble(value).array());
        }

        void float32(int field, float value) {
            rawVarint(((long) field << 3) | 5);
            out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat(value).array());
        }

        void string(int field, String value) {
            message(field, value.getBytes(StandardCharsets.UTF_8));
        }

        void message(int field, byte[] bytes) {
            rawVarint(((long) field << 3) | 2);
            rawVarint(bytes.length);
            out.writeBytes(bytes);
        }

        private void rawVarint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
