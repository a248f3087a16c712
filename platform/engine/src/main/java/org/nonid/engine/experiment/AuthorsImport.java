package org.nonid.engine.experiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToIntFunction;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.ImportedExperiment;
import org.nonid.engine.experiment.AuthorsSettings.Setting;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Translates a W&B sweep or a Lightning config of the papers' code into a NonID experiment file,
 * key by key. Epoch counts become optimizer steps through the language's training-set size (the
 * papers' scheduler, validation and early stopping count epochs); W&B's random sweeps over discrete
 * values become grids; a random seed per run becomes {@code seeds}. A key with no NonID meaning is
 * refused, all such keys in one message.
 */
final class AuthorsImport {
    private final AuthorsSettings settings;
    private final ToIntFunction<Map<String, Object>> trainingSetSize;
    private final Set<String> used = new LinkedHashSet<>();
    private final List<String> mapping = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Object> sweep = new LinkedHashMap<>();

    private AuthorsImport(AuthorsSettings settings, ToIntFunction<Map<String, Object>> trainingSetSize) {
        this.settings = settings;
        this.trainingSetSize = trainingSetSize;
    }

    /**
     * @param trainingSetSize the number of training sequences of a language section ({@code name} and
     *                        parameters), from the installed language
     * @param seeds           how many seeds stand for a seed drawn at random per run
     */
    static ImportedExperiment translate(Path file, List<String> overrides, int seeds,
                                        ToIntFunction<Map<String, Object>> trainingSetSize) throws IOException {
        AuthorsImport t = new AuthorsImport(AuthorsSettings.read(file, overrides), trainingSetSize);
        return t.experiment(file, seeds);
    }

    private ImportedExperiment experiment(Path file, int seeds) {
        String source = file.getFileName().toString();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", name(source));
        out.put("description", "imported from " + source + " (" + (settings.isSweep() ? "W&B sweep" : "Lightning config")
                + " of the papers' code)");
        Map<String, Object> language = language();
        out.put("language", language);
        List<Object> models = models();
        out.put("models", models);
        int batchSize = integer("data.batch_size", "training.batchSize");
        int trainSize = language.isEmpty() ? 1 : trainingSetSize.applyAsInt(language);
        int perEpoch = Math.max(1, (trainSize + batchSize - 1) / Math.max(1, batchSize));
        mapping.add("epochs to steps: " + trainSize + " training sequences in batches of " + batchSize + " = "
                + perEpoch + " step" + (perEpoch == 1 ? "" : "s") + " per epoch");
        List<Map<String, Object>> trainings = trainings(batchSize, perEpoch);
        Map<String, Object> evaluation = evaluation(perEpoch);
        out.put("evaluation", evaluation);
        out.put("conditions", conditions(language));
        seeds(out, seeds);
        if (trainings.size() == 1) {
            out.put("training", trainings.get(0));
        } else {
            List<Object> parts = new ArrayList<>();
            for (Map<String, Object> training : trainings) {
                parts.add(Map.of("training", training));
            }
            out.put("parts", parts);
        }
        if (!sweep.isEmpty()) {
            out.put("method", "grid");
            out.put("parameters", sweep);
            if (settings.method().equals("random")) {
                mapping.add("method: random -> grid: W&B draws combinations of the values until stopped; NonID runs"
                        + " each combination once (x seeds)");
            }
        }
        ignoreTheRest();
        if (!problems.isEmpty()) {
            List<String> all = new ArrayList<>();
            all.add(source + ": " + problems.size() + " key" + (problems.size() == 1 ? " has" : "s have")
                    + " no NonID meaning (change them with authors.key=value after the file):");
            problems.forEach(p -> all.add("  " + p));
            throw new ConfigException(String.join("\n", all));
        }
        List<String> lines = new ArrayList<>(settings.notes());
        lines.addAll(mapping);
        return new ImportedExperiment(text(source, out, lines), lines);
    }

    private static String name(String source) {
        String base = source.contains(".") ? source.substring(0, source.lastIndexOf('.')) : source;
        String name = base.replaceAll("[^A-Za-z0-9._-]", "-");
        return name.isEmpty() || !Character.isLetterOrDigit(name.charAt(0)) ? "imported-" + name : name;
    }

