// Quantization-aware training (QAT): fine-tunes a trained network with int8
// fake quantization in the loop, as AnalogNAS-Bench's QAT (nas_spec.md §4.4):
// Adam (lr 1e-3, weight decay 1e-4), gradient-norm clipping 1.0,
// ReduceLROnPlateau(max, factor 0.1, patience 3) stepped after each epoch on a
// validation accuracy, 20 epochs; activations observed by moving-average
// min/max (constant 0.01) in training and frozen in eval, 7-bit; weights
// per-channel symmetric int8 (fake_quant.h); straight-through gradients.
// Deviations: BatchNorms are folded first from their eval statistics and the
// folded network is fine-tuned (PyTorch simulates the fold in QAT ConvBn
// modules, which keep updating BN statistics); weight scales come from the
// current weights each forward (PyTorch: a moving average of per-channel
// min/max, constant 0.01); sums and pools are not quantized (ptq.h). The
// reference validates on the test set; the default here is a held-out split of
// the training set. QatRegime is the training regime (training/regime.h)
// that QuantizationAwareTraining runs under the trainer with these options.
// Returns a Status. Thread-compatible (mutates the network).
#ifndef AIMC_TRAINING_QUANTIZATION_QAT_H_
#define AIMC_TRAINING_QUANTIZATION_QAT_H_

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "networks/network.h"
#include "training/data/augment.h"
#include "training/data/dataset.h"
#include "training/regime.h"

namespace aimc::training {

struct QatOptions {
  int epochs = 20;              // >= 1 (reference: 20)
  double lr = 1e-3;             // Adam's initial rate, > 0
  double weight_decay = 1e-4;   // >= 0, L2 in the gradient (PyTorch Adam)
  double grad_clip_norm = 1.0;  // >= 0, total L2 norm; 0 = off
  double plateau_factor = 0.1;  // in (0, 1)
  int plateau_patience = 3;     // >= 0 epochs
  // kSplit: validate on the last validation_fraction of `train` (dataset
  // order, so deterministic) and train on the rest. kTestSet: train on all of
  // `train`, validate on *test (the reference; it tunes on the test set).
  enum class Validation { kSplit, kTestSet };
  Validation validation = Validation::kSplit;
  double validation_fraction = 0.1;  // in (0, 1); must leave >= 1 image on each side
  int batch_size = 256;         // >= 1 (reference: 256)
  // Training augmentation; validation passes use only its normalization.
  AugmentConfig augment;
  uint64_t seed = 0;            // example order and augmentation
  int num_threads = 1;          // 1..256
  // Empty: none. Otherwise the Trainer's checkpoint (trainer.h), resumed when
  // present; it holds the observers' ranges too.
  std::string checkpoint_path;
  std::FILE* log = stderr;      // per-epoch lines with the validation accuracy; nullptr = silent
};

// InvalidArgument naming the field, e.g. "QatOptions.validation_fraction: ...".
absl::Status ValidateQatOptions(const QatOptions& options);

// QAT as a regime around `inner` (nullptr = DigitalRegime): Prepare = the
// inner's, then fold the BatchNorms (eval statistics) and put a kQat
// FakeQuantLayer on every conv and linear layer (fake_quant.h), so the
// optimizer trains the folded weights; the observers' ranges are buffers,
// checkpointed with the network. The rest is the inner regime's. Fingerprint
// "qat_int8 + <inner>". REQUIRES of Prepare: a network not yet folded or
// quantized; FailedPrecondition if a layer is not a plain Conv2d/Linear.
class QatRegime : public WrappedRegime {
 public:
  explicit QatRegime(std::unique_ptr<TrainingRegime> inner = nullptr);
  std::string Fingerprint() const override;
  absl::Status Prepare(networks::Network& network) override;
};

// Fine-tunes `network` (in place: pass a copy of the trained FP model,
// networks::CopyModuleState) into its fake-quantized form and leaves it in
// eval mode, where its ranges are frozen. `train` and `test` are not
// retained; `test` may be null unless validation is kTestSet.
// InvalidArgument for bad options or data; FailedPrecondition if a layer is
// not a plain Conv2d/Linear or the checkpoint is of another run; DataLoss for
// an unreadable checkpoint; errors of training.
absl::Status QuantizationAwareTraining(networks::Network& network, const Dataset& train,
                                       const Dataset* test, const QatOptions& options);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_QUANTIZATION_QAT_H_
