package org.nonid.icl;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.nonid.api.language.Datasets;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Rule;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.language.WeightedWord;

/**
 * The in-context-learning task family. Symbols are the residues {@code 0..p-1}, the in-context mark
 * {@code >} and the query mark {@code ?}; a task t in {@code 1..T} maps x to {@code y = (x + t) mod p}.
 * A word is, with probability {@code 1 - delta}, {@code pairs} pairs {@code x y} each of its own task
 * (drawn anew for every pair), and with probability {@code delta} an in-context sequence: {@code >},
 * k demonstrations {@code x y} of one task (k uniform on {@code 0..K}), then the query {@code ? x} and
 * its answer. Every x and task is uniform, so the support is finite and every probability exact.
 */
final class IclTasks implements FormalLanguage {
    static final String QUERY = "?";
    static final String CONTEXT = ">";

    private final int modulus;
    private final int tasks;
    private final int demonstrations;
    private final int pairs;
    private final double delta;
    private final int[] sizes;
    private final int queryPrompts;
    private final Vocabulary vocabulary;
    private final int query;
    private final int context;
    private final List<Rule> rules;
    private List<WeightedWord> support;

    IclTasks(int modulus, int tasks, int demonstrations, int pairs, double delta, int[] sizes, int queryPrompts) {
        this.modulus = modulus;
        this.tasks = tasks;
        this.demonstrations = demonstrations;
        this.pairs = pairs;
        this.delta = delta;
        this.sizes = sizes.clone();
        this.queryPrompts = queryPrompts;
        String[] symbols = new String[modulus + 2];
        for (int x = 0; x < modulus; x++) {
            symbols[x] = Integer.toString(x);
        }
        symbols[modulus] = CONTEXT;
        symbols[modulus + 1] = QUERY;
        this.vocabulary = Vocabulary.of(symbols);
        this.query = vocabulary.id(QUERY);
        this.context = vocabulary.id(CONTEXT);
        this.rules = List.of(
                new Rule("R1", "every answer is x + t (mod p) for a task t", this::everyAnswerValid),
                new Rule("R2", "an in-context sequence keeps one task", this::oneTaskInContext));
    }

    int modulus() {
        return modulus;
    }

    int tasks() {
        return tasks;
    }

    int demonstrations() {
        return demonstrations;
    }

    double delta() {
        return delta;
    }

    int queryToken() {
        return query;
    }

    /** The token of residue x. */
    int residue(int x) {
        return Vocabulary.PAD + 1 + Math.floorMod(x, modulus);
    }

    /** The residue of a token, or -1 for a mark. */
    int valueOf(int token) {
        return token == query || token == context ? -1 : token - Vocabulary.PAD - 1;
    }

    /** The task of a pair, or 0 when no task maps x to y. */
    int taskOf(int xToken, int yToken) {
        int x = valueOf(xToken);
        int y = valueOf(yToken);
        if (x < 0 || y < 0) {
            return 0;
        }
        int t = Math.floorMod(y - x, modulus);
        return t >= 1 && t <= tasks ? t : 0;
    }

    @Override
    public String name() {
        return "icl";
    }

    @Override
    public Vocabulary vocabulary() {
        return vocabulary;
    }

    @Override
    public int maxLength() {
        return Math.max(2 * pairs, 2 * demonstrations + 4);
    }

    @Override
    public List<Rule> rules() {
        return rules;
    }

    @Override
    public List<String> notes() {
        double chance = 1.0 / modulus;
        return List.of(
                String.format("tasks:            y = x + t (mod %d), t = 1..%d; in-context sequences with probability"
                        + " delta = %s, k = 0..%d demonstrations", modulus, tasks, delta, demonstrations),
                String.format("ICL accuracy (icl-accuracy measure, answer to '? x' after k demonstrations):"
                        + " chance %.3f (a uniform residue); Bayes-optimal %.3f at k = 0 (the task is unknown),"
                        + " 1.000 for k >= 1; the marginal predictor %.3f at every k", chance, 1.0 / tasks,
                        1.0 / tasks),
                String.format("support:          %d words (%d mixed, %d in-context)", supportSize(),
                        mixedCount(), supportSize() - mixedCount()));
    }

    private long mixedCount() {
        return (long) Math.pow((double) modulus * tasks, pairs);
    }

