// Training-step throughput of the NB201 network vs one conv layer, in the same
// run (style.md §8).
//   bazel run -c opt //networks:nb201_benchmark
// BM_Nb201/C/N/threads/blas_threads: forward + cross-entropy + backward of a
// batch of 128 3x32x32 images through the best CIFAR-10 cell (2,2,0,2,2,3) in
// training mode; items = images. BM_Conv/threads/blas_threads (the baseline):
// forward + backward of one Conv3x3(16->16) on a 128x16x32x32 batch, the
// network's most frequent layer. `x_conv` = the entry's time per batch over
// the baseline's with the same threads and oneDNN setting (mean over >= 0.5 s,
// measured first). The last argument turns oneDNN (mkldnn) convolutions on (1)
// or off (0): off is what training/trainer.h uses, since oneDNN's conv
// backward sums in a thread-count dependent order.
// Threads: torch::set_num_threads(threads) and OpenBLAS's own pool
// (crossbar::SetBlasThreads(blas_threads)). glibc's malloc settings matter a
// lot here (README.md).
#include <map>
#include <tuple>
#include <string>
#include <utility>

#include <ATen/Context.h>
#include <torch/nn/functional/loss.h>
#include <torch/nn/modules/conv.h>
#include <torch/types.h>
#include <torch/utils.h>

#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "common/benchmark_baseline.h"
#include "common/malloc_tuning.h"
#include "crossbar/gemm.h"
#include "networks/nb201_network.h"

namespace aimc::networks {
namespace {

constexpr int kBatch = 128;

// Before any allocation of the runs (common/malloc_tuning.h).
const bool kMallocTuned = (RetainFreedMemory(), true);

void SetThreads(int threads, int blas_threads, bool mkldnn) {
  torch::set_num_threads(threads);
  at::globalContext().setUserEnabledMkldnn(mkldnn);
  crossbar::SetBlasThreads(blas_threads);
}

// One forward + backward of the baseline conv.
class ConvStep {
 public:
  ConvStep()
      : conv_(torch::nn::Conv2dOptions(16, 16, 3).padding(1).bias(false)),
        x_(torch::randn({kBatch, 16, 32, 32}).requires_grad_()) {}

  void Run() {
    conv_->zero_grad();
    x_.mutable_grad() = torch::Tensor();
    conv_->forward(x_).sum().backward();
  }

 private:
  torch::nn::Conv2d conv_;
  torch::Tensor x_;
};

double ConvSeconds(int threads, int blas_threads, bool mkldnn) {
  static std::map<std::tuple<int, int, bool>, double> cache;
  const std::tuple<int, int, bool> key = {threads, blas_threads, mkldnn};
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  SetThreads(threads, blas_threads, mkldnn);
  ConvStep step;
  for (int i = 0; i < 3; ++i) step.Run();  // first calls set up oneDNN and the heap
  return cache[key] = MeanSeconds([&] { step.Run(); });
}

void BM_Conv(benchmark::State& state) {
  const int threads = state.range(0), blas_threads = state.range(1);
  const bool mkldnn = state.range(2) != 0;
  const double baseline = ConvSeconds(threads, blas_threads, mkldnn);
  SetThreads(threads, blas_threads, mkldnn);
  ConvStep step;
  for (int i = 0; i < 3; ++i) step.Run();
  const Stopwatch watch;
  for (auto _ : state) step.Run();
  state.counters["x_conv"] = watch.Seconds() / state.iterations() / baseline;
  state.SetItemsProcessed(state.iterations() * kBatch);
}

void BM_Nb201(benchmark::State& state) {
  const int threads = state.range(2), blas_threads = state.range(3);
  const bool mkldnn = state.range(4) != 0;
  const double baseline = ConvSeconds(threads, blas_threads, mkldnn);
  SetThreads(threads, blas_threads, mkldnn);
  absl::StatusOr<Nb201Network> net = CreateNb201Network(
      "(2,2,0,2,2,3)", {.stem_channels = static_cast<int>(state.range(0)),
                        .cells_per_stage = static_cast<int>(state.range(1))});
  if (!net.ok()) {
    state.SkipWithError(std::string(net.status().message()).c_str());
    return;
  }
  (*net)->train();
  const torch::Tensor x = torch::randn({kBatch, 3, 32, 32});
  const torch::Tensor labels = torch::randint(10, {kBatch}, torch::kLong);
  const auto step = [&] {
    (*net)->zero_grad();
    torch::nn::functional::cross_entropy((*net)->forward(x), labels).backward();
  };
  for (int i = 0; i < 2; ++i) step();
  const Stopwatch watch;
  for (auto _ : state) step();
  state.counters["x_conv"] = watch.Seconds() / state.iterations() / baseline;
  state.SetItemsProcessed(state.iterations() * kBatch);
}

// Threads as the issue asks (1/1, 2/2), plus torch on 2 with OpenBLAS on 1.
BENCHMARK(BM_Conv)
    ->Args({1, 1, 1})
    ->Args({2, 2, 1})
    ->Args({2, 1, 1})
    ->Args({1, 1, 0})
    ->Args({2, 1, 0})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Nb201)
    ->Args({8, 1, 1, 1, 1})
    ->Args({8, 1, 2, 2, 1})
    ->Args({8, 1, 2, 1, 1})
    ->Args({8, 1, 1, 1, 0})
    ->Args({8, 1, 2, 1, 0})
    ->Args({16, 5, 1, 1, 1})
    ->Args({16, 5, 2, 2, 1})
    ->Args({16, 5, 2, 1, 1})
    ->Args({16, 5, 1, 1, 0})
    ->Args({16, 5, 2, 1, 0})
    ->UseRealTime()
    ->MinTime(2)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace aimc::networks
