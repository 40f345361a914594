// ReportTable: per-instance values of (stage, time, quantity), summarised as
// mean and sample std over instances, printed in the long CSV format of
// ../shared/docs/report_formats.md or as a human table. The report tools of
// device_models and crossbar share it. Thread-compatible.
#ifndef AIMC_COMMON_REPORT_TABLE_H_
#define AIMC_COMMON_REPORT_TABLE_H_

#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

namespace aimc {

struct ReportRow {
  std::string stage;
  std::optional<double> time_s;  // empty for stages without a time
  std::string quantity;
  double mean = 0;
  double sd = 0;  // sample std (n - 1) over instances; NaN for one instance
  int instances = 0;
};

class ReportTable {
 public:
  // Adds one instance's value; rows keep the order in which keys first appear.
  void Add(const std::string& stage, std::optional<double> time_s, const std::string& quantity,
           double value);

  std::vector<ReportRow> Rows() const;

  // One CSV line per row: the leading columns' values (e.g. model, drift mode,
  // compensation), then stage,time_s,quantity,mean,sd,instances with 8
  // significant digits; sd empty for one instance. No header.
  std::string Csv(const std::vector<std::string>& leading_values) const;
  // A fixed-width table with a header line.
  std::string Text() const;

 private:
  using Key = std::tuple<std::string, std::optional<double>, std::string>;
  std::map<Key, std::vector<double>> values_;
  std::vector<Key> order_;
};

// "N thread(s) on HOST (M hardware threads, CPU MODEL; BLAS: OpenBLAS CORE
// kernels (OPENBLAS_CORETYPE ..., OPENBLAS_NUM_THREADS ...))": the machine line
// every report prints beside its numbers. The BLAS kernels are part of it
// because they change LibTorch's numbers in the last bits.
std::string MachineDescription(int num_threads);

}  // namespace aimc

#endif  // AIMC_COMMON_REPORT_TABLE_H_
