package org.nonid.nn;

import java.util.List;
import org.nonid.api.compute.ComputeBackend;
import org.nonid.api.config.Config;
import org.nonid.api.model.Model;
import org.nonid.api.model.ModelContext;
import org.nonid.api.model.Parameter;
import org.nonid.api.model.TokenBatch;
import org.nonid.api.random.Seeds;

/**
 * What every model built on the autograd shares: its parameters, dropout stream, training switch
 * and the loss of a batch. A family defines the forward pass to logits and its decoder.
 */
public abstract class ModelBase implements Model {
    private final String family;
    private final ModelContext context;
    private final Config hyperparameters;
    private final Parameters params;
    private final Dropout dropout;
    private boolean training = true;

    protected ModelBase(String family, ModelContext context, Config hyperparameters, float dropoutRate) {
        this.family = family;
        this.context = context;
        this.hyperparameters = hyperparameters;
        this.params = new Parameters(context.backend());
        this.dropout = new Dropout(dropoutRate, Seeds.derive(context.seed(), "dropout"));
    }

    /**
     * The logits {@code [batch * length, vocabulary]} of a batch; {@code dropout} is
     * {@link Dropout#NONE} outside training.
     */
    public abstract Node logits(Graph g, TokenBatch batch, Dropout dropout);

    /** The parameters, for subclasses to create theirs in. */
    protected final Parameters params() {
        return params;
    }

    protected final ModelContext context() {
        return context;
    }

    @Override
    public final String family() {
        return family;
    }

    @Override
    public final Config hyperparameters() {
        return hyperparameters;
    }

    @Override
    public final ComputeBackend backend() {
        return context.backend();
    }

    @Override
    public final int vocabularySize() {
        return context.vocabularySize();
    }

    /** Recurrent models take any length; models with positional tables override this. */
    @Override
    public int maxSequenceLength() {
        return Integer.MAX_VALUE;
    }

    @Override
    public final List<Parameter> parameters() {
        return params.list();
    }

    @Override
    public final void setTraining(boolean training) {
        this.training = training;
    }

    @Override
    public final double lossAndGradients(TokenBatch batch) {
        try (Graph g = new Graph(backend(), true)) {
            double loss = g.crossEntropy(logits(g, batch, training ? dropout : Dropout.NONE), batch.targets(),
                    batch.weights());
            g.backward();
            return loss;
        }
    }

    @Override
    public final double loss(TokenBatch batch) {
        try (Graph g = new Graph(backend(), false)) {
            return g.crossEntropy(logits(g, batch, Dropout.NONE), batch.targets(), batch.weights());
        }
    }

    @Override
    public void close() {
        params.close();
    }
}
