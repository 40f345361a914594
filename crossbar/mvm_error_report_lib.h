// The MVM-error report of a tile preset (crossbar issue; CSV layout in
// ../shared/docs/report_formats.md).
//
// W (rows x cols) is standard normal scaled to max|W| = 1, X (cols x batch)
// standard normal; the layer is tiled as the preset says. Per instance: the
// relative error ||Y - X W^T|| / ||X W^T|| (Frobenius over the batch) and the
// least-squares gain (slope through the origin) of Y against X W^T, first on
// the unprogrammed tile (forward non-idealities only), then after programming
// + drift + the preset's compensation at each time, with alpha (mean over
// tiles). Means and sample stds over instances. Thread-compatible.
#ifndef AIMC_CROSSBAR_MVM_ERROR_REPORT_LIB_H_
#define AIMC_CROSSBAR_MVM_ERROR_REPORT_LIB_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/report_table.h"

namespace aimc::crossbar {

struct MvmErrorReportOptions {
  std::string preset = "rasch2023_standard_pcm";  // name or .textproto path
  int rows = 512;
  int cols = 512;
  int batch = 1000;
  uint64_t seed = 0;
  int instances = 5;
  std::vector<double> times_s = {60, 3600, 86400, 2592000};
  std::string drift;  // "pair", "reference" or empty (the preset's)
  // CrossNAS PIM knobs (crossbar::ApplyPimOverrides); 0 keeps the preset's.
  int crossbar_size = 0;
  int adc_bits = 0;
  int dac_bits = 0;
  int num_threads = 1;
};

struct MvmErrorReport {
  std::string preset, drift_mode, compensation;
  MvmErrorReportOptions options;
  std::vector<std::string> notes;
  ReportTable table;
};

absl::StatusOr<MvmErrorReport> RunMvmErrorReport(const MvmErrorReportOptions& options);

// preset,drift_mode,compensation,stage,time_s,quantity,mean,sd,instances
std::string FormatMvmReportCsv(const MvmErrorReport& report);
std::string FormatMvmReportText(const MvmErrorReport& report);

}  // namespace aimc::crossbar

#endif  // AIMC_CROSSBAR_MVM_ERROR_REPORT_LIB_H_
