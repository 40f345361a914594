#include "experiments/analognas_bench/paper/results.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status_macros.h"

namespace aimc::experiments::anb_paper {

const std::vector<PaperResult>& PaperResults() {
  static const std::vector<PaperResult>* results = [] {
    const std::vector<std::string> all = AccuracyMetrics();
    const std::vector<std::string> static5(all.begin(), all.begin() + 5);
    return new std::vector<PaperResult>{
        {"fig2_kendall",
         "Fig. 2: accuracy distributions and Kendall tau-b between all metrics (§3.1, App. D)",
         all,
         {"baseline_accuracy"},
         &Fig2Kendall},
        {"fig3_4_ops",
         "Figs. 3-4: op percentages and op-count shares of noisy-robust vs non-robust cells (§3.2)",
         static5,
         {"baseline_accuracy", "noisy_accuracy"},
         &Fig34Ops},
        {"fig6_paths",
         "Fig. 6: most frequent 1-, 2- and 3-edge paths of robust vs non-robust cells (§3.2)",
         static5,
         {"baseline_accuracy", "noisy_accuracy"},
         &Fig6Paths},
        {"fig7_hwt_groups",
         "Fig. 7: analog (HWT) vs noisy accuracy by noise group; HWT-failing cells (§3.3)",
         static5,
         {"baseline_accuracy", "noisy_accuracy", "analog_accuracy"},
         &Fig7HwtGroups},
        {"fig8_drift_by_op",
         "Fig. 8: op presence of drift-robust vs non-robust cells over time (§3.4)", all, all,
         &Fig8DriftByOp},
        {"table3_drift", "Table 3: drift drop statistics and thresholds (App. E)", all, all,
         &Table3Drift},
        {"figs10_15_features",
         "Figs. 10-15: top-20 graph features correlated with each robustness (App. F)", all, all,
         &Figs10To15Features},
        {"robustness_classes",
         "the paper's named classes (§3.2-3.4; nas_spec §2.6), as printed and relative", all,
         all, &RobustnessClassesResult},
        {"table1_nas",
         "Table 1: NAS methods maximising 1-day accuracy, beside the paper's rows (§4; "
         "nas_spec §3.0)",
         {"baseline_accuracy", "noisy_accuracy", "analog_drift_86400", "analog_drift_86400_std",
          "avm", "avm_1d", "params"},
         {"baseline_accuracy"},
         &Table1Nas,
         /*uses_thresholds=*/false},
    };
  }();
  return *results;
}

absl::StatusOr<const PaperResult*> FindPaperResult(absl::string_view name) {
  std::vector<std::string> names;
  for (const PaperResult& r : PaperResults()) {
    if (r.name == name) return &r;
    names.push_back(r.name);
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown paper result '", name, "' (known: ", absl::StrJoin(names, ", "), ")"));
}

absl::StatusOr<std::string> RunPaperResult(const PaperResult& result,
                                           const ResultOptions& options) {
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(const LoadedData data, LoadPaperData(options.data, result.metrics,
                                                        result.required,
                                                        options.default_benchmark));
  const Thresholds th = result.uses_thresholds ? ResolveThresholds(data.table, options.thresholds,
                                                                    options.drop_reference)
                                               : Thresholds{};
  ASSIGN_OR_RETURN(const Report report, result.run(data.table, th, options));
  std::string out = absl::StrCat("# ", result.name, ": ", result.what, "\n", data.description);
  if (result.uses_thresholds) {
    absl::StrAppend(&out, "\nthresholds (--thresholds=",
                    options.thresholds == ThresholdMode::kPaper ? "paper" : "relative", "):\n",
                    DescribeThresholds(th));
  }
  absl::StrAppend(&out, "\n", report.text, "\n", FormatFindings(report.findings), report.log,
                  absl::StrFormat("took %.2f s\n", absl::ToDoubleSeconds(absl::Now() - start)));
  return out;
}

std::string PanelPath(absl::string_view path, absl::string_view suffix) {
  const size_t dot = path.rfind('.');
  const size_t slash = path.rfind('/');
  if (dot == absl::string_view::npos || (slash != absl::string_view::npos && dot < slash)) {
    return absl::StrCat(path, "_", suffix);
  }
  return absl::StrCat(path.substr(0, dot), "_", suffix, path.substr(dot));
}

}  // namespace aimc::experiments::anb_paper
