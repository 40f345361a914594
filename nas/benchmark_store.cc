#include "nas/benchmark_store.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "common/file.h"
#include "common/record_io.h"
#include "common/status_macros.h"

namespace aimc::nas {
namespace {

using internal::RecordOrigin;

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();
constexpr int kNumDriftTimes = static_cast<int>(kDriftTimesS.size());

// MetricId layout (benchmark_store.h lists the names in this order).
constexpr int kBaseline = 0, kPtq = 1, kQat = 2, kNoisy = 3, kAnalog = 4;
constexpr int kNoisyDrift0 = 5;                                   // mean, std per time
constexpr int kAnalogDrift0 = kNoisyDrift0 + 2 * kNumDriftTimes;  // 13
constexpr int kParams = kAnalogDrift0 + 2 * kNumDriftTimes;       // 21
constexpr int kFlops = kParams + 1;
constexpr int kAvm = kFlops + 1;
constexpr int kAvm1d = kAvm + 1;
static_assert(kAvm1d + 1 == kNumMetrics);

// Bytes before each record's payload in a record file (common/record_io.h:
// little-endian length and CRC-32).
constexpr size_t kFrameBytes = 8;

constexpr absl::string_view kNb201Prefix = "nb201:";

int DriftMeanIndex(int first, int t) { return first + 2 * t; }
int DriftStdIndex(int first, int t) { return first + 2 * t + 1; }

struct MetricTable {
  std::vector<std::string> names;
  std::string joined;  // for error messages
};

const MetricTable& Table() {
  static const MetricTable* const table = [] {
    auto* t = new MetricTable();
    t->names = {"baseline_accuracy", "ptq_accuracy", "qat_accuracy", "noisy_accuracy",
                "analog_accuracy"};
    for (absl::string_view branch : {"noisy_drift_", "analog_drift_"}) {
      for (int64_t time_s : kDriftTimesS) {
        t->names.push_back(absl::StrCat(branch, time_s));
        t->names.push_back(absl::StrCat(branch, time_s, "_std"));
      }
    }
    for (const char* name : {"params", "flops", "avm", "avm_1d"}) t->names.push_back(name);
    AIMC_CHECK(static_cast<int>(t->names.size()) == kNumMetrics);
    t->joined = absl::StrJoin(t->names, ", ");
    return t;
  }();
  return *table;
}

// Index of `time_s` in kDriftTimesS, or -1.
int DriftTimeIndex(double time_s) {
  for (int t = 0; t < kNumDriftTimes; ++t) {
    if (time_s == static_cast<double>(kDriftTimesS[t])) return t;
  }
  return -1;
}

// "file: record 3 at byte 812" (empty when added through Add()).
std::string Where(const RecordOrigin& origin) {
  if (origin.file.empty()) return "";
  return absl::StrCat(origin.file, ": record ", origin.record, " at byte ", origin.byte);
}

std::string Where(const RecordOrigin& origin, const Cell& cell) {
  const std::string where = Where(origin);
  return absl::StrCat(where, where.empty() ? "" : ": ", "cell ", cell.ToTupleString());
}

// `status` with "path: " before its message.
absl::Status WithPath(absl::string_view path, const absl::Status& status) {
  return absl::Status(status.code(), absl::StrCat(path, ": ", status.message()));
}

// The cell of `record`: valid ops, agreeing with `arch` when present.
absl::StatusOr<Cell> RecordCell(const ArchRecord& record, const RecordOrigin& origin) {
  absl::StatusOr<Cell> cell =
      Cell::FromCodes(absl::MakeConstSpan(record.ops().data(), record.ops().size()));
  if (!cell.ok()) {
    const std::string where = Where(origin);
    return absl::InvalidArgumentError(
        absl::StrCat(where, where.empty() ? "" : ": ", "ops: ", cell.status().message()));
  }
  if (record.has_arch()) {
    absl::StatusOr<Cell> from_string = ParseCellString(record.arch());
    if (!from_string.ok() || *from_string != *cell) {
      return absl::InvalidArgumentError(absl::StrCat(
          Where(origin, *cell), ": arch '", record.arch(), "' disagrees with ops (it is ",
          from_string.ok() ? from_string->ToTupleString() : from_string.status().message(), ")"));
    }
  }
  return cell;
}

// Stores one branch's drift entries into `values` starting at `first`.
absl::Status FillDrift(const google::protobuf::RepeatedPtrField<DriftMetric>& drift,
                       absl::string_view branch, int first, const RecordOrigin& origin,
                       const Cell& cell, std::array<double, kNumMetrics>& values) {
  bool seen[kNumDriftTimes] = {};
  for (const DriftMetric& d : drift) {
    const int t = DriftTimeIndex(d.time_s());
    if (t < 0) {
      return absl::InvalidArgumentError(absl::StrCat(Where(origin, cell), ": ", branch, " time_s ",
                                                     d.time_s(), " is not one of ",
                                                     absl::StrJoin(kDriftTimesS, ", "), " s"));
    }
    if (seen[t]) {
      return absl::InvalidArgumentError(absl::StrCat(Where(origin, cell), ": ", branch, " time_s ",
                                                     d.time_s(), " appears twice"));
    }
    seen[t] = true;
    if (d.has_mean()) values[DriftMeanIndex(first, t)] = d.mean();
    if (d.has_std()) values[DriftStdIndex(first, t)] = d.std();
  }
  return absl::OkStatus();
}

// Every value of `record` (NaN = missing) and the derived ones.
absl::Status FillValues(const ArchRecord& record, const RecordOrigin& origin, const Cell& cell,
                        std::array<double, kNumMetrics>& values) {
  values.fill(kMissing);
  if (record.has_baseline_accuracy()) values[kBaseline] = record.baseline_accuracy();
  if (record.has_ptq_accuracy()) values[kPtq] = record.ptq_accuracy();
  if (record.has_qat_accuracy()) values[kQat] = record.qat_accuracy();
  if (record.has_noisy_accuracy()) values[kNoisy] = record.noisy_accuracy();
  if (record.has_analog_accuracy()) values[kAnalog] = record.analog_accuracy();
  RETURN_IF_ERROR(
      FillDrift(record.noisy_drift(), "noisy_drift", kNoisyDrift0, origin, cell, values));
  RETURN_IF_ERROR(
      FillDrift(record.analog_drift(), "analog_drift", kAnalogDrift0, origin, cell, values));
  if (record.has_params()) values[kParams] = static_cast<double>(record.params());
  if (record.has_flops()) values[kFlops] = static_cast<double>(record.flops());
  // Derived (NaN when an input is missing): A(60 s) - A(30 d), A(1 d) - A(30 d).
  const double analog_30d = values[DriftMeanIndex(kAnalogDrift0, kNumDriftTimes - 1)];
  values[kAvm] = values[DriftMeanIndex(kAnalogDrift0, 0)] - analog_30d;
  values[kAvm1d] = values[DriftMeanIndex(kAnalogDrift0, 2)] - analog_30d;
  return absl::OkStatus();
}

void AddDrift(const std::array<double, kNumMetrics>& values, int first,
              google::protobuf::RepeatedPtrField<DriftMetric>* out) {
  for (int t = 0; t < kNumDriftTimes; ++t) {
    const double mean = values[DriftMeanIndex(first, t)];
    const double std = values[DriftStdIndex(first, t)];
    if (std::isnan(mean) && std::isnan(std)) continue;
    DriftMetric* d = out->Add();
    d->set_time_s(static_cast<double>(kDriftTimesS[t]));
    if (!std::isnan(mean)) d->set_mean(mean);
    if (!std::isnan(std)) d->set_std(std);
  }
}

}  // namespace

absl::Span<const std::string> MetricNames() { return Table().names; }

absl::StatusOr<MetricId> ResolveMetric(absl::string_view name) {
  const MetricTable& table = Table();
  for (int i = 0; i < kNumMetrics; ++i) {
    if (table.names[i] == name) return MetricId{i};
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown metric '", name, "' (expected one of ", table.joined, ")"));
}

bool IsDerivedMetric(MetricId id) { return id.index == kAvm || id.index == kAvm1d; }

absl::string_view MetricName(MetricId id) { return Table().names[id.index]; }

absl::StatusOr<Cell> ParseArch(absl::string_view text) {
  const absl::string_view stripped = absl::StripAsciiWhitespace(text);
  const bool digits_only =
      !stripped.empty() && std::all_of(stripped.begin(), stripped.end(), absl::ascii_isdigit);
  if (!digits_only) return ParseCell(stripped);
  int lex_index = 0;
  if (!absl::SimpleAtoi(stripped, &lex_index)) lex_index = -1;  // overflow
  if (lex_index < 0 || lex_index >= kNumCells) {
    return absl::InvalidArgumentError(
        absl::StrCat("cell index '", stripped, "' out of range (expected 0..", kNumCells - 1, ")"));
  }
  return Cell::FromLexIndex(lex_index);
}

BenchmarkStore::BenchmarkStore() : by_arch_index_(kNumCells, -1) {
  ArchEntry empty;
  empty.values.fill(kMissing);
  entries_.assign(kNumCells, empty);
}

absl::StatusOr<BenchmarkStore> BenchmarkStore::Load(absl::string_view path) {
  ASSIGN_OR_RETURN(const std::string image, ReadFile(path));
  return Parse(image, path);
}

absl::StatusOr<BenchmarkStore> BenchmarkStore::Parse(absl::string_view image,
                                                     absl::string_view source) {
  ASSIGN_OR_RETURN(const std::vector<std::string> records, ParseRecords(image, source));
  size_t offset = kRecordMagic.size();
  if (records.empty()) {
    return absl::DataLossError(absl::StrCat(source, ": missing header record at byte ", offset,
                                            " (file has ", image.size(), " bytes)"));
  }
  BenchmarkHeader header;
  if (!header.ParseFromString(records[0])) {
    return absl::DataLossError(
        absl::StrCat(source, ": record 0 at byte ", offset, ": header does not parse"));
  }
  if (header.format() != kBenchmarkFormat) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": not a benchmark file (header format '", header.format(),
                     "', expected '", kBenchmarkFormat, "')"));
  }
  const size_t found = records.size() - 1;
  if (!header.has_num_records() || static_cast<size_t>(header.num_records()) != found) {
    return absl::DataLossError(absl::StrCat(
        source, ": header promises ", header.num_records(), " records, file has ", found,
        found < static_cast<size_t>(header.num_records()) ? " (truncated at byte " : " (at byte ",
        image.size(), ")"));
  }
  BenchmarkStore store;
  *store.mutable_provenance() = header.provenance();
  offset += kFrameBytes + records[0].size();
  ArchRecord record;  // reused: keeps its drift sub-messages allocated
  for (size_t i = 1; i < records.size(); ++i) {
    if (!record.ParseFromString(records[i])) {
      return absl::DataLossError(
          absl::StrCat(source, ": record ", i, " at byte ", offset, ": ArchRecord does not parse"));
    }
    RETURN_IF_ERROR(store.AddRecord(record, RecordOrigin{source, i, offset}));
    offset += kFrameBytes + records[i].size();
  }
  return store;
}

