// bazel run //crossbar:mvm_error_report -- --preset=NAME --rows=512 --cols=512
//     --batch=1000 --seed=0 [--instances=5] [--times=60,3600,86400,2592000]
//     [--drift=pair|reference] [--format=text|csv] [--threads=N]
//     [--crossbar_size=32..512 --adc_bits=4..10 --dac_bits=1..8]
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "crossbar/mvm_error_report_lib.h"
#include "device_models/weight_error_report_lib.h"

ABSL_FLAG(std::string, preset, "rasch2023_standard_pcm", "tile preset name or .textproto path");
ABSL_FLAG(int, rows, 512, "output size of the layer");
ABSL_FLAG(int, cols, 512, "input size of the layer");
ABSL_FLAG(int, batch, 1000, "input vectors");
ABSL_FLAG(uint64_t, seed, 0, "seed of every random stream");
ABSL_FLAG(int, instances, 5, "independent instances (programming and noise)");
ABSL_FLAG(std::string, times, "60,3600,86400,2592000", "read times after programming, s");
ABSL_FLAG(std::string, drift, "", "PCM drift mode: pair or reference (default: the preset's)");
ABSL_FLAG(std::string, format, "text", "text or csv");
ABSL_FLAG(int, threads, 1, "threads");
ABSL_FLAG(int, crossbar_size, 0, "CrossNAS: square tile size 32..512 (0 = the preset's)");
ABSL_FLAG(int, adc_bits, 0, "CrossNAS: ADC bits 4..10 (0 = the preset's)");
ABSL_FLAG(int, dac_bits, 0, "CrossNAS: DAC bits 1..8, bit-serial below inp_bits (0 = the preset's)");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Error of the analog MVM of a tile preset against X W^T.");
  absl::ParseCommandLine(argc, argv);
  const std::string format = absl::GetFlag(FLAGS_format);
  if (format != "text" && format != "csv") {
    std::fprintf(stderr, "error: --format: expected text or csv, got '%s'\n", format.c_str());
    return 2;
  }
  aimc::crossbar::MvmErrorReportOptions o;
  o.preset = absl::GetFlag(FLAGS_preset);
  o.rows = absl::GetFlag(FLAGS_rows);
  o.cols = absl::GetFlag(FLAGS_cols);
  o.batch = absl::GetFlag(FLAGS_batch);
  o.seed = absl::GetFlag(FLAGS_seed);
  o.instances = absl::GetFlag(FLAGS_instances);
  o.drift = absl::GetFlag(FLAGS_drift);
  o.num_threads = absl::GetFlag(FLAGS_threads);
  o.crossbar_size = absl::GetFlag(FLAGS_crossbar_size);
  o.adc_bits = absl::GetFlag(FLAGS_adc_bits);
  o.dac_bits = absl::GetFlag(FLAGS_dac_bits);
  const auto times = aimc::device_models::ParseTimes(absl::GetFlag(FLAGS_times));
  if (!times.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(times.status().message()).c_str());
    return 2;
  }
  o.times_s = *times;
  const auto report = aimc::crossbar::RunMvmErrorReport(o);
  if (!report.ok()) {
    std::fprintf(stderr, "error: %s\n", std::string(report.status().message()).c_str());
    return 1;
  }
  std::fputs((format == "csv" ? aimc::crossbar::FormatMvmReportCsv(*report)
                              : aimc::crossbar::FormatMvmReportText(*report))
                 .c_str(),
             stdout);
  return 0;
}
