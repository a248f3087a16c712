package org.nonid.api.run;

import java.util.List;
import org.nonid.api.language.FormalLanguage;
import org.nonid.api.language.PromptSet;
import org.nonid.api.measure.Completion;
import org.nonid.api.model.Model;
import org.osgi.annotation.versioning.ProviderType;

/** A recorded run brought back: its language and its model at the best-validation checkpoint. */
@ProviderType
public interface LoadedRun extends AutoCloseable {

    /** The run as stored. */
    RunRecord record();

    /** The run's language, with its parameters. */
    FormalLanguage language();

    /** The run's test prompts (drawn from its seed, as during training). */
    PromptSet prompts();

    /** The model with the best-validation weights, in evaluation mode. */
    Model model();

    /** Completions of prompts (symbol ids without SOS) with the run's decoding settings. */
    List<Completion> complete(List<int[]> prompts);

    /** Releases the model. */
    @Override
    void close();
}
