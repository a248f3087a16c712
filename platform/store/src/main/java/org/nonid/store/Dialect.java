package org.nonid.store;

import java.util.List;

/**
 * What differs between the SQL databases a run store lives in: the tables' types, the column that
 * keeps rows in the order they were written, and how a claim locks out other processes.
 */
enum Dialect {
    SQLITE("rowid", Schema.SQLITE),
    POSTGRESQL("seq", Schema.POSTGRESQL);

    /** The column that orders rows as they were written (metrics, summaries). */
    final String insertionOrder;
    /** The statements that create the tables (each does nothing when its table is there). */
    final List<String> schema;

    Dialect(String insertionOrder, List<String> schema) {
        this.insertionOrder = insertionOrder;
        this.schema = schema;
    }
}
