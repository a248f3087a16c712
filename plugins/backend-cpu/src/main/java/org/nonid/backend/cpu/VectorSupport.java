package org.nonid.backend.cpu;

import org.nonid.api.compute.Availability;

/** Whether the Vector API is there, checked without touching a vector class first. */
final class VectorSupport {
    private VectorSupport() {
    }

    static Availability check() {
        try {
            Class.forName("jdk.incubator.vector.FloatVector", false, VectorSupport.class.getClassLoader());
            return Availability.yes();
        } catch (ClassNotFoundException | LinkageError e) {
            return Availability.no("the Java Vector API is missing: start the JVM with --add-modules jdk.incubator.vector"
                    + " (and, inside OSGi, export jdk.incubator.vector from the system bundle)");
        }
    }

    static String describe() {
        return Gemm.S.vectorBitSize() + "-bit (" + Gemm.S.length() + " float lanes)";
    }
}
