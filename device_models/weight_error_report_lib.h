// The weight-error report of the device models (issue: device_models report
// tool; CSV layout in ../shared/docs/report_formats.md).
//
// A standard-normal W (rows x cols) is programmed onto differential pairs with
// one scale s = g_max / max|W|, `instances` times (independent programming
// instances). Per instance: programmed minus target conductance (uS) over all
// devices, over devices with a nonzero target, over devices with a zero target;
// the programmed weight error in units of max|W|; then at each time the
// compensation factor alpha and the compensated weight error
// (alpha W_t - W) / max|W|. Each quantity is averaged over instances, with the
// sample std (n - 1) over instances as its spread.
// Run() returns InvalidArgument/NotFound for bad options. Thread-compatible.
#ifndef AIMC_DEVICE_MODELS_WEIGHT_ERROR_REPORT_LIB_H_
#define AIMC_DEVICE_MODELS_WEIGHT_ERROR_REPORT_LIB_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/report_table.h"

namespace aimc::device_models {

struct WeightErrorReportOptions {
  int rows = 512;
  int cols = 512;
  uint64_t seed = 0;
  int instances = 5;
  std::vector<double> times_s = {1, 3600, 86400, 2592000};
  // "pcm" (preset rasch2023_pcm), "reram" (rasch2023_reram), or any preset
  // name or .textproto path of device_models.
  std::string model = "pcm";
  // "pair" or "reference" (PCM only); empty keeps the config's mode.
  std::string drift;
  // "exact" (default for drifting models; "none" otherwise),
  // "aihwkit_exact_reference" or "none". The readout of each method is the
  // noise-free weight readout here: this package has no forward path.
  std::string compensation;
  int num_threads = 1;
};

struct WeightErrorReport {
  std::string model;         // "pcm", "reram", "constant"
  std::string drift_mode;    // "pair" or "reference"
  std::string compensation;  // method name
  WeightErrorReportOptions options;
  std::vector<std::string> notes;  // e.g. how ReRAM sigma was obtained per time
  ReportTable table;               // stages "programmed" and "drifted"
  std::vector<ReportRow> rows;     // table.Rows()
};

absl::StatusOr<WeightErrorReport> RunWeightErrorReport(const WeightErrorReportOptions& options);

// report_formats.md: model,drift_mode,compensation,stage,time_s,quantity,mean,sd,instances
std::string FormatReportCsv(const WeightErrorReport& report);
// A human table with the run's settings and machine.
std::string FormatReportText(const WeightErrorReport& report);

// "1,3600,86400" -> {1, 3600, 86400}; each time finite and >= 0.
absl::StatusOr<std::vector<double>> ParseTimes(absl::string_view text);

}  // namespace aimc::device_models

#endif  // AIMC_DEVICE_MODELS_WEIGHT_ERROR_REPORT_LIB_H_
