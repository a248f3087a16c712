package org.nonid.api.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The message for a name that is not among the valid ones: the name and the few valid names nearest
 * to it (by edit distance, ignoring case; a valid name that contains the given one, or the reverse,
 * counts as near), never the whole list.
 */
public final class UnknownName {
    /** How many of the nearest names a message shows. */
    public static final int SHOWN = 3;

    private UnknownName() {
    }

    /**
     * {@code unknown key 'model.dropuot'; nearest: model.dropout, model.layers, model.heads}.
     *
     * @param what  what the name is, e.g. {@code "key"}
     * @param given the name given
     * @param valid the valid names
     */
    public static String message(String what, String given, Collection<String> valid) {
        List<String> nearest = nearest(given, valid, SHOWN);
        String message = "unknown " + what + " '" + given + "'";
        return nearest.isEmpty() ? message + " (there are none)" : message + "; nearest: " + String.join(", ", nearest);
    }

    /** The {@code count} valid names nearest to {@code given}, nearest first (ties in the given order). */
    public static List<String> nearest(String given, Collection<String> valid, int count) {
        String g = given.toLowerCase(Locale.ROOT);
        List<String> candidates = new ArrayList<>(valid);
        List<Integer> distances = new ArrayList<>();
        for (String name : candidates) {
            distances.add(distance(g, name.toLowerCase(Locale.ROOT)));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < candidates.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt(distances::get));
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(count, order.size()); i++) {
            out.add(candidates.get(order.get(i)));
        }
        return out;
    }

    private static int distance(String given, String name) {
        // the last dotted part alone also counts: 'training.stpes' is near 'steps'
        String tail = name.substring(name.lastIndexOf('.') + 1);
        String givenTail = given.substring(given.lastIndexOf('.') + 1);
        int d = Math.min(levenshtein(given, name), levenshtein(givenTail, tail));
        if (!given.isEmpty() && (name.contains(given) || given.contains(name))) {
            d = Math.min(d, 1);
        }
        return d;
    }

    private static int levenshtein(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
