// bazel run //analysis:robustness -- --csv=PATH | --benchmark=PATH
//     (--metric=NAME [--reference=NAME|NUMBER] --threshold=NUMBER|median|qNN
//      | --classes=SET [--metric=NAME [--reference=...]])
//     [--top_paths=5] [--where=...] [--pruned_only] [--out=PATH.csv]
//     [--plot=PATH.png|.svg] [--format=text|csv]
// Robust / non-robust classes and their op percentages, op-count
// distributions, top paths and drop statistics (the paper's Figs. 3, 4, 6;
// analysis/robustness_lib.h).
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "analysis/internal/tool_support.h"
#include "analysis/robustness_lib.h"

ABSL_FLAG(std::string, csv, "", "CSV with an `arch` column (cell string or quoted tuple)");
ABSL_FLAG(std::string, benchmark, "", "benchmark file (nas/benchmark.proto records)");
ABSL_FLAG(std::string, metric, "", "the classified metric (robust <=> metric >= threshold)");
ABSL_FLAG(std::string, reference, "",
          "classify the drop reference - metric instead (robust <=> drop <= threshold); a "
          "metric name or a number");
ABSL_FLAG(std::string, threshold, "", "a number, median, or qNN (e.g. q25) of the values");
ABSL_FLAG(std::string, classes, "",
          "a named class set instead: noisy_robustness, noise_classes, high_analog_accuracy, "
          "drift_{noisy,analog}_{60,3600,86400,2592000}");
ABSL_FLAG(int, top_paths, 5, "paths listed per class and length");
ABSL_FLAG(std::string, where, "", "row filter, e.g. baseline_accuracy>=90");
ABSL_FLAG(bool, pruned_only, false, "keep only the 9,445 zero-branch-pruned cells (GRAF)");
ABSL_FLAG(std::string, out, "", "write the long CSV here");
ABSL_FLAG(std::string, plot, "", "op-percentage bar chart (.png or .svg; needs gnuplot)");
ABSL_FLAG(std::string, format, "text", "stdout: text tables, or csv (the long CSV only)");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Robustness classes of cells and what distinguishes them.\n"
      "  robustness --csv=PATH|--benchmark=PATH --metric=NAME [--reference=NAME] "
      "--threshold=T | --classes=SET");
  absl::ParseCommandLine(argc, argv);
  aimc::analysis::RobustnessOptions options;
  options.data.source.csv_path = absl::GetFlag(FLAGS_csv);
  options.data.source.benchmark_path = absl::GetFlag(FLAGS_benchmark);
  options.data.where = absl::GetFlag(FLAGS_where);
  options.data.pruned_only = absl::GetFlag(FLAGS_pruned_only);
  options.metric = absl::GetFlag(FLAGS_metric);
  options.reference = absl::GetFlag(FLAGS_reference);
  options.threshold = absl::GetFlag(FLAGS_threshold);
  options.classes = absl::GetFlag(FLAGS_classes);
  options.top_paths = absl::GetFlag(FLAGS_top_paths);
  options.out_csv = absl::GetFlag(FLAGS_out);
  options.plot = absl::GetFlag(FLAGS_plot);
  return aimc::analysis::internal::PrintToolOutput(aimc::analysis::RunRobustness(options),
                                                   absl::GetFlag(FLAGS_format));
}