std::vector<std::string> BenchmarkStore::SerializeRecords() const {
  std::vector<std::string> records;
  records.reserve(size_ + 1);
  BenchmarkHeader header;
  header.set_format(std::string(kBenchmarkFormat));
  *header.mutable_provenance() = provenance_;
  header.set_num_records(size_);
  records.push_back(header.SerializeAsString());
  for (int lex = 0; lex < kNumCells; ++lex) {
    if (!entries_[lex].present) continue;
    records.push_back(Record(AllCells()[lex])->SerializeAsString());
  }
  return records;
}

absl::Status BenchmarkStore::Save(absl::string_view path) const {
  return WriteRecordsAtomically(path, SerializeRecords());
}

absl::Status BenchmarkStore::Add(const ArchRecord& record) {
  return AddRecord(record, RecordOrigin{});
}

absl::Status BenchmarkStore::AddRecord(const ArchRecord& record, const RecordOrigin& origin) {
  ASSIGN_OR_RETURN(const Cell cell, RecordCell(record, origin));
  ArchEntry& entry = entries_[cell.LexIndex()];
  if (entry.present) {
    return absl::InvalidArgumentError(
        absl::StrCat(Where(origin, cell), ": duplicate cell (already in the benchmark)"));
  }
  if (record.has_arch_index()) {
    const int32_t index = record.arch_index();
    if (index < 0 || index >= kNumCells) {
      return absl::InvalidArgumentError(absl::StrCat(Where(origin, cell), ": arch_index ", index,
                                                     " out of range (expected 0..", kNumCells - 1,
                                                     ")"));
    }
    if (by_arch_index_[index] >= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(Where(origin, cell), ": arch_index ", index, " already belongs to cell ",
                       AllCells()[by_arch_index_[index]].ToTupleString()));
    }
  }
  std::array<double, kNumMetrics> values;
  RETURN_IF_ERROR(FillValues(record, origin, cell, values));
  entry.values = values;
  entry.present = true;
  if (record.has_arch_index()) {
    entry.arch_index = record.arch_index();
    by_arch_index_[entry.arch_index] = cell.LexIndex();
  }
  ++size_;
  return absl::OkStatus();
}

