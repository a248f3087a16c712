package org.nonid.bench;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.language.Vocabulary;
import org.nonid.api.model.Decoder;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;
import org.nonid.backend.cpu.CpuBackend;
import org.nonid.backend.cuda.CudaBackend;
import org.nonid.backend.nd4j.Nd4jBackend;
import org.nonid.language.formal.AnBnLanguage;
import org.nonid.api.model.ModelFamily;
import org.nonid.model.linear.LinearFamily;
import org.nonid.model.lstm.LstmFamily;
import org.nonid.model.mamba.MambaFamily;
import org.nonid.model.transformer.TransformerFamily;
import org.nonid.model.xlstm.XlstmFamily;
import org.nonid.nn.optim.AdamW;

/**
 * Times one AdamW training step and greedy decoding of the 256 length-8 aNbN prompts for a model
 * family, the same work as {@code shared/bench/torch_baseline.py} (Transformer, LSTM, linear): the step includes the
 * forward pass, the backward pass and the optimizer update on a batch of aNbN sequences; decoding
 * generates exactly {@code gen} tokens for every prompt (no early stop), with the key/value cache.
 * Between the two, as the PyTorch baselines: the loss of a batch in evaluation mode, then an
 * untimed decoding of 8 prompts for 2 tokens. Then DECODE_WARMUP untimed decodings of all the
 * prompts (the first decoding runs partly in code the JIT has not compiled yet; PyTorch's kernels are
 * compiled ahead of time), then DECODINGS timed ones, whose median is reported; every decoding's
 * seconds go to standard error, and {@code gen_first_prompts_per_s} is the first one's rate. {@code step_alloc_kib} is the
 * heap a timed step allocates on the calling thread (all of it with one thread): a kernel whose
 * vectors the JIT failed to keep in registers shows there.
 * Prints one table row and one JSON line per run.
 *
 * <pre>java -cp ... org.nonid.bench.Bench SIZE BACKEND THREADS STEPS WARMUP GEN [DECODINGS [DECODE_WARMUP]]</pre>
 * SIZE is quickstart, p2 (Transformer), FAMILY-p2 (the papers' sizes) or FAMILY-arch (the sizes of
 * examples/architectures.yaml); BACKEND cpu or nd4j.
 */
public final class Bench {
    /**
     * With {@code -Dbench.trace=FILE}: every step's time in milliseconds, warm-up steps included, one a line
     * (to see when a long run's step settles).
     */
    private static final PrintStream TRACE = trace(System.getProperty("bench.trace"));

