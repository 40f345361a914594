// The statistics of Rasch et al. 2023's evaluation (vant_rasch_spec.md B.3),
// in plain C++ so they are tested on the paper's own rows: test errors pooled
// over (training trial × inference trial) as mean ± SEM, and the normalised
// accuracy A* = 100 (E_chance − E) / (E_chance − E_FP). Errors in % (100 −
// top-1 accuracy). Thread-safe (pure functions).
#ifndef AIMC_EXPERIMENTS_RASCH2023_RASCH_STATS_H_
#define AIMC_EXPERIMENTS_RASCH2023_RASCH_STATS_H_

#include <limits>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "experiments/checks.h"

namespace aimc::experiments::rasch2023 {

// The paper's evaluation times (B.1): 1 s, 1 h, 1 d, 1 y = 365 d.
inline constexpr double kOneYearS = 365.0 * 86400.0;
std::vector<double> PaperTimesS();
// "1 s", "1 h", "1 d", "1 y", else "<t> s".
std::string TimeLabel(double t_s);

struct Pooled {
  double mean = 0;
  double sem = 0;  // sample sd / sqrt(n); 0 for n < 2
  int n = 0;
};
// REQUIRES: !values.empty().
Pooled Pool(absl::Span<const double> values);

// A* in % for test error `error_pct`, FP error `fp_error_pct`, C classes.
double NormalizedAccuracy(double error_pct, double fp_error_pct, int num_classes);
// The same of a pooled error: A* is linear in the error, so its mean is the
// mean's A* and its SEM the error's SEM times 100 / (E_chance − E_FP).
Pooled NormalizedAccuracy(const Pooled& error, double fp_error_pct, int num_classes);

// "6.79 ± 0.02" (2 decimals); "6.79" without a SEM.
std::string FormatPooled(const Pooled& p);

// Test errors in %: errors_pct[k][r] at times_s[k] for inference trial r of
// one trained model.
struct DriftErrors {
  std::vector<double> times_s;
  std::vector<std::vector<double>> errors_pct;
};
// The errors at time index k of every model (training trial) pooled.
// REQUIRES: every model has index k and some error there.
Pooled PoolAt(absl::Span<const DriftErrors> trials, size_t k);

// The checks (experiments/checks.h).
using ::aimc::experiments::Check;
using ::aimc::experiments::FormatChecks;

// One row of the long CSV of vant_rasch_spec.md C:
// target,model,dataset,row,column,quantity,paper,ours,sd,instances,note.
struct CsvRow {
  // Every field defaults to empty (designated initializers name only some).
  std::string target = "", model = "", dataset = "", row = "", column = "", quantity = "",
              paper = "", ours = "", sd = "", instances = "", note = "";
};
// Header line plus one line per row; fields with ',' or '"' are quoted.
std::string FormatCsv(const std::vector<CsvRow>& rows);
// The Choices as rows (quantity "choice", the text in note) and the checks as
// rows (quantity "check", ours = PASS|FAIL, note = measured and criterion),
// so a CSV report too begins with its Choices and ends with its checks.
std::vector<CsvRow> ChoiceRows(absl::string_view target, absl::string_view model,
                               const std::vector<std::string>& choices);
std::vector<CsvRow> CheckRows(absl::string_view target, absl::string_view model,
                              const std::vector<Check>& checks);

// "text" or "csv"; InvalidArgument otherwise (for the mains' --format).
absl::Status ValidateFormat(absl::string_view format);

// A result table: rows × columns of pooled values beside the paper's (NaN
// where it prints none), with the checks. Human text, or the long CSV of
// vant_rasch_spec.md C (target,model,dataset,row,column,quantity,paper,ours,
// sd,instances,note; sd = SEM·√n, the sample sd).
struct ReportCell {
  Pooled ours;
  double paper = std::numeric_limits<double>::quiet_NaN();
};
struct ReportRow {
  std::string model;              // "R20", "L5"
  std::string row;                // e.g. "HWA (ours)"
  std::vector<ReportCell> cells;  // one per column
};
struct Report {
  std::string target;    // e.g. "supp_table2_hwa"
  std::string quantity;  // e.g. "test_error_pct"
  std::string note;      // the substitution, e.g. "paper ResNet-32/CIFAR-10; ours R20/FMNIST"
  std::vector<std::string> choices;  // printed first
  std::vector<std::string> columns;
  std::vector<ReportRow> rows;
  std::vector<Check> checks;  // printed last
};
std::string FormatReport(const Report& report, bool csv);

}  // namespace aimc::experiments::rasch2023

#endif  // AIMC_EXPERIMENTS_RASCH2023_RASCH_STATS_H_
