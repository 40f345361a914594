#include "common/report_table.h"

#include <dlfcn.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"

namespace aimc {

void ReportTable::Add(const std::string& stage, std::optional<double> time_s,
                      const std::string& quantity, double value) {
  const Key key(stage, time_s, quantity);
  auto [it, inserted] = values_.try_emplace(key);
  if (inserted) order_.push_back(key);
  it->second.push_back(value);
}

std::vector<ReportRow> ReportTable::Rows() const {
  std::vector<ReportRow> rows;
  for (const Key& key : order_) {
    const std::vector<double>& v = values_.at(key);
    double mean = 0;
    for (double x : v) mean += x;
    mean /= v.size();
    double ss = 0;
    for (double x : v) ss += (x - mean) * (x - mean);
    rows.push_back(ReportRow{.stage = std::get<0>(key),
                             .time_s = std::get<1>(key),
                             .quantity = std::get<2>(key),
                             .mean = mean,
                             .sd = v.size() > 1 ? std::sqrt(ss / (v.size() - 1)) : std::nan(""),
                             .instances = static_cast<int>(v.size())});
  }
  return rows;
}

std::string ReportTable::Csv(const std::vector<std::string>& leading_values) const {
  std::string out;
  const std::string lead = absl::StrJoin(leading_values, ",");
  for (const ReportRow& row : Rows()) {
    absl::StrAppendFormat(&out, "%s,%s,%s,%s,%.8g,%s,%d\n", lead, row.stage,
                          row.time_s ? absl::StrFormat("%.8g", *row.time_s) : "", row.quantity,
                          row.mean, std::isnan(row.sd) ? "" : absl::StrFormat("%.8g", row.sd),
                          row.instances);
  }
  return out;
}

std::string ReportTable::Text() const {
  std::string out =
      absl::StrFormat("%-12s %10s  %-24s %14s %12s\n", "stage", "time_s", "quantity", "mean", "sd");
  for (const ReportRow& row : Rows()) {
    absl::StrAppendFormat(&out, "%-12s %10s  %-24s %14.6g %12s\n", row.stage,
                          row.time_s ? absl::StrFormat("%g", *row.time_s) : "-", row.quantity,
                          row.mean, std::isnan(row.sd) ? "-" : absl::StrFormat("%.3g", row.sd));
  }
  return out;
}

namespace {

// The first "model name" of /proc/cpuinfo, or "unknown CPU".
std::string CpuModel() {
  std::ifstream in("/proc/cpuinfo");
  std::string line;
  while (std::getline(in, line)) {
    if (!absl::StartsWith(line, "model name")) continue;
    const size_t colon = line.find(':');
    if (colon == std::string::npos) break;
    return std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
  }
  return "unknown CPU";
}

// OpenBLAS picks its kernels per CPU at run time (DYNAMIC_ARCH), and
// OPENBLAS_CORETYPE overrides the choice; different kernels round differently,
// so LibTorch results depend on it. Looked up with dlsym so that common/ does
// not link BLAS: binaries without OpenBLAS loaded say so.
std::string BlasDescription() {
  using CoreNameFn = char* (*)();
  auto corename = reinterpret_cast<CoreNameFn>(::dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  if (corename == nullptr) return "BLAS: no OpenBLAS loaded";
  const char* forced = std::getenv("OPENBLAS_CORETYPE");
  const char* num_threads = std::getenv("OPENBLAS_NUM_THREADS");
  return absl::StrFormat(
      "BLAS: OpenBLAS %s kernels (OPENBLAS_CORETYPE %s, OPENBLAS_NUM_THREADS %s)", corename(),
      forced != nullptr ? forced : "unset", num_threads != nullptr ? num_threads : "unset");
}

}  // namespace

std::string MachineDescription(int num_threads) {
  char host[256] = "unknown";
  ::gethostname(host, sizeof(host) - 1);
  return absl::StrFormat("%d thread(s) on %s (%u hardware threads, %s; %s)", num_threads, host,
                         std::thread::hardware_concurrency(), CpuModel(), BlasDescription());
}

}  // namespace aimc
