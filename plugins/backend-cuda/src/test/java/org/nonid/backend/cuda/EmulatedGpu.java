package org.nonid.backend.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * The backend's own {@code kernels.cu} compiled for the host by g++ and run thread by thread, with
 * host memory as device memory and a plain column-major GEMM as cuBLAS: the CUDA C and the Java
 * that launches it, checked by the conformance kits on a machine without a GPU. It says nothing
 * about CUDA itself (NVRTC, the driver, cuBLAS), which only a GPU run checks.
 */
final class EmulatedGpu {
    private static final Pattern KERNEL = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(([^)]*)\\)");
    private static String unavailable;
    private static boolean loaded;

    private EmulatedGpu() {
    }

    static native void launch(String kernel, int blocks, int threads, long slots);

    static native void gemm(int count, boolean transA, boolean transB, int m, int n, int k, float alpha, long a, int lda,
                            long strideA, long b, int ldb, long strideB, float beta, long c, int ldc, long strideC);

    /** Why the emulation cannot be built here, or null once it is loaded. */
    static synchronized String load() {
        if (loaded || unavailable != null) {
            return unavailable;
        }
        try {
            Path dir = Path.of("target/emulated-gpu");
            Files.createDirectories(dir);
            Path source = dir.resolve("emulated.cpp");
            Files.writeString(source, program());
            Path library = dir.resolve("libnonid-emulated-gpu.so");
            Path javaHome = Path.of(System.getProperty("java.home"));
            List<String> command = List.of("g++", "-O2", "-shared", "-fPIC", "-std=c++17",
                    "-I" + javaHome.resolve("include"), "-I" + javaHome.resolve("include/linux"),
                    source.toString(), "-o", library.toString());
            Process p;
            try {
                p = new ProcessBuilder(command).redirectErrorStream(true).start();
            } catch (IOException e) {
                unavailable = "no C++ compiler (g++) to build the emulated GPU: " + e.getMessage();
                return unavailable;
            }
            String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(180, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("g++ could not compile the kernels for the host:\n" + log);
            }
            System.load(library.toAbsolutePath().toString());
            loaded = true;
            return null;
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException("building the emulated GPU failed", e);
        }
    }

    /** The kernels, a launcher that runs each one's threads in turn, and the GEMM. */
    static String program() throws IOException {
        String kernels = KernelSource.text();
        StringBuilder out = new StringBuilder();
        out.append(resource("emulation.h")).append("\n#include <jni.h>\n\n").append(kernels).append("\n\n");
        out.append("extern \"C\" JNIEXPORT void JNICALL Java_org_nonid_backend_cuda_EmulatedGpu_launch(\n")
                .append("        JNIEnv* env, jclass, jstring jname, jint blocks, jint threads, jlong slots) {\n")
                .append("    const char* name = env->GetStringUTFChars(jname, nullptr);\n")
                .append("    long long* s = (long long*) slots;\n")
                .append("    gridDim.x = blocks; blockDim.x = threads;\n")
                .append("    bool found = false;\n");
        Matcher m = KERNEL.matcher(kernels);
        while (m.find()) {
            List<String> arguments = new ArrayList<>();
            String[] parameters = m.group(2).split(",");
            for (int i = 0; i < parameters.length; i++) {
                String p = parameters[i].trim();
                String type = p.substring(0, p.lastIndexOf(p.contains("*") ? '*' : ' ') + 1).trim();
                arguments.add("*(" + type + "*) &s[" + i + "]");
            }
            out.append("    if (!found && std::strcmp(name, \"").append(m.group(1)).append("\") == 0) {\n")
                    .append("        found = true;\n")
                    .append("        for (int b = 0; b < blocks; b++) for (int t = 0; t < threads; t++) {\n")
                    .append("            blockIdx.x = b; threadIdx.x = t;\n")
                    .append("            ").append(m.group(1)).append("(").append(String.join(", ", arguments))
                    .append(");\n        }\n    }\n");
        }
        out.append("    env->ReleaseStringUTFChars(jname, name);\n")
                .append("    if (!found) {\n")
                .append("        env->ThrowNew(env->FindClass(\"java/lang/IllegalArgumentException\"), \"no such kernel\");\n")
                .append("    }\n}\n\n");
        out.append(resource("emulated-gemm.cpp"));
        return out.toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EmulatedGpu.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** Parts for a {@link CudaBackend} that runs on the emulation. */
    static DeviceParts parts() throws CudaDevice.UnavailableException {
        String why = load();
        if (why != null) {
            throw new CudaDevice.UnavailableException(why);
        }
        Products products = (count, ta, tb, m, n, k, alpha, a, lda, sa, b, ldb, sb, beta, c, ldc, sc) ->
                gemm(count, ta, tb, m, n, k, alpha, a.address(), lda, sa, b.address(), ldb, sb, beta, c.address(), ldc, sc);
        Launcher launcher = (kernel, blocks, threads, slots, addresses) -> launch(kernel, blocks, threads, slots.address());
        return new DeviceParts(new HostMemory(), launcher, products, () -> Map.of("device", "emulated on the host"));
    }

    /** Host memory standing in for the device's. */
    static final class HostMemory implements DeviceMemory {
        @Override
        public void enter() {
        }

        @Override
        public FloatPointer allocate(long floats) {
            return new FloatPointer(allocateBytes(floats * Float.BYTES));
        }

        @Override
        public Pointer allocateBytes(long bytes) {
            Pointer p = Pointer.malloc(Math.max(1, bytes));
            if (p.isNull()) {
                throw new OutOfMemoryError("malloc of " + bytes + " bytes");
            }
            return p;
        }

        @Override
        public void free(Pointer memory) {
            Pointer.free(memory);
        }

        @Override
        public void zero(Pointer memory, long bytes) {
            Pointer.memset(memory, 0, bytes);
        }

        @Override
        public void toDevice(Pointer host, Pointer device, long bytes) {
            Pointer.memcpy(device, host, bytes);
        }

        @Override
        public void toHost(Pointer device, Pointer host, long bytes) {
            Pointer.memcpy(host, device, bytes);
        }

        @Override
        public void onDevice(Pointer source, Pointer target, long bytes) {
            Pointer.memcpy(target, source, bytes);
        }
    }
}