    long supportSize() {
        long icl = 0;
        for (int k = 0; k <= demonstrations; k++) {
            icl += tasks * (long) Math.pow(modulus, k + 1);
        }
        return mixedCount() + icl;
    }

    @Override
    public boolean isGrammatical(int[] word) {
        int mark = indexOf(word, query);
        if (mark < 0) {
            return word.length == 2 * pairs && indexOf(word, context) < 0 && everyAnswerValid(word);
        }
        return word.length > 0 && word[0] == context && indexOf(word, context) == 0 && mark % 2 == 1
                && (mark - 1) / 2 <= demonstrations && word.length == mark + 3 && delta > 0
                && everyAnswerValid(word) && oneTaskInContext(word);
    }

    private boolean everyAnswerValid(int[] word) {
        int[] symbols = withoutMarks(word);
        if (symbols.length % 2 != 0) {
            return false;
        }
        for (int i = 0; i < symbols.length; i += 2) {
            if (taskOf(symbols[i], symbols[i + 1]) == 0) {
                return false;
            }
        }
        return true;
    }

    private boolean oneTaskInContext(int[] word) {
        if (indexOf(word, query) < 0 && indexOf(word, context) < 0) {
            return true;
        }
        int[] symbols = withoutMarks(word);
        int task = -1;
        for (int i = 0; i + 1 < symbols.length; i += 2) {
            int t = taskOf(symbols[i], symbols[i + 1]);
            if (task >= 0 && t != task) {
                return false;
            }
            task = t;
        }
        return true;
    }

    private int[] withoutMarks(int[] word) {
        int[] out = new int[word.length];
        int n = 0;
        for (int s : word) {
            if (s != query && s != context) {
                out[n++] = s;
            }
        }
        return java.util.Arrays.copyOf(out, n);
    }

