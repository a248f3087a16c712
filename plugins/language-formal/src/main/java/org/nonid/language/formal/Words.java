package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small helpers over words (arrays of symbol ids). */
final class Words {
    private Words() {
    }

    static int count(int[] word, int symbol) {
        int n = 0;
        for (int t : word) {
            if (t == symbol) {
                n++;
            }
        }
        return n;
    }

    /** Whether no {@code later} symbol comes before an {@code earlier} one. */
    static boolean allBefore(int[] word, int earlier, int later) {
        boolean seenLater = false;
        for (int t : word) {
            if (t == later) {
                seenLater = true;
            } else if (t == earlier && seenLater) {
                return false;
            }
        }
        return true;
    }

    /** Whether the open/close symbols, ignoring every other symbol, form a balanced string. */
    static boolean balanced(int[] word, int open, int close) {
        return neverBelowZero(word, open, close) && count(word, open) == count(word, close);
    }

    /** Whether no prefix has more {@code close} than {@code open} symbols (ignoring others). */
    static boolean neverBelowZero(int[] word, int open, int close) {
        int depth = 0;
        for (int t : word) {
            if (t == open) {
                depth++;
            } else if (t == close && --depth < 0) {
                return false;
            }
        }
        return true;
    }

    /** {@code symbol} repeated. */
    static int[] repeat(int symbol, int times) {
        int[] w = new int[times];
        java.util.Arrays.fill(w, symbol);
        return w;
    }

    static int[] concat(int[]... parts) {
        int n = 0;
        for (int[] p : parts) {
            n += p.length;
        }
        int[] w = new int[n];
        int at = 0;
        for (int[] p : parts) {
            System.arraycopy(p, 0, w, at, p.length);
            at += p.length;
        }
        return w;
    }

    /** Shuffles in place (Fisher-Yates). */
    static int[] shuffle(int[] word, SplittableRandom random) {
        for (int i = word.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = word[i];
            word[i] = word[j];
            word[j] = t;
        }
        return word;
    }

    /** Whether {@code prefix} starts {@code word}. */
    static boolean startsWith(int[] word, int[] prefix) {
        if (prefix.length > word.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (word[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Every word of a length over the symbols, in lexicographic order of the symbol list (the first
     * position varies slowest, like {@code itertools.product}).
     */
    static List<int[]> allWords(int[] symbols, int length) {
        List<int[]> words = new ArrayList<>();
        long total = (long) Math.pow(symbols.length, length);
        if (total > 1_000_000) {
            throw new IllegalArgumentException(total + " prompts of length " + length + " are too many to list");
        }
        for (int index = 0; index < total; index++) {
            int[] w = new int[length];
            int rest = index;
            for (int pos = length - 1; pos >= 0; pos--) {
                w[pos] = symbols[rest % symbols.length];
                rest /= symbols.length;
            }
            words.add(w);
        }
        return words;
    }
}
