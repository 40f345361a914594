#include "experiments/rasch2023/rasch_stats.h"

#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"

namespace aimc::experiments::rasch2023 {
namespace {

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

std::vector<double> PaperTimesS() { return {1.0, 3600.0, 86400.0, kOneYearS}; }

std::string TimeLabel(double t_s) {
  if (t_s == 1.0) return "1 s";
  if (t_s == 3600.0) return "1 h";
  if (t_s == 86400.0) return "1 d";
  if (t_s == kOneYearS) return "1 y";
  return absl::StrCat(t_s, " s");
}

Pooled Pool(absl::Span<const double> values) {
  AIMC_CHECK(!values.empty());
  Pooled p;
  p.n = static_cast<int>(values.size());
  double sum = 0;
  for (double v : values) sum += v;
  p.mean = sum / p.n;
  if (p.n >= 2) {
    double ss = 0;
    for (double v : values) ss += (v - p.mean) * (v - p.mean);
    p.sem = std::sqrt(ss / (p.n - 1)) / std::sqrt(static_cast<double>(p.n));
  }
  return p;
}

double NormalizedAccuracy(double error_pct, double fp_error_pct, int num_classes) {
  const double chance = 100.0 * (1.0 - 1.0 / num_classes);
  return 100.0 * (chance - error_pct) / (chance - fp_error_pct);
}

Pooled NormalizedAccuracy(const Pooled& error, double fp_error_pct, int num_classes) {
  const double chance = 100.0 * (1.0 - 1.0 / num_classes);
  return {NormalizedAccuracy(error.mean, fp_error_pct, num_classes),
          error.sem * 100.0 / (chance - fp_error_pct), error.n};
}

std::string FormatPooled(const Pooled& p) {
  if (p.n < 2) return absl::StrFormat("%.2f", p.mean);
  return absl::StrFormat("%.2f ± %.2f", p.mean, p.sem);
}

std::string FormatCsv(const std::vector<CsvRow>& rows) {
  std::string out = "target,model,dataset,row,column,quantity,paper,ours,sd,instances,note\n";
  for (const CsvRow& r : rows) {
    const std::vector<std::string> fields = {r.target, r.model,     r.dataset, r.row,
                                             r.column, r.quantity,  r.paper,   r.ours,
                                             r.sd,     r.instances, r.note};
    std::vector<std::string> quoted;
    for (const std::string& f : fields) quoted.push_back(CsvField(f));
    absl::StrAppend(&out, absl::StrJoin(quoted, ","), "\n");
  }
  return out;
}

std::vector<CsvRow> ChoiceRows(absl::string_view target, absl::string_view model,
                               const std::vector<std::string>& choices) {
  std::vector<CsvRow> rows;
  for (size_t i = 0; i < choices.size(); ++i) {
    rows.push_back({.target = std::string(target),
                    .model = std::string(model),
                    .row = absl::StrCat("choice_", i + 1),
                    .quantity = "choice",
                    .note = choices[i]});
  }
  return rows;
}

std::vector<CsvRow> CheckRows(absl::string_view target, absl::string_view model,
                              const std::vector<Check>& checks) {
  std::vector<CsvRow> rows;
  for (const Check& c : checks) {
    rows.push_back({.target = std::string(target),
                    .model = std::string(model),
                    .row = c.id,
                    .quantity = "check",
                    .ours = c.pass ? "PASS" : "FAIL",
                    .note = absl::StrCat(c.measured, " (", c.criterion, ")")});
  }
  return rows;
}

absl::Status ValidateFormat(absl::string_view format) {
  if (format == "text" || format == "csv") return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("--format: expected text or csv, got '", format, "'"));
}

Pooled PoolAt(absl::Span<const DriftErrors> trials, size_t k) {
  std::vector<double> all;
  for (const DriftErrors& e : trials) {
    AIMC_CHECK(k < e.errors_pct.size());
    all.insert(all.end(), e.errors_pct[k].begin(), e.errors_pct[k].end());
  }
  return Pool(all);
}

std::string FormatReport(const Report& r, bool csv) {
  std::string out;
  if (csv) {
    std::vector<CsvRow> rows = ChoiceRows(r.target, "", r.choices);
    for (const ReportRow& row : r.rows) {
      for (size_t c = 0; c < row.cells.size() && c < r.columns.size(); ++c) {
        const ReportCell& cell = row.cells[c];
        rows.push_back({.target = r.target,
                        .model = row.model,
                        .dataset = "fmnist",
                        .row = row.row,
                        .column = r.columns[c],
                        .quantity = r.quantity,
                        .paper = std::isnan(cell.paper) ? "" : absl::StrFormat("%.6g", cell.paper),
                        .ours = absl::StrFormat("%.6g", cell.ours.mean),
                        .sd = cell.ours.n < 2
                                  ? ""
                                  : absl::StrFormat("%.6g", cell.ours.sem * std::sqrt(cell.ours.n)),
                        .instances = absl::StrCat(cell.ours.n),
                        .note = r.note});
      }
    }
    const std::vector<CsvRow> checks = CheckRows(r.target, "", r.checks);
    rows.insert(rows.end(), checks.begin(), checks.end());
    return FormatCsv(rows);
  }
  for (const std::string& c : r.choices) absl::StrAppend(&out, "choice: ", c, "\n");
  absl::StrAppendFormat(&out, "%-5s %-34s", "model", "row");
  for (const std::string& c : r.columns) absl::StrAppendFormat(&out, " | %-24s", c);
  out += "\n";
  for (const ReportRow& row : r.rows) {
    absl::StrAppendFormat(&out, "%-5s %-34s", row.model, row.row);
    for (const ReportCell& cell : row.cells) {
      const std::string paper =
          std::isnan(cell.paper) ? "" : absl::StrFormat(" (paper %.2f)", cell.paper);
      absl::StrAppendFormat(&out, " | %-24s", FormatPooled(cell.ours) + paper);
    }
    out += "\n";
  }
  return out + FormatChecks(r.checks);
}


}  // namespace aimc::experiments::rasch2023
