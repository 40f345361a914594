#include "experiments/analognas_bench/paper/paper_lib.h"

#include <algorithm>
#include <cmath>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "analysis/graph_features.h"
#include "common/file.h"
#include "common/status_macros.h"
#include "nas/benchmark_store.h"
#include "nas/cell_graph.h"

namespace aimc::experiments::anb_paper {
namespace {

constexpr absl::string_view kMergeCommand =
    "bazel run //experiments/analognas_bench:merge -- "
    "--shards=experiments/analognas_bench/benchmarks/tiny_stratified1000 --output=";

// The header fields of a CSV's first line (RFC 4180 quotes, no escapes needed
// for names).
std::vector<std::string> CsvHeader(absl::string_view text) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (char c : text) {
    if (c == '\n') break;
    if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back().push_back(c);
    }
  }
  return fields;
}

int CountClasses(absl::Span<const nas::Cell> cells) {
  absl::flat_hash_set<std::string> keys;
  for (const nas::Cell& cell : cells) keys.insert(nas::IsomorphismKey(cell));
  return static_cast<int>(keys.size());
}

analysis::MetricTable OnePerClass(const analysis::MetricTable& table) {
  absl::flat_hash_set<std::string> seen;
  std::vector<bool> keep(table.num_rows());
  for (int r = 0; r < table.num_rows(); ++r) {
    keep[r] = seen.insert(nas::IsomorphismKey(table.cells[r])).second;
  }
  return analysis::KeepRows(
      table, [&](int r) { return keep[r]; },
      "one cell per isomorphism class (the lowest lexicographic index)");
}

absl::StatusOr<LoadedData> LoadCsv(const PaperData& data, absl::Span<const std::string> metrics,
                                   absl::Span<const std::string> required) {
  if (!FileExists(data.csv_path)) {
    return absl::NotFoundError(absl::StrCat("--csv: no file '", data.csv_path,
                                            "' (e.g. ../shared/data/nas_bench_201/"
                                            "cifar10_test_accuracy.csv)"));
  }
  ASSIGN_OR_RETURN(const std::string text, ReadFile(data.csv_path));
  const std::vector<std::string> header = CsvHeader(text);
  LoadedData out;
  std::vector<std::string> found, columns;
  for (const std::string& m : metrics) {
    const std::string column = m == "baseline_accuracy" ? data.csv_baseline_column : m;
    const bool present = std::find(header.begin(), header.end(), column) != header.end() ||
                         analysis::FindGraphFeature(m).ok();
    if (present) {
      found.push_back(m);
      columns.push_back(column);
    } else if (std::find(required.begin(), required.end(), m) != required.end()) {
      return absl::InvalidArgumentError(
          absl::StrCat("--csv ", data.csv_path, ": no column '", column, "' (needed for ", m,
                       "; columns: ", absl::StrJoin(header, ", "), ")"));
    } else {
      out.missing.push_back(m);
    }
  }
  if (found.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("--csv ", data.csv_path, ": none of the metrics ",
                     absl::StrJoin(metrics, ", "), " is a column"));
  }
  ASSIGN_OR_RETURN(out.table, analysis::ParseMetricTableCsv(text, data.csv_path, columns));
  out.table.names = found;
  absl::StrAppend(&out.description, "data: CSV ", data.csv_path, " (column ",
                  data.csv_baseline_column, " read as baseline_accuracy)\n",
                  "scale: the CSV's own (NB201: 200 epochs on CIFAR-10, digital accuracy only)\n");
  if (!out.missing.empty()) {
    absl::StrAppend(&out.description, "not in the CSV: ", absl::StrJoin(out.missing, ", "),
                    " (findings that need them are n/a)\n");
  }
  return out;
}

absl::StatusOr<LoadedData> LoadBenchmark(const PaperData& data,
                                         absl::Span<const std::string> metrics,
                                         absl::string_view default_benchmark) {
  if (!FileExists(data.benchmark_path)) {
    std::string message = absl::StrCat("--benchmark: no file '", data.benchmark_path, "'");
    if (data.benchmark_path == default_benchmark) {
      absl::StrAppend(&message, " (the default; regenerate it from the generation's shards with `",
                      kMergeCommand, data.benchmark_path,
                      "`, or pass --benchmark=FILE / --csv=FILE)");
    }
    return absl::NotFoundError(message);
  }
  ASSIGN_OR_RETURN(const nas::BenchmarkStore store, nas::BenchmarkStore::Load(data.benchmark_path));
  LoadedData out;
  ASSIGN_OR_RETURN(out.table,
                   analysis::MetricTableFromStore(
                       store, absl::StrCat("benchmark ", data.benchmark_path), metrics));
  absl::StrAppend(&out.description, "data: benchmark ", data.benchmark_path, "\n",
                  ProvenanceText(store.provenance()));
  return out;
}

}  // namespace

std::string DefaultBenchmarkPath(absl::string_view workspace) {
  if (workspace.empty()) return std::string(kDefaultBenchmark);
  return absl::StrCat(workspace, "/", kDefaultBenchmark);
}

