#include "nas/csv_import.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "nas/cell_graph.h"

namespace aimc::nas {
namespace {

constexpr absl::string_view kArchColumn = "arch";
constexpr absl::string_view kArchIndexColumn = "arch_index";
constexpr absl::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr double kMaxExactCount = 9007199254740992.0;  // 2^53

struct Line {
  int number;  // 1-based
  absl::string_view text;
};

// Non-blank lines, CR and a leading byte-order mark dropped.
std::vector<Line> Lines(absl::string_view text) {
  absl::ConsumePrefix(&text, kUtf8Bom);
  std::vector<Line> lines;
  int number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++number;
    absl::ConsumeSuffix(&line, "\r");
    if (!absl::StripAsciiWhitespace(line).empty()) lines.push_back({number, line});
  }
  return lines;
}

std::string At(absl::string_view source, int line) { return absl::StrCat(source, ":", line); }

std::string At(absl::string_view source, int line, int column, absl::string_view name) {
  return absl::StrCat(source, ":", line, ": column ", column, " (", name, ")");
}

absl::Status Error(absl::string_view where, absl::string_view message) {
  return absl::InvalidArgumentError(absl::StrCat(where, ": ", message));
}

// A cell's values while rows are read.
struct Pending {
  Pending() { entry.values.fill(std::nan("")); }
  ArchEntry entry;
  std::array<int, kNumMetrics> set_on_line{};  // 0 = not yet given
  int arch_index_line = 0;
  int first_line = 0;
};

// Checks a value against its metric's kind (accuracy, std, count).
absl::Status CheckValue(absl::string_view metric, double value) {
  if (!std::isfinite(value)) return absl::InvalidArgumentError("must be finite");
  if (metric == "params" || metric == "flops") {
    if (value < 0 || value != std::floor(value) || value > kMaxExactCount) {
      return absl::InvalidArgumentError(absl::StrCat("must be a whole count >= 0, got ", value));
    }
  } else if (absl::EndsWith(metric, "_std")) {
    if (value < 0) return absl::InvalidArgumentError(absl::StrCat("must be >= 0 %, got ", value));
  } else if (value < 0 || value > 100) {
    return absl::InvalidArgumentError(absl::StrCat("must be an accuracy in 0..100 %, got ", value));
  }
  return absl::OkStatus();
}

absl::Status SetOne(Pending& p, MetricId id, double value, int line) {
  const absl::string_view name = MetricName(id);
  RETURN_IF_ERROR(CheckValue(name, value));
  if (p.set_on_line[id.index] != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat(name, " already given on line ", p.set_on_line[id.index]));
  }
  p.entry.values[id.index] = value;
  p.set_on_line[id.index] = line;
  return absl::OkStatus();
}

absl::Status SetArchIndex(Pending& p, absl::string_view text, int line) {
  int index = -1;
  if (!absl::SimpleAtoi(text, &index) || index < 0 || index >= kNumCells) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not an NB201 index 0..", kNumCells - 1));
  }
  if (p.arch_index_line != 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("arch_index already given on line ", p.arch_index_line));
  }
  p.entry.arch_index = index;
  p.arch_index_line = line;
  return absl::OkStatus();
}

// The metric (or arch_index) a column or long-format row names.
absl::Status CheckColumnName(absl::string_view name) {
  if (name == kArchIndexColumn) return absl::OkStatus();
  ASSIGN_OR_RETURN(const MetricId id, ResolveMetric(name));
  if (IsDerivedMetric(id)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", name, "' is derived from the analog drift columns, not imported"));
  }
  return absl::OkStatus();
}

