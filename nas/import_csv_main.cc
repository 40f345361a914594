// bazel run //nas:import_csv -- --csv=PATH --out=PATH [--format=nb201|metrics]
//     [--dataset=cifar10] [--scale=full] [--seeds=42,43] [--simulator_preset=NAME]
//     [--code_version=$(git rev-parse --short HEAD)] [--date=ISO8601] [--fill_params=true]
// Imports a CSV (nas/csv_import.h) into a benchmark file with provenance.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "nas/csv_import.h"

ABSL_FLAG(std::string, csv, "", "input CSV");
ABSL_FLAG(std::string, out, "", "benchmark file to write (atomically)");
ABSL_FLAG(std::string, format, "nb201", "nb201 (index,arch,<dataset>_test_accuracy) or metrics");
ABSL_FLAG(std::string, dataset, "", "provenance: dataset (nb201 default: from the column name)");
ABSL_FLAG(std::string, scale, "", "provenance: scale, e.g. full or 'small: 2 epochs'");
ABSL_FLAG(std::vector<std::string>, seeds, {}, "provenance: seeds, comma-separated");
ABSL_FLAG(std::string, seeds_note, "", "provenance: how the seeds were used");
ABSL_FLAG(std::string, simulator_preset, "", "provenance: AIMC simulator preset");
ABSL_FLAG(std::string, code_version, "unknown", "provenance: git commit of the producing code");
ABSL_FLAG(std::string, date, "", "provenance: ISO 8601 date (default: now, UTC)");
ABSL_FLAG(bool, fill_params, true,
          "fill missing params with the full CIFAR-10 network's closed form (off for small scale)");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("Imports a CSV into an AnalogNAS-Bench benchmark file.");
  absl::ParseCommandLine(argc, argv);
  const std::string csv = absl::GetFlag(FLAGS_csv), out = absl::GetFlag(FLAGS_out);
  if (csv.empty() || out.empty()) {
    std::fprintf(stderr, "error: --csv and --out are required\n");
    return 2;
  }
  const absl::StatusOr<aimc::nas::CsvFormat> format =
      aimc::nas::ParseCsvFormat(absl::GetFlag(FLAGS_format));
  if (!format.ok()) {
    std::fprintf(stderr, "error: --format: %s\n", format.status().ToString().c_str());
    return 2;
  }
  aimc::nas::CsvImportOptions options;
  options.format = *format;
  options.fill_params = absl::GetFlag(FLAGS_fill_params);
  aimc::nas::Provenance& p = options.provenance;
  if (const std::string v = absl::GetFlag(FLAGS_dataset); !v.empty()) p.set_dataset(v);
  if (const std::string v = absl::GetFlag(FLAGS_scale); !v.empty()) p.set_scale(v);
  if (const std::string v = absl::GetFlag(FLAGS_seeds_note); !v.empty()) p.set_seeds_note(v);
  if (const std::string v = absl::GetFlag(FLAGS_simulator_preset); !v.empty()) {
    p.set_simulator_preset(v);
  }
  if (const std::string v = absl::GetFlag(FLAGS_code_version); !v.empty()) p.set_code_version(v);
  for (const std::string& seed : absl::GetFlag(FLAGS_seeds)) {
    uint64_t value = 0;
    if (!absl::SimpleAtoi(seed, &value)) {
      std::fprintf(stderr, "error: --seeds: '%s' is not a non-negative integer\n", seed.c_str());
      return 2;
    }
    p.add_seeds(value);
  }
  const std::string date = absl::GetFlag(FLAGS_date);
  p.set_date(date.empty() ? absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", absl::Now(), absl::UTCTimeZone())
                          : date);
  absl::StatusOr<aimc::nas::BenchmarkStore> store = aimc::nas::ImportCsvFile(csv, options);
  absl::Status status = store.ok() ? store->Save(out) : store.status();
  if (!status.ok()) {
    std::fprintf(stderr, "error: %s\n", status.ToString().c_str());
    return 1;
  }
  std::printf("wrote %d records to %s\n", store->size(), out.c_str());
  return 0;
}