absl::StatusOr<LoadedData> LoadPaperData(const PaperData& data,
                                         absl::Span<const std::string> metrics,
                                         absl::Span<const std::string> required,
                                         absl::string_view default_benchmark) {
  if (data.csv_path.empty() == data.benchmark_path.empty()) {
    return absl::InvalidArgumentError(
        "give exactly one data source: --benchmark=FILE (a benchmark file) or --csv=FILE (an "
        "`arch` column plus accuracy columns)");
  }
  LoadedData out;
  if (!data.csv_path.empty()) {
    ASSIGN_OR_RETURN(out, LoadCsv(data, metrics, required));
  } else {
    ASSIGN_OR_RETURN(out, LoadBenchmark(data, metrics, default_benchmark));
  }
  const int rows = out.table.num_rows();
  const int classes = CountClasses(out.table.cells);
  if (data.one_per_class) out.table = OnePerClass(out.table);
  absl::StrAppend(&out.description, "cells: ", rows, " (", classes,
                  " isomorphism classes; a merged benchmark fans each trained record out to "
                  "every member of its class)",
                  data.one_per_class
                      ? absl::StrCat("; --one_per_class keeps ", out.table.num_rows())
                      : "",
                  "\n");
  return out;
}

std::string ProvenanceText(const nas::Provenance& p) {
  std::vector<std::string> facts;
  if (p.has_dataset()) facts.push_back(absl::StrCat("dataset ", p.dataset()));
  if (p.has_simulator_preset()) facts.push_back(absl::StrCat("preset ", p.simulator_preset()));
  if (p.seeds_size() > 0) {
    facts.push_back(absl::StrCat("seeds ", absl::StrJoin(p.seeds(), ",")));
  }
  if (p.has_seeds_note()) facts.push_back(absl::StrCat("seeds note ", p.seeds_note()));
  if (p.has_date()) facts.push_back(absl::StrCat("date ", p.date()));
  if (p.has_code_version()) facts.push_back(absl::StrCat("code ", p.code_version()));
  if (p.has_source()) facts.push_back(absl::StrCat("source ", p.source()));
  return absl::StrCat("scale: ", p.has_scale() ? p.scale() : "(not recorded)", "\n",
                      "provenance: ", facts.empty() ? "(none recorded)" : absl::StrJoin(facts, "; "),
                      "\n");
}

absl::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kHolds:
      return "HOLDS";
    case Verdict::kDoesNotHold:
      return "DOES NOT HOLD";
    case Verdict::kNotTestable:
      break;
  }
  return "n/a";
}

Finding Check(std::string claim, std::string paper, std::string ours, bool holds,
              std::initializer_list<double> inputs, std::string why) {
  Finding f{std::move(claim), std::move(paper), std::move(ours),
            holds ? Verdict::kHolds : Verdict::kDoesNotHold, ""};
  for (double v : inputs) {
    if (std::isnan(v)) {
      f.verdict = Verdict::kNotTestable;
      f.note = std::move(why);
      break;
    }
  }
  return f;
}

std::string FormatFindings(absl::Span<const Finding> findings) {
  std::vector<std::vector<std::string>> rows = {{"finding", "paper", "ours", "verdict"}};
  int counts[3] = {0, 0, 0};
  for (const Finding& f : findings) {
    std::string verdict(VerdictName(f.verdict));
    if (!f.note.empty()) absl::StrAppend(&verdict, " (", f.note, ")");
    rows.push_back({f.claim, f.paper, f.ours, verdict});
    ++counts[static_cast<int>(f.verdict)];
  }
  return absl::StrCat(FormatTable(rows), findings.size(), " findings: ", counts[0], " hold, ",
                      counts[1], " do not hold, ", counts[2], " not testable\n");
}

std::string FormatTable(const std::vector<std::vector<std::string>>& rows) {
  std::vector<size_t> width;
  for (const auto& row : rows) {
    if (width.size() < row.size()) width.resize(row.size(), 0);
    for (size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (size_t c = 0; c < row.size(); ++c) {
      absl::StrAppend(&line, row[c]);
      if (c + 1 < row.size()) line.append(width[c] - row[c].size() + 2, ' ');
    }
    absl::StrAppend(&out, line, "\n");
  }
  return out;
}

std::string Fixed(double value, int decimals) {
  if (std::isnan(value)) return "-";
  return absl::StrFormat("%.*f", decimals, value);
}

std::string Vs(double a, double b, int decimals) {
  return absl::StrCat(Fixed(a, decimals), " vs ", Fixed(b, decimals));
}

absl::Span<const double> Col(const analysis::MetricTable& table, absl::string_view name) {
  const absl::StatusOr<absl::Span<const double>> column = table.Column(name);
  AIMC_CHECK(column.ok());
  return *column;
}

bool Has(const analysis::MetricTable& table, absl::string_view name) {
  return table.ColumnIndex(name).ok();
}

std::vector<std::string> AccuracyMetrics() {
  std::vector<std::string> names = {"baseline_accuracy", "ptq_accuracy", "qat_accuracy",
                                    "noisy_accuracy", "analog_accuracy"};
  for (absl::string_view branch : {"noisy", "analog"}) {
    for (int t = 0; t < 4; ++t) names.push_back(DriftMetric(branch, t));
  }
  return names;
}

absl::string_view DriftLabel(int t) {
  constexpr absl::string_view kLabels[] = {"60s", "1h", "1d", "30d"};
  AIMC_CHECK(t >= 0 && t < 4);
  return kLabels[t];
}

std::string DriftMetric(absl::string_view branch, int t) {
  AIMC_CHECK(t >= 0 && t < 4);
  return absl::StrCat(branch, "_drift_", nas::kDriftTimesS[t]);
}

}  // namespace aimc::experiments::anb_paper
