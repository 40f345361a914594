// BatchNorm recalibration of the CrossNAS supernet's active path before a
// candidate is scored (crossnas_spec.md §4.1 [R], §10.3): every running mean
// := 0 and variance := 1, then `num_images` calibration images, WITHOUT
// augmentation (only the normalisation), run forward in training mode without
// autograd with cumulative averaging: batch b of n_b images uses momentum
// n_b / (images so far incl. b), so the running mean is the exact mean over
// all calibration images and the variance the image-weighted mean of the
// batches' unbiased variances (PyTorch's momentum = None, weighted by batch
// size). The head's dropout stays off. The network is left in eval mode, the
// BN momentum restored. The images are a fixed seeded sample, the same for
// every candidate. Errors: InvalidArgument (bad config, shape mismatch),
// Internal (other LibTorch errors). No LibTorch in this header.
// Thread-compatible.
#ifndef AIMC_TRAINING_CROSSNAS_BN_RECALIBRATION_H_
#define AIMC_TRAINING_CROSSNAS_BN_RECALIBRATION_H_

#include <cstdint>

#include "absl/status/status.h"
#include "training/data/augment.h"
#include "training/data/dataset.h"

namespace aimc::networks::crossnas {
class CrossNasSupernetImpl;  // networks/crossnas/supernet.h
}  // namespace aimc::networks::crossnas

namespace aimc::training::crossnas {

struct BnRecalibrationConfig {
  // N_cal: images forwarded, min(num_images, dataset size). T1 1,024. >= 1.
  int num_images = 1024;
  int batch_size = 256;  // >= 1 (the code's 256); changes the variance only
  // Keys the sample: the first num_images of epoch 0's shuffled order of
  // this seed (shuffle = false: the dataset's first images).
  uint64_t seed = 0;
  bool shuffle = true;
  int num_threads = 1;          // batch-filling threads; changes no result
  Normalization normalization;  // the training normalisation; default p / 255
};

absl::Status ValidateBnRecalibrationConfig(const BnRecalibrationConfig& config);

// Recalibrates the active path of `supernet` on `calibration` (not retained).
absl::Status RecalibrateBatchNorm(networks::crossnas::CrossNasSupernetImpl& supernet,
                                  const Dataset& calibration,
                                  const BnRecalibrationConfig& config = {});

}  // namespace aimc::training::crossnas

#endif  // AIMC_TRAINING_CROSSNAS_BN_RECALIBRATION_H_
