// bazel run //experiments/rasch2023:supp_table1_check -- [--preset=NAME|PATH]
//     [--format=text|csv]
// Rasch et al. 2023 Supp. Table 1: the standard PCM AIMC model's parameters
// next to the tile preset (default rasch2023_standard_pcm), one row per
// field, the aihwkit preset's documented deviations, and CHECK T1 (exit 0
// either way: the CHECK line carries the verdict; 1 on a bad flag or config).
#include <cstdio>
#include <string>
#include <thread>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/status_macros.h"
#include "crossbar/config.h"
#include "experiments/rasch2023/supp_table1.h"

ABSL_FLAG(std::string, preset, "rasch2023_standard_pcm", "tile preset name or .textproto path");
ABSL_FLAG(std::string, format, "text", "text or csv (long format, vant_rasch_spec.md C)");

namespace {

namespace er = aimc::experiments::rasch2023;

absl::Status Run() {
  const std::string format = absl::GetFlag(FLAGS_format);
  RETURN_IF_ERROR(er::ValidateFormat(format));
  const std::string preset = absl::GetFlag(FLAGS_preset);
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(const aimc::crossbar::TileConfig config, aimc::crossbar::LoadTileConfig(preset));
  ASSIGN_OR_RETURN(const er::SuppTable1Result result, er::CheckSuppTable1(config, preset));
  if (format == "csv") {
    std::fputs(er::FormatSuppTable1Csv(result).c_str(), stdout);
    return absl::OkStatus();
  }
  std::fputs(er::FormatSuppTable1Text(result).c_str(), stdout);
  // The report ends with its CHECK line: the timing goes to stderr.
  std::fprintf(stderr, "scale: %zu fields; machine: %u hardware threads, 1 thread; "
               "wall time: %.3f s\n", result.rows.size(), std::thread::hardware_concurrency(),
               absl::ToDoubleSeconds(absl::Now() - start));
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Rasch 2023 Supp. Table 1: the standard PCM model's parameters vs a tile preset.");
  absl::ParseCommandLine(argc, argv);
  const absl::Status status = Run();
  if (!status.ok()) {
    std::fprintf(stderr, "supp_table1_check: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
