// Additive Gaussian activation noise at a network's noise sites, the noise
// model of VANT and Noisy Training (vant_rasch_spec.md A.1.1-A.1.2): x + σ·ξ
// with ξ ~ N(0, 1) drawn independently per element at every site of every
// forward, σ absolute (the activation's units, no normalisation), either one
// σ for the whole batch (NT, and every evaluation) or one σ_b per image shared
// by every site of that image's forward (VANT).
//
// Ownership: one ActivationNoise is shared (std::shared_ptr) by a network,
// whose forward calls Apply at each site, and by whoever sets σ: a training
// regime before each step (training/vant/noisy_training.h) or an evaluation
// loop before each pass.
//
// Randomness: the k-th Apply since the last SetStream draws number i of
// element i from RandomStream{seed, entity = kNoiseEntity, instance, draw = k}.
// So a forward's noise depends on (seed, instance, site order) only: not on
// the thread count, the batch's memory or earlier forwards' sizes.
// Thread-compatible (Apply advances a counter).
#ifndef AIMC_NETWORKS_ACTIVATION_NOISE_H_
#define AIMC_NETWORKS_ACTIVATION_NOISE_H_

#include <cstdint>

#include <torch/types.h>

#include "absl/status/status.h"

namespace aimc::networks {

class ActivationNoise {
 public:
  // StreamKey::entity of the draws: apart from the layers' and tiles' own
  // entities (small integers).
  static constexpr uint32_t kNoiseEntity = 0x4E4F4953;  // "NOIS"

  // Off: Apply returns x itself (no draw).
  ActivationNoise() = default;

  void Disable();
  // One σ for every element. InvalidArgument for a negative or non-finite σ.
  // σ = 0 is off.
  absl::Status SetSigma(double sigma);
  // σ_b for image b: float32 [batch], finite and >= 0 (InvalidArgument
  // otherwise). Apply then REQUIRES inputs whose first dimension is batch.
  absl::Status SetPerImageSigma(const torch::Tensor& sigma);
  // Keys the draws of the Applies that follow and restarts their count.
  void SetStream(uint64_t seed, uint32_t instance);

  bool enabled() const { return mode_ != Mode::kOff; }
  // Applies since the last SetStream (the sites a forward passed).
  int64_t applications() const { return applications_; }
  // What is set, for logs and tests: the scalar σ (0 unless scalar) and the
  // per-image σ (undefined unless per-image).
  double sigma() const { return mode_ == Mode::kScalar ? sigma_ : 0.0; }
  const torch::Tensor& per_image_sigma() const { return per_image_; }

  // x + σ ξ (an autograd-transparent add: the gradient passes unchanged).
  // Throws c10::Error (torch's convention in forward) if a per-image σ does
  // not match x's batch.
  torch::Tensor Apply(const torch::Tensor& x);

 private:
  enum class Mode { kOff, kScalar, kPerImage };
  Mode mode_ = Mode::kOff;
  double sigma_ = 0;
  torch::Tensor per_image_;  // [batch] float32
  uint64_t seed_ = 0;
  uint32_t instance_ = 0;
  int64_t applications_ = 0;
};

}  // namespace aimc::networks

#endif  // AIMC_NETWORKS_ACTIVATION_NOISE_H_
