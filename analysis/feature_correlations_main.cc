// bazel run //analysis:feature_correlations -- --csv=PATH | --benchmark=PATH
//     --target=NAME [--method=spearman|kendall|pearson] [--top=20] [--where=...]
//     [--pruned_only] [--out=PATH.csv] [--plot=PATH.png|.svg]
//     [--features_out=PATH.csv] [--format=text|csv]
// The 191 graph features ranked by correlation with a target (the paper's
// Figs. 10-11 style; analysis/feature_correlations_lib.h).
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "analysis/feature_correlations_lib.h"
#include "analysis/internal/tool_support.h"

ABSL_FLAG(std::string, csv, "", "CSV with an `arch` column (cell string or quoted tuple)");
ABSL_FLAG(std::string, benchmark, "", "benchmark file (nas/benchmark.proto records)");
ABSL_FLAG(std::string, target, "", "the metric to correlate every feature with");
ABSL_FLAG(std::string, method, "spearman", "spearman, kendall (tau-b) or pearson");
ABSL_FLAG(int, top, 20, "features listed and plotted");
ABSL_FLAG(bool, include_avg_out, false,
          "also list node_degree_*_avg_out (always equal to _avg_in on NB201)");
ABSL_FLAG(std::string, where, "", "row filter, e.g. baseline_accuracy>=90");
ABSL_FLAG(bool, pruned_only, false, "keep only the 9,445 zero-branch-pruned cells (GRAF)");
ABSL_FLAG(std::string, out, "", "write the long CSV of all 191 correlations here");
ABSL_FLAG(std::string, plot, "", "bar chart of the top features (.png or .svg; needs gnuplot)");
ABSL_FLAG(std::string, features_out, "", "write arch + the 191 features of every row here");
ABSL_FLAG(std::string, format, "text", "stdout: text tables, or csv (the long CSV only)");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Correlation of the 191 neural graph features with a target metric.\n"
      "  feature_correlations --csv=PATH|--benchmark=PATH --target=NAME [--top=20]");
  absl::ParseCommandLine(argc, argv);
  aimc::analysis::FeatureCorrelationsOptions options;
  options.data.source.csv_path = absl::GetFlag(FLAGS_csv);
  options.data.source.benchmark_path = absl::GetFlag(FLAGS_benchmark);
  options.data.where = absl::GetFlag(FLAGS_where);
  options.data.pruned_only = absl::GetFlag(FLAGS_pruned_only);
  options.target = absl::GetFlag(FLAGS_target);
  options.top = absl::GetFlag(FLAGS_top);
  options.include_avg_out = absl::GetFlag(FLAGS_include_avg_out);
  options.out_csv = absl::GetFlag(FLAGS_out);
  options.plot = absl::GetFlag(FLAGS_plot);
  options.features_out = absl::GetFlag(FLAGS_features_out);
  const absl::StatusOr<aimc::CorrelationMethod> method =
      aimc::ParseCorrelationMethod(absl::GetFlag(FLAGS_method));
  if (!method.ok()) return aimc::analysis::internal::PrintToolOutput(method.status(), "text");
  options.method = *method;
  return aimc::analysis::internal::PrintToolOutput(aimc::analysis::RunFeatureCorrelations(options),
                                                   absl::GetFlag(FLAGS_format));
}
