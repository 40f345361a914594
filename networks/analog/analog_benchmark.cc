// Analog vs digital NB201 network, in the same run (style.md §8):
//   bazel run -c opt //networks/analog:analog_benchmark
// BM_TrainStep/C/N/analog/threads (analog 2 = the ideal preset: the bridge's
// own cost): forward + cross-entropy + backward of a
// batch of 128 3x32x32 images through cell (2,2,0,2,2,3) in training mode;
// analog = every conv/linear on analognas_bench tiles (8-bit DAC/ADC, output
// noise 0.04, learned input range) with its HWT weight noise (additive
// Gaussian 0.06 of max|W|, fresh per batch). BM_EvalForward/C/N/analog/threads:
// eval-mode forward without autograd; analog = programmed PCM tiles drifted
// to 1 d with global compensation. `x_digital` = time per batch over the
// digital network's with the same C, N and threads (mean over >= 0.5 s,
// measured first). Items = images. OpenBLAS's pool = torch's threads.
#include <map>
#include <string>
#include <tuple>

#include <torch/nn/functional/loss.h>
#include <torch/torch.h>

#include "absl/status/statusor.h"
#include "benchmark/benchmark.h"
#include "common/benchmark_baseline.h"
#include "common/malloc_tuning.h"
#include "crossbar/config.h"
#include "crossbar/gemm.h"
#include "networks/analog/convert.h"
#include "networks/nb201_network.h"

namespace aimc::networks::analog {
namespace {

constexpr int kBatch = 128;

// Before any allocation of the runs (common/malloc_tuning.h).
const bool kMallocTuned = (RetainFreedMemory(), true);

struct Setup {
  Nb201Network net = nullptr;
  torch::Tensor x, labels;
};

// analog: 0 digital, 1 analognas_bench tiles with HWT noise, 2 ideal tiles
// (the bridge alone: unrolling, crossbar GEMM, layout copies).
absl::StatusOr<Setup> Make(int c, int n, int analog, bool training) {
  Setup s;
  absl::StatusOr<Nb201Network> net =
      CreateNb201Network("(2,2,0,2,2,3)", {.stem_channels = c, .cells_per_stage = n});
  if (!net.ok()) return net.status();
  s.net = *net;
  torch::manual_seed(0);
  s.x = torch::randn({kBatch, 3, 32, 32});
  s.labels = torch::randint(10, {kBatch}, torch::kLong);
  if (analog != 0) {
    absl::StatusOr<crossbar::TileConfig> tile =
        crossbar::LoadTileConfig(analog == 2 ? "ideal" : "analognas_bench");
    if (!tile.ok()) return tile.status();
    if (absl::Status st = ConvertToAnalog(*s.net, *tile, {.seed = 1}); !st.ok()) return st;
    WeightNoiseSchedule noise;
    noise.injection.type = crossbar::WeightNoiseInjection::Type::kAdditiveGaussian;
    noise.injection.scale = 0.06f;
    SetWeightNoise(*s.net, noise);
    // Steady state: past the first batches whose input statistics set the
    // input ranges (init_from_data, 50 in analognas_bench).
    for (AnalogLayerBaseImpl* layer : AnalogLayers(*s.net)) {
      layer->input_range_batches.fill_(tile->input_range().init_from_data());
    }
    if (!training) {
      if (absl::Status st = ProgramAnalogLayers(*s.net, 0); !st.ok()) return st;
      if (absl::Status st = DriftAnalogLayers(*s.net, 86400, 0); !st.ok()) return st;
    }
  }
  s.net->train(training);
  return s;
}

void Run(Setup& s, bool training) {
  if (training) {
    s.net->zero_grad();
    torch::nn::functional::cross_entropy(s.net->forward(s.x), s.labels).backward();
  } else {
    torch::NoGradGuard no_grad;
    benchmark::DoNotOptimize(s.net->forward(s.x));
  }
}

void SetThreads(int threads) {
  torch::set_num_threads(threads);
  crossbar::SetBlasThreads(threads);
}

double DigitalSeconds(int c, int n, int threads, bool training) {
  static std::map<std::tuple<int, int, int, bool>, double> cache;
  const auto key = std::make_tuple(c, n, threads, training);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  SetThreads(threads);
  absl::StatusOr<Setup> s = Make(c, n, 0, training);
  if (!s.ok()) return 0;
  for (int i = 0; i < 2; ++i) Run(*s, training);
  return cache[key] = MeanSeconds([&] { Run(*s, training); });
}

void Bench(benchmark::State& state, bool training) {
  const int c = state.range(0), n = state.range(1), threads = state.range(3);
  const int analog = static_cast<int>(state.range(2));
  const double baseline = DigitalSeconds(c, n, threads, training);
  SetThreads(threads);
  absl::StatusOr<Setup> s = Make(c, n, analog, training);
  if (!s.ok()) {
    state.SkipWithError(std::string(s.status().message()).c_str());
    return;
  }
  for (int i = 0; i < 2; ++i) Run(*s, training);
  const Stopwatch watch;
  for (auto _ : state) Run(*s, training);
  state.counters["x_digital"] = watch.Seconds() / state.iterations() / baseline;
  state.SetItemsProcessed(state.iterations() * kBatch);
}

void BM_TrainStep(benchmark::State& state) { Bench(state, true); }
void BM_EvalForward(benchmark::State& state) { Bench(state, false); }

BENCHMARK(BM_TrainStep)
    ->ArgsProduct({{8}, {1}, {0, 1, 2}, {1, 2}})
    ->ArgsProduct({{16}, {5}, {0, 1}, {1}})
    ->UseRealTime()
    ->MinTime(2)
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_EvalForward)
    ->ArgsProduct({{8}, {1}, {0, 1}, {1, 2}})
    ->ArgsProduct({{16}, {5}, {0, 1}, {1}})
    ->UseRealTime()
    ->MinTime(1)
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace aimc::networks::analog
