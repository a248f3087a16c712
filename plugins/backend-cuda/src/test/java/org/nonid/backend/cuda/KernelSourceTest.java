package org.nonid.backend.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The kernels' CUDA C against the Java that launches them, without a GPU: every launch names a
 * kernel of {@code kernels.cu} and passes arguments of the kinds and in the order its signature
 * declares; where a CUDA compiler is installed, the source compiles to PTX and every launched
 * kernel is in it.
 */
class KernelSourceTest {
    private static final Path JAVA = Path.of("src/main/java/org/nonid/backend/cuda/CudaBackend.java");
    private static final Pattern KERNEL = Pattern.compile("extern \"C\" __global__ void (\\w+)\\(([^)]*)\\)");
    private static final Pattern LAUNCH = Pattern.compile("launch\\(\"(\\w+)\"\\)(.*?)\\.over\\(", Pattern.DOTALL);
    private static final Pattern ARGUMENT = Pattern.compile("\\.(tensor|optional|pointer|i|f|flag)\\(");
    /** A helper that launches the kernel named by its first parameter, e.g. {@code unary("relu_kernel", x, out)}. */
    private static final Pattern HELPER = Pattern.compile("private void (\\w+)\\(String kernel[^{]*\\{.*?launch\\(kernel\\)(.*?)\\.over\\(",
            Pattern.DOTALL);

    /** Each kernel's parameters as kinds: p (pointer), i (32-bit integer), f (float). */
    static Map<String, String> signatures(String source) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = KERNEL.matcher(source);
        while (m.find()) {
            StringBuilder kinds = new StringBuilder();
            for (String parameter : m.group(2).split(",")) {
                String p = parameter.trim();
                kinds.append(p.contains("*") ? 'p' : p.startsWith("float ") ? 'f' : p.startsWith("int ")
                        || p.startsWith("unsigned int ") ? 'i' : '?');
            }
            out.put(m.group(1), kinds.toString());
        }
        return out;
    }

    /** Each launch in the backend's source as (kernel, argument kinds). */
    static List<String[]> launches(String java) {
        List<String[]> out = new ArrayList<>();
        Matcher m = LAUNCH.matcher(java);
        while (m.find()) {
            out.add(new String[] {m.group(1), kinds(m.group(2))});
        }
        Matcher h = HELPER.matcher(java);
        while (h.find()) {
            String kinds = kinds(h.group(2));
            Matcher call = Pattern.compile("\\b" + h.group(1) + "\\(\"(\\w+)\"").matcher(java);
            while (call.find()) {
                out.add(new String[] {call.group(1), kinds});
            }
        }
        return out;
    }

    private static String kinds(String chain) {
        StringBuilder kinds = new StringBuilder();
        Matcher a = ARGUMENT.matcher(chain);
        while (a.find()) {
            switch (a.group(1)) {
                case "tensor", "optional", "pointer" -> kinds.append('p');
                case "i", "flag" -> kinds.append('i');
                default -> kinds.append('f');
            }
        }
        return kinds.toString();
    }

    @Test
    void everyLaunchMatchesItsKernelsSignature() throws IOException {
        Map<String, String> kernels = signatures(KernelSource.text());
        assertTrue(kernels.size() >= 30, "kernels found: " + kernels.keySet());
        assertFalse(String.join("", kernels.values()).contains("?"), "parameter kinds: " + kernels);
        List<String[]> launches = launches(Files.readString(JAVA));
        assertTrue(launches.size() >= 38, "launches found: " + launches.size());
        for (String[] launch : launches) {
            assertTrue(kernels.containsKey(launch[0]), "kernel " + launch[0] + " is not in " + KernelSource.RESOURCE);
            assertEquals(kernels.get(launch[0]), launch[1], "arguments of " + launch[0]);
        }
    }

    @Test
    void everyKernelIsLaunched() throws IOException {
        List<String> launched = launches(Files.readString(JAVA)).stream().map(l -> l[0]).toList();
        for (String kernel : signatures(KernelSource.text()).keySet()) {
            assertTrue(launched.contains(kernel), kernel + " is launched somewhere");
        }
    }

    @Test
    void theCheckSeesAMismatch() {
        String source = "extern \"C\" __global__ void k(const float* x, int n, float a) {}";
        assertEquals("pif", signatures(source).get("k"));
        String[] launch = launches("kernels.launch(\"k\").tensor(t(x)).f(a).i(x.size()).over(n);").get(0);
        assertEquals("pfi", launch[1], "a swapped pair is read as it is written");
    }

    @Test
    void theSourceCompilesToPtx() throws Exception {
        Path nvcc = nvcc();
        assumeTrue(nvcc != null, "no CUDA compiler (nvcc) on this machine: the source is compiled by NVRTC on a GPU machine");
        Path dir = Files.createTempDirectory("nonid-kernels");
        Path cu = dir.resolve(KernelSource.RESOURCE);
        Files.writeString(cu, KernelSource.text());
        Path ptx = dir.resolve("kernels.ptx");
        Process p = new ProcessBuilder(nvcc.toString(), "-ptx", "-arch=compute_90", cu.toString(), "-o", ptx.toString())
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "nvcc did not finish");
        assertEquals(0, p.exitValue(), "nvcc failed:\n" + log);
        String compiled = Files.readString(ptx);
        for (String kernel : signatures(KernelSource.text()).keySet()) {
            assertTrue(compiled.contains(".entry " + kernel + "("), kernel + " is in the PTX");
        }
    }

    private static Path nvcc() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "nvcc");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        Path usual = Path.of("/usr/local/cuda/bin/nvcc");
        return Files.isExecutable(usual) ? usual : null;
    }
}
