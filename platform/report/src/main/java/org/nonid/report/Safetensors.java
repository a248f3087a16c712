package org.nonid.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nonid.api.model.Checkpoint;

/**
 * A checkpoint as a safetensors file: an 8-byte little-endian header length, a JSON header giving
 * each tensor's dtype ({@code F32}), shape and byte range, then the tensors' little-endian bytes.
 */
final class Safetensors {
    private Safetensors() {
    }

    static void write(byte[] checkpointBytes, Map<String, String> metadata, Path file) throws IOException {
        Checkpoint checkpoint = Checkpoint.read(new ByteArrayInputStream(checkpointBytes));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", metadata);
        long offset = 0;
        for (String name : checkpoint.names()) {
            long size = 4L * checkpoint.values(name).length;
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", "F32");
            entry.put("shape", java.util.Arrays.stream(checkpoint.shape(name)).boxed().toList());
            entry.put("data_offsets", List.of(offset, offset + size));
            header.put(name, entry);
            offset += size;
        }
        StringBuilder json = new StringBuilder(Json.compact(header));
        while ((json.length() + 8) % 8 != 0) {
            json.append(' ');
        }
        byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(headerBytes.length).array());
            out.write(headerBytes);
            for (String name : checkpoint.names()) {
                float[] values = checkpoint.values(name);
                ByteBuffer data = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
                data.asFloatBuffer().put(values);
                out.write(data.array());
            }
        }
    }
}
