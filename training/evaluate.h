// Test-set evaluation of a Network: top-1 accuracy (%) and mean cross-entropy
// loss (nats per image), repeated `repetitions` times and summarised as mean ±
// sample std over repetitions. Repetition r draws its test-time augmentation
// from epoch r of the batcher's seed (AnalogNAS-Bench augments test images, so
// its baseline is a mean over 25 passes, nas_spec.md §4.1-4.2), and
// `before_repetition` runs first: the place to re-draw analog noise (fresh
// programming or read noise per pass). The network runs in eval mode without
// autograd; its training flag is restored. Returns InvalidArgument for a bad
// config or a network that rejects the data, Internal for other LibTorch
// errors, or the hook's error. Thread-compatible (mutates nothing but the
// network's mode, which it restores).
#ifndef AIMC_TRAINING_EVALUATE_H_
#define AIMC_TRAINING_EVALUATE_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "networks/network.h"
#include "training/data/augment.h"
#include "training/data/dataset.h"

namespace aimc::training {

struct EvalConfig {
  int batch_size = 256;  // images per forward pass, >= 1; changes no result
  int repetitions = 1;   // passes over the test set, >= 1 (AnalogNAS-Bench: 25)
  uint64_t seed = 1;     // keys the test-time augmentation (unused without it)
  int num_threads = 1;   // batch-filling threads, >= 1; changes no result
  // Default: x = p / 255, no crop or flip.
  AugmentConfig augment;
  // Called with r = 0..repetitions-1 before pass r; empty = nothing. An error
  // stops the evaluation and is returned.
  std::function<absl::Status(int repetition)> before_repetition;
};

struct EvalResult {
  double mean_accuracy_pct = 0;  // mean over repetitions, %
  double std_accuracy_pct = 0;   // sample std over repetitions (0 for one), %
  double mean_loss = 0;          // cross-entropy, nats per image, mean over all passes
  std::vector<double> accuracies_pct;  // one per repetition, %
  int64_t images_per_repetition = 0;
};

// InvalidArgument naming the field, e.g. "EvalConfig.repetitions: must be >= 1, got 0".
absl::Status ValidateEvalConfig(const EvalConfig& config);

// Evaluates `network` on all of `dataset`, whose shape must be what the
// network takes. Neither is retained.
absl::StatusOr<EvalResult> Evaluate(networks::Network& network, const Dataset& dataset,
                                    const EvalConfig& config = {});

}  // namespace aimc::training

#endif  // AIMC_TRAINING_EVALUATE_H_
