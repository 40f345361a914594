// CrossNAS stage-4 candidate evaluation on a QuantNet (crossnas_spec.md §6.3,
// §7, §10.3, §10.13): set the candidate's bit map and PIM configuration,
// recalibrate BN statistics and activation ranges on N_cal training images,
// then the deterministic top-1 accuracy (%) on the first num_images images in
// QuantMode::kPim (or kQat for the software comparison). Images are p/255, no
// augmentation or normalisation (§5.3 [R]), in dataset order.
// Recalibration: every BN's running statistics reset and re-estimated as a
// cumulative average (momentum none) over the calibration batches with batch
// statistics, α updated by its EMA (calibrating flag), all without autograd
// and in kQat mode; dropout off. Afterwards the network has its previous
// training flag, mode and BN momenta; bits and PIM config stay as set.
// Errors: InvalidArgument (bad counts, a map of the wrong length, a dataset
// of another shape, or LibTorch's message), FailedPrecondition (a network
// that is not a QuantNet). Thread-compatible (mutates the network).
#ifndef AIMC_TRAINING_CROSSNAS_QAT_PIM_EVAL_H_
#define AIMC_TRAINING_CROSSNAS_QAT_PIM_EVAL_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nas/crossnas/qpim_genotype.h"
#include "networks/crossnas/quant/quant_net.h"
#include "training/data/dataset.h"

namespace aimc::training::crossnas {

// Re-estimates BN statistics and α on the first min(num_images, size) images
// of `calibration`, in batches of batch_size. REQUIRES: num_images, batch_size >= 1.
absl::Status RecalibrateQuantNet(networks::crossnas::QuantNet& net, const Dataset& calibration,
                                 int64_t num_images, int batch_size = 128);

// Top-1 accuracy (%) on the first min(num_images, size) images of `data` in
// `mode` with the network's current bits and PIM config, eval mode, no
// autograd. The network's mode and training flag are restored.
absl::StatusOr<double> QuantNetAccuracy(networks::crossnas::QuantNet& net, const Dataset& data,
                                        int64_t num_images, networks::crossnas::QuantMode mode,
                                        int batch_size = 128);

struct QuantEvalOptions {
  // Recalibration set (not owned; nullptr = no recalibration) and its size.
  // §9.3 T1: 512 images; T0: fewer.
  const Dataset* calibration = nullptr;
  int64_t calibration_images = 512;  // >= 1 when calibration is set
  int batch_size = 128;              // >= 1; changes no accuracy (BN in eval mode)
};

// SetBits(genotype.block_bits), SetPim(X, ADC, DAC), recalibrate, then the
// kPim accuracy on the first num_images images of `test`.
absl::StatusOr<double> PimAccuracy(networks::crossnas::QuantNet& net, const Dataset& test,
                                   int64_t num_images, const nas::crossnas::QpimGenotype& genotype,
                                   const QuantEvalOptions& options = {});

// The same with the fake-quantised software network (kQat, eval): the QAT
// accuracy PIM accuracy is compared with (§9.5 item 7). PIM fields unused.
absl::StatusOr<double> QatAccuracy(networks::crossnas::QuantNet& net, const Dataset& test,
                                   int64_t num_images, const nas::crossnas::QpimGenotype& genotype,
                                   const QuantEvalOptions& options = {});

}  // namespace aimc::training::crossnas

#endif  // AIMC_TRAINING_CROSSNAS_QAT_PIM_EVAL_H_
