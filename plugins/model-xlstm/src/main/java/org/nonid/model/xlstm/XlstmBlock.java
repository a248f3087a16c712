package org.nonid.model.xlstm;

import org.nonid.api.compute.ComputeBackend;
import org.nonid.nn.Graph;
import org.nonid.nn.Node;

/** A residual block of the xLSTM stack. */
interface XlstmBlock extends AutoCloseable {

    /** The block over whole sequences {@code [batch * time, embedding]}. */
    Node apply(Graph g, Node x, int batch, int time);

    /** A fresh decoding state for {@code batch} sequences. */
    State start(ComputeBackend backend, int batch);

    /** One decoding position x {@code [batch, embedding]}, updating the state. */
    Node step(Graph g, Node x, State state);

    @Override
    void close();

    /** What a block carries from one decoded position to the next. */
    interface State extends AutoCloseable {
        @Override
        void close();
    }
}
