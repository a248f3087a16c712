package org.nonid.backend.cuda;

import java.util.HashMap;
import java.util.Map;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacpp.SizeTPointer;
import org.bytedeco.cuda.cudart.CUfunc_st;
import org.bytedeco.cuda.cudart.CUmod_st;
import org.bytedeco.cuda.cudart.CUstream_st;
import org.bytedeco.cuda.global.cudart;
import org.bytedeco.cuda.global.nvrtc;
import org.bytedeco.cuda.nvrtc._nvrtcProgram;

/**
 * The kernels of {@code kernels.cu} compiled by NVRTC for the device's architecture, loaded as one
 * module and launched on the default stream (so that every kernel sees the previous one's results).
 */
final class NvrtcKernels implements Launcher {
    private final CUmod_st module = new CUmod_st();
    private final Map<String, CUfunc_st> functions = new HashMap<>();

    NvrtcKernels(String architecture) {
        BytePointer ptx = compile(KernelSource.text(), architecture);
        CudaStatus.driver(cudart.cuModuleLoadData(module, ptx), "loading the compiled kernels");
        ptx.close();
    }

    /** CUDA C to PTX; a compile error carries NVRTC's log. */
    static BytePointer compile(String source, String architecture) {
        _nvrtcProgram program = new _nvrtcProgram();
        CudaStatus.nvrtc(nvrtc.nvrtcCreateProgram(program, new BytePointer(source), new BytePointer(KernelSource.RESOURCE),
                0, (PointerPointer<?>) null, (PointerPointer<?>) null), "nvrtcCreateProgram");
        try {
            PointerPointer<BytePointer> options = new PointerPointer<>("--gpu-architecture=" + architecture);
            int status = nvrtc.nvrtcCompileProgram(program, 1, options);
            if (status != nvrtc.NVRTC_SUCCESS) {
                SizeTPointer logSize = new SizeTPointer(1);
                nvrtc.nvrtcGetProgramLogSize(program, logSize);
                BytePointer log = new BytePointer(logSize.get());
                nvrtc.nvrtcGetProgramLog(program, log);
                throw new CudaStatus.CudaException("NVRTC could not compile " + KernelSource.RESOURCE + " for "
                        + architecture + ":\n" + log.getString());
            }
            SizeTPointer size = new SizeTPointer(1);
            CudaStatus.nvrtc(nvrtc.nvrtcGetPTXSize(program, size), "nvrtcGetPTXSize");
            BytePointer ptx = new BytePointer(size.get());
            CudaStatus.nvrtc(nvrtc.nvrtcGetPTX(program, ptx), "nvrtcGetPTX");
            return ptx;
        } finally {
            nvrtc.nvrtcDestroyProgram(program);
        }
    }

    @Override
    public void launch(String kernel, int blocks, int threads, LongPointer slots, LongPointer slotAddresses) {
        CUfunc_st f = functions.computeIfAbsent(kernel, this::function);
        CudaStatus.driver(cudart.cuLaunchKernel(f, blocks, 1, 1, threads, 1, 1, 0, (CUstream_st) null,
                slotAddresses, null), "launching " + kernel);
    }

    private CUfunc_st function(String name) {
        CUfunc_st f = new CUfunc_st();
        CudaStatus.driver(cudart.cuModuleGetFunction(f, module, name), "finding kernel " + name);
        return f;
    }
}