    private static PrintStream trace(String file) {
        try {
            return file == null ? null : new PrintStream(new FileOutputStream(file), true, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Bench() {
    }

    record Size(String name, ModelFamily family, int maxLength, int batch, Map<String, Object> model) {
    }

    static Size size(String name) {
        return switch (name) {
            case "quickstart" -> new Size(name, new TransformerFamily(), 32, 16, Map.of("dModel", 32, "heads", 4,
                    "layers", 2, "feedForward", 128, "dropout", 0));
            case "p2" -> new Size(name, new TransformerFamily(), 256, 128, Map.of("dModel", 10, "heads", 5, "layers", 7,
                    "feedForward", 1024, "dropout", 0.1));
            case "lstm-p2" -> new Size(name, new LstmFamily(), 256, 128, Map.of());
            case "linear-p2" -> new Size(name, new LinearFamily(), 256, 128, Map.of("embedding", 10));
            case "mamba-p2" -> new Size(name, new MambaFamily(), 256, 128, Map.of());
            case "xlstm-p2" -> new Size(name, new XlstmFamily(), 256, 128, Map.of());
            case "lstm-arch", "linear-arch", "mamba-arch", "xlstm-arch", "transformer-arch" -> architectureSize(name);
            default -> throw new IllegalArgumentException("size must be quickstart, p2, FAMILY-p2 or FAMILY-arch, not "
                    + name);
        };
    }

    /** The model sizes of examples/architectures.yaml (M = 32, batch 32). */
    private static Size architectureSize(String name) {
        String family = name.substring(0, name.indexOf('-'));
        return switch (family) {
            case "transformer" -> new Size(name, new TransformerFamily(), 32, 32, Map.of("dModel", 32, "heads", 4,
                    "layers", 2, "feedForward", 128, "dropout", 0));
            case "lstm" -> new Size(name, new LstmFamily(), 32, 32, Map.of("embedding", 16, "hidden", 48, "layers", 2,
                    "dropout", 0));
            case "linear" -> new Size(name, new LinearFamily(), 32, 32, Map.of("embedding", 4));
            case "mamba" -> new Size(name, new MambaFamily(), 32, 32, Map.of("dModel", 32, "layers", 3, "dState", 8,
                    "dConv", 4));
            default -> new Size(name, new XlstmFamily(), 32, 32, Map.of("embedding", 32, "blocks", 2, "slstmAt", "1"));
        };
    }

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        Size size = size(args.length > 0 ? args[0] : "quickstart");
        String backendName = args.length > 1 ? args[1] : "cpu";
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int steps = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        int warmup = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        int gen = args.length > 5 ? Integer.parseInt(args[5]) : 64;
        int decodings = args.length > 6 ? Integer.parseInt(args[6]) : 1;
        int decodeWarmup = args.length > 7 ? Integer.parseInt(args[7]) : 0;
        ComputeBackend backend = backend(backendName, threads);
        if (!backend.availability().usable()) {
            throw new IllegalStateException(backend.availability().reason());
        }

        AnBnLanguage plugin = new AnBnLanguage();
        FormalLanguage language = plugin.create(plugin.parameters().resolve("language", Map.of("maxLength", size.maxLength())));
        ModelFamily family = size.family();
        Config hp = family.hyperparameters().resolve("model", size.model());
        int positions = Math.max(size.maxLength() + 2, 1 + 8 + gen);
        Model model = family.create(new ModelContext(backend, language.vocabulary().size(), positions, 0), hp);
        long params = model.parameters().stream().mapToLong(Parameter::size).sum();

        List<int[]> words = language.datasets(new SplittableRandom(0)).train();
        int batch = Math.min(size.batch(), words.size());
        int length = language.sequenceLength() - 1;
        SplittableRandom random = new SplittableRandom(0);
        List<Double> times = new ArrayList<>();
        double lastLoss = Double.NaN;
        com.sun.management.ThreadMXBean allocated = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long stepBytes = 0;
        try (AdamW optimizer = new AdamW(backend, model.parameters(), 0.9f, 0.999f, 1e-8f, 0.01f)) {
            for (int s = 0; s < warmup + steps; s++) {
                TokenBatch tb = batch(words, batch, length, random);
                long a0 = allocated.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                for (Parameter p : model.parameters()) {
                    backend.fill(p.gradient(), 0f);
                }
                lastLoss = model.lossAndGradients(tb);
                optimizer.step(2e-3f);
                if (TRACE != null) {
                    TRACE.println((System.nanoTime() - t0) / 1e6);
                }
                if (s >= warmup) {
                    times.add((System.nanoTime() - t0) / 1e6);
                    stepBytes += allocated.getCurrentThreadAllocatedBytes() - a0;
                }
            }
        }
        if (times.size() <= 50) {
            System.err.println("step ms: " + times.stream().map(t -> String.format("%.0f", t)).toList());
        }
        String paramsCrc = parametersCrc(backend, model.parameters());
        double stepMs = median(times);
        double meanMs = times.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);

        model.setTraining(false);
        double evalLoss = model.loss(batch(words, batch, length, random));
        PromptSet prompts = language.prompts(8, new SplittableRandom(0));
        List<int[]> all = new ArrayList<>(prompts.inDistribution());
        all.addAll(prompts.outOfDistribution());
        decode(model, all.subList(0, 8), 2);
        List<Double> allDecodeSeconds = new ArrayList<>();
        String decodeCrc = "";
        for (int r = 0; r < decodeWarmup + decodings; r++) {
            long g0 = System.nanoTime();
            decodeCrc = decode(model, all, gen);
            allDecodeSeconds.add((System.nanoTime() - g0) / 1e9);
        }
        if (allDecodeSeconds.size() > 1) {
            System.err.println("decoding seconds (" + decodeWarmup + " untimed first): " + allDecodeSeconds);
        }
        double genSeconds = median(allDecodeSeconds.subList(decodeWarmup, allDecodeSeconds.size()));
        double firstGenSeconds = allDecodeSeconds.get(0);

        long rss = peakRssKiB();
        String row = String.format("%-16s %-5s %3d %8d %6d %4d %10.2f %10.2f %12.0f %12.2f %10.1f", size.name(), backendName,
                threads, params, batch, length, stepMs, meanMs, batch * length / (stepMs / 1000), all.size() / genSeconds,
                rss / 1024.0);
        System.out.println("size             backend thr   params  batch  seq   step ms(med) step ms(mean)   tokens/s  prompts/s  peakRSS MiB");
        System.out.println(row);
        System.out.println(String.format("{\"size\":\"%s\",\"backend\":\"%s\",\"threads\":%d,\"params\":%d,\"batch\":%d,"
                        + "\"seq_len\":%d,\"steps\":%d,\"step_ms_median\":%.2f,\"step_ms_mean\":%.2f,\"tokens_per_s\":%.0f,"
                        + "\"gen_prompts\":%d,\"gen_tokens\":%d,\"gen_prompts_per_s\":%.2f,\"peak_rss_mib\":%.1f,\"final_train_loss\":%.5f,"
                        + "\"eval_loss\":%.5f,\"step_alloc_kib\":%.1f,\"params_crc\":\"%s\",\"decode_crc\":\"%s\","
                        + "\"gen_first_prompts_per_s\":%.2f}",
                size.name(), backendName, threads, params, batch, length, steps, stepMs, meanMs,
                batch * length / (stepMs / 1000), all.size(), gen, all.size() / genSeconds, rss / 1024.0, lastLoss, evalLoss,
                stepBytes / 1024.0 / steps, paramsCrc, decodeCrc, all.size() / firstGenSeconds));
        model.close();
        System.exit(0);
    }

    /** The backend of that name; each is constructed only when chosen (a classpath may lack the others' natives). */
    private static ComputeBackend backend(String name, int threads) {
        return switch (name) {
            case "cpu" -> new CpuBackend(threads);
            case "nd4j" -> new Nd4jBackend();
            case "cuda" -> new CudaBackend();
            default -> throw new IllegalArgumentException("backend must be cpu, nd4j or cuda, not " + name);
        };
    }

    /** CRC-32 of every parameter's bits after training: equal CRCs mean bit-identical training. */
    private static String parametersCrc(ComputeBackend backend, List<Parameter> parameters) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        for (Parameter p : parameters) {
            update(crc, backend.download(p.value()));
        }
        return String.format("%08x", crc.getValue());
    }

