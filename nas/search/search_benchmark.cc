// A 1,000-query run of each search algorithm on the real NB201 landscape
// (../shared/data, found as the tests find it) vs 1,000 plain table queries of
// random cells (the baseline, same run).
//   bazel run -c opt //nas/search:search_benchmark
// `x_queries` is each search's time over the baseline's: the algorithm's own
// overhead per query (exhaustive always spends 15,625 queries).
#include <cstdio>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "common/benchmark_baseline.h"
#include "common/random_cursor.h"
#include "nas/search/registry.h"
#include "nas/search/testing/nb201_table.h"

namespace aimc::nas::search {
namespace {

constexpr int kBudget = 1000;

TableObjective* Table() {
  static TableObjective* table = [] {
    const auto& t = testing::Nb201Cifar10TestAccuracy();
    if (!t.table.ok()) {
      std::fprintf(stderr, "search_benchmark: %s\n", t.skip_reason.c_str());
      std::exit(1);
    }
    return new TableObjective(*t.table);
  }();
  return table;
}

// 1,000 queries of uniformly random cells, straight to the table.
void QueryRandomCells(RandomCursor& rng, benchmark::State* state = nullptr) {
  double sum = 0;
  for (int q = 0; q < kBudget; ++q) {
    const Cell cell = *Cell::FromLexIndex(rng.UniformInt(kNumCells));
    sum += *Table()->Evaluate(cell);
  }
  benchmark::DoNotOptimize(sum);
  (void)state;
}

double BaselineSeconds() {
  static const double seconds = [] {
    RandomCursor rng(RandomStream(StreamKey{.seed = 1}));
    return MeanSeconds([&] { QueryRandomCells(rng); });
  }();
  return seconds;
}

void BM_TableQueries(benchmark::State& state) {
  RandomCursor rng(RandomStream(StreamKey{.seed = 1}));
  for (auto _ : state) QueryRandomCells(rng);
  state.SetItemsProcessed(state.iterations() * kBudget);
}

void BM_Search(benchmark::State& state, const std::string& name) {
  const double baseline = BaselineSeconds();
  auto algorithm = *CreateAlgorithm(name);
  uint32_t trial = 0;
  double best = 0;
  const Stopwatch watch;
  for (auto _ : state) {
    RandomCursor rng(RandomStream(StreamKey{.seed = 7, .instance = trial++}));
    const auto result = algorithm->Run(*Table(), kBudget, rng);
    best += result.ok() ? result->best_value : 0;
  }
  state.counters["x_queries"] = watch.Seconds() / state.iterations() / baseline;
  state.counters["best_value"] = best / state.iterations();
  state.SetItemsProcessed(state.iterations() * kBudget);
}

int Register() {
  benchmark::RegisterBenchmark("BM_TableQueries/queries:1000", BM_TableQueries)
      ->Unit(benchmark::kMillisecond);
  for (const std::string& name : AlgorithmNames()) {
    benchmark::RegisterBenchmark(("BM_Search/" + name + "/queries:1000").c_str(),
                                 [name](benchmark::State& s) { BM_Search(s, name); })
        ->Unit(benchmark::kMillisecond);
  }
  return 0;
}
const int kRegistered = Register();

}  // namespace
}  // namespace aimc::nas::search
