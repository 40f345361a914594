// A training regime: what one training step does to the network beyond the
// optimizer, for training/trainer.h. The trainer owns the loop, the optimizer
// and its schedule, checkpoints, resume and determinism; per step it calls
//   BeforeStep (grad mode) -> zero_grad, Loss, backward, clip, optimizer step
//   -> AfterStep (under torch::NoGradGuard),
// and once, in Trainer::Create before the optimizer sees the parameters,
// Prepare. A regime's own state goes into the checkpoint (SaveState/LoadState)
// and its Fingerprint() must match the checkpoint's to resume
// (FailedPrecondition otherwise). Randomness comes from StepContext's streams,
// keyed by (seed, step or example), so no thread count or resume changes it.
// Regimes here: TrainingRegime's defaults (cross-entropy, nothing else),
// DigitalRegime ("fp", the default), WrappedRegime (a regime around another,
// e.g. HWT around FP). QAT is training/quantization/qat.h, HWT
// training/analog/hwt.h. This header needs no LibTorch: tensors and the
// network are forward-declared; implementations include torch in their .cc.
// Errors are Statuses; LibTorch's c10::Error thrown from a call is caught by
// the trainer. Thread-compatible: one trainer calls its regime from one thread.
#ifndef AIMC_TRAINING_REGIME_H_
#define AIMC_TRAINING_REGIME_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/random.h"

namespace at {
class Tensor;  // = torch::Tensor
}  // namespace at

namespace aimc::networks {
class Network;  // networks/network.h
}  // namespace aimc::networks

namespace aimc::training {

// StreamKey::draw values from this one up are the regimes' (the batcher and
// augmentation use 1 and 2, batcher.h and augment.h).
inline constexpr uint32_t kRegimeDrawBase = 16;

// Where the trainer is; valid for the duration of the call it is passed to.
struct StepContext {
  int epoch = 0;               // 0-based epoch of this step
  int64_t batch_in_epoch = 0;  // 0-based batch within the epoch
  int64_t global_step = 0;     // 0-based step over the whole run (resume included)
  // Dataset indices of the batch's examples, in batch order (row k of the
  // images is example example_indices[k]); a view into the trainer's epoch
  // plan, valid during the call.
  absl::Span<const int64_t> example_indices;
  uint64_t seed = 0;  // TrainerConfig.seed

  // A stream for this step: {seed, entity 0, instance = global_step, draw =
  // kRegimeDrawBase + purpose}, e.g. the sub-network a supernet samples.
  // REQUIRES: global_step < 2^32.
  RandomStream StepStream(uint32_t purpose) const {
    return RandomStream(StreamKey{.seed = seed,
                                  .entity = 0,
                                  .instance = static_cast<uint32_t>(global_step),
                                  .draw = kRegimeDrawBase + purpose});
  }
  // A stream for row k's example in this epoch: {seed, entity = example,
  // instance = epoch, draw = kRegimeDrawBase + purpose} (as augmentation is
  // keyed), e.g. a per-image noise level. REQUIRES: k < example_indices.size().
  RandomStream ExampleStream(size_t k, uint32_t purpose) const {
    return RandomStream(StreamKey{.seed = seed,
                                  .entity = static_cast<uint32_t>(example_indices[k]),
                                  .instance = static_cast<uint32_t>(epoch),
                                  .draw = kRegimeDrawBase + purpose});
  }
};

// A regime's checkpointed values, by key. Keys are [A-Za-z0-9_]+, unique
// within a regime; a WrappedRegime's inner regime writes under "inner__".
class RegimeStateWriter {
 public:
  virtual ~RegimeStateWriter() = default;
  virtual void WriteInt64(absl::string_view key, int64_t value) = 0;
  virtual void WriteDouble(absl::string_view key, double value) = 0;  // bit-exact
  virtual void WriteString(absl::string_view key, absl::string_view value) = 0;
  virtual void WriteTensor(absl::string_view key, const at::Tensor& value) = 0;  // a copy
};

// Reads what a RegimeStateWriter wrote. A missing key or one of another type
// is DataLoss naming the key.
class RegimeStateReader {
 public:
  virtual ~RegimeStateReader() = default;
  virtual bool Has(absl::string_view key) = 0;
  virtual absl::StatusOr<int64_t> ReadInt64(absl::string_view key) = 0;
  virtual absl::StatusOr<double> ReadDouble(absl::string_view key) = 0;
  virtual absl::StatusOr<std::string> ReadString(absl::string_view key) = 0;
  // *value becomes a new tensor (not written into an existing one).
  virtual absl::Status ReadTensor(absl::string_view key, at::Tensor* value) = 0;
};

// The interface. Every method but Fingerprint has a default: a subclass
// overrides only what its regime changes. The network passed is the
// trainer's (training mode during steps).
class TrainingRegime {
 public:
  virtual ~TrainingRegime() = default;

