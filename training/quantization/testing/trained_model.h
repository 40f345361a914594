// A small real-data model for the PTQ and QAT tests: NAS-Bench-201 cell
// (2,2,0,2,2,3) at C = 4, N = 1, trained for 2 epochs (batch 128, SGD, cosine) on the
// CIFAR-10 subset of ../shared/data (4,660 train / 932 test images) averaged to
// 16x16, one thread, fixed seeds: ~5 s on a quiet core. NotFound when the data is absent
// (tests skip). testonly. Thread-compatible.
#ifndef AIMC_TRAINING_QUANTIZATION_TESTING_TRAINED_MODEL_H_
#define AIMC_TRAINING_QUANTIZATION_TESTING_TRAINED_MODEL_H_

#include <string>

#include "absl/status/statusor.h"
#include "networks/nb201_network.h"
#include "networks/network.h"
#include "training/data/augment.h"
#include "training/data/dataset.h"

namespace aimc::training::testing {

struct TrainedModel {
  Dataset train;
  Dataset test;
  std::string cell;
  networks::Nb201Config config;
  AugmentConfig train_augment;  // crop 2 px + flip + the train split's normalization
  AugmentConfig eval_augment;   // the normalization only
  networks::Network fp;         // trained, eval mode
  double fp_accuracy_pct = 0;   // on test, eval_augment
};

absl::StatusOr<TrainedModel> TrainTinyCifarModel();

// A new network of the same config holding fp's weights and statistics.
absl::StatusOr<networks::Network> CopyOf(const TrainedModel& model);

}  // namespace aimc::training::testing

#endif  // AIMC_TRAINING_QUANTIZATION_TESTING_TRAINED_MODEL_H_
