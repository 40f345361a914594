#include "networks/analog/torch_parallel_backend.h"

#include <cstdint>
#include <mutex>

#include <ATen/Parallel.h>

#include "absl/functional/function_ref.h"
#include "common/parallel.h"

namespace aimc::networks::analog {
namespace {

// Built with -fopenmp (AIMC_TORCH_COPTS): without it at::parallel_for, an
// inline OpenMP region, would run on one thread.
void TorchParallelBackend(int count, absl::FunctionRef<void(int)> share) {
  at::parallel_for(0, count, 1, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) share(static_cast<int>(i));
  });
}

}  // namespace

void InstallTorchParallelBackend() {
  static std::once_flag installed;
  std::call_once(installed, [] { SetParallelBackend(&TorchParallelBackend); });
}

}  // namespace aimc::networks::analog