// Parses `text` as a value of `column` (a name accepted by CheckColumnName).
absl::Status SetValue(Pending& p, absl::string_view column, absl::string_view text, int line) {
  text = absl::StripAsciiWhitespace(text);
  if (text.empty() || absl::EqualsIgnoreCase(text, "nan")) return absl::OkStatus();
  if (column == kArchIndexColumn) return SetArchIndex(p, text, line);
  ASSIGN_OR_RETURN(const MetricId id, ResolveMetric(column));
  std::vector<absl::string_view> parts = absl::StrSplit(text, "±");
  if (parts.size() == 1) parts = absl::StrSplit(text, "+-");
  if (parts.size() > 2) return absl::InvalidArgumentError(absl::StrCat("'", text, "': two '±'"));
  const bool drift_mean = absl::StrContains(column, "_drift_") && !absl::EndsWith(column, "_std");
  if (parts.size() == 2 && !drift_mean) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "': 'mean ± std' is allowed in drift mean columns only"));
  }
  double value[2] = {0, 0};
  for (size_t i = 0; i < parts.size(); ++i) {
    if (!absl::SimpleAtod(absl::StripAsciiWhitespace(parts[i]), &value[i])) {
      return absl::InvalidArgumentError(absl::StrCat("'", text, "' is not a number"));
    }
  }
  RETURN_IF_ERROR(SetOne(p, id, value[0], line));
  if (parts.size() == 2) {
    ASSIGN_OR_RETURN(const MetricId std_id, ResolveMetric(absl::StrCat(column, "_std")));
    RETURN_IF_ERROR(SetOne(p, std_id, value[1], line));
  }
  return absl::OkStatus();
}

// Cells being imported, by lexicographic index.
class Builder {
 public:
  Builder(absl::string_view source, const CsvImportOptions& options)
      : source_(source), options_(options) {}

  // The cell's pending values. Unless `merge`, a cell seen before is an error.
  absl::StatusOr<Pending*> Row(const Cell& cell, int line, bool merge) {
    auto [it, inserted] = cells_.try_emplace(cell.LexIndex());
    if (inserted) {
      it->second.first_line = line;
    } else if (!merge) {
      return absl::InvalidArgumentError(absl::StrCat(
          "duplicate cell ", cell.ToTupleString(), " (first on line ", it->second.first_line, ")"));
    }
    return &it->second;
  }

  absl::StatusOr<BenchmarkStore> Finish(Provenance provenance) && {
    // In row order, so that a clash (e.g. a repeated arch_index) names the later row.
    std::vector<std::pair<int, Pending*>> rows;
    rows.reserve(cells_.size());
    for (auto& [lex, pending] : cells_) rows.emplace_back(lex, &pending);
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
      return a.second->first_line < b.second->first_line;
    });
    BenchmarkStore store;
    for (auto& [lex, p] : rows) {
      const Cell cell = AllCells()[lex];
      Pending& pending = *p;
      double& params = pending.entry.values[ResolveMetric("params")->index];
      if (options_.fill_params && std::isnan(params)) {
        params = static_cast<double>(ParamCount(cell));
      }
      const absl::Status status = store.Add(EntryToRecord(cell, pending.entry));
      if (!status.ok()) return Error(At(source_, pending.first_line), status.message());
    }
    const Provenance& o = options_.provenance;
    if (o.seeds_size() > 0) provenance.clear_seeds();
    provenance.MergeFrom(o);
    *store.mutable_provenance() = std::move(provenance);
    return store;
  }

 private:
  const std::string source_;
  const CsvImportOptions& options_;
  std::map<int, Pending> cells_;
};

// The fields of `line`, exactly `expected` of them.
absl::StatusOr<std::vector<std::string>> Fields(absl::string_view source, const Line& line,
                                                size_t expected) {
  absl::StatusOr<std::vector<std::string>> fields = SplitCsvLine(line.text);
  if (!fields.ok()) return Error(At(source, line.number), fields.status().message());
  if (fields->size() != expected) {
    return Error(At(source, line.number),
                 absl::StrCat("expected ", expected, " fields, got ", fields->size()));
  }
  return fields;
}

