package org.nonid.shell;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.apache.felix.service.command.Parameter;
import org.nonid.api.config.ConfigException;
import org.nonid.api.run.RunRecord;
import org.nonid.api.run.RunStore;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/** Tags, notes and deletion of recorded runs: {@code nonid:tag}, {@code untag}, {@code note}, {@code delete}. */
@Component(service = RunManagementCommands.class, property = {
    "osgi.command.scope=nonid",
    "osgi.command.function=tag",
    "osgi.command.function=untag",
    "osgi.command.function=note",
    "osgi.command.function=delete"})
public final class RunManagementCommands {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile RunStore store;

    public RunManagementCommands() {
    }

    RunManagementCommands(RunStore store) {
        this.store = store;
    }

    private RunStore store() {
        return Services.store(store);
    }

    @Descriptor("tag a run (nonid:runs -f tag=NAME lists the runs with a tag)")
    public void tag(@Descriptor("run id") long run,
                    @Descriptor("tags: words of letters, digits and - _ . :") String... tags) {
        requireSome(tags, "give one or more tags, e.g. nonid:tag " + run + " baseline");
        store().tag(run, List.of(tags));
        System.out.println("run " + run + ": " + String.join(", ", store().tags(run)));
    }

    @Descriptor("remove tags from a run")
    public void untag(@Descriptor("run id") long run, @Descriptor("tags") String... tags) {
        requireSome(tags, "give one or more tags to remove");
        store().untag(run, List.of(tags));
        System.out.println("run " + run + ": " + (store().tags(run).isEmpty() ? "no tags" : String.join(", ", store().tags(run))));
    }

    @Descriptor("set a run's note (nonid:show prints it); no text removes it")
    public void note(@Descriptor("run id") long run, @Descriptor("the note's words") String... words) {
        store().setNote(run, String.join(" ", words));
        String note = store().note(run);
        System.out.println("run " + run + ": " + (note.isEmpty() ? "no note" : note));
    }

    @Descriptor("delete runs, or an experiment, with their history, checkpoints and completions; asks first")
    public void delete(CommandSession session,
            @Descriptor("do not ask") @Parameter(names = {"-y", "--yes"}, presentValue = "true", absentValue = "false")
            boolean yes,
            @Descriptor("delete this experiment and all its runs") @Parameter(names = {"-e", "--experiment"},
                    absentValue = "") String experiment,
            @Descriptor("run ids") long... runs) {
        PrintStream out = System.out;
        if (experiment.isEmpty() == (runs.length == 0)) {
            throw new ConfigException("give run ids, or -e EXPERIMENT (not both)");
        }
        if (!experiment.isEmpty()) {
            long count = store().runs().stream().filter(r -> r.experiment().equals(experiment)).count();
            if (store().experiment(experiment).isEmpty()) {
                throw new ConfigException("no experiment '" + experiment + "'");
            }
            if (confirmed(yes, session, out, "delete experiment " + experiment + " and its " + count
                    + " runs (history, checkpoints, completions)?")) {
                out.println("deleted experiment " + experiment + " (" + store().deleteExperiment(experiment) + " runs)");
            }
            return;
        }
        List<String> described = new ArrayList<>();
        for (long id : runs) {
            RunRecord r = store().run(id).orElseThrow(() -> new ConfigException("no run " + id));
            described.add(r.id() + " (" + r.experiment() + " trial " + r.trial() + ", " + r.status().label() + ")");
        }
        if (confirmed(yes, session, out, "delete run" + (runs.length > 1 ? "s " : " ") + String.join(", ", described)
                + " with history, checkpoints and completions?")) {
            for (long id : runs) {
                store().deleteRun(id);
                out.println("deleted run " + id);
            }
        }
    }

    /** Asks on the session's keyboard; no answer (no terminal, end of input) is no. */
    static boolean confirmed(boolean yes, CommandSession session, PrintStream out, String question) {
        if (yes) {
            return true;
        }
        out.print(question + " [y/N] ");
        out.flush();
        String answer = readLine(session == null ? null : session.getKeyboard());
        boolean confirmed = answer != null && (answer.trim().equalsIgnoreCase("y") || answer.trim().equalsIgnoreCase("yes"));
        out.println(confirmed ? "" : (answer == null ? "\n" : "") + "nothing deleted (answer y, or give -y)");
        return confirmed;
    }

    /** One line, read byte by byte so that nothing after it is taken from the keyboard; null at the end of input. */
    private static String readLine(InputStream in) {
        if (in == null) {
            return null;
        }
        java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();
        try {
            for (int b = in.read(); b != '\n' && b != '\r'; b = in.read()) {
                if (b < 0) {
                    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
                }
                line.write(b);
            }
        } catch (IOException e) {
            return null;
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private static void requireSome(String[] values, String message) {
        if (values == null || values.length == 0) {
            throw new ConfigException(message);
        }
    }
}
