// bazel run //device_models:weight_error_report -- --rows=512 --cols=512 --seed=0
//     --instances=5 --times=1,3600,86400,2592000 [--model=pcm|reram|PRESET|PATH]
//     [--drift=pair|reference] [--compensation=exact|aihwkit_exact_reference|none]
//     [--format=text|csv] [--threads=N]
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "device_models/weight_error_report_lib.h"

ABSL_FLAG(int, rows, 512, "rows of the weight matrix");
ABSL_FLAG(int, cols, 512, "columns of the weight matrix");
ABSL_FLAG(uint64_t, seed, 0, "seed of every random stream");
ABSL_FLAG(int, instances, 5, "independent programming instances");
ABSL_FLAG(std::string, times, "1,3600,86400,2592000", "read times after programming, s");
ABSL_FLAG(std::string, model, "pcm", "pcm, reram, or a device_models preset name or path");
ABSL_FLAG(std::string, drift, "", "PCM drift mode: pair (default) or reference");
ABSL_FLAG(std::string, compensation, "",
          "exact (default when the model drifts), aihwkit_exact_reference or none");
ABSL_FLAG(std::string, format, "text", "text or csv");
ABSL_FLAG(int, threads, 1, "threads (results do not depend on it)");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Programming and drift error of a standard-normal weight matrix on PCM/ReRAM pairs.");
  absl::ParseCommandLine(argc, argv);
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "text" && format != "csv") {
    std::fprintf(stderr, "error: --format: expected text or csv, got '%s'\n", format.c_str());
    return 2;
  }
  aimc::device_models::WeightErrorReportOptions options;
  options.rows = absl::GetFlag(FLAGS_rows);
  options.cols = absl::GetFlag(FLAGS_cols);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.instances = absl::GetFlag(FLAGS_instances);
  options.model = absl::GetFlag(FLAGS_model);
  options.drift = absl::GetFlag(FLAGS_drift);
  options.compensation = absl::GetFlag(FLAGS_compensation);
  options.num_threads = absl::GetFlag(FLAGS_threads);
  auto times = aimc::device_models::ParseTimes(absl::GetFlag(FLAGS_times));
  if (!times.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(times.status().message()).c_str());
    return 2;
  }
  options.times_s = *times;
  const auto report = aimc::device_models::RunWeightErrorReport(options);
  if (!report.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(report.status().message()).c_str());
    return 1;
  }
  const std::string out = format == "csv" ? aimc::device_models::FormatReportCsv(*report)
                                          : aimc::device_models::FormatReportText(*report);
  std::fputs(out.c_str(), stdout);
  return 0;
}
