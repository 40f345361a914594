"""Compiler options for the project's own code (not for third_party)."""

# -Werror for our code; every suppression is listed with its reason.
AIMC_COPTS = [
    "-Wall",
    "-Wextra",
    "-Werror",
    # Protobuf 3.21's generated code and Eigen's expression templates trip these.
    "-Wno-unused-parameter",
    "-Wno-sign-compare",
]

# For the few kernels whose loops must vectorise (gcc -O2 uses the very-cheap
# vectoriser cost model, which skips most of them).
AIMC_KERNEL_COPTS = AIMC_COPTS + [
    "-O3",
    # sqrt() may set errno, which is control flow that blocks vectorisation.
    "-fno-math-errno",
    # Lets gcc if-convert min/max/clamp of floats in those loops. Results are
    # unchanged: we never read floating-point exception flags.
    "-fno-trapping-math",
    # No FMA contraction: the AVX2/AVX-512 clones, their scalar tails and the
    # baseline clone must round identically (half-to-even DAC/ADC steps and
    # random normals would otherwise depend on the CPU and on the position in
    # the array; io_model_test's DacHalfSteps regression test).
    "-ffp-contract=off",
]

# LibTorch's headers warn about deprecated declarations they use themselves.
# at::parallel_for is an inline template around `#pragma omp parallel`: without
# -fopenmp in the translation unit that calls it, it silently runs on one
# thread (the Debian LibTorch is built with OpenMP). Eigen must not start
# OpenMP work of its own there.
AIMC_TORCH_COPTS = AIMC_COPTS + [
    "-Wno-deprecated-declarations",
    "-fopenmp",
    "-DEIGEN_DONT_PARALLELIZE",
]