std::vector<Cell> BenchmarkStore::Cells() const {
  std::vector<Cell> cells;
  cells.reserve(size_);
  for (int lex = 0; lex < kNumCells; ++lex) {
    if (entries_[lex].present) cells.push_back(AllCells()[lex]);
  }
  return cells;
}

absl::StatusOr<Cell> BenchmarkStore::FindArch(absl::string_view text) const {
  absl::string_view stripped = absl::StripAsciiWhitespace(text);
  Cell cell;
  if (absl::ConsumePrefix(&stripped, kNb201Prefix)) {
    int index = -1;
    if (!absl::SimpleAtoi(stripped, &index) || index < 0 || index >= kNumCells) {
      return absl::InvalidArgumentError(
          absl::StrCat("NB201 index '", stripped, "': expected an integer 0..", kNumCells - 1));
    }
    if (by_arch_index_[index] < 0) {
      return absl::NotFoundError(
          absl::StrCat("no cell with NB201 index ", index, " in the benchmark"));
    }
    return AllCells()[by_arch_index_[index]];
  }
  ASSIGN_OR_RETURN(cell, ParseArch(stripped));
  if (Find(cell) == nullptr) {
    return absl::NotFoundError(absl::StrCat("cell ", cell.ToTupleString(), " (", cell.ToString(),
                                            ") is not in the benchmark (", size_,
                                            " cells stored)"));
  }
  return cell;
}

