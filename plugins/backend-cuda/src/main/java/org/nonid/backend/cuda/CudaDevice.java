package org.nonid.backend.cuda;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.cuda.cudart.cudaDeviceProp;
import org.bytedeco.cuda.global.cublas;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;

/**
 * GPU 0 opened through the CUDA runtime: its primary context (made current on every thread that
 * uses it), memory and copies, and the facts listings show. {@link #open} loads the native
 * libraries and says precisely which piece is missing when one is.
 */
final class CudaDevice implements DeviceMemory {
    private static final String CACHE_PROPERTY = "org.bytedeco.javacpp.cachedir";
    private static final Map<Class<?>, String> LOAD_FAILURES = new HashMap<>();
    private final int major;
    private final int minor;
    private final Map<String, String> facts;
    private final ThreadLocal<Boolean> current = ThreadLocal.withInitial(() -> false);

    private CudaDevice(int major, int minor, Map<String, String> facts) {
        this.major = major;
        this.minor = minor;
        this.facts = facts;
    }

    /**
     * Loads the CUDA runtime, finds a device, loads cuBLAS and NVRTC.
     *
     * @throws UnavailableException saying what is missing
     */
    static CudaDevice open() throws UnavailableException {
        useACacheOfItsOwn();
        load(cudart.class, "the CUDA runtime (libcudart.so.13, and the driver's libcuda.so.1)");
        int[] count = new int[1];
        int status = cudart.cudaGetDeviceCount(count);
        if (status != cudart.cudaSuccess) {
            throw new UnavailableException("no CUDA device: " + cudart.cudaGetErrorString(status).getString()
                    + " (cudaGetDeviceCount " + status + ")");
        }
        if (count[0] == 0) {
            throw new UnavailableException("no CUDA device: the driver sees none");
        }
        load(cublas.class, "cuBLAS (libcublas.so.13, libcublasLt.so.13)");
        load(nvrtc.class, "NVRTC (libnvrtc.so.13)");
        CudaStatus.runtime(cudart.cudaSetDevice(0), "cudaSetDevice(0)");
        CudaStatus.runtime(cudart.cudaFree(null), "creating the primary context");
        cudaDeviceProp prop = new cudaDeviceProp();
        CudaStatus.runtime(cudart.cudaGetDeviceProperties(prop, 0), "cudaGetDeviceProperties");
        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("device", prop.name().getString() + " (0 of " + count[0] + ")");
        facts.put("compute capability", prop.major() + "." + prop.minor());
        facts.put("memory", (prop.totalGlobalMem() >> 20) + " MiB");
        facts.put("driver", version(cudart::cudaDriverGetVersion));
        facts.put("runtime", version(cudart::cudaRuntimeGetVersion));
        int[] nvrtcMajor = new int[1];
        int[] nvrtcMinor = new int[1];
        nvrtc.nvrtcVersion(nvrtcMajor, nvrtcMinor);
        facts.put("nvrtc", nvrtcMajor[0] + "." + nvrtcMinor[0]);
        CudaDevice device = new CudaDevice(prop.major(), prop.minor(), facts);
        device.current.set(true);
        return device;
    }

    private interface VersionCall {
        int call(int[] out);
    }

    private static String version(VersionCall call) {
        int[] v = new int[1];
        call.call(v);
        return (v[0] / 1000) + "." + (v[0] % 1000 / 10);
    }

    /**
     * Points this bundle's JavaCPP at a cache folder of its own ({@code cuda} inside the configured
     * one): ND4J's JavaCPP, another version, extracts libraries of the same names into the shared
     * folder, and a JVM refuses to load one file from two class loaders. JavaCPP reads the folder
     * once, when first asked.
     */
    private static void useACacheOfItsOwn() throws UnavailableException {
        synchronized (System.class) {
            String shared = System.getProperty(CACHE_PROPERTY);
            String base = shared != null ? shared
                    : Path.of(System.getProperty("user.home"), ".javacpp", "cache").toString();
            System.setProperty(CACHE_PROPERTY, Path.of(base, "cuda").toString());
            try {
                Loader.getCacheDir();
            } catch (IOException e) {
                throw new UnavailableException("JavaCPP's cache folder " + base + "/cuda cannot be made: " + e.getMessage());
            } finally {
                if (shared == null) {
                    System.clearProperty(CACHE_PROPERTY);
                } else {
                    System.setProperty(CACHE_PROPERTY, shared);
                }
            }
        }
    }

