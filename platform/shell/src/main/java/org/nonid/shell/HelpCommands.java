package org.nonid.shell;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * {@code help}: the NonID commands, one line each, found among the registered commands (a plugin's
 * commands included); {@code help COMMAND} shows one command's options through the framework's help.
 */
@Component(service = HelpCommands.class, property = {
    "osgi.command.scope=nonid",
    "osgi.command.function=help"})
public final class HelpCommands {
    private static final String SCOPE = "nonid";
    private BundleContext context;

    @Activate
    void activate(BundleContext context) {
        this.context = context;
    }

    @Descriptor("list the NonID commands with one line each")
    public void help(CommandSession session) throws Exception {
        System.out.print(listing());
    }

    @Descriptor("show a command's options and arguments (help nonid lists the NonID commands)")
    public Object help(CommandSession session, @Descriptor("a command, e.g. train or nonid:train, or nonid") String name)
            throws Exception {
        if (name.equals(SCOPE) || name.equals(SCOPE + ":*")) {
            System.out.print(listing());
            return null;
        }
        String qualified = name.contains(":") ? name : commands().containsKey(name) ? SCOPE + ":" + name : name;
        // the framework's help shows a command's options and arguments from its descriptors
        return session.execute("felix:help " + qualified);
    }

    /** Each NonID command with the first line of its description. */
    String listing() throws InvalidSyntaxException {
        Map<String, String> commands = commands();
        int width = 0;
        for (String name : commands.keySet()) {
            width = Math.max(width, name.length());
        }
        StringBuilder sb = new StringBuilder("NonID commands (help COMMAND for its options; felix:help for the"
                + " framework's):\n");
        for (Map.Entry<String, String> e : commands.entrySet()) {
            sb.append(String.format("  %-" + width + "s  %s%n", e.getKey(), e.getValue()));
        }
        return sb.toString();
    }

    private Map<String, String> commands() throws InvalidSyntaxException {
        Map<String, String> out = new TreeMap<>();
        for (ServiceReference<?> ref : context.getServiceReferences((String) null,
                "(osgi.command.scope=" + SCOPE + ")")) {
            Object service = context.getService(ref);
            if (service == null) {
                continue;
            }
            try {
                for (String function : functions(ref.getProperty("osgi.command.function"))) {
                    out.put(function, describe(service, function));
                }
            } finally {
                context.ungetService(ref);
            }
        }
        return out;
    }

    private static List<String> functions(Object property) {
        List<String> out = new ArrayList<>();
        if (property instanceof String[]) {
            out.addAll(List.of((String[]) property));
        } else if (property != null) {
            out.add(property.toString());
        }
        return out;
    }

    private static String describe(Object service, String function) {
        for (Method m : service.getClass().getMethods()) {
            Descriptor d = m.getAnnotation(Descriptor.class);
            if (d != null && (m.getName().equals(function) || m.getName().equals("_" + function))) {
                String text = d.value();
                int end = text.indexOf(": ");
                String first = end > 20 ? text.substring(0, end) : text;
                return first.length() > 96 ? first.substring(0, 93) + "..." : first;
            }
        }
        return "";
    }
}
