// Tile forward vs the plain BLAS product, measured in the same run.
//   bazel run -c opt //crossbar:tile_benchmark
// Each entry reports `x_gemm`: its time over the plain product of the same
// shape on the same threads (mean over >= 0.5 s, measured first). Threads: the BLAS
// pool (openblas_set_num_threads) and the element-wise passes use `threads`.
#include <map>
#include <string>
#include <vector>

#include "Eigen/Core"
#include "benchmark/benchmark.h"
#include "common/benchmark_baseline.h"
#include "common/random.h"
#include "crossbar/config.h"
#include "crossbar/conv.h"
#include "crossbar/gemm.h"
#include "crossbar/layer.h"
#include "crossbar/tile.h"

namespace aimc::crossbar {
namespace {

constexpr int kSize = 512, kBatch = 128;

Eigen::MatrixXf Normal(int rows, int cols, uint32_t entity) {
  Eigen::MatrixXf m(rows, cols);
  RandomStream(StreamKey{.seed = 11, .entity = entity})
      .FillNormal(0, absl::MakeSpan(m.data(), m.size()));
  return m;
}

double GemmSeconds(int m, int k, int n, int threads) {
  static std::map<std::vector<int>, double> cache;
  const std::vector<int> key = {m, k, n, threads};
  if (auto it = cache.find(key); it != cache.end()) return it->second;
  SetBlasThreads(threads);
  const Eigen::MatrixXf a = Normal(m, k, 1), b = Normal(k, n, 2);
  Eigen::MatrixXf c(m, n);
  return cache[key] = MeanSeconds([&] {
           BlasGemm(a, b, c);
           benchmark::DoNotOptimize(c.data());
         });
}

// The configurations of the issue: presets, and 8-bit IO with output noise
// and abs-max noise management (no device noise, no weight noise, no IR drop).
TileConfig Config(const std::string& name) {
  if (name != "io8_out_noise_nm") return *LoadTileConfig(name);
  TileConfig c;
  c.mutable_forward()->set_inp_bits(8);
  c.mutable_forward()->set_out_bits(8);
  c.mutable_forward()->set_out_noise(0.04);
  c.mutable_forward()->set_noise_management(IoConfig::ABS_MAX);
  c.mutable_compensation()->set_method(device_models::DriftCompensationConfig::NONE);
  return c;
}

const char* const kConfigs[] = {"ideal", "analognas_bench", "io8_out_noise_nm",
                                "rasch2023_standard_pcm"};

void BM_Gemm(benchmark::State& state) {
  const int threads = state.range(0);
  SetBlasThreads(threads);
  const Eigen::MatrixXf w = Normal(kSize, kSize, 1), x = Normal(kSize, kBatch, 2);
  Eigen::MatrixXf y(kSize, kBatch);
  for (auto _ : state) {
    BlasGemm(w, x, y);
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
}

// Eval forward of a programmed tile drifted to 1 day (the benchmark's case).
void BM_TileForward(benchmark::State& state, const std::string& name) {
  const int threads = state.range(0);
  const double baseline = GemmSeconds(kSize, kSize, kBatch, threads);
  SetBlasThreads(threads);
  auto tile = *Tile::Create(Config(name), Normal(kSize, kSize, 1), StreamKey{.seed = 5});
  (void)tile.Program(0, threads);
  (void)tile.Drift(86400, 0, threads);
  const Eigen::MatrixXf x = Normal(kSize, kBatch, 2);
  Eigen::MatrixXf y;
  tile.Forward(x, &y, threads);  // warm-up: allocates the workspace
  const Stopwatch watch;
  for (auto _ : state) {
    tile.Forward(x, &y, threads);
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["x_gemm"] = watch.Seconds() / state.iterations() / baseline;
  state.SetItemsProcessed(state.iterations() * kBatch);
}

// 3x3 conv, 64 -> 64 channels, 32 x 32 input, batch 32, vs im2col + GEMM.
constexpr Conv2dGeometry kConv{.in_channels = 64, .out_channels = 64, .kernel_h = 3,
                               .kernel_w = 3, .pad_h = 1, .pad_w = 1};
constexpr int kConvBatch = 32, kConvHw = 32;

void BM_ConvIm2colGemm(benchmark::State& state) {
  const int threads = state.range(0);
  SetBlasThreads(threads);
  const Eigen::MatrixXf w = Normal(64, kConv.patch_size(), 3);
  const Eigen::MatrixXf input = Normal(kConvBatch * 64 * kConvHw * kConvHw, 1, 4);
  Eigen::MatrixXf cols, y(64, kConvBatch * kConvHw * kConvHw);
  Im2Col(input.data(), kConvBatch, kConvHw, kConvHw, kConv, &cols, threads);  // warm-up: allocation
  for (auto _ : state) {
    Im2Col(input.data(), kConvBatch, kConvHw, kConvHw, kConv, &cols, threads);
    BlasGemm(w, cols, y);
    benchmark::DoNotOptimize(y.data());
  }
  state.SetItemsProcessed(state.iterations() * kConvBatch);
}

void BM_Conv(benchmark::State& state, const std::string& name) {
  const int threads = state.range(0);
  SetBlasThreads(threads);
  const Eigen::MatrixXf w = Normal(64, kConv.patch_size(), 3);
  const Eigen::MatrixXf input = Normal(kConvBatch * 64 * kConvHw * kConvHw, 1, 4);
  Eigen::MatrixXf cols, y(64, kConvBatch * kConvHw * kConvHw);
  const double baseline = MeanSeconds([&] {
    Im2Col(input.data(), kConvBatch, kConvHw, kConvHw, kConv, &cols, threads);
    BlasGemm(w, cols, y);
    benchmark::DoNotOptimize(y.data());
  });
  auto conv = *AnalogConv2d::Create(Config(name), kConv, w, Eigen::VectorXf(), 5, 0);
  (void)conv.layer().Program(0, threads);
  (void)conv.layer().Drift(86400, 0, threads);
  std::vector<float> out;
  // Warm-up: the first call allocates the layer's im2col and output buffers.
  (void)conv.Forward(input.data(), kConvBatch, kConvHw, kConvHw, &out, threads);
  const Stopwatch watch;
  for (auto _ : state) {
    (void)conv.Forward(input.data(), kConvBatch, kConvHw, kConvHw, &out, threads);
    benchmark::DoNotOptimize(out.data());
  }
  state.counters["x_im2col_gemm"] = watch.Seconds() / state.iterations() / baseline;
  state.SetItemsProcessed(state.iterations() * kConvBatch);
}

void Threads(benchmark::internal::Benchmark* b) {
  b->ArgName("threads")->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
}

int Register() {
  benchmark::RegisterBenchmark("BM_Gemm/512x512/batch:128", BM_Gemm)->Apply(Threads);
  for (const char* name : kConfigs) {
    benchmark::RegisterBenchmark(
        (std::string("BM_TileForward/") + name + "/512x512/batch:128").c_str(),
        [name](benchmark::State& s) { BM_TileForward(s, name); })
        ->Apply(Threads);
  }
  benchmark::RegisterBenchmark("BM_ConvIm2colGemm/64x64x3x3/32x32/batch:32", BM_ConvIm2colGemm)
      ->Apply(Threads);
  for (const char* name : {"ideal", "rasch2023_standard_pcm"}) {
    benchmark::RegisterBenchmark((std::string("BM_Conv/") + name + "/64x64x3x3/32x32/batch:32").c_str(),
                                 [name](benchmark::State& s) { BM_Conv(s, name); })
        ->Apply(Threads);
  }
  return 0;
}
const int kRegistered = Register();

}  // namespace
}  // namespace aimc::crossbar