absl::StatusOr<Cell> BenchmarkStore::FindLexIndex(int lex_index) const {
  ASSIGN_OR_RETURN(const Cell cell, Cell::FromLexIndex(lex_index));
  if (Find(cell) == nullptr) {
    return absl::NotFoundError(absl::StrCat("cell index ", lex_index, " ", cell.ToTupleString(),
                                            " is not in the benchmark"));
  }
  return cell;
}

absl::StatusOr<double> BenchmarkStore::Metric(const Cell& cell, absl::string_view metric) const {
  ASSIGN_OR_RETURN(const MetricId id, ResolveMetric(metric));
  return Metric(cell, id);
}

absl::StatusOr<double> BenchmarkStore::Metric(const Cell& cell, MetricId id) const {
  if (id.index < 0 || id.index >= kNumMetrics) {
    return absl::InvalidArgumentError(absl::StrCat("metric id ", id.index, " out of range"));
  }
  if (Find(cell) == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("cell ", cell.ToTupleString(), " is not in the benchmark"));
  }
  const double value = Value(cell, id);
  if (std::isnan(value)) {
    const char* inputs = id.index == kAvm ? " (needs analog_drift_60 and analog_drift_2592000)"
                         : id.index == kAvm1d
                             ? " (needs analog_drift_86400 and analog_drift_2592000)"
                             : "";
    return absl::NotFoundError(absl::StrCat("metric '", MetricName(id), "' is not stored for cell ",
                                            cell.ToTupleString(), inputs));
  }
  return value;
}

