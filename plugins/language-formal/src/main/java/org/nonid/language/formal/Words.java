package org.nonid.language.formal;

import java.util.ArrayList;
import java.util.List;

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

    /**
     * Every word of a length over the symbols, in lexicographic order of the symbol list (the first
     * position varies slowest, like {@code itertools.product}).
     */
    static List<int[]> allWords(int[] symbols, int length) {
        List<int[]> words = new ArrayList<>();
        int total = (int) Math.pow(symbols.length, length);
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
