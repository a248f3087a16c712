package org.nonid.nn;

import java.util.ArrayList;
import java.util.List;
import org.nonid.api.model.Model;
import org.nonid.api.model.Parameter;

/**
 * A model's parameters by name, read and written on the host: what reparametrisations and
 * parameter measures work with.
 */
public final class ParameterValues {
    private ParameterValues() {
    }

    /** The parameter of a name. */
    public static Parameter get(Model model, String name) {
        for (Parameter p : model.parameters()) {
            if (p.name().equals(name)) {
                return p;
            }
        }
        throw new IllegalArgumentException(model.family() + " model has no parameter '" + name + "'");
    }

    /** Whether the model has a parameter of that name. */
    public static boolean has(Model model, String name) {
        return model.parameters().stream().anyMatch(p -> p.name().equals(name));
    }

    /** The names of the parameters that match a regular expression, in the model's order. */
    public static List<String> names(Model model, String regex) {
        List<String> out = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            if (p.name().matches(regex)) {
                out.add(p.name());
            }
        }
        return out;
    }

    /** A copy of the parameter's values. */
    public static float[] read(Model model, String name) {
        return model.backend().download(get(model, name).value());
    }

    /** Overwrites the parameter's values. */
    public static void write(Model model, String name, float[] values) {
        Parameter p = get(model, name);
        if (values.length != p.size()) {
            throw new IllegalArgumentException(name + " holds " + p.size() + " values, not " + values.length);
        }
        model.backend().upload(values, p.value());
    }

    /** Multiplies every value of the parameter by a factor. */
    public static void scale(Model model, String name, double factor) {
        float[] v = read(model, name);
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (v[i] * factor);
        }
        write(model, name, v);
    }

    /**
     * Multiplies the columns {@code [from, to)} of a row-major matrix parameter (or the entries
     * {@code [from, to)} of a vector) by a factor.
     */
    public static void scaleColumns(Model model, String name, int from, int to, double factor) {
        int[] shape = get(model, name).shape();
        int columns = shape[shape.length - 1];
        if (from < 0 || to > columns || from > to) {
            throw new IllegalArgumentException(name + " has " + columns + " columns, not [" + from + ", " + to + ")");
        }
        float[] v = read(model, name);
        for (int row = 0; row < v.length / columns; row++) {
            for (int c = from; c < to; c++) {
                v[row * columns + c] = (float) (v[row * columns + c] * factor);
            }
        }
        write(model, name, v);
    }
}
