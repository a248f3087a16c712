package org.nonid.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.felix.service.command.Descriptor;
import org.nonid.api.config.ConfigException;
import org.osgi.service.component.annotations.Component;

/** {@code nonid:store copy FROM TO}: experiments and their runs from one store into another. */
@Component(service = StoreCommands.class, property = {
    "osgi.command.scope=nonid",
    "osgi.command.function=store"})
public final class StoreCommands {

    @Descriptor("copy every experiment and its runs (history, summaries, checkpoints, tags, notes) from one store into"
            + " another; experiments the target has already and running runs are left out")
    public String store(
            @Descriptor("what to do: copy") String action,
            @Descriptor("the store to copy from: a data folder (its runs.db) or postgresql://USER:PASSWORD@HOST:PORT/DATABASE")
            String from,
            @Descriptor("the store to copy into: a data folder or a postgresql:// URL") String to) {
        if (!action.equals("copy")) {
            throw new ConfigException("nonid:store " + action + ": the store command does copy (nonid:store copy FROM TO)");
        }
        try (JdbcRunStore source = open(from, true); JdbcRunStore target = open(to, false)) {
            StoreCopy.Result r = StoreCopy.copy(source, target);
            StringBuilder out = new StringBuilder("copied " + r.experiments().size() + " experiment"
                    + (r.experiments().size() == 1 ? "" : "s") + " (" + String.join(", ", r.experiments()) + "), " + r.runs()
                    + " runs, " + r.metricValues() + " metric values, " + r.artifacts() + " artifacts from "
                    + source.location() + " to " + target.location());
            r.leftOut().forEach(line -> out.append("\nleft out: ").append(line));
            return out.toString();
        }
    }

    /** A store named by a data folder or a PostgreSQL URL; the one to copy from must hold a store already. */
    private static JdbcRunStore open(String name, boolean mustExist) {
        if (name.startsWith("postgresql:") || name.startsWith("postgres:")) {
            return PostgresRunStore.open(name, JdbcRunStore.resolveDirectory(""));
        }
        Path folder = Paths.get(name);
        if (mustExist && !Files.isRegularFile(folder.resolve(SqliteRunStore.DATABASE))) {
            throw new ConfigException("no run store in " + folder.toAbsolutePath() + " (no " + SqliteRunStore.DATABASE
                    + "): give a data folder or a postgresql:// URL");
        }
        return new SqliteRunStore(folder);
    }
}
