// One AnalogNAS-Bench record for one NAS-Bench-201 cell (nas_spec.md §4):
// digital training (baseline), PTQ, QAT, noisy evaluation of the converted
// digital model, hardware-aware training (analog), and drift of both analog
// branches at 60 s, 1 h, 1 d and 30 d; every accuracy a mean over test passes
// with the benchmark's test-time augmentation. EvaluateCell composes the
// protocol phases of phases.h at a scale preset (scale.h: "paper" is the
// paper's protocol exactly; "small", "tiny" and "test" shrink it and say how).
// Only composes training/, networks/ and nas/ (style.md §9); the record goes
// into a benchmark file with nas::AppendRecord. Errors are Statuses naming
// the option or field (NotFound for an unknown scale or recipe and missing
// data). Thread-compatible.
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_EVALUATE_CELL_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_EVALUATE_CELL_H_

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "experiments/analognas_bench/scale.h"
#include "nas/benchmark.pb.h"
#include "training/data/dataset.h"

namespace aimc::experiments {

// Seed offsets: every random stream of the protocol is keyed by
// EvaluateCellOptions::seed plus its offset, so each phase draws its own
// stream (two kinds of stream, e.g. augmentation and analog noise, may share
// an offset: they key their draws differently). The values are the
// reference's (seed + rank, +1, +2, +3), which every record so far used.
// Network init, and the digital and HWT training order and augmentation
// (TrainerFor): the seed itself, as the reference seeds everything with it.
inline constexpr uint64_t kInitSeedOffset = 0;
// Test-time augmentation of every accuracy: one stream for all metrics, so two
// metrics of a cell see the same crops and flips and differ by the model only.
inline constexpr uint64_t kTestAugmentSeedOffset = 1;
// PTQ's augmented calibration pass.
inline constexpr uint64_t kPtqCalibrationSeedOffset = 2;
// QAT's example order, augmentation and validation split.
inline constexpr uint64_t kQatSeedOffset = 3;
// Analog noise of the HWT branch (converted before the noisy evaluation and
// then trained): shares the init seed, as the reference's conversion does.
inline constexpr uint64_t kHwtBranchAnalogSeedOffset = 0;
// Analog noise of the noisy branch's fresh conversion for drift: another
// stream than the HWT branch's, so the two drift curves are independent draws.
inline constexpr uint64_t kNoisyDriftAnalogSeedOffset = 1;

struct EvaluateCellOptions {
  std::string arch;                      // cell string, op tuple or index (nas::ParseArch)
  std::string scale = "tiny";            // scale preset name or .textproto path (scale.h)
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

// The scale with the options' overrides applied: ResolveScale's errors, or
// InvalidArgument for a thread count outside 1..256.
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

// The report as the binary prints it (ends with a newline).
std::string FormatCellReport(const CellReport& report);

}  // namespace aimc::experiments

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_EVALUATE_CELL_H_