ArchRecord EntryToRecord(const Cell& cell, const ArchEntry& entry) {
  const std::array<double, kNumMetrics>& v = entry.values;
  ArchRecord record;
  for (int code : cell.Codes()) record.add_ops(code);
  if (entry.arch_index >= 0) record.set_arch_index(entry.arch_index);
  if (!std::isnan(v[kBaseline])) record.set_baseline_accuracy(v[kBaseline]);
  if (!std::isnan(v[kPtq])) record.set_ptq_accuracy(v[kPtq]);
  if (!std::isnan(v[kQat])) record.set_qat_accuracy(v[kQat]);
  if (!std::isnan(v[kNoisy])) record.set_noisy_accuracy(v[kNoisy]);
  if (!std::isnan(v[kAnalog])) record.set_analog_accuracy(v[kAnalog]);
  AddDrift(v, kNoisyDrift0, record.mutable_noisy_drift());
  AddDrift(v, kAnalogDrift0, record.mutable_analog_drift());
  if (!std::isnan(v[kParams])) record.set_params(std::llround(v[kParams]));
  if (!std::isnan(v[kFlops])) record.set_flops(std::llround(v[kFlops]));
  return record;
}

absl::StatusOr<ArchRecord> BenchmarkStore::Record(const Cell& cell) const {
  const ArchEntry* entry = Find(cell);
  if (entry == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("cell ", cell.ToTupleString(), " is not in the benchmark"));
  }
  return EntryToRecord(cell, *entry);
}

absl::StatusOr<ArchRecord> FindRecord(absl::string_view path, const Cell& cell) {
  absl::StatusOr<BenchmarkStore> store = BenchmarkStore::Load(path);
  if (absl::IsNotFound(store.status())) {
    return absl::NotFoundError(absl::StrCat(path, ": no benchmark file (so no cell ",
                                            cell.ToTupleString(), ")"));
  }
  RETURN_IF_ERROR(store.status());
  absl::StatusOr<ArchRecord> record = store->Record(cell);
  if (!record.ok()) return WithPath(path, record.status());
  return record;
}

absl::Status AppendRecord(absl::string_view path, const ArchRecord& record,
                          const Provenance& provenance) {
  absl::StatusOr<BenchmarkStore> loaded = BenchmarkStore::Load(path);
  BenchmarkStore store;
  if (loaded.ok()) {
    store = *std::move(loaded);
    const Provenance& have = store.provenance();
    if (have.dataset() != provenance.dataset() || have.scale() != provenance.scale() ||
        have.simulator_preset() != provenance.simulator_preset()) {
      return absl::FailedPreconditionError(absl::StrCat(
          path, ": holds records of another protocol (dataset ", have.dataset(),
          ", simulator_preset ", have.simulator_preset(), ", scale ", have.scale(),
          "; the new record's: ", provenance.dataset(), ", ", provenance.simulator_preset(), ", ",
          provenance.scale(), ")"));
    }
  } else if (absl::IsNotFound(loaded.status())) {
    *store.mutable_provenance() = provenance;
  } else {
    return loaded.status();
  }
  ASSIGN_OR_RETURN(const Cell cell, RecordCell(record, RecordOrigin{}));
  if (store.Find(cell) != nullptr) {
    return absl::AlreadyExistsError(
        absl::StrCat(path, ": already has cell ", cell.ToTupleString()));
  }
  RETURN_IF_ERROR(store.Add(record));
  return store.Save(path);
}

}  // namespace aimc::nas
