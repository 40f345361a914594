// Noisy Training (NT) and VANT as training regimes (training/regime.h,
// vant_rasch_spec.md A.1.3-A.1.4): before every step the regime sets the
// network's activation noise (networks/activation_noise.h) for that step:
// NT one σ_train for every image, VANT a σ_b per image drawn by
// SampleImageSigmas (noise_robustness.h) from the step's stream, redrawn
// every mini-batch and shared by every site of the image's forward. The noise
// stream is keyed by (trainer seed, global step), so a resumed run draws what
// an uninterrupted one does. It wraps an inner regime (FP by default; QAT is
// another), so noise composes with the rest. Evaluation sets σ_test on the
// same ActivationNoise itself (SetSigma, SetStream per pass). The regime
// leaves the noise as the last step set it: turn it off or set σ_test before
// evaluating.
//
// Ownership: the ActivationNoise is shared with the network (the regime keeps
// a std::shared_ptr; it need not outlive the trainer's network, but must be
// the one the network's sites read). Thread-compatible.
#ifndef AIMC_TRAINING_VANT_NOISY_TRAINING_H_
#define AIMC_TRAINING_VANT_NOISY_TRAINING_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "networks/activation_noise.h"
#include "training/regime.h"
#include "training/vant/noise_robustness.h"

namespace aimc::training::vant {

struct NoisyTrainingConfig {
  // false: NT (σ = noise.sigma_train for every image; alpha, theta and the
  // sampler are unused). true: VANT (σ_b from SampleImageSigmas(noise)).
  bool per_image = false;
  VantNoise noise;
};

// InvalidArgument naming the field.
absl::Status Validate(const NoisyTrainingConfig& config);

// StepContext purposes of the two draws: the σ_b of a step, the noise seed.
inline constexpr uint32_t kVantSigmaPurpose = 5;

class NoisyTrainingRegime : public WrappedRegime {
 public:
  // REQUIRES: Validate(config).ok() and noise non-null; use Create.
  NoisyTrainingRegime(const NoisyTrainingConfig& config,
                      std::shared_ptr<networks::ActivationNoise> noise,
                      std::unique_ptr<TrainingRegime> inner);

  // InvalidArgument for a bad config or a null noise; inner nullptr = FP.
  static absl::StatusOr<std::unique_ptr<NoisyTrainingRegime>> Create(
      const NoisyTrainingConfig& config, std::shared_ptr<networks::ActivationNoise> noise,
      std::unique_ptr<TrainingRegime> inner = nullptr);

  // "nt{sigma=...}" or "vant{sigma=...,alpha=...,theta=...,sampler=...}",
  // then " + " the inner regime's.
  std::string Fingerprint() const override;
  // The inner regime's BeforeStep, then the step's noise.
  absl::Status BeforeStep(networks::Network& network, const StepContext& step) override;

  const NoisyTrainingConfig& config() const { return config_; }

 private:
  NoisyTrainingConfig config_;
  std::shared_ptr<networks::ActivationNoise> noise_;
};

}  // namespace aimc::training::vant

#endif  // AIMC_TRAINING_VANT_NOISY_TRAINING_H_