    /**
     * Loads the presets' JNI library. A failure is remembered: JavaCPP's second attempt only says
     * the library is not on java.library.path, while the first names the missing dependency.
     */
    private static void load(Class<?> presets, String what) throws UnavailableException {
        synchronized (LOAD_FAILURES) {
            String failed = LOAD_FAILURES.get(presets);
            if (failed == null) {
                try {
                    Loader.load(presets);
                    return;
                } catch (Throwable t) {
                    failed = what + " did not load: " + rootMessage(t);
                    LOAD_FAILURES.put(presets, failed);
                }
            }
            throw new UnavailableException(failed);
        }
    }

    /** The innermost message, which names the missing shared library. */
    static String rootMessage(Throwable t) {
        Throwable root = t;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null ? root.toString() : message;
    }

    /** The architecture NVRTC compiles for, e.g. {@code compute_90}. */
    String architecture() {
        return "compute_" + major + minor;
    }

    Map<String, String> facts() {
        Map<String, String> out = new LinkedHashMap<>(facts);
        SizeTPointer free = new SizeTPointer(1);
        SizeTPointer total = new SizeTPointer(1);
        if (cudart.cudaMemGetInfo(free, total) == cudart.cudaSuccess) {
            out.put("memory free", (free.get() >> 20) + " MiB");
        }
        free.close();
        total.close();
        return out;
    }

    /** Makes the device's primary context current on the calling thread (once per thread). */
    @Override
    public void enter() {
        if (!current.get()) {
            CudaStatus.runtime(cudart.cudaSetDevice(0), "cudaSetDevice(0)");
            current.set(true);
        }
    }

    @Override
    public FloatPointer allocate(long floats) {
        FloatPointer p = new FloatPointer();
        CudaStatus.runtime(cudart.cudaMalloc(p, Math.max(1, floats) * Float.BYTES), "cudaMalloc of " + floats + " floats");
        return p;
    }

    /** Device memory for {@code bytes} bytes, e.g. for integer arguments. */
    @Override
    public Pointer allocateBytes(long bytes) {
        Pointer p = new Pointer();
        CudaStatus.runtime(cudart.cudaMalloc(p, Math.max(1, bytes)), "cudaMalloc of " + bytes + " bytes");
        return p;
    }

    @Override
    public void free(Pointer p) {
        CudaStatus.runtime(cudart.cudaFree(p), "cudaFree");
    }

    @Override
    public void zero(Pointer p, long bytes) {
        CudaStatus.runtime(cudart.cudaMemset(p, 0, bytes), "cudaMemset");
    }

    @Override
    public void toDevice(Pointer host, Pointer device, long bytes) {
        CudaStatus.runtime(cudart.cudaMemcpy(device, host, bytes, cudart.cudaMemcpyHostToDevice), "copy to the device");
    }

    @Override
    public void toHost(Pointer device, Pointer host, long bytes) {
        CudaStatus.runtime(cudart.cudaMemcpy(host, device, bytes, cudart.cudaMemcpyDeviceToHost), "copy to the host");
    }

    @Override
    public void onDevice(Pointer source, Pointer target, long bytes) {
        CudaStatus.runtime(cudart.cudaMemcpy(target, source, bytes, cudart.cudaMemcpyDeviceToDevice), "copy on the device");
    }

    /** Why the backend cannot run here. */
    static final class UnavailableException extends Exception {
        private static final long serialVersionUID = 1L;

        UnavailableException(String message) {
            super(message);
        }
    }
}
