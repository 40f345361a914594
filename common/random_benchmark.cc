// Speed of the random streams: our lane-batched Philox and normal transform vs
// Random123's philox4x32 called per block (the baseline in the same run).
//   bazel run -c opt //common:random_benchmark
#include <Random123/philox.h>

#include <vector>

#include "benchmark/benchmark.h"
#include "common/random.h"

namespace aimc {
namespace {

void BM_Random123PhiloxBits(benchmark::State& state) {
  const int64_t n = state.range(0);
  std::vector<uint32_t> out(n);
  r123::Philox4x32 philox;
  const r123::Philox4x32::key_type key = {{1, 2}};
  for (auto _ : state) {
    for (int64_t b = 0; b < n / 4; ++b) {
      const auto r = philox({{static_cast<uint32_t>(b), 0, 0, 0}}, key);
      for (int w = 0; w < 4; ++w) out[4 * b + w] = r.v[w];
    }
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * n);
}
BENCHMARK(BM_Random123PhiloxBits)->Arg(1 << 20);

void BM_StreamBits(benchmark::State& state) {
  std::vector<uint32_t> out(state.range(0));
  const RandomStream stream(StreamKey{.seed = 1});
  for (auto _ : state) {
    stream.FillBits(0, absl::MakeSpan(out));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * out.size());
}
BENCHMARK(BM_StreamBits)->Arg(1 << 20);

void BM_StreamNormal(benchmark::State& state) {
  std::vector<float> out(state.range(0));
  const RandomStream stream(StreamKey{.seed = 1});
  for (auto _ : state) {
    stream.FillNormal(0, absl::MakeSpan(out));
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(state.iterations() * out.size());
}
BENCHMARK(BM_StreamNormal)->Arg(1 << 20);

}  // namespace
}  // namespace aimc
