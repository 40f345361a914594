// Scales of the AnalogNAS-Bench protocol (nas_spec.md §4): how much data,
// network and training one cell's record costs. Presets are
// experiments/analognas_bench/scales/*.textproto (ScaleConfig in
// scale.proto), compiled into the library so they are found by name from any
// workspace: "paper" is the paper's protocol exactly; "small", "tiny" and
// "test" shrink it and say how (description). No LibTorch.
// Errors: NotFound for an unknown preset (listing the known ones) or a missing
// file; InvalidArgument naming the file, line or field ("scale tiny: epochs:
// must be 1..100000, got 0"). Thread-safe.
#ifndef AIMC_EXPERIMENTS_ANALOGNAS_BENCH_SCALE_H_
#define AIMC_EXPERIMENTS_ANALOGNAS_BENCH_SCALE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "experiments/analognas_bench/scale.pb.h"

namespace aimc::experiments {

// A loaded scale: ScaleConfig's fields (scale.proto documents them, with the
// paper's values as defaults) plus the name it was loaded by.
struct ScaleSettings {
  std::string name;            // the preset name or .textproto path given
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

// The preset names, sorted: paper, small, test, tiny.
std::vector<std::string> ScalePresetNames();

// InvalidArgument naming the first bad field and its range.
absl::Status Validate(const ScaleConfig& config);

// A preset name or a path (anything containing '/' or ending in
// ".textproto"), validated.
absl::StatusOr<ScaleConfig> LoadScaleConfig(absl::string_view name_or_path);

// LoadScaleConfig as ScaleSettings named `name_or_path`.
absl::StatusOr<ScaleSettings> ResolveScale(absl::string_view name_or_path);

}  // namespace aimc::experiments

#endif  // AIMC_EXPERIMENTS_ANALOGNAS_BENCH_SCALE_H_