    private static TokenBatch batch(List<int[]> words, int batch, int length, SplittableRandom random) {
        List<int[]> shuffled = new ArrayList<>(words);
        for (int i = shuffled.size() - 1; i > 0; i--) {
            Collections.swap(shuffled, i, random.nextInt(i + 1));
        }
        int[] inputs = new int[batch * length];
        int[] targets = new int[batch * length];
        float[] weights = new float[batch * length];
        java.util.Arrays.fill(weights, 1f / (batch * length));
        for (int b = 0; b < batch; b++) {
            int[] w = shuffled.get(b);
            int[] seq = new int[length + 1];
            java.util.Arrays.fill(seq, Vocabulary.PAD);
            seq[0] = Vocabulary.SOS;
            System.arraycopy(w, 0, seq, 1, w.length);
            seq[w.length + 1] = Vocabulary.EOS;
            for (int t = 0; t < length; t++) {
                inputs[b * length + t] = seq[t];
                targets[b * length + t] = seq[t + 1];
            }
        }
        return new TokenBatch(batch, length, inputs, targets, weights);
    }

    /**
     * Greedy decoding of exactly {@code gen} tokens after SOS and each prompt; returns a CRC-32 of
     * every log-probability it saw, so that equal CRCs mean bit-identical decoding.
     */
    private static String decode(Model model, List<int[]> prompts, int gen) {
        int n = prompts.size();
        int k = prompts.get(0).length;
        int vocab = model.vocabularySize();
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        try (Decoder d = model.decoder(n, 1 + k + gen)) {
            int[] tokens = new int[n];
            java.util.Arrays.fill(tokens, Vocabulary.SOS);
            float[] logProbs = d.step(tokens);
            for (int t = 0; t < k; t++) {
                for (int i = 0; i < n; i++) {
                    tokens[i] = prompts.get(i)[t];
                }
                logProbs = d.step(tokens);
            }
            for (int g = 0; g < gen; g++) {
                update(crc, logProbs);
                for (int i = 0; i < n; i++) {
                    int best = 0;
                    for (int v = 1; v < vocab; v++) {
                        if (logProbs[i * vocab + v] > logProbs[i * vocab + best]) {
                            best = v;
                        }
                    }
                    tokens[i] = best;
                }
                if (g + 1 < gen) {
                    logProbs = d.step(tokens);
                }
            }
        }
        return String.format("%08x", crc.getValue());
    }

    private static void update(java.util.zip.CRC32 crc, float[] values) {
        for (float v : values) {
            int bits = Float.floatToRawIntBits(v);
            crc.update(bits);
            crc.update(bits >>> 8);
            crc.update(bits >>> 16);
            crc.update(bits >>> 24);
        }
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static long peakRssKiB() throws IOException {
        for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
