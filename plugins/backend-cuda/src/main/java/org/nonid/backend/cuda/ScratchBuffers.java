package org.nonid.backend.cuda;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * Device buffers that kernels borrow for the length of one call, by name (token ids, targets,
 * padding flags, per-row results), grown when a call needs more and reused otherwise.
 */
final class ScratchBuffers {
    private final DeviceMemory device;
    private final Map<String, Pointer> buffers = new HashMap<>();
    private final Map<String, Long> capacities = new HashMap<>();

    ScratchBuffers(DeviceMemory device) {
        this.device = device;
    }

    /** The named buffer, at least {@code bytes} long; its contents are undefined. */
    Pointer get(String name, long bytes) {
        Pointer p = buffers.get(name);
        if (p == null || capacities.get(name) < bytes) {
            if (p != null) {
                device.free(p);
            }
            long capacity = Math.max(bytes, 4096);
            p = device.allocateBytes(capacity);
            buffers.put(name, p);
            capacities.put(name, capacity);
        }
        return p;
    }

    /** Copies ints to the named buffer and returns its device address. */
    long ints(String name, int[] values) {
        Pointer p = get(name, (long) values.length * Integer.BYTES);
        try (IntPointer host = new IntPointer(values)) {
            device.toDevice(host, p, (long) values.length * Integer.BYTES);
        }
        return p.address();
    }

    /** Copies flags, one byte each, to the named buffer and returns its device address. */
    long flags(String name, boolean[] values) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) (values[i] ? 1 : 0);
        }
        Pointer p = get(name, bytes.length);
        try (BytePointer host = new BytePointer(bytes)) {
            device.toDevice(host, p, bytes.length);
        }
        return p.address();
    }

    /** Copies floats to the named buffer and returns its device address. */
    long floats(String name, float[] values) {
        Pointer p = get(name, (long) values.length * Float.BYTES);
        try (org.bytedeco.javacpp.FloatPointer host = new org.bytedeco.javacpp.FloatPointer(values)) {
            device.toDevice(host, p, (long) values.length * Float.BYTES);
        }
        return p.address();
    }

    /** The first {@code count} doubles of the named buffer. */
    double[] doubles(String name, int count) {
        double[] out = new double[count];
        try (DoublePointer host = new DoublePointer(count)) {
            device.toHost(get(name, (long) count * Double.BYTES), host, (long) count * Double.BYTES);
            host.get(out);
        }
        return out;
    }

    void release() {
        for (Pointer p : buffers.values()) {
            device.free(p);
        }
        buffers.clear();
        capacities.clear();
    }
}