absl::StatusOr<BenchmarkStore> ImportNb201(const std::vector<Line>& lines, absl::string_view source,
                                           const CsvImportOptions& options) {
  constexpr absl::string_view kExpected = "index,arch,<dataset>_test_accuracy";
  absl::StatusOr<std::vector<std::string>> header = SplitCsvLine(lines[0].text);
  if (!header.ok() || header->size() != 3 || (*header)[0] != "index" ||
      (*header)[1] != kArchColumn) {
    return Error(At(source, lines[0].number),
                 absl::StrCat("expected the header '", kExpected, "', got '", lines[0].text, "'"));
  }
  const std::string& accuracy_column = (*header)[2];
  Builder builder(source, options);
  for (size_t i = 1; i < lines.size(); ++i) {
    const int n = lines[i].number;
    ASSIGN_OR_RETURN(const std::vector<std::string> f, Fields(source, lines[i], 3));
    absl::StatusOr<Cell> cell = ParseCell(f[1]);
    if (!cell.ok()) return Error(At(source, n, 2, kArchColumn), cell.status().message());
    absl::StatusOr<Pending*> p = builder.Row(*cell, n, /*merge=*/false);
    if (!p.ok()) return Error(At(source, n, 2, kArchColumn), p.status().message());
    absl::Status s = SetValue(**p, kArchIndexColumn, f[0], n);
    if (!s.ok()) return Error(At(source, n, 1, "index"), s.message());
    if (absl::StripAsciiWhitespace(f[2]).empty()) {
      return Error(At(source, n, 3, accuracy_column), "missing accuracy");
    }
    s = SetValue(**p, "baseline_accuracy", f[2], n);
    if (!s.ok()) return Error(At(source, n, 3, accuracy_column), s.message());
  }
  Provenance provenance;
  absl::string_view dataset = accuracy_column;
  if (absl::ConsumeSuffix(&dataset, "_test_accuracy")) provenance.set_dataset(std::string(dataset));
  provenance.set_source(absl::StrCat("NB201 CSV '", source, "' (", accuracy_column,
                                     " -> baseline_accuracy, index -> arch_index)"));
  return std::move(builder).Finish(std::move(provenance));
}

absl::StatusOr<BenchmarkStore> ImportWide(const std::vector<Line>& lines,
                                          const std::vector<std::string>& header,
                                          absl::string_view source,
                                          const CsvImportOptions& options) {
  const int header_line = lines[0].number;
  int arch_column = -1;
  for (size_t c = 0; c < header.size(); ++c) {
    const std::string where = At(source, header_line, c + 1, header[c]);
    for (size_t d = 0; d < c; ++d) {
      if (header[d] == header[c]) return Error(where, absl::StrCat("repeats column ", d + 1));
    }
    if (header[c] == kArchColumn) {
      arch_column = static_cast<int>(c);
      continue;
    }
    const absl::Status s = CheckColumnName(header[c]);
    if (!s.ok()) return Error(where, s.message());
  }
  if (arch_column < 0) {
    return Error(At(source, header_line),
                 absl::StrCat("no 'arch' column in the header '", lines[0].text, "'"));
  }
  Builder builder(source, options);
  for (size_t i = 1; i < lines.size(); ++i) {
    const int n = lines[i].number;
    ASSIGN_OR_RETURN(const std::vector<std::string> f, Fields(source, lines[i], header.size()));
    const std::string arch_where = At(source, n, arch_column + 1, kArchColumn);
    absl::StatusOr<Cell> cell = ParseArch(f[arch_column]);
    if (!cell.ok()) return Error(arch_where, cell.status().message());
    absl::StatusOr<Pending*> p = builder.Row(*cell, n, /*merge=*/false);
    if (!p.ok()) return Error(arch_where, p.status().message());
    for (size_t c = 0; c < header.size(); ++c) {
      if (static_cast<int>(c) == arch_column) continue;
      const absl::Status s = SetValue(**p, header[c], f[c], n);
      if (!s.ok()) return Error(At(source, n, c + 1, header[c]), s.message());
    }
  }
  Provenance provenance;
  provenance.set_source(absl::StrCat("metrics CSV '", source, "' (wide)"));
  return std::move(builder).Finish(std::move(provenance));
}

