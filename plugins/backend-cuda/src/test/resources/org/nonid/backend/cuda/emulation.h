// Just enough of CUDA C's device side for kernels.cu to compile as host C++: the kernels run one
// thread after another (they share nothing within a launch: no shared memory, no atomics).
#include <math.h>
#include <cstring>

#define __global__
#define __device__

struct EmulatedDim {
    unsigned int x, y, z;
};

static EmulatedDim threadIdx, blockIdx, blockDim, gridDim;

static inline float __int_as_float(unsigned int bits) {
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

static inline float rsqrtf(float x) {
    return 1.0f / sqrtf(x);
}
