// ReRAM conductance statistics of Rasch et al. 2023 Supp. B.2 (Wan et al.
// 2022 data), per ../shared/docs/aimc_model.md §7. Conductances in uS, times s.
//
// The effective programming+relaxation error is Gaussian with std
// sigma(x, t) = sum_k c_k(t) x^k, x = g_target / g_max, fitted at a few times
// (1 s and 1 day in the paper). Between fits sigma is interpolated linearly in
// log t; before the first fit the first is used, after the last the last
// (FitNote() says which, for the tools to print). Programming uses the first
// fit. Read noise: read_noise_rel * g_max per device, conductance-independent.
// No drift. Conductances are clamped at 0 (a device cannot go negative).
// Thread-safe (immutable).
#ifndef AIMC_DEVICE_MODELS_RERAM_H_
#define AIMC_DEVICE_MODELS_RERAM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/random.h"
#include "device_models/device_config.pb.h"

namespace aimc::device_models {

class ReramModel {
 public:
  static constexpr int kMaxCoeffs = 8;

  static absl::StatusOr<ReramModel> Create(const ReramConfig& config);

  const ReramConfig& config() const { return config_; }
  float g_max_us() const { return static_cast<float>(config_.g_max_us()); }

  // sigma(x, t) in uS, before prog_scale.
  float SigmaUs(float g_target_us, double t_inference_s) const;
  // How sigma at t is obtained, e.g. "interpolated in log t between the fits at
  // 1 s and 86400 s" or "the fit at 86400 s (held beyond the last fit)".
  std::string FitNote(double t_inference_s) const;

  // out[i] = max(0, g_target[i] + prog_scale sigma(x_i, t) xi_i). Programming
  // is this at the first fit's time. out may alias g_target.
  void ApplyError(absl::Span<const float> g_target_us, double t_inference_s,
                  const RandomStream& noise, uint64_t first, absl::Span<float> out_us,
                  int num_threads) const;

  // out[i] = max(0, g[i] + read_noise_rel g_max xi_i). out may alias g.
  void Read(absl::Span<const float> g_us, const RandomStream& noise, uint64_t first,
            absl::Span<float> out_us, int num_threads) const;

  double first_fit_time_s() const { return config_.fits(0).time_s(); }

 private:
  explicit ReramModel(const ReramConfig& config) : config_(config) {}
  // Coefficients (uS) of sigma at time t, interpolated between fits.
  std::vector<float> CoeffsAt(double t_inference_s) const;

  ReramConfig config_;
};

}  // namespace aimc::device_models

#endif  // AIMC_DEVICE_MODELS_RERAM_H_