    private Map<String, Object> language() {
        Map<String, Object> language = new LinkedHashMap<>();
        Object grammar = fixed("data.grammar");
        String name = grammar == null ? null : AuthorsKeys.GRAMMARS.get(String.valueOf(grammar));
        if (grammar != null && name == null) {
            used.addAll(List.of("data.max_length", "data.all_sequences", "data.num_train", "data.num_val",
                    "data.num_test"));
            problems.add("data.grammar = " + grammar + ": NonID has no such language (it has "
                    + String.join(", ", AuthorsKeys.GRAMMARS.keySet()) + ")");
            return language;
        }
        if (name == null) {
            return language;
        }
        language.put("name", name);
        note("data.grammar", "language.name", name);
        Object maxLength = fixed("data.max_length");
        language.put("maxLength", maxLength);
        note("data.max_length", "language.maxLength", maxLength);
        boolean drawn = !AuthorsKeys.ALL_SEQUENCES.contains(String.valueOf(grammar))
                || Boolean.FALSE.equals(fixed("data.all_sequences"));
        if (AuthorsKeys.ALL_SEQUENCES.contains(String.valueOf(grammar))) {
            note("data.all_sequences", drawn ? "words drawn (trainSize, validationSize, testSize)"
                    : "every word once (NonID's default)", null);
        } else {
            used.add("data.all_sequences");
        }
        for (String[] size : new String[][] {{"data.num_train", "trainSize"}, {"data.num_val", "validationSize"},
                {"data.num_test", "testSize"}}) {
            Object value = fixed(size[0]);
            if (drawn) {
                language.put(size[1], value);
                note(size[0], "language." + size[1], value);
            } else {
                note(size[0], "not used: every word once", null);
            }
        }
        return language;
    }

    private List<Object> models() {
        Setting model = settings.get("model.model");
        List<Object> families = model.isList() ? model.values() : List.of(model.value());
        used.add("model.model");
        mapping.add("model.model = " + model + " -> models: " + families);
        List<Object> models = new ArrayList<>();
        Set<String> familyKeys = new LinkedHashSet<>();
        AuthorsKeys.FAMILY_KEYS.values().forEach(m -> familyKeys.addAll(m.keySet()));
        for (Object f : families) {
            String family = String.valueOf(f);
            Map<String, String> keys = AuthorsKeys.FAMILY_KEYS.get(family);
            if (keys == null) {
                problems.add("model.model = " + family + ": NonID has no such family (it has "
                        + String.join(", ", AuthorsKeys.FAMILIES) + ")");
                continue;
            }
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("family", family);
            keys.forEach((authorsKey, key) -> {
                Setting s = settings.get(authorsKey);
                if (s == null) {
                    return;
                }
                used.add(authorsKey);
                if (s.isList()) {
                    sweep.put("model." + family + "." + key, Map.of("values", s.values()));
                    mapping.add(authorsKey + " = " + s + " -> sweep model." + family + "." + key);
                } else if (s.isDistribution()) {
                    problems.add(authorsKey + ": a distribution over a model setting (give values)");
                } else {
                    entry.put(key, s.value());
                    mapping.add(authorsKey + " = " + s.value() + " -> models[" + family + "]." + key
                            + origin(s));
                }
            });
            models.add(entry);
        }
        for (String key : familyKeys) {
            if (!used.contains(key) && settings.get(key) != null) {
                used.add(key);
                if (!settings.get(key).origin().equals("the code's defaults")) {
                    mapping.add(key + " = " + settings.get(key) + ": for a family not in this file, unused");
                }
            }
        }
        return models;
    }

