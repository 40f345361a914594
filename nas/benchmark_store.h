// The AnalogNAS-Bench benchmark store (../shared/docs/nas_spec.md §3.0,
// §4.2-4.7): every stored metric of up to 15,625 NB201 cells, in memory as a
// dense array indexed by the cell's lexicographic index (nas/cell.h) of
// doubles, NaN = missing, plus the benchmark's provenance. On disk it is a
// record file (nas/benchmark.proto says why and how).
// Units: accuracies in percent, drift times in seconds, params and flops as
// counts. Errors: Load returns NotFound (missing file), DataLoss naming the
// file, record and byte (truncated or corrupt), InvalidArgument (duplicate
// cells, bad ops or drift times); metric access returns InvalidArgument for an
// unknown name (listing the valid ones) and NotFound for a missing value.
// Thread-compatible (a copyable value); const calls are safe concurrently.
#ifndef AIMC_NAS_BENCHMARK_STORE_H_
#define AIMC_NAS_BENCHMARK_STORE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nas/benchmark.pb.h"
#include "nas/cell.h"

namespace aimc::nas {

// The drift times of the AnalogNAS-Bench protocol (§4.7): 1 min, 1 h, 1 d, 30 d.
inline constexpr std::array<int64_t, 4> kDriftTimesS = {60, 3600, 86400, 2592000};

// The `format` of a benchmark file's header.
inline constexpr absl::string_view kBenchmarkFormat = "aimc.nas.benchmark/1";

// Metrics by name, in MetricId order:
//   baseline_accuracy ptq_accuracy qat_accuracy noisy_accuracy analog_accuracy
//   noisy_drift_T noisy_drift_T_std analog_drift_T analog_drift_T_std
//     (T in kDriftTimesS: mean and sample std, %)
//   params flops
//   avm    = analog_drift_60 - analog_drift_2592000 (derived; §3.0 AVM)
//   avm_1d = analog_drift_86400 - analog_drift_2592000 (derived; §3.0 option)
inline constexpr int kNumMetrics = 5 + 4 * 4 + 2 + 2;

// A metric resolved once by name; the hot path is then an array read.
struct MetricId {
  int index = 0;  // 0..kNumMetrics-1
};

// All metric names in MetricId order. Static storage duration.
absl::Span<const std::string> MetricNames();

// InvalidArgument for an unknown name; the message lists every valid name.
absl::StatusOr<MetricId> ResolveMetric(absl::string_view name);

// True for avm and avm_1d, which are computed and never stored.
bool IsDerivedMetric(MetricId id);

// The name of `id`. REQUIRES: 0 <= id.index < kNumMetrics.
absl::string_view MetricName(MetricId id);

// Parses an architecture in any form: a cell string ('|' first), a tuple
// ("(2,2,0,2,2,3)" or "2,2,0,2,2,3"), or a lexicographic index (digits only,
// 0..15624). InvalidArgument naming the problem otherwise.
absl::StatusOr<Cell> ParseArch(absl::string_view text);

namespace internal {
// Where a record comes from, for error messages: file, record and byte
// offset; an empty file for records given to BenchmarkStore::Add.
struct RecordOrigin {
  absl::string_view file;
  size_t record = 0;
  size_t byte = 0;
};
}  // namespace internal

// One cell's stored values.
struct ArchEntry {
  std::array<double, kNumMetrics> values;  // by MetricId; NaN = missing
  int32_t arch_index = -1;                 // NB201 API index, -1 = unknown
  bool present = false;                    // the cell has a record
};

// The record of `cell` holding `entry`'s values (ops, arch_index when >= 0,
// every non-NaN stored value; derived metrics and `present` are ignored).
ArchRecord EntryToRecord(const Cell& cell, const ArchEntry& entry);

class BenchmarkStore {
 public:
  // An empty benchmark (no cells, empty provenance).
  BenchmarkStore();

  // Reads a benchmark file (nas/benchmark.proto).
  static absl::StatusOr<BenchmarkStore> Load(absl::string_view path);
  // The same from an in-memory file image; `source` names it in errors.
  static absl::StatusOr<BenchmarkStore> Parse(absl::string_view image, absl::string_view source);

