// Points the crossbar's ParallelFor (common/parallel.h) at LibTorch's OpenMP
// threads for the rest of the process. With a second pool of our own next to
// LibTorch's, each pool's idle workers spin while the other's run: on 2 cores
// 2 threads were slower than 1. The backend changes which threads run the
// shares, never a number (common/parallel.h).
//
// Process-wide state, so it is installed by a program-level call, not by
// building a layer: ConvertToAnalog (convert.h) calls it; code that builds
// analog layers itself (CreateAnalogLayer) should call it once up front.
// Thread-safe and idempotent; call it before parallel work starts on other
// threads (SetParallelBackend's contract).
#ifndef AIMC_NETWORKS_ANALOG_TORCH_PARALLEL_BACKEND_H_
#define AIMC_NETWORKS_ANALOG_TORCH_PARALLEL_BACKEND_H_

namespace aimc::networks::analog {

void InstallTorchParallelBackend();

}  // namespace aimc::networks::analog

#endif  // AIMC_NETWORKS_ANALOG_TORCH_PARALLEL_BACKEND_H_
