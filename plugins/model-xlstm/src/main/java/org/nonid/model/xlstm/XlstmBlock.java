package org.nonid.model.xlstm;

import org.nonid.nn.Graph;
import org.nonid.nn.Node;

/** A residual block of the xLSTM stack over whole sequences {@code [batch * time, embedding]}. */
interface XlstmBlock extends AutoCloseable {
    Node apply(Graph g, Node x, int batch, int time);

    @Override
    void close();
}
