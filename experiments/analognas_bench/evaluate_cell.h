// One AnalogNAS-Bench record for one NAS-Bench-201 cell (nas_spec.md §4):
// digital training (baseline), PTQ, QAT, noisy evaluation of the converted
// digital model, hardware-aware training (analog), and drift of both analog
// branches at 60 s, 1 h, 1 d and 30 d; every accuracy a mean over test passes
// with the benchmark's test-time augmentation. Scales: "paper" is the paper's
// protocol exactly (CIFAR-10, C = 16, N = 5, 200 epochs, batch 256, 20 QAT
// and 200 HWT epochs, 25 passes); "small" and "tiny" shrink it and say how
// (ScaleSettings::description). Only composes training/, networks/ and nas/
// (style.md §9). Errors are Statuses (NotFound for missing data, saying which
// flag to pass). Thread-compatible.
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_EVALUATE_CELL_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_EVALUATE_CELL_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "nas/benchmark.pb.h"
#include "training/data/dataset.h"

namespace aimc::experiments {

struct ScaleSettings {
  std::string name;            // tiny, small, paper
  std::string data;            // default dataset
  int image_size = 32;         // px
  int channels = 16;           // C
  int cells_per_stage = 5;     // N
  int64_t train_images = 0;    // 0 = all
  int64_t test_images = 0;
  int epochs = 200;            // digital training
  int batch_size = 256;
  int qat_epochs = 20;
  int hwt_epochs = 200;
  int repetitions = 25;        // test passes per accuracy
  bool qat_validates_on_test = true;  // the reference; else a 10 % split of train
  std::string description;     // what differs from the paper
};

// "test" (seconds per cell, for tests of the tools), "tiny", "small" or
// "paper"; NotFound listing them otherwise.
absl::StatusOr<ScaleSettings> ResolveScale(absl::string_view name);

struct EvaluateCellOptions {
  std::string arch;                      // cell string, op tuple or index (nas::ParseArch)
  std::string scale = "tiny";
  std::string data;                      // empty: the scale's (fashion_mnist, or cifar10 for paper)
  std::string data_dir;                  // empty: Debian's Fashion-MNIST
  std::string recipe = "analognas_bench";  // HWT recipe (training/analog/hwt_recipe.h)
  uint64_t seed = 42;                    // the reference's 42 + rank
  int threads = 2;
  bool fresh_programming = false;        // a programming instance per drift repetition
  // Overrides of the scale's settings when > 0.
  int epochs = 0, qat_epochs = 0, hwt_epochs = 0, repetitions = 0;
  int64_t train_images = 0, test_images = 0;
};

struct CellReport {
  nas::ArchRecord record;
  nas::Provenance provenance;
  std::vector<std::string> header_lines;  // data, scale, machine, seed
  std::vector<std::pair<std::string, absl::Duration>> phase_times;
  absl::Duration total_time;
};

// The scale with the options' overrides applied (InvalidArgument for bad
// thread counts).
absl::StatusOr<ScaleSettings> EffectiveScale(const EvaluateCellOptions& options);

// The train and test sets of `options` (its scale's dataset unless overridden).
struct CellData {
  training::Dataset train;
  training::Dataset test;
};
absl::StatusOr<CellData> LoadCellData(const EvaluateCellOptions& options);

// Runs the whole protocol; progress to `log` (not owned; may be nullptr).
absl::StatusOr<CellReport> EvaluateCell(const EvaluateCellOptions& options, std::FILE* log);
// The same on data already loaded by LoadCellData(options) (a sweep over
// cells loads it once).
absl::StatusOr<CellReport> EvaluateCell(const EvaluateCellOptions& options, const CellData& data,
                                        std::FILE* log);

// Adds the record to the benchmark file at `path` (created if absent; written
// atomically, so a killed run loses nothing already there). AlreadyExists if
// the file has the cell; a provenance differing from the file's is
// FailedPrecondition (one file, one protocol).
absl::Status AppendRecord(const std::string& path, const CellReport& report);

// Whether the file at `path` already has `arch` (false if there is no file).
absl::StatusOr<bool> HasRecord(const std::string& path, absl::string_view arch);

// The report as the binary prints it (ends with a newline).
std::string FormatCellReport(const CellReport& report);

}  // namespace aimc::experiments

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_EVALUATE_CELL_H_
