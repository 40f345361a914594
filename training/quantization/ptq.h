// Post-training quantization (PTQ) of a trained network, emulating int8
// inference as AnalogNAS-Bench's FX-mode PTQ with the x86 qconfig does
// (nas_spec.md §4.3): BatchNorms folded into their convs
// (networks/fold_batchnorm.h), then every conv and linear layer wrapped in a
// FakeQuantLayer (fake_quant.h): per-channel symmetric int8 weights and 7-bit
// affine activations at the input and output of every layer (the first
// layer's input is the network input). Activation ranges come from one pass
// over a calibration set in eval mode, by MinMax observers (default; the spec
// accepts them) or PyTorch's HistogramObserver L2 search (the reference's;
// histogram_observer.h). Deviations from the reference: (1) the MinMax
// default; (2) cell sums, residual additions,
// pools and the ReLU outputs are not quantized on their own (the reference
// gives each quantized op an output observer); a ReLU before a conv is seen
// by that conv's input observer. QuantizePostTraining returns a Status.
// Thread-compatible (mutates the network; sets torch's thread count).
#ifndef AIMC_TRAINING_QUANTIZATION_PTQ_H_
#define AIMC_TRAINING_QUANTIZATION_PTQ_H_

#include <cstdint>

#include "absl/status/status.h"
#include "networks/network.h"
#include "training/data/augment.h"
#include "training/data/dataset.h"
#include "training/quantization/fake_quant.h"

namespace aimc::training {

struct PtqOptions {
  int batch_size = 256;            // images per calibration forward, >= 1; changes no range
  // The first calibration_images of the calibration set (dataset order), >= 0;
  // 0 = all (the reference calibrates on the whole augmented test set).
  int64_t calibration_images = 0;
  // How calibration images are made from the dataset (the reference: its
  // train-time augmentation, augment.h preset "analognas_bench"). Use the
  // normalization the network was trained with.
  AugmentConfig augment;
  uint64_t seed = 0;               // keys the augmentation's random crops and flips
  int num_threads = 1;             // torch and batch-filling threads, 1..256
  // kMinMax (default): the ranges seen. kHistogram: the reference's L2-searched
  // clipping ranges; narrower, costs a search per observer (~0.1-1 s each).
  ActivationObserver observer = ActivationObserver::kMinMax;
};

// InvalidArgument naming the field, e.g. "PtqOptions.batch_size: must be >= 1, got 0".
absl::Status ValidatePtqOptions(const PtqOptions& options);

// Turns `network` (in place) into its fake-quantized int8 form calibrated on
// `calibration`: make a copy first (networks::CopyModuleState) to keep the FP
// model. The network is left in eval mode; it then stays quantized in either
// mode (train mode no longer moves the ranges). `calibration` is not retained.
// InvalidArgument for bad options, empty data or data the network rejects;
// FailedPrecondition if a layer is not a plain Conv2d/Linear (already
// converted); Internal for other LibTorch errors.
absl::Status QuantizePostTraining(networks::Network& network, const Dataset& calibration,
                                  const PtqOptions& options);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_QUANTIZATION_PTQ_H_
