#include "training/vant/noisy_training.h"

#include <utility>

#include <torch/torch.h>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "common/status_macros.h"

namespace aimc::training::vant {

absl::Status Validate(const NoisyTrainingConfig& config) { return Validate(config.noise); }

NoisyTrainingRegime::NoisyTrainingRegime(const NoisyTrainingConfig& config,
                                         std::shared_ptr<networks::ActivationNoise> noise,
                                         std::unique_ptr<TrainingRegime> inner)
    : WrappedRegime(inner != nullptr ? std::move(inner) : std::make_unique<DigitalRegime>()),
      config_(config),
      noise_(std::move(noise)) {}

absl::StatusOr<std::unique_ptr<NoisyTrainingRegime>> NoisyTrainingRegime::Create(
    const NoisyTrainingConfig& config, std::shared_ptr<networks::ActivationNoise> noise,
    std::unique_ptr<TrainingRegime> inner) {
  RETURN_IF_ERROR(Validate(config));
  if (noise == nullptr) {
    return absl::InvalidArgumentError("noisy training: no ActivationNoise (the network's)");
  }
  return std::make_unique<NoisyTrainingRegime>(config, std::move(noise), std::move(inner));
}

std::string NoisyTrainingRegime::Fingerprint() const {
  const VantNoise& n = config_.noise;
  // StrCat prints 6 significant digits: enough for grid settings.
  const std::string own =
      config_.per_image
          ? absl::StrCat("vant{sigma=", n.sigma_train, ",alpha=", n.alpha, ",theta=", n.theta,
                         ",sampler=",
                         n.sampler == SigmaSampler::kReferenceHalfNormal ? "reference_halfnormal"
                                                                          : "paper_gaussian",
                         "}")
          : absl::StrCat("nt{sigma=", n.sigma_train, "}");
  return absl::StrCat(own, " + ", inner().Fingerprint());
}

absl::Status NoisyTrainingRegime::BeforeStep(networks::Network& network,
                                             const StepContext& step) {
  RETURN_IF_ERROR(WrappedRegime::BeforeStep(network, step));
  noise_->SetStream(step.seed, static_cast<uint32_t>(step.global_step));
  if (!config_.per_image) return noise_->SetSigma(config_.noise.sigma_train);
  const int64_t n = static_cast<int64_t>(step.example_indices.size());
  torch::Tensor sigma = torch::empty({n}, torch::kFloat32);
  RETURN_IF_ERROR(SampleImageSigmas(config_.noise, step.StepStream(kVantSigmaPurpose), 0,
                                    absl::MakeSpan(sigma.data_ptr<float>(), n)));
  return noise_->SetPerImageSigma(sigma);
}

}  // namespace aimc::training::vant
