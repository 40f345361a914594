// Device-model kernels vs drawing the same number of standard normals with the
// same generator (the baseline, measured in the same run).
//   bazel run -c opt //device_models:device_models_benchmark
// Each kernel reports devices/s and `x_rng`: its time over the baseline's for
// the normals it needs (programming: 2 per device, prog noise and nu; read: 1
// per device; compensation: one per weight, as a yardstick).
#include <map>
#include <vector>

#include "Eigen/Core"
#include "benchmark/benchmark.h"
#include "common/benchmark_baseline.h"
#include "common/parallel.h"
#include "common/random.h"
#include "device_models/compensation.h"
#include "device_models/config.h"
#include "device_models/device_model.h"
#include "device_models/pair_array.h"

namespace aimc::device_models {
namespace {

// The baseline kernel: normals (0 .. n-1) of `stream`, split over threads
// exactly as the device kernels split their arrays.
void ParallelForNormals(const RandomStream& stream, absl::Span<float> out, int threads) {
  ParallelFor(out.size(), threads, 2048, [&](int64_t b, int64_t e) {
    stream.FillNormal(b, out.subspan(b, e - b));
  });
}

// Mean time (s) to draw n normals on `threads` threads, cached.
double BaselineSeconds(int64_t n, int threads) {
  static std::map<std::pair<int64_t, int>, double> cache;
  const auto key = std::make_pair(n, threads);
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  std::vector<float> out(n);
  const RandomStream stream(StreamKey{.seed = 1});
  return cache[key] = MeanSeconds([&] {
           ParallelForNormals(stream, absl::MakeSpan(out), threads);
           benchmark::DoNotOptimize(out.data());
         });
}

DeviceModel Pcm() { return *CreateDeviceModel(*LoadDeviceModelConfig("rasch2023_pcm")); }

Eigen::MatrixXf Weights(int n) {
  Eigen::MatrixXf w(n, n);
  RandomStream(StreamKey{.seed = 7}).FillNormal(0, absl::MakeSpan(w.data(), w.size()));
  return w;
}

// `seconds`: wall time of the timed loop (measured by the caller).
void Report(benchmark::State& state, double seconds, int64_t devices, int64_t normals,
            int threads) {
  state.SetItemsProcessed(state.iterations() * devices);
  state.counters["devices"] = devices;
  state.counters["x_rng"] =
      seconds / state.iterations() / BaselineSeconds(normals, threads);
}



// Baseline: n normals from the same generator.
void BM_Normals(benchmark::State& state) {
  const int n = state.range(0), threads = state.range(1);
  std::vector<float> out(int64_t{n} * n);
  const RandomStream stream(StreamKey{.seed = 1});
  for (auto _ : state) {
    ParallelForNormals(stream, absl::MakeSpan(out), threads);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * out.size());
}

// Programming a rows x cols weight matrix: both devices of every pair, into a
// new PairArray (includes allocating and first-touching its arrays).
void BM_Program(benchmark::State& state) {
  const int n = state.range(0), threads = state.range(1);
  const DeviceModel model = Pcm();
  const Eigen::MatrixXf w = Weights(n);
  uint32_t instance = 0;
  const Stopwatch watch;
  for (auto _ : state) {
    auto a = PairArray::Program(model, w, StreamKey{.seed = 3, .instance = instance++}, threads);
    benchmark::DoNotOptimize(a->programmed_weights().data());
  }
  const double seconds = watch.Seconds();
  const int64_t devices = 2 * int64_t{n} * n;
  Report(state, seconds, devices, 2 * devices, threads);
}

// Programming a new instance into an existing array (no allocation): what a
// tile does for each programming instance of an evaluation.
void BM_Reprogram(benchmark::State& state) {
  const int n = state.range(0), threads = state.range(1);
  auto a = *PairArray::Program(Pcm(), Weights(n), StreamKey{.seed = 3}, threads);
  uint32_t instance = 1;
  const Stopwatch watch;
  for (auto _ : state) {
    a.Reprogram(StreamKey{.seed = 3, .instance = instance++}, threads);
    benchmark::DoNotOptimize(a.programmed_weights().data());
  }
  const double seconds = watch.Seconds();
  const int64_t devices = 2 * int64_t{n} * n;
  Report(state, seconds, devices, 2 * devices, threads);
}

// Drift to 1 day + fresh read noise of both devices, back to weights.
void BM_DriftRead(benchmark::State& state) {
  const int n = state.range(0), threads = state.range(1);
  const auto a = *PairArray::Program(Pcm(), Weights(n), StreamKey{.seed = 3}, threads);
  Eigen::MatrixXf w_t;
  uint32_t read = 0;
  const Stopwatch watch;
  for (auto _ : state) {
    a.Read(86400.0, read++, threads, &w_t);
    benchmark::DoNotOptimize(w_t.data());
  }
  const double seconds = watch.Seconds();
  const int64_t devices = 2 * int64_t{n} * n;
  Report(state, seconds, devices, devices, threads);
}

// Global compensation factor from a drifted readout (mean |y| over the array).
void BM_Compensation(benchmark::State& state) {
  const int n = state.range(0), threads = state.range(1);
  const auto a = *PairArray::Program(Pcm(), Weights(n), StreamKey{.seed = 3}, threads);
  DriftCompensationConfig config;
  config.set_method(DriftCompensationConfig::EXACT);
  auto comp = *DriftCompensation::Create(config);
  comp.Calibrate(a.programmed_weights());
  Eigen::MatrixXf w_t;
  a.Read(86400.0, 0, threads, &w_t);
  const Stopwatch watch;
  for (auto _ : state) benchmark::DoNotOptimize(comp.Alpha(w_t)[0]);
  const double seconds = watch.Seconds();
  const int64_t weights = int64_t{n} * n;
  Report(state, seconds, 2 * weights, weights, threads);
}

void Sizes(benchmark::internal::Benchmark* b) {
  b->ArgNames({"n", "threads"});
  for (int n : {512, 2048})
    for (int threads : {1, 2}) b->Args({n, threads});
  b->Unit(benchmark::kMillisecond)->UseRealTime();
}

BENCHMARK(BM_Normals)->Apply(Sizes);
BENCHMARK(BM_Program)->Apply(Sizes);
BENCHMARK(BM_Reprogram)->Apply(Sizes);
BENCHMARK(BM_DriftRead)->Apply(Sizes);
BENCHMARK(BM_Compensation)->Apply(Sizes);

}  // namespace
}  // namespace aimc::device_models