absl::StatusOr<BenchmarkStore> ImportLong(const std::vector<Line>& lines, absl::string_view source,
                                          const CsvImportOptions& options) {
  Builder builder(source, options);
  for (size_t i = 1; i < lines.size(); ++i) {
    const int n = lines[i].number;
    ASSIGN_OR_RETURN(const std::vector<std::string> f, Fields(source, lines[i], 3));
    absl::StatusOr<Cell> cell = ParseArch(f[0]);
    if (!cell.ok()) return Error(At(source, n, 1, kArchColumn), cell.status().message());
    absl::Status s = CheckColumnName(f[1]);
    if (!s.ok()) return Error(At(source, n, 2, "metric"), s.message());
    ASSIGN_OR_RETURN(Pending* const p, builder.Row(*cell, n, /*merge=*/true));
    s = SetValue(*p, f[1], f[2], n);
    if (!s.ok()) return Error(At(source, n, 3, "value"), absl::StrCat(f[1], ": ", s.message()));
  }
  Provenance provenance;
  provenance.set_source(absl::StrCat("metrics CSV '", source, "' (long)"));
  return std::move(builder).Finish(std::move(provenance));
}

}  // namespace

absl::StatusOr<CsvFormat> ParseCsvFormat(absl::string_view name) {
  if (name == "nb201") return CsvFormat::kNb201;
  if (name == "metrics") return CsvFormat::kMetrics;
  return absl::InvalidArgumentError(
      absl::StrCat("unknown CSV format '", name, "' (expected nb201 or metrics)"));
}

absl::StatusOr<std::vector<std::string>> SplitCsvLine(absl::string_view line) {
  std::vector<std::string> fields;
  size_t i = 0;
  while (true) {
    const size_t column = fields.size() + 1;
    std::string field;
    const size_t start = line.find_first_not_of(" \t", i);
    if (start != absl::string_view::npos && line[start] == '"') {
      for (i = start + 1;; ++i) {
        if (i >= line.size()) {
          return absl::InvalidArgumentError(
              absl::StrCat("column ", column, ": unterminated quoted field"));
        }
        if (line[i] != '"') {
          field += line[i];
        } else if (i + 1 < line.size() && line[i + 1] == '"') {
          field += '"';
          ++i;
        } else {
          break;
        }
      }
      const size_t next = line.find_first_not_of(" \t", i + 1);
      if (next != absl::string_view::npos && line[next] != ',') {
        return absl::InvalidArgumentError(
            absl::StrCat("column ", column, ": text after the closing quote"));
      }
      i = next == absl::string_view::npos ? line.size() : next;
    } else {
      const size_t end = std::min(line.find(',', i), line.size());
      field = std::string(absl::StripAsciiWhitespace(line.substr(i, end - i)));
      i = end;
    }
    fields.push_back(std::move(field));
    if (i >= line.size()) break;
    ++i;  // the comma
  }
  return fields;
}

absl::StatusOr<BenchmarkStore> ImportCsv(absl::string_view text, absl::string_view source,
                                         const CsvImportOptions& options) {
  const std::vector<Line> lines = Lines(text);
  if (lines.empty()) return Error(source, "empty CSV (no header line)");
  if (options.format == CsvFormat::kNb201) return ImportNb201(lines, source, options);
  absl::StatusOr<std::vector<std::string>> header = SplitCsvLine(lines[0].text);
  if (!header.ok()) return Error(At(source, lines[0].number), header.status().message());
  if (*header == std::vector<std::string>{"arch", "metric", "value"}) {
    return ImportLong(lines, source, options);
  }
  return ImportWide(lines, *header, source, options);
}

absl::StatusOr<BenchmarkStore> ImportCsvFile(absl::string_view path,
                                             const CsvImportOptions& options) {
  ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
  return ImportCsv(text, path, options);
}

}  // namespace aimc::nas
