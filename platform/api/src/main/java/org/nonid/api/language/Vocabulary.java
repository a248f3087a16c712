package org.nonid.api.language;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Token ids and their names. Ids 0, 1 and 2 are always SOS, EOS and PAD; symbols follow from 3.
 */
public final class Vocabulary {
    public static final int SOS = 0;
    public static final int EOS = 1;
    public static final int PAD = 2;

    private final List<String> names;

    private Vocabulary(List<String> names) {
        this.names = Collections.unmodifiableList(names);
    }

    /** A vocabulary of SOS, EOS, PAD and then the given symbols, in order. */
    public static Vocabulary of(String... symbols) {
        List<String> names = new ArrayList<>(List.of("SOS", "EOS", "PAD"));
        for (String s : symbols) {
            if (s.isBlank() || s.contains(" ") || names.contains(s)) {
                throw new IllegalArgumentException("bad or repeated symbol '" + s + "'");
            }
            names.add(s);
        }
        return new Vocabulary(names);
    }

    /** The number of token ids. */
    public int size() {
        return names.size();
    }

    /** The name of a token id. */
    public String name(int id) {
        return names.get(id);
    }

    /** All token names, by id. */
    public List<String> names() {
        return names;
    }

    /** The symbols (ids 3 and up). */
    public List<String> symbols() {
        return names.subList(3, names.size());
    }

    /** The id of a symbol or special token name. */
    public int id(String name) {
        int id = names.indexOf(name);
        if (id < 0) {
            throw new IllegalArgumentException("unknown symbol '" + name + "'; known: " + String.join(" ", symbols()));
        }
        return id;
    }

    /**
     * Parses a word written as space-separated symbols ({@code "b a a b"}) or, when every
     * character is a one-character symbol, without spaces ({@code "baab"}).
     */
    public int[] parse(String text) {
        String trimmed = text.trim();
        if (trimmed.isEmpty()) {
            return new int[0];
        }
        String[] parts;
        if (trimmed.contains(" ") || names.contains(trimmed)) {
            parts = trimmed.split("\\s+");
        } else {
            parts = trimmed.split("");
        }
        int[] ids = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            ids[i] = id(parts[i]);
        }
        return ids;
    }

    /** Writes token ids as space-separated names. */
    public String format(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < ids.length; i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(ids[i] >= 0 && ids[i] < names.size() ? names.get(ids[i]) : "?" + ids[i]);
        }
        return sb.toString();
    }
}