    private List<Map<String, Object>> trainings(int batchSize, int perEpoch) {
        Map<String, Object> training = new LinkedHashMap<>();
        int epochs = integer("trainer.max_epochs", null);
        long steps = (long) epochs * perEpoch;
        Object maxSteps = fixed("trainer.max_steps");
        if (maxSteps instanceof Number && ((Number) maxSteps).longValue() > 0) {
            steps = Math.min(steps, ((Number) maxSteps).longValue());
        }
        training.put("steps", (int) Math.min(Integer.MAX_VALUE, steps));
        mapping.add("trainer.max_epochs = " + epochs + " -> training.steps = " + training.get("steps")
                + (maxSteps instanceof Number && ((Number) maxSteps).longValue() > 0 ? " (capped by trainer.max_steps)" : ""));
        training.put("batchSize", batchSize);
        Setting lr = settings.get("model.lr");
        used.add("model.lr");
        if (lr.isList()) {
            sweep.put("training.lr", Map.of("values", lr.values()));
            mapping.add("model.lr = " + lr + " -> sweep training.lr");
        } else {
            training.put("lr", lr.value());
            mapping.add("model.lr = " + lr + " -> training.lr" + origin(lr));
        }
        Integer patience = patience();
        if (patience != null) {
            training.put("patience", patience);
        }
        Object clip = fixed("trainer.gradient_clip_val");
        if (clip instanceof Number) {
            training.put("gradClip", clip);
            mapping.add("trainer.gradient_clip_val = " + clip + " -> training.gradClip");
        }
        int warmupEpochs = integer("model.num_warmup_steps", null);
        Setting optimizer = settings.get("model.optimizer");
        used.add("model.optimizer");
        List<Object> optimizers = optimizer.isList() ? optimizer.values() : List.of(optimizer.value());
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : optimizers) {
            Map<String, Object> t = new LinkedHashMap<>(training);
            String name = String.valueOf(o);
            t.put("optimizer", name);
            if (name.equals("sgd")) {
                // the papers' SGD: no schedule, no momentum, no weight decay
                t.put("schedule", "constant");
                t.put("weightDecay", 0);
                mapping.add("model.optimizer = sgd -> training: optimizer sgd, schedule constant, weightDecay 0 (the"
                        + " papers' SGD has no scheduler and no weight decay)");
            } else if (name.equals("adamw")) {
                t.put("warmup", warmupEpochs * perEpoch);
                mapping.add("model.optimizer = adamw -> training.optimizer adamw, inverse-sqrt schedule, warmup = "
                        + warmupEpochs + " epochs = " + warmupEpochs * perEpoch + " steps (the papers' scheduler"
                        + " steps once per epoch)");
            } else {
                problems.add("model.optimizer = " + name + ": NonID has adamw and sgd");
            }
            out.add(t);
        }
        if (out.size() > 1) {
            mapping.add("model.optimizer = " + optimizer + " -> one part per optimizer (each with its own schedule)");
        }
        return out;
    }

    private Integer patience() {
        Setting callbacks = settings.get("trainer.callbacks");
        if (callbacks == null || !(callbacks.value() instanceof List)) {
            return null;
        }
        for (Object c : (List<?>) callbacks.value()) {
            if (c instanceof Map && String.valueOf(((Map<?, ?>) c).get("class_path")).endsWith("EarlyStopping")
                    && ((Map<?, ?>) c).get("init_args") instanceof Map) {
                Object p = ((Map<?, ?>) ((Map<?, ?>) c).get("init_args")).get("patience");
                if (p instanceof Number) {
                    mapping.add("trainer.callbacks EarlyStopping patience = " + p + " -> training.patience (validations"
                            + " without a lower validation loss)");
                    return ((Number) p).intValue();
                }
            }
        }
        return null;
    }

    private Map<String, Object> evaluation(int perEpoch) {
        Map<String, Object> evaluation = new LinkedHashMap<>();
        int every = integer("trainer.check_val_every_n_epoch", null);
        evaluation.put("every", every * perEpoch);
        mapping.add("trainer.check_val_every_n_epoch = " + every + " -> evaluation.every = " + every * perEpoch
                + " steps");
        evaluation.put("promptLength", integer("model.test_prompt_length", "evaluation.promptLength"));
        Setting pick = settings.get("model.next_token_pick_mode");
        used.add("model.next_token_pick_mode");
        if (pick.isList()) {
            List<Object> decodings = new ArrayList<>();
            pick.values().forEach(v -> decodings.add(decoding(v)));
            sweep.put("evaluation.decoding", Map.of("values", decodings));
            mapping.add("model.next_token_pick_mode = " + pick + " -> sweep evaluation.decoding");
        } else {
            evaluation.put("decoding", decoding(pick.value()));
            mapping.add("model.next_token_pick_mode = " + pick + " -> evaluation.decoding = "
                    + evaluation.get("decoding") + origin(pick));
        }
        return evaluation;
    }

    private String decoding(Object pick) {
        String p = String.valueOf(pick);
        if (!p.equals("max") && !p.equals("sample")) {
            problems.add("model.next_token_pick_mode = " + p + ": the papers' code takes max or sample");
        }
        return p.equals("sample") ? "sample" : "greedy";
    }

    private List<Object> conditions(Map<String, Object> language) {
        boolean adversarial = Boolean.TRUE.equals(fixed("model.adversarial_training"));
        boolean oracle = Boolean.TRUE.equals(fixed("model.extrapolation_training"));
        if (adversarial && oracle) {
            problems.add("model.adversarial_training and model.extrapolation_training are both true (the papers' code"
                    + " refuses that too)");
        }
        String condition = adversarial ? "adversarial" : oracle ? "oracle" : "mle";
        if (!condition.equals("mle") && !language.isEmpty() && !"aNbN".equals(language.get("name"))) {
            Setting grammar = settings.get("data.grammar");
            problems.add("model." + (adversarial ? "adversarial" : "extrapolation") + "_training: defined for aNbN"
                    + " only, and data.grammar is " + grammar + origin(grammar) + "; give data.grammar=aNbN");
        }
        if (condition.equals("mle")) {
            mapping.add("model.adversarial_training, model.extrapolation_training = false -> conditions: [mle]");
            return List.of("mle");
        }
        mapping.add("model." + (adversarial ? "adversarial" : "extrapolation") + "_training = true -> conditions: ["
                + condition + "] with scoring: papers (the papers' completion loss: from the second taught token,"
                + " PAD targets included)");
        return List.of(Map.of("name", condition, "scoring", "papers"));
    }

    private void seeds(Map<String, Object> out, int seeds) {
        Setting seed = settings.get("seed_everything");
        used.add("seed_everything");
        if (seed.value() instanceof Number) {
            out.put("seed", seed.value());
            mapping.add("seed_everything = " + seed + " -> seed");
        } else {
            out.put("seeds", seeds);
            mapping.add("seed_everything = " + seed + " (a seed drawn per run) -> seeds: " + seeds
                    + " (seeds 1.." + seeds + "; --seeds N for more)");
        }
    }

    private void ignoreTheRest() {
        for (Map.Entry<String, Setting> e : settings.all().entrySet()) {
            String key = e.getKey();
            if (used.contains(key)) {
                continue;
            }
            Setting s = e.getValue();
            boolean fromDefaults = s.origin().equals("the code's defaults");
            if (AuthorsKeys.NO_EFFECT.containsKey(key)) {
                if (!fromDefaults && (s.value() != null || s.isList())) {
                    mapping.add(key + (s.value() instanceof List || s.value() instanceof Map ? "" : " = " + s)
                            + ": ignored, " + AuthorsKeys.NO_EFFECT.get(key));
                }
            } else if (key.startsWith("trainer.") && AuthorsKeys.TRAINER_RUNTIME.contains(key.substring(8))) {
                if (key.equals("trainer.accumulate_grad_batches") && !Integer.valueOf(1).equals(s.value())) {
                    problems.add(key + " = " + s + ": NonID takes one batch per step (use a larger batchSize)");
                }
            } else if (key.equals("model.relu_rescale")) {
                if (!(s.value() instanceof Number) || ((Number) s.value()).doubleValue() != 1.0) {
                    problems.add(key + " = " + s + ": NonID's ReLU is not rescaled");
                }
            } else if (!fromDefaults) {
                problems.add(key + " = " + s + origin(s));
            }
        }
    }

    /** The value of a key that must not be swept; null (with a problem) where it is. */
    private Object fixed(String key) {
        used.add(key);
        Setting s = settings.get(key);
        if (s == null) {
            return null;
        }
        if (s.isList() || s.isDistribution()) {
            problems.add(key + " = " + s + ": NonID cannot sweep this key of the papers' code");
            return null;
        }
        return s.value();
    }

    private int integer(String key, String target) {
        Object v = fixed(key);
        if (!(v instanceof Number)) {
            if (v != null) {
                problems.add(key + " = " + v + ": not a number");
            }
            return 1;
        }
        if (target != null) {
            note(key, target, v);
        }
        return ((Number) v).intValue();
    }

    private void note(String key, String target, Object value) {
        Setting s = settings.get(key);
        mapping.add(key + " = " + (s == null ? "(unset)" : s) + " -> " + target + (value == null ? "" : " = " + value)
                + (s == null ? "" : origin(s)));
    }

    private static String origin(Setting s) {
        return s.origin().endsWith(".yaml") && !s.origin().contains("/") ? "" : " (from " + s.origin() + ")";
    }

    private static String text(String source, Map<String, Object> experiment, List<String> mapping) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        StringBuilder sb = new StringBuilder();
        sb.append("# Imported by nonid:import from ").append(source).append(", key by key:\n");
        for (String line : mapping) {
            sb.append("#   ").append(line).append('\n');
        }
        sb.append(new Yaml(options).dump(experiment));
        return sb.toString();
    }
}
