// Load and query speed of the benchmark store against baselines measured in
// the same run (style.md §8):
//   bazel run -c opt //nas:benchmark_store_benchmark
// Loading (a synthetic 15,625-record file, every metric present): BM_ReadFile
// reads its bytes (the baseline), BM_ReadRecords adds record framing and CRCs,
// BM_Load is BenchmarkStore::Load; each reports `ms` and `x_read_file`.
// Queries (1,024 cells in a fixed scattered order per iteration): BM_ArrayRead
// reads one double of a plain 15,625-entry array (the baseline), BM_Value is
// the hot path with a pre-resolved MetricId, BM_MetricByName resolves the name
// and returns a StatusOr, BM_FindArchString parses a cell string first; each
// reports `ns_per_query` and `x_array_read`.
#include "benchmark/benchmark.h"

#include <unistd.h>

#include <cstdio>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/benchmark_baseline.h"
#include "common/file.h"
#include "common/record_io.h"
#include "common/status_macros.h"
#include "nas/benchmark_store.h"
#include "nas/cell.h"
#include "nas/testing/synthetic_benchmark.h"

namespace aimc::nas {
namespace {

constexpr int kQueries = 1024;

// The synthetic benchmark file, written once and removed at exit.
class BenchmarkFile {
 public:
  BenchmarkFile() : path_(absl::StrCat("/tmp/aimc_benchmark_store_benchmark.", getpid())) {
    AIMC_CHECK(test_util::SyntheticStore().Save(path_).ok());
  }
  ~BenchmarkFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

const std::string& FilePath() {
  static const BenchmarkFile file;
  return file.path();
}

double ReadFileSeconds() {
  static const double seconds = MeanSeconds([] {
    const absl::StatusOr<std::string> bytes = ReadFile(FilePath());
    benchmark::DoNotOptimize(bytes->data());
  });
  return seconds;
}

// Lexicographic indices 0, 7919, 2·7919, ... mod 15,625: every stride far
// apart in memory, so hardware prefetch cannot follow.
std::vector<int> ScatteredIndices() {
  std::vector<int> indices(kQueries);
  for (int k = 0; k < kQueries; ++k) indices[k] = static_cast<int>((int64_t{7919} * k) % kNumCells);
  return indices;
}

std::vector<Cell> ScatteredCells() {
  std::vector<Cell> cells;
  for (int i : ScatteredIndices()) cells.push_back(AllCells()[i]);
  return cells;
}

double ArrayReadSeconds() {
  static const double seconds = [] {
    const std::vector<double> column(kNumCells, 1.0);
    const std::vector<int> indices = ScatteredIndices();
    return MeanSeconds([&] {
             double sum = 0;
             for (int i : indices) sum += column[i];
             benchmark::DoNotOptimize(sum);
           }) /
           kQueries;
  }();
  return seconds;
}

void ReportLoad(benchmark::State& state, double seconds) {
  const double per_load = seconds / state.iterations();
  state.counters["ms"] = per_load * 1e3;
  state.counters["x_read_file"] = per_load / ReadFileSeconds();
}

void ReportQueries(benchmark::State& state, double seconds) {
  const double per_query = seconds / state.iterations() / kQueries;
  state.SetItemsProcessed(state.iterations() * kQueries);
  state.counters["ns_per_query"] = per_query * 1e9;
  state.counters["x_array_read"] = per_query / ArrayReadSeconds();
}

void BM_ReadFile(benchmark::State& state) {
  const std::string& path = FilePath();
  const Stopwatch watch;
  for (auto _ : state) {
    absl::StatusOr<std::string> bytes = ReadFile(path);
    benchmark::DoNotOptimize(bytes->data());
  }
  ReportLoad(state, watch.Seconds());
}
BENCHMARK(BM_ReadFile)->Unit(benchmark::kMillisecond);

void BM_ReadRecords(benchmark::State& state) {
  const std::string& path = FilePath();
  const Stopwatch watch;
  for (auto _ : state) {
    absl::StatusOr<std::vector<std::string>> records = ReadRecords(path);
    benchmark::DoNotOptimize(records->data());
  }
  ReportLoad(state, watch.Seconds());
}
BENCHMARK(BM_ReadRecords)->Unit(benchmark::kMillisecond);

void BM_Load(benchmark::State& state) {
  const std::string& path = FilePath();
  const Stopwatch watch;
  for (auto _ : state) {
    absl::StatusOr<BenchmarkStore> store = BenchmarkStore::Load(path);
    AIMC_CHECK(store.ok() && store->size() == kNumCells);
    benchmark::DoNotOptimize(store->size());
  }
  ReportLoad(state, watch.Seconds());
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond);

void BM_ArrayRead(benchmark::State& state) {
  const std::vector<double> column(kNumCells, 1.0);
  const std::vector<int> indices = ScatteredIndices();
  const Stopwatch watch;
  for (auto _ : state) {
    double sum = 0;
    for (int i : indices) sum += column[i];
    benchmark::DoNotOptimize(sum);
  }
  ReportQueries(state, watch.Seconds());
}
BENCHMARK(BM_ArrayRead);

void BM_Value(benchmark::State& state) {
  const BenchmarkStore store = *BenchmarkStore::Load(FilePath());
  const MetricId id = *ResolveMetric("analog_drift_86400");
  const std::vector<Cell> cells = ScatteredCells();
  const Stopwatch watch;
  for (auto _ : state) {
    double sum = 0;
    for (const Cell& cell : cells) sum += store.Value(cell, id);
    benchmark::DoNotOptimize(sum);
  }
  ReportQueries(state, watch.Seconds());
}
BENCHMARK(BM_Value);

void BM_MetricByName(benchmark::State& state) {
  const BenchmarkStore store = *BenchmarkStore::Load(FilePath());
  const std::vector<Cell> cells = ScatteredCells();
  const Stopwatch watch;
  for (auto _ : state) {
    double sum = 0;
    for (const Cell& cell : cells) sum += *store.Metric(cell, "analog_drift_86400");
    benchmark::DoNotOptimize(sum);
  }
  ReportQueries(state, watch.Seconds());
}
BENCHMARK(BM_MetricByName);

void BM_FindArchString(benchmark::State& state) {
  const BenchmarkStore store = *BenchmarkStore::Load(FilePath());
  const MetricId id = *ResolveMetric("analog_drift_86400");
  std::vector<std::string> strings;
  for (const Cell& cell : ScatteredCells()) strings.push_back(cell.ToString());
  const Stopwatch watch;
  for (auto _ : state) {
    double sum = 0;
    for (const std::string& s : strings) sum += store.Value(*store.FindArch(s), id);
    benchmark::DoNotOptimize(sum);
  }
  ReportQueries(state, watch.Seconds());
}
BENCHMARK(BM_FindArchString);

}  // namespace
}  // namespace aimc::nas