    private static int indexOf(int[] word, int token) {
        for (int i = 0; i < word.length; i++) {
            if (word[i] == token) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public int[] sample(SplittableRandom random) {
        if (random.nextDouble() < delta) {
            int k = random.nextInt(demonstrations + 1);
            int task = 1 + random.nextInt(tasks);
            int[] xs = new int[k + 1];
            for (int i = 0; i <= k; i++) {
                xs[i] = random.nextInt(modulus);
            }
            return inContext(xs, task);
        }
        int[] word = new int[2 * pairs];
        for (int i = 0; i < pairs; i++) {
            int x = random.nextInt(modulus);
            word[2 * i] = residue(x);
            word[2 * i + 1] = residue(x + 1 + random.nextInt(tasks));
        }
        return word;
    }

    @Override
    public synchronized Optional<List<WeightedWord>> support() {
        if (support == null) {
            List<WeightedWord> words = new ArrayList<>();
            if (delta < 1) {
                double p = (1 - delta) * Math.pow(1.0 / (modulus * tasks), pairs);
                for (int[] w : mixedWords()) {
                    words.add(new WeightedWord(w, p));
                }
            }
            if (delta > 0) {
                for (int k = 0; k <= demonstrations; k++) {
                    double p = delta / (demonstrations + 1) / tasks * Math.pow(1.0 / modulus, k + 1);
                    for (int task = 1; task <= tasks; task++) {
                        for (int[] xs : tuples(k + 1)) {
                            words.add(new WeightedWord(inContext(xs, task), p));
                        }
                    }
                }
            }
            support = List.copyOf(words);
        }
        return Optional.of(support);
    }

    private List<int[]> mixedWords() {
        List<int[]> out = new ArrayList<>();
        int[] choice = new int[pairs];
        int options = modulus * tasks;
        long total = mixedCount();
        for (long index = 0; index < total; index++) {
            long rest = index;
            int[] word = new int[2 * pairs];
            for (int i = 0; i < pairs; i++) {
                choice[i] = (int) (rest % options);
                rest /= options;
                int x = choice[i] / tasks;
                int task = 1 + choice[i] % tasks;
                word[2 * i] = residue(x);
                word[2 * i + 1] = residue(x + task);
            }
            out.add(word);
        }
        return out;
    }

    /** Every tuple of n residues. */
    List<int[]> tuples(int n) {
        List<int[]> out = new ArrayList<>();
        long total = (long) Math.pow(modulus, n);
        for (long index = 0; index < total; index++) {
            long rest = index;
            int[] xs = new int[n];
            for (int i = 0; i < n; i++) {
                xs[i] = (int) (rest % modulus);
                rest /= modulus;
            }
            out.add(xs);
        }
        return out;
    }

    /** The in-context word whose demonstrations are xs[0..n-2] and whose query is xs[n-1], all of one task. */
    int[] inContext(int[] xs, int task) {
        int k = xs.length - 1;
        int[] word = new int[2 * k + 4];
        word[0] = context;
        for (int i = 0; i < k; i++) {
            word[1 + 2 * i] = residue(xs[i]);
            word[2 + 2 * i] = residue(xs[i] + task);
        }
        word[2 * k + 1] = query;
        word[2 * k + 2] = residue(xs[k]);
        word[2 * k + 3] = residue(xs[k] + task);
        return word;
    }

    /**
     * Query prompts with k demonstrations ({@code x y ... ? x}) and their right answers: all of them
     * when there are at most {@code queryPrompts}, else that many drawn with a fixed seed, so every run
     * is asked the same ones.
     */
    List<Query> queries(int k) {
        List<Query> all = new ArrayList<>();
        long count = tasks * (long) Math.pow(modulus, k + 1);
        if (count <= queryPrompts) {
            for (int task = 1; task <= tasks; task++) {
                for (int[] xs : tuples(k + 1)) {
                    all.add(query(xs, task));
                }
            }
            return all;
        }
        SplittableRandom random = new SplittableRandom(1000L + k);
        for (int i = 0; i < queryPrompts; i++) {
            int[] xs = new int[k + 1];
            for (int j = 0; j <= k; j++) {
                xs[j] = random.nextInt(modulus);
            }
            all.add(query(xs, 1 + random.nextInt(tasks)));
        }
        return all;
    }

    private Query query(int[] xs, int task) {
        int[] word = inContext(xs, task);
        return new Query(java.util.Arrays.copyOf(word, word.length - 1), word[word.length - 1], task);
    }

    /**
     * A query prompt and its answer.
     *
     * @param prompt symbols up to and including the query's x
     * @param answer the right answer's token
     * @param task   the task of the demonstrations
     */
    record Query(int[] prompt, int answer, int task) {
    }

    @Override
    public Datasets datasets(SplittableRandom random) {
        return new Datasets(draw(sizes[0], random), draw(sizes[1], random), draw(sizes[2], random));
    }

    private List<int[]> draw(int n, SplittableRandom random) {
        List<int[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(sample(random));
        }
        return out;
    }

    @Override
    public int defaultPromptLength() {
        return 2 * Math.min(2, demonstrations) + 3;
    }

    /**
     * Prompts of {@code >}, k = (length - 3) / 2 demonstrations and a query {@code ? x}: in-distribution when the
     * demonstrations share one task, out-of-distribution when they do not (R2 broken; R1 asks whether
     * the answer still fits some task). 128 of each, drawn with {@code random}.
     */
    @Override
    public PromptSet prompts(int length, SplittableRandom random) {
        if (length < 3 || length % 2 != 1 || (length - 3) / 2 > demonstrations) {
            throw new IllegalArgumentException("icl prompts are '>', k demonstrations and a query '? x': their length"
                    + " 2k + 3 is odd and at most " + (2 * demonstrations + 3) + ", not " + length);
        }
        int k = (length - 3) / 2;
        List<int[]> id = new ArrayList<>();
        List<int[]> ood = new ArrayList<>();
        for (int i = 0; i < 128; i++) {
            int[] xs = new int[k + 1];
            for (int j = 0; j <= k; j++) {
                xs[j] = random.nextInt(modulus);
            }
            int task = 1 + random.nextInt(tasks);
            id.add(query(xs, task).prompt());
            if (k >= 2 && tasks >= 2) {
                int[] mixed = query(xs, task).prompt();
                int j = random.nextInt(k);
                int other = 1 + Math.floorMod(task - 1 + 1 + random.nextInt(tasks - 1), tasks);
                mixed[2 + 2 * j] = residue(xs[j] + other);
                ood.add(mixed);
            }
        }
        return new PromptSet(length, id, ood);
    }
}
