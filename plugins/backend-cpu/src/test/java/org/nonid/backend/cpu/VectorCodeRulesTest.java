package org.nonid.backend.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import jdk.incubator.vector.Vector;
import jdk.incubator.vector.VectorMask;
import org.junit.jupiter.api.Test;

/**
 * Rules for the cpu backend's vector code that keep it compiled to vector instructions whatever
 * the JIT decides. The JIT inlines methods into a kernel only while the kernel's compiled code
 * stays under a size budget, and vector code spends it fast: a method taking or returning a vector
 * that it leaves out of line gets the vector boxed on the heap at every call (the LSTM cell
 * allocated 720 KB a call), and a lane reduction left out of line runs the Vector API's Java
 * fallback (40% of a Mamba step in one run of two). Kernels pass arrays and offsets between
 * methods, and reduce lanes stored in an array ({@link VectorMath}).
 */
class VectorCodeRulesTest {

    @Test
    void noMethodTakesOrReturnsAVector() throws IOException, URISyntaxException, ClassNotFoundException {
        List<String> offending = new ArrayList<>();
        for (Class<?> type : backendClasses()) {
            for (Method m : type.getDeclaredMethods()) {
                if (m.isSynthetic()) {
                    continue;
                }
                boolean vectors = isVector(m.getReturnType())
                        || Arrays.stream(m.getParameterTypes()).anyMatch(VectorCodeRulesTest::isVector);
                if (vectors) {
                    offending.add(type.getSimpleName() + "." + m.getName());
                }
            }
        }
        offending.sort(null);
        assertEquals(List.of(), offending, "methods taking or returning vectors");
    }

    @Test
    void noKernelReducesLanesThroughTheVectorApi() throws IOException, URISyntaxException, ClassNotFoundException {
        List<String> offending = new ArrayList<>();
        for (Class<?> type : backendClasses()) {
            if (constantPool(type).contains("reduceLanes")) {
                offending.add(type.getSimpleName());
            }
        }
        offending.sort(null);
        assertEquals(List.of(), offending, "classes calling reduceLanes");
    }

    /**
     * No kernel names a vector shape: species are the preferred ones or take their shape from one
     * ({@code withShape(F.vectorShape())}). Vectors of a second shape of one element type share
     * the Vector API's code with the first, whose call sites then see two vector classes: the JIT
     * boxes vectors in every kernel (a trial kernel with a half-width float species made the xLSTM
     * step 25% slower, BlockDiagonalKernels' vectors boxed among others). Read from the class
     * files, as initialising the kernels' classes here would run vector code in this test's JVM.
     */
    @Test
    void noKernelNamesAVectorShape() throws IOException, URISyntaxException, ClassNotFoundException {
        List<String> shapes = List.of("SPECIES_64", "SPECIES_128", "SPECIES_256", "SPECIES_512", "SPECIES_MAX",
                "forBitSize", "S_64_BIT", "S_128_BIT", "S_256_BIT", "S_512_BIT", "S_Max_BIT");
        List<String> offending = new ArrayList<>();
        for (Class<?> type : backendClasses()) {
            String constants = constantPool(type);
            for (String shape : shapes) {
                if (constants.contains(shape)) {
                    offending.add(type.getSimpleName() + " " + shape);
                }
            }
        }
        offending.sort(null);
        assertEquals(List.of(), offending, "kernels naming a vector shape");
    }

    private static String constantPool(Class<?> type) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        try (var in = type.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    private static boolean isVector(Class<?> type) {
        return Vector.class.isAssignableFrom(type) || VectorMask.class.isAssignableFrom(type);
    }

    /** The backend's main classes, from the directory its {@link CpuBackend} was loaded from. */
    private static List<Class<?>> backendClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(CpuBackend.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, CpuBackend.class.getClassLoader()));
            }
        }
        return classes;
    }
}
