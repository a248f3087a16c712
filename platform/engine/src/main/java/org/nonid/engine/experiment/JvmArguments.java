package org.nonid.engine.experiment;

import java.util.List;

/** The JVM's arguments as a run's environment records them: a store URL's password is never written. */
final class JvmArguments {
    private JvmArguments() {
    }

    static List<String> redacted(List<String> arguments) {
        return arguments.stream().map(a -> a.startsWith("-Dnonid.store=")
                ? a.replaceFirst("(//[^:/@]*):[^@/]*@", "$1:***@") : a).toList();
    }
}
