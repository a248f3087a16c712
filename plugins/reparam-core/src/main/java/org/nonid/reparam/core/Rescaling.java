package org.nonid.reparam.core;

import java.util.List;
import java.util.Set;
import org.nonid.api.config.Config;
import org.nonid.api.config.ConfigSchema;
import org.nonid.api.model.Model;
import org.nonid.api.reparam.Reparametrisation;

/** What the rescalings share: a factor alpha > 0, the families they apply to, the check of the family. */
abstract class Rescaling implements Reparametrisation {
    static final String ALPHA = "alpha";
    private static final ConfigSchema PARAMETERS = ConfigSchema.builder()
            .number(ALPHA, 10.0, 1e-6, 1e6, "the positive factor alpha")
            .build();

    private final String name;
    private final String description;
    private final Set<String> families;

    Rescaling(String name, String description, Set<String> families) {
        this.name = name;
        this.description = description;
        this.families = Set.copyOf(families);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String description() {
        return description;
    }

    @Override
    public final ConfigSchema parameters() {
        return PARAMETERS;
    }

    @Override
    public final Set<String> families() {
        return families;
    }

    @Override
    public final void apply(Model model, Config parameters) {
        if (!families.contains(model.family())) {
            throw new IllegalArgumentException("reparametrisation " + name + " applies to " + String.join(", ",
                    families.stream().sorted().toList()) + " models, not " + model.family());
        }
        rescale(model, parameters.getDouble(ALPHA));
    }

    /** Rescales the parameters of a model of one of the families. */
    abstract void rescale(Model model, double alpha);

    /** The Transformer's layer prefixes ({@code layers.0}, ...), from its parameter names. */
    static List<String> transformerLayers(Model model) {
        return org.nonid.nn.ParameterValues.names(model, "layers\\.\\d+\\.ff1\\.weight").stream()
                .map(n -> n.substring(0, n.length() - ".ff1.weight".length())).toList();
    }
}
