// Per-example random augmentation and normalisation, fused into the one copy
// from a Dataset into a float batch (batcher.h): a random crop after a border of
// `crop_padding` zero pixels (torchvision RandomCrop(H, padding, fill=0)), a
// left-right flip with p = 0.5 (RandomHorizontalFlip), then ToTensor + Normalize:
// x = (p / 255 - mean_c) / std_c. Presets: "standard" (train: crop 4 + flip +
// the given mean/std; test: normalise only), "analognas_bench" (nas_spec.md
// §4.1: crop 4 + flip + mean 0.5, std 0.5 on train *and test* images) and "none".
// Example i of epoch e draws from RandomStream{seed, entity = i, instance = e,
// draw = kAugmentDraw}: batch order and thread count change no pixel.
// Create() and ParseAugmentPreset() return Status. Thread-safe (immutable).
#ifndef AIMC_TRAINING_DATA_AUGMENT_H_
#define AIMC_TRAINING_DATA_AUGMENT_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "training/data/dataset.h"

namespace aimc::training {

inline constexpr uint32_t kAugmentDraw = 1;  // StreamKey::draw of the augmentation

struct Normalization {
  // Per channel, or one value for all channels; in 0..1 units (of p / 255).
  std::vector<float> mean = {0.0f};
  std::vector<float> stddev = {1.0f};  // > 0
};

// NB201's CIFAR-10 statistics: mean (125.3, 123.0, 113.9) / 255, std
// (63.0, 62.1, 66.7) / 255 (Dong & Yang 2020, lib/datasets/get_dataset_with_transform.py).
Normalization Nb201Cifar10Normalization();
// AnalogNAS-Bench's Normalize(0.5, 0.5): x = 2 p / 255 - 1 (nas_spec.md §4.1).
Normalization AnalogNasBenchNormalization();
// The dataset's own per-channel mean and (population) std of p / 255, e.g. for
// Fashion-MNIST's training split.
Normalization MeasureNormalization(const Dataset& dataset);

struct AugmentConfig {
  // Zero pixels (p = 0, before normalisation) added on each side before a
  // uniformly placed H x W crop; 0 turns cropping off. Default 0.
  int crop_padding = 0;
  // Mirror left-right with probability 0.5. Default off.
  bool random_flip = false;
  // Default: x = p / 255.
  Normalization normalization = {};
};

enum class AugmentPreset { kNone, kStandard, kAnalogNasBench };

// "none", "standard" or "analognas_bench"; anything else is NotFound listing them.
absl::StatusOr<AugmentPreset> ParseAugmentPreset(absl::string_view name);

// The preset's config for `split`. `normalization` serves kNone and kStandard;
// kAnalogNasBench always uses AnalogNasBenchNormalization().
AugmentConfig PresetAugmentConfig(AugmentPreset preset, Split split,
                                  const Normalization& normalization);

// One example's random choices.
struct ExampleDraw {
  int dy = 0;  // crop offset, px in [-crop_padding, crop_padding]: output row y
  int dx = 0;  // reads input row y + dy; column x (flipped: W-1-x) reads x + dx
  bool flip = false;
};

class Augmenter {
 public:
  // InvalidArgument unless crop_padding is in 0..min(H, W) and mean/stddev
  // have 1 or shape.channels finite entries, stddev > 0.
  static absl::StatusOr<Augmenter> Create(const AugmentConfig& config, const ImageShape& shape);

  const AugmentConfig& config() const { return config_; }
  const ImageShape& shape() const { return shape_; }

  // The choices for `example` in `epoch` under `seed`. REQUIRES: 0 <= example < 2^32.
  ExampleDraw Draw(uint64_t seed, uint32_t epoch, int64_t example) const;

  // Writes example `example` of `dataset`, augmented by `draw` and normalised,
  // to `out` (C x H x W floats). REQUIRES: dataset.shape() == shape(),
  // 0 <= example < dataset.size(), out.size() == shape().pixels().
  void Apply(const Dataset& dataset, int64_t example, const ExampleDraw& draw,
             absl::Span<float> out) const;

 private:
  Augmenter() = default;

  AugmentConfig config_;
  ImageShape shape_;
  std::vector<float> scale_, bias_;  // per channel: x = p * scale + bias
};

}  // namespace aimc::training

#endif  // AIMC_TRAINING_DATA_AUGMENT_H_
