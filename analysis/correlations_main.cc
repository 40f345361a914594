// bazel run //analysis:correlations -- --csv=PATH | --benchmark=PATH
//     --metrics=a,b,c [--methods=kendall,spearman,pearson] [--where=...]
//     [--pruned_only] [--out=PATH.csv] [--plot=PATH.png|.svg] [--format=text|csv]
// Correlation matrices between metrics (analysis/correlations_lib.h).
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "analysis/correlations_lib.h"
#include "analysis/internal/tool_support.h"
#include "analysis/metric_table.h"

ABSL_FLAG(std::string, csv, "", "CSV with an `arch` column (cell string or quoted tuple)");
ABSL_FLAG(std::string, benchmark, "", "benchmark file (nas/benchmark.proto records)");
ABSL_FLAG(std::string, metrics, "",
          "comma-separated metrics: CSV columns, benchmark metrics or graph feature names");
ABSL_FLAG(std::string, methods, "kendall,spearman,pearson", "correlation methods, in order");
ABSL_FLAG(std::string, where, "", "row filter, e.g. baseline_accuracy>=90,noisy_accuracy>=70");
ABSL_FLAG(bool, pruned_only, false, "keep only the 9,445 zero-branch-pruned cells (GRAF)");
ABSL_FLAG(std::string, out, "", "write the long CSV here");
ABSL_FLAG(std::string, plot, "", "heatmap of the first method (.png or .svg; needs gnuplot)");
ABSL_FLAG(std::string, format, "text", "stdout: text tables, or csv (the long CSV only)");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Correlation matrices between metrics of a CSV or benchmark file.\n"
      "  correlations --csv=PATH|--benchmark=PATH --metrics=a,b,c [--out=PATH.csv] "
      "[--plot=PATH.png]");
  absl::ParseCommandLine(argc, argv);
  aimc::analysis::CorrelationsOptions options;
  options.data.source.csv_path = absl::GetFlag(FLAGS_csv);
  options.data.source.benchmark_path = absl::GetFlag(FLAGS_benchmark);
  options.data.where = absl::GetFlag(FLAGS_where);
  options.data.pruned_only = absl::GetFlag(FLAGS_pruned_only);
  options.metrics = aimc::analysis::SplitMetricList(absl::GetFlag(FLAGS_metrics));
  options.out_csv = absl::GetFlag(FLAGS_out);
  options.plot = absl::GetFlag(FLAGS_plot);
  options.methods.clear();
  for (const std::string& name : aimc::analysis::SplitMetricList(absl::GetFlag(FLAGS_methods))) {
    const absl::StatusOr<aimc::CorrelationMethod> method =
        aimc::ParseCorrelationMethod(name);
    if (!method.ok()) return aimc::analysis::internal::PrintToolOutput(method.status(), "text");
    options.methods.push_back(*method);
  }
  return aimc::analysis::internal::PrintToolOutput(aimc::analysis::RunCorrelations(options),
                                                   absl::GetFlag(FLAGS_format));
}
