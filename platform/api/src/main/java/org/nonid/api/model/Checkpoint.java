package org.nonid.api.model;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A host copy of a model's parameters, by name: captured from a model, restored into one with the
 * same names and shapes, written to and read from a stream.
 */
public final class Checkpoint {
    private static final int MAGIC = 0x4E4F4944; // "NOID"
    private static final int FORMAT = 1;

    private final List<String> names;
    private final List<int[]> shapes;
    private final List<float[]> values;

    private Checkpoint(List<String> names, List<int[]> shapes, List<float[]> values) {
        this.names = names;
        this.shapes = shapes;
        this.values = values;
    }

    /** Copies the model's current parameters to the host. */
    public static Checkpoint of(Model model) {
        List<String> names = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            names.add(p.name());
            shapes.add(p.shape());
            values.add(model.backend().download(p.value()));
        }
        return new Checkpoint(names, shapes, values);
    }

    /** Overwrites the model's parameters with this checkpoint's. */
    public void restoreInto(Model model) {
        List<Parameter> params = model.parameters();
        if (params.size() != names.size()) {
            throw new IllegalArgumentException("checkpoint has " + names.size() + " parameters, model has " + params.size());
        }
        for (int i = 0; i < params.size(); i++) {
            Parameter p = params.get(i);
            if (!p.name().equals(names.get(i)) || !Arrays.equals(p.shape(), shapes.get(i))) {
                throw new IllegalArgumentException("checkpoint parameter " + names.get(i) + Arrays.toString(shapes.get(i))
                        + " does not match model parameter " + p);
            }
            model.backend().upload(values.get(i), p.value());
        }
    }

    /** Parameter names in order. */
    public List<String> names() {
        return List.copyOf(names);
    }

    /** The shape of one parameter (a copy). */
    public int[] shape(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no parameter " + name + " in checkpoint");
        }
        return shapes.get(i).clone();
    }

    /** The values of one parameter (a copy). */
    public float[] values(String name) {
        int i = names.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException("no parameter " + name + " in checkpoint");
        }
        return values.get(i).clone();
    }

    public void write(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(MAGIC);
        data.writeInt(FORMAT);
        data.writeInt(names.size());
        for (int i = 0; i < names.size(); i++) {
            data.writeUTF(names.get(i));
            int[] shape = shapes.get(i);
            data.writeInt(shape.length);
            for (int d : shape) {
                data.writeInt(d);
            }
            float[] v = values.get(i);
            data.writeInt(v.length);
            for (float f : v) {
                data.writeFloat(f);
            }
        }
        data.flush();
    }

    public static Checkpoint read(InputStream in) throws IOException {
        DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC) {
            throw new IOException("not a NonID checkpoint");
        }
        int format = data.readInt();
        if (format != FORMAT) {
            throw new IOException("unsupported checkpoint format " + format);
        }
        int count = data.readInt();
        List<String> names = new ArrayList<>();
        List<int[]> shapes = new ArrayList<>();
        List<float[]> values = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            names.add(data.readUTF());
            int[] shape = new int[data.readInt()];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = data.readInt();
            }
            float[] v = new float[data.readInt()];
            for (int j = 0; j < v.length; j++) {
                v[j] = data.readFloat();
            }
            shapes.add(shape);
            values.add(v);
        }
        return new Checkpoint(names, shapes, values);
    }
}