  // Names the regime and every setting that changes its numbers, e.g. "fp" or
  // "hwt{...} + fp"; stored in the checkpoint and compared on resume.
  virtual std::string Fingerprint() const = 0;

  // Once, from Trainer::Create, before the optimizer is built and before a
  // checkpoint is loaded into the network: convert or configure it (fold and
  // fake-quantize, set analog noise). Default: nothing. An error fails Create.
  virtual absl::Status Prepare(networks::Network& network) { return absl::OkStatus(); }

  // Before the step's forward, in grad mode: sample a sub-network, draw noise.
  // Default: nothing. An error stops training.
  virtual absl::Status BeforeStep(networks::Network& network, const StepContext& step) {
    return absl::OkStatus();
  }

  // The step's forward and loss. images: float32 [n, C, H, W], augmented and
  // normalised; labels: int64 [n]. Sets *loss to a scalar with autograd, the
  // batch mean (the trainer reports loss x n summed per epoch); *logits to
  // [n, classes] for the training accuracy, or leaves it undefined (accuracy
  // then counts 0). Default: logits = network->forward(images), loss =
  // cross-entropy (nats per image). REQUIRES: loss, logits non-null.
  virtual absl::Status Loss(networks::Network& network, const at::Tensor& images,
                            const at::Tensor& labels, const StepContext& step, at::Tensor* loss,
                            at::Tensor* logits);

  // After the optimizer step, under torch::NoGradGuard: clip, remap, project.
  // Default: nothing. An error stops training.
  virtual absl::Status AfterStep(networks::Network& network, const StepContext& step) {
    return absl::OkStatus();
  }

  // The regime's own state, written into each checkpoint and read back when
  // Create resumes (after Prepare). State held in the network's parameters or
  // buffers is checkpointed with the network already. Default: none.
  virtual absl::Status SaveState(RegimeStateWriter& writer) const { return absl::OkStatus(); }
  virtual absl::Status LoadState(RegimeStateReader& reader) { return absl::OkStatus(); }
};

// Digital (FP32) training as AnalogNAS-Bench's baseline: the defaults.
class DigitalRegime : public TrainingRegime {
 public:
  std::string Fingerprint() const override { return "fp"; }
};

// A regime around an inner one (owned): every call forwards to the inner
// regime; a subclass overrides what it adds and calls the base (e.g. HWT:
// AfterStep = inner's, then clip and remap). SaveState/LoadState prefix the
// inner regime's keys with "inner__". REQUIRES: inner non-null.
class WrappedRegime : public TrainingRegime {
 public:
  explicit WrappedRegime(std::unique_ptr<TrainingRegime> inner);

  absl::Status Prepare(networks::Network& network) override;
  absl::Status BeforeStep(networks::Network& network, const StepContext& step) override;
  absl::Status Loss(networks::Network& network, const at::Tensor& images,
                    const at::Tensor& labels, const StepContext& step, at::Tensor* loss,
                    at::Tensor* logits) override;
  absl::Status AfterStep(networks::Network& network, const StepContext& step) override;
  absl::Status SaveState(RegimeStateWriter& writer) const override;
  absl::Status LoadState(RegimeStateReader& reader) override;

  TrainingRegime& inner() { return *inner_; }
  const TrainingRegime& inner() const { return *inner_; }

 private:
  std::unique_ptr<TrainingRegime> inner_;
};

}  // namespace aimc::training

#endif  // AIMC_TRAINING_REGIME_H_
