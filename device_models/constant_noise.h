// State-independent Gaussian conductance noise: programming and read noise
// with fixed stds in uS, no drift; conductances clamped at 0. A
// technology-neutral baseline (Rasch et al. 2023 Supp. Table 5, type 'C').
// Thread-safe (immutable).
#ifndef AIMC_DEVICE_MODELS_CONSTANT_NOISE_H_
#define AIMC_DEVICE_MODELS_CONSTANT_NOISE_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/random.h"
#include "device_models/device_config.pb.h"

namespace aimc::device_models {

class ConstantNoiseModel {
 public:
  static absl::StatusOr<ConstantNoiseModel> Create(const ConstantNoiseConfig& config);

  const ConstantNoiseConfig& config() const { return config_; }
  float g_max_us() const { return static_cast<float>(config_.g_max_us()); }

  // out[i] = max(0, g[i] + std_us xi_i), std_us = prog_std_us (Program) or
  // read_std_us (Read). out may alias g.
  void Program(absl::Span<const float> g_target_us, const RandomStream& noise, uint64_t first,
               absl::Span<float> out_us, int num_threads) const;
  void Read(absl::Span<const float> g_us, const RandomStream& noise, uint64_t first,
            absl::Span<float> out_us, int num_threads) const;

 private:
  explicit ConstantNoiseModel(const ConstantNoiseConfig& config) : config_(config) {}
  ConstantNoiseConfig config_;
};

// out[i] = max(0, g[i] + std_us xi_i): the additive kernel ReRAM read noise and
// the constant model share.
void AddClampedNoise(absl::Span<const float> g_us, float std_us, const RandomStream& noise,
                     uint64_t first, absl::Span<float> out_us, int num_threads);

}  // namespace aimc::device_models

#endif  // AIMC_DEVICE_MODELS_CONSTANT_NOISE_H_