  // Writes the header and one record per stored cell, in lexicographic order,
  // atomically (temp file + rename).
  absl::Status Save(absl::string_view path) const;
  // The record payloads Save writes: header first.
  std::vector<std::string> SerializeRecords() const;

  // Adds one cell. InvalidArgument (naming the cell) for bad ops, an `arch`
  // string that disagrees with them, a drift time not in kDriftTimesS or
  // repeated, an arch_index outside 0..15624 or already used, or a cell
  // already stored. NaN values count as missing.
  absl::Status Add(const ArchRecord& record);

  const Provenance& provenance() const { return provenance_; }
  Provenance* mutable_provenance() { return &provenance_; }

  // Number of stored cells.
  int size() const { return size_; }
  // The stored cells in lexicographic order.
  std::vector<Cell> Cells() const;

  // The cell's entry, or nullptr when not stored. Valid until this store is
  // modified or destroyed.
  const ArchEntry* Find(const Cell& cell) const {
    const ArchEntry& e = entries_[cell.LexIndex()];
    return e.present ? &e : nullptr;
  }
  // Every cell's entry by lexicographic index (kNumCells of them, stored or
  // not): for column views that read one metric of all cells in place (the
  // Python module's zero-copy arrays). Valid as Find's pointers are.
  absl::Span<const ArchEntry> entries() const { return entries_; }

  // By cell string, tuple or lexicographic index (ParseArch), or "nb201:N"
  // for the NB201 API index N. InvalidArgument for unparsable text, NotFound
  // when the cell is not stored.
  absl::StatusOr<Cell> FindArch(absl::string_view text) const;
  // NotFound when not stored; InvalidArgument outside 0..15624.
  absl::StatusOr<Cell> FindLexIndex(int lex_index) const;

  // The hot path (an array read): NaN when the cell or the value is missing.
  // REQUIRES: `id` came from ResolveMetric.
  double Value(const Cell& cell, MetricId id) const {
    return entries_[cell.LexIndex()].values[id.index];
  }
  // By name: InvalidArgument for an unknown metric, NotFound for a cell not
  // stored or a missing value.
  absl::StatusOr<double> Metric(const Cell& cell, absl::string_view metric) const;
  absl::StatusOr<double> Metric(const Cell& cell, MetricId id) const;

  // The stored cell as a record (ops, arch_index and the stored values; no
  // `arch` string). NotFound when not stored.
  absl::StatusOr<ArchRecord> Record(const Cell& cell) const;

 private:
  absl::Status AddRecord(const ArchRecord& record, const internal::RecordOrigin& origin);

  Provenance provenance_;
  std::vector<ArchEntry> entries_;      // kNumCells, by lexicographic index
  std::vector<int32_t> by_arch_index_;  // NB201 index -> lexicographic index, -1
  int size_ = 0;
};

// Benchmark files as a store of records, one cell at a time (a resumable
// generation: look a cell up, evaluate it, append it).

// The record of `cell` in the benchmark file at `path` (as
// BenchmarkStore::Record). NotFound when the file has no such cell or there is
// no file; Load's errors otherwise.
absl::StatusOr<ArchRecord> FindRecord(absl::string_view path, const Cell& cell);

// Adds `record` to the benchmark file at `path`, creating the file with
// `provenance` when absent, and rewrites it atomically (Save), so a killed
// writer loses nothing already there. A file holds one protocol: its
// provenance must have the same dataset, scale and simulator_preset as
// `provenance` (else FailedPrecondition naming both; the file's other
// provenance fields are kept). AlreadyExists (file unchanged) when the file
// has the cell; Add's InvalidArgument for a bad record; Load's and Save's
// errors otherwise. Not safe against a concurrent writer of the same file.
absl::Status AppendRecord(absl::string_view path, const ArchRecord& record,
                          const Provenance& provenance);

}  // namespace aimc::nas

#endif  // AIMC_NAS_BENCHMARK_STORE_H_
