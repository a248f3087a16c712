package org.nonid.api.run;

/**
 * What the store records when a run starts.
 *
 * @param experiment   experiment name
 * @param trial        index in the experiment
 * @param seed         the run seed
 * @param language     language name
 * @param model        model-family name
 * @param backend      backend name
 * @param configJson   the resolved configuration, as JSON
 * @param environmentJson bundle versions, backend facts, host, Java version, as JSON
 */
public record NewRun(String experiment, int trial, long seed, String language, String model, String backend,
                     String configJson, String environmentJson) {
}
