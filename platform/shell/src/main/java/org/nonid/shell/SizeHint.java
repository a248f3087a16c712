package org.nonid.shell;

import java.util.Optional;
import org.nonid.api.run.RunSpec;

/** The word said before nonid:train starts a model of the papers' size because no size was given. */
final class SizeHint {
    private SizeHint() {
    }

    static Optional<String> of(RunSpec spec) {
        if (!spec.modelParameters().isEmpty() || spec.languageParameters().containsKey("maxLength")) {
            return Optional.empty();
        }
        return Optional.of("note: no size given, so this is the papers' size (" + spec.model() + " defaults, "
                + spec.language() + " at its default length, the default schedule): on a laptop CPU it can take hours."
                + " The progress line shows the time left; nonid:cancel stops a run. For a first look in under a"
                + " minute: nonid:run examples/quickstart.yaml, or give sizes (nonid:model " + spec.model()
                + " lists them), e.g. nonid:train aNbN transformer maxLength=32 dModel=32 heads=4 layers=2"
                + " feedForward=128");
    }
}
