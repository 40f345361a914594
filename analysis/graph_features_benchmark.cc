// The 191 graph features of all 15,625 cells against a baseline measured in
// the same run (style.md §8):
//   bazel run -c opt //analysis:graph_features_benchmark
// BM_OpCounts (the baseline) counts the 5 ops of every cell (the first 5
// features); BM_GraphFeatures is ComputeGraphFeatures (the 64-subset
// Boost.Graph table, then lookups); BM_GraphFeaturesUncached builds a
// Boost.Graph graph per cell and runs filtered_graph + dag_shortest_paths per
// op subset. Each reports `ms_all_cells`, `ns_per_cell` and `x_op_counts`.
#include <array>
#include <vector>

#include "analysis/graph_features.h"
#include "benchmark/benchmark.h"
#include "common/benchmark_baseline.h"
#include "nas/cell.h"

namespace aimc::analysis {
namespace {

using nas::AllCells;
using nas::Cell;

void CountOps(std::vector<std::array<double, nas::kNumOps>>& out) {
  const absl::Span<const Cell> cells = AllCells();
  for (size_t i = 0; i < cells.size(); ++i) {
    for (int op = 0; op < nas::kNumOps; ++op)
      out[i][op] = cells[i].CountOp(static_cast<nas::Op>(op));
  }
}

double OpCountsSeconds() {
  static const double seconds = [] {
    std::vector<std::array<double, nas::kNumOps>> out(nas::kNumCells);
    return MeanSeconds([&] {
      CountOps(out);
      benchmark::DoNotOptimize(out.data());
    });
  }();
  return seconds;
}

void Report(benchmark::State& state, double seconds) {
  const double per_pass = seconds / state.iterations();
  state.SetItemsProcessed(state.iterations() * nas::kNumCells);
  state.counters["ms_all_cells"] = per_pass * 1e3;
  state.counters["ns_per_cell"] = per_pass / nas::kNumCells * 1e9;
  state.counters["x_op_counts"] = per_pass / OpCountsSeconds();
}

void BM_OpCounts(benchmark::State& state) {
  std::vector<std::array<double, nas::kNumOps>> out(nas::kNumCells);
  const Stopwatch watch;
  for (auto _ : state) {
    CountOps(out);
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, watch.Seconds());
}
BENCHMARK(BM_OpCounts)->Unit(benchmark::kMillisecond);

void BM_GraphFeatures(benchmark::State& state) {
  std::vector<GraphFeatureVector> out(nas::kNumCells);
  ComputeGraphFeatures(Cell());  // builds the 64-subset table outside the timing
  const Stopwatch watch;
  for (auto _ : state) {
    const absl::Span<const Cell> cells = AllCells();
    for (size_t i = 0; i < cells.size(); ++i) out[i] = ComputeGraphFeatures(cells[i]);
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, watch.Seconds());
}
BENCHMARK(BM_GraphFeatures)->Unit(benchmark::kMillisecond);

void BM_GraphFeaturesUncached(benchmark::State& state) {
  std::vector<GraphFeatureVector> out(nas::kNumCells);
  const Stopwatch watch;
  for (auto _ : state) {
    const absl::Span<const Cell> cells = AllCells();
    for (size_t i = 0; i < cells.size(); ++i) out[i] = ComputeGraphFeaturesUncached(cells[i]);
    benchmark::DoNotOptimize(out.data());
  }
  Report(state, watch.Seconds());
}
BENCHMARK(BM_GraphFeaturesUncached)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace aimc::analysis
