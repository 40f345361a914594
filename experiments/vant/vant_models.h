// VANT's models at small scale (vant_rasch_spec.md A.3.2): LeNet-5-N on
// Fashion-MNIST trained clean, with NT or with VANT, and its accuracy curve
// over the test grid S, kept in a model store so that every target (Table 1,
// Figs. 2-6) trains each model once and a killed run resumes: a model's
// trainer checkpoint and its curve are files named by a hash of everything
// that changes them. Progress goes to the log. Thread-compatible.
#ifndef AIMC_EXPERIMENTS_VANT_VANT_MODELS_H_
#define AIMC_EXPERIMENTS_VANT_VANT_MODELS_H_

#include <cstdint>
#include <cstdio>
#include <string>

#include "absl/status/statusor.h"
#include "training/data/dataset.h"
#include "training/vant/noise_robustness.h"
#include "training/vant/noisy_training.h"

namespace aimc::experiments::vant {

// A named scale. "small" is the spec's default (20,000 training images, the
// 10,000 test images, 15 epochs, 3 evaluation passes); "quick" and "test"
// shrink it (printed with every result).
struct VantScale {
  std::string name;
  int64_t train_images = 20000;  // the first images of the training split
  int64_t test_images = 10000;
  int epochs = 15;
  int batch_size = 128;
  int eval_passes = 3;  // R_eval, A.2's choice (the reference: 1)
};
// NotFound listing the names for an unknown one.
absl::StatusOr<VantScale> VantScaleByName(const std::string& name);
std::string DescribeScale(const VantScale& scale);

struct VantRun {
  VantScale scale;
  std::string store_dir;  // created if missing
  uint64_t seed = 0;      // weights, order, augmentation, noise
  int threads = 1;
  std::FILE* log = stderr;  // progress; nullptr = silent
};

// Fashion-MNIST at 32x32 (zero-padded, so FC-120 sees 400 inputs),
// normalised as the reference (mean 0.5, std 0.5) by the trainer/evaluator.
struct VantData {
  training::Dataset train;
  training::Dataset test;
};
// `dir` empty: Debian's dataset-fashion-mnist. The loader's Status otherwise.
absl::StatusOr<VantData> LoadVantData(const VantScale& scale, const std::string& dir);

// A model: clean (sigma_train 0, NT), NT, or VANT.
using ModelSpec = training::vant::NoisyTrainingConfig;

// The model's test accuracy (mean over the scale's passes) at every σ of
// training::vant::TestSigmaGrid(), from the store if there, else trained
// (resuming its checkpoint) and evaluated, then stored atomically.
absl::StatusOr<training::vant::AccuracyCurve> ModelCurve(const VantRun& run, const VantData& data,
                                                         const ModelSpec& model);

// The store's key text of a model (what its hash covers).
std::string ModelKey(const VantRun& run, const ModelSpec& model);

}  // namespace aimc::experiments::vant

#endif  // AIMC_EXPERIMENTS_VANT_VANT_MODELS_H_
