package org.nonid.launcher;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Runs one Gogo command line without a console and reports whether it failed. The command
 * processor lives in a bundle, so it is reached through its exported interface by reflection.
 */
final class HeadlessShell {
    private static final String PROCESSOR = "org.apache.felix.service.command.CommandProcessor";
    private static final String SESSION = "org.apache.felix.service.command.CommandSession";

    private HeadlessShell() {
    }

    /** Waits until the command processor and the nonid commands are registered. */
    static Object awaitProcessor(BundleContext context, long timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        while (System.nanoTime() < deadline) {
            ServiceReference<?> processor = context.getServiceReference(PROCESSOR);
            if (processor != null && commandsRegistered(context)) {
                return context.getService(processor);
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("the shell did not come up within " + timeoutSeconds
                + " s (no command processor or no nonid commands); see the bundle errors above");
    }

    private static boolean commandsRegistered(BundleContext context) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(osgi.command.scope=nonid)");
            return refs != null && refs.length > 0;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Executes a command line, printing its result (if any).
     *
     * @return 0 on success, 1 if the command threw
     */
    static int execute(Object processor, String commandLine, java.util.Map<String, Object> variables)
            throws ReflectiveOperationException {
        Class<?> processorType = interfaceNamed(processor.getClass(), PROCESSOR);
        Method create = processorType.getMethod("createSession", java.io.InputStream.class, java.io.OutputStream.class,
                java.io.OutputStream.class);
        // Gogo replaces System.out with a per-thread stream; the session writes to the real descriptors.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        Object session = create.invoke(processor, new FileInputStream(FileDescriptor.in), out, err);
        Class<?> sessionType = interfaceNamed(session.getClass(), SESSION);
        for (java.util.Map.Entry<String, Object> v : variables.entrySet()) {
            sessionType.getMethod("put", String.class, Object.class).invoke(session, v.getKey(), v.getValue());
        }
        try {
            Object result = sessionType.getMethod("execute", CharSequence.class).invoke(session, commandLine);
            if (result != null) {
                Object text = sessionType.getMethod("format", Object.class, int.class).invoke(session, result, 1);
                out.println(text);
            }
            out.flush();
            return 0;
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            while (cause instanceof InvocationTargetException && cause.getCause() != null) {
                cause = cause.getCause();
            }
            out.flush();
            if (Boolean.getBoolean("nonid.debug")) {
                cause.printStackTrace(err);
            }
            String message = cause.getMessage();
            err.println("nonid: " + (message == null || message.isBlank() ? cause.toString() : message));
            return 1;
        } finally {
            sessionType.getMethod("close").invoke(session);
        }
    }

    private static Class<?> interfaceNamed(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            for (Class<?> i : c.getInterfaces()) {
                if (i.getName().equals(name)) {
                    return i;
                }
                Class<?> deeper = interfaceNamed(i, name);
                if (deeper != null) {
                    return deeper;
                }
            }
        }
        return type.getName().equals(name) ? type : null;
    }
}
