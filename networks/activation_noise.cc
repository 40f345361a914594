#include "networks/activation_noise.h"

#include <cmath>
#include <vector>

#include <torch/torch.h>

#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "common/random.h"

namespace aimc::networks {

void ActivationNoise::Disable() {
  mode_ = Mode::kOff;
  per_image_ = torch::Tensor();
}

absl::Status ActivationNoise::SetSigma(double sigma) {
  if (!std::isfinite(sigma) || sigma < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("activation noise sigma: must be finite and >= 0, got ", sigma));
  }
  Disable();
  if (sigma > 0) {
    mode_ = Mode::kScalar;
    sigma_ = sigma;
  }
  return absl::OkStatus();
}

absl::Status ActivationNoise::SetPerImageSigma(const torch::Tensor& sigma) {
  if (!sigma.defined() || sigma.dim() != 1 || sigma.scalar_type() != torch::kFloat32) {
    return absl::InvalidArgumentError("activation noise per-image sigma: must be float32 [batch]");
  }
  const torch::Tensor s = sigma.detach().to(torch::kCPU).contiguous();
  if (!torch::isfinite(s).all().item<bool>() || (s < 0).any().item<bool>()) {
    return absl::InvalidArgumentError(
        "activation noise per-image sigma: every value must be finite and >= 0");
  }
  mode_ = Mode::kPerImage;
  per_image_ = s.clone();
  return absl::OkStatus();
}

void ActivationNoise::SetStream(uint64_t seed, uint32_t instance) {
  seed_ = seed;
  instance_ = instance;
  applications_ = 0;
}

torch::Tensor ActivationNoise::Apply(const torch::Tensor& x) {
  if (mode_ == Mode::kOff) return x;
  TORCH_CHECK(mode_ != Mode::kPerImage || (x.dim() >= 1 && x.size(0) == per_image_.size(0)),
              "activation noise: per-image sigma has ", per_image_.size(0),
              " images, the input's batch is ", x.dim() >= 1 ? x.size(0) : 0);
  const RandomStream stream(StreamKey{.seed = seed_,
                                      .entity = kNoiseEntity,
                                      .instance = instance_,
                                      .draw = static_cast<uint32_t>(applications_)});
  ++applications_;
  torch::Tensor noise = torch::empty(x.sizes(), torch::kFloat32);
  stream.FillNormal(0, absl::MakeSpan(noise.data_ptr<float>(), noise.numel()));
  if (mode_ == Mode::kScalar) {
    noise.mul_(static_cast<float>(sigma_));
  } else {
    std::vector<int64_t> shape(x.dim(), 1);
    shape[0] = x.size(0);
    noise.mul_(per_image_.view(shape));
  }
  return x + noise.to(x.options());
}

}  // namespace aimc::networks
