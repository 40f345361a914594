// Helpers shared by the result files of :results (private to the library):
// per-class slices, class-count and op-percentage tables, robust shares by op
// count, op-percentage bar charts. Units: %, percentage points. Thread-safe.
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_RESULT_UTIL_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_RESULT_UTIL_H_

#include <array>
#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "analysis/robustness_classes.h"
#include "nas/cell.h"

namespace aimc::experiments::anb_paper::internal {

// The non-NaN values of the rows labelled `label`.
std::vector<double> InClass(absl::Span<const double> values,
                            const analysis::Classification& classes, int label);
double Mean(absl::Span<const double> values);    // NaN when empty
double Median(absl::Span<const double> values);  // NaN when empty
// % of `values` (non-NaN) for which pred holds; NaN when empty.
double SharePercent(absl::Span<const double> values, absl::FunctionRef<bool(double)> pred);

// "rule: ...\nclass cells ...\n" with the excluded count.
std::string ClassCountsText(const analysis::Classification& classes);
// Op percentages per class (analysis::OpPercentages), as a text table.
std::string OpPercentText(absl::Span<const nas::Cell> cells,
                          const analysis::Classification& classes);
// % robust (label 0) among the classified cells whose count of `op` meets
// `count_ok`; NaN when none.
double RobustSharePercent(absl::Span<const nas::Cell> cells,
                          const analysis::Classification& classes, nas::Op op,
                          absl::FunctionRef<bool(int)> count_ok);
// A grouped bar chart: categories = the five ops, one series per entry.
absl::Status WriteOpBars(absl::string_view path, const std::string& title,
                         const std::vector<std::string>& series,
                         const std::vector<std::array<double, nas::kNumOps>>& percent);
// "wrote PATH (what; gnuplot script PATH.gp)\n".
std::string WroteLine(absl::string_view path, absl::string_view what);

}  // namespace aimc::experiments::anb_paper::internal

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_PAPER_RESULT_UTIL_H_
