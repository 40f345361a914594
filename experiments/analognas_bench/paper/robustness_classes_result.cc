// The paper's named classes (nas_spec §2.6) counted twice: with the
// thresholds as printed (analysis::NamedClasses) and translated to our scale
// (paper_classes.h, kRelative).
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "analysis/robustness_classes.h"
#include "common/status_macros.h"
#include "experiments/analognas_bench/paper/result_util.h"
#include "experiments/analognas_bench/paper/results.h"

namespace aimc::experiments::anb_paper {
namespace {

// Our relative classes of a named set.
analysis::Classification Relative(const analysis::MetricTable& table, const Thresholds& rel,
                                  const std::string& name) {
  if (name == "noisy_robustness") return NoisyRobustness(table, rel);
  if (name == "noise_classes") return NoiseClasses(table, rel);
  if (name == "high_analog_accuracy") {
    analysis::Classification c = analysis::ClassifyByThreshold(
        Col(table, "analog_accuracy"), rel.high_analog.ours, "analog_accuracy");
    c.class_names = {"high", "not_high"};
    return c;
  }
  for (int t = 0; t < 4; ++t) {
    for (const char* branch : {"noisy", "analog"}) {
      if (name == absl::StrCat("drift_", branch, "_", nas::kDriftTimesS[t])) {
        return DriftClasses(table, rel, branch, t);
      }
    }
  }
  AIMC_CHECK(false);
  return {};
}

double Percent(const std::vector<int>& counts, int k) {
  int total = 0;
  for (int n : counts) total += n;
  return total > 0 ? 100.0 * counts[k] / total : NAN;
}

}  // namespace

absl::StatusOr<Report> RobustnessClassesResult(const analysis::MetricTable& table,
                                               const Thresholds& th, const ResultOptions&) {
  const Thresholds rel =
      th.mode == ThresholdMode::kRelative
          ? th
          : ResolveThresholds(table, ThresholdMode::kRelative, th.drop_reference);
  std::vector<std::vector<std::string>> rows = {
      {"set", "class", "as printed: cells", "%", "relative: cells", "%"}};
  std::vector<std::vector<int>> printed_counts;
  std::vector<std::string> printed_rules;
  for (const std::string& name : analysis::NamedClassSets()) {
    ASSIGN_OR_RETURN(const analysis::Classification printed, analysis::NamedClasses(table, name));
    const analysis::Classification relative = Relative(table, rel, name);
    const std::vector<int> pc = analysis::ClassCounts(printed);
    const std::vector<int> rc = analysis::ClassCounts(relative);
    for (size_t k = 0; k < pc.size(); ++k) {
      rows.push_back({k == 0 ? name : "", printed.class_names[k], absl::StrCat(pc[k]),
                      Fixed(Percent(pc, k), 1), absl::StrCat(rc[k]), Fixed(Percent(rc, k), 1)});
    }
    printed_counts.push_back(pc);
    printed_rules.push_back(absl::StrCat(name, ": ", printed.rule));
  }
  Report report;
  report.text = absl::StrCat(
      "%: of the set's classified cells; 'as printed' = analysis::NamedClasses (drift drops from "
      "the branch's static accuracy), 'relative' = the same quantiles of our distributions\n",
      FormatTable(rows), "\nrules as printed:\n", absl::StrJoin(printed_rules, "\n"), "\n");

  // Indices into NamedClassSets(): 0 noisy_robustness, 1 noise_classes,
  // 2 high_analog_accuracy, 3..6 drift_noisy_T, 7..10 drift_analog_T.
  std::vector<Finding>& f = report.findings;
  const double high = Percent(printed_counts[2], 0);
  f.push_back(Check("§3.3: most cells reach analog >= 80 % (as printed)", "80.19 %",
                    Fixed(high, 1) + " %", high > 50, {high}));
  const double natural = Percent(printed_counts[1], 0), non = Percent(printed_counts[1], 2);
  f.push_back(Check("§3.3: naturally robust (noisy >= 70) are a minority (as printed)",
                    "~34 % (its quartiles)", Fixed(natural, 1) + " %", natural < 50, {natural}));
  f.push_back(Check("§3.3: non-robust (noisy < 20) are a minority (as printed)",
                    "~10 % (quartiles, min 10)", Fixed(non, 1) + " %", non < 25, {non}));
  int strict = 0, lenient = 0, testable = 0;
  for (int t = 0; t < 4; ++t) {
    const double noisy_robust = Percent(printed_counts[3 + t], 0);
    const double analog_robust = Percent(printed_counts[7 + t], 0);
    testable += !std::isnan(noisy_robust) && !std::isnan(analog_robust);
    strict += noisy_robust < 25;
    lenient += analog_robust > 75;
  }
  const double any = testable == 4 ? 0 : NAN;
  f.push_back(Check("App. E: noisy drift thresholds call < 25 % robust (as printed)", "by design",
                    absl::StrCat(strict, "/4 times"), strict == 4, {any},
                    "an empty drift subset at our scale"));
  f.push_back(Check("App. E: analog drift thresholds call > 75 % robust (as printed)",
                    "by design", absl::StrCat(lenient, "/4 times"), lenient == 4, {any},
                    "an empty drift subset at our scale"));
  return report;
}

}  // namespace aimc::experiments::anb_paper
