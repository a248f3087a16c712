package org.nonid.model.constructed;

import java.util.List;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.ModelFamily;
import org.osgi.service.component.annotations.Component;

/** The {@code constructed} model family: a language's Bayes-optimal predictor, written rather than trained. */
@Component(service = ModelFamily.class, property = "nonid.name=constructed")
public final class ConstructedFamily implements ModelFamily {
    static final String OOD = "ood";
    static final String ICL = "icl";

    private static final ConfigSchema SCHEMA = ConfigSchema.builder()
            .choice(OOD, "uniform", List.of(OffSupport.names()),
                    "after a prefix that starts no word: extrapolate (complete so that R1 holds), violate (so that it"
                            + " breaks), uniform (every symbol and EOS alike), eos (end at once)")
            .choice(ICL, "bayes", List.of("bayes", "marginal"),
                    "answers to in-context queries ('? x'): bayes (the task the demonstrations show), marginal (the"
                            + " answer averaged over tasks, as if there were no demonstrations)")
            .build();

    @Override
    public String name() {
        return "constructed";
    }

    @Override
    public String description() {
        return "a language's Bayes-optimal predictor from its finite support, with a chosen behaviour off the support"
                + " (no training: train with steps=0)";
    }

    @Override
    public ConfigSchema hyperparameters() {
        return SCHEMA;
    }

    @Override
    public Model create(ModelContext context, Config hyperparameters) {
        FormalLanguage language = context.languageIfKnown().orElseThrow(() -> new IllegalArgumentException(
                "a constructed model is built from its run's language, and none was given"));
        return new ConstructedModel(language, context, hyperparameters,
                OffSupport.of(hyperparameters.getString(OOD), language),
                hyperparameters.getString(ICL).equals("marginal") ? IclQueries.of(language) : null);
    }
}
