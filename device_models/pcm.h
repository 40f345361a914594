// PCM conductance statistics: programming noise, drift exponent, drift and 1/f
// read noise, per ../shared/docs/aimc_model.md §2-4 (Nandakumar et al. 2019;
// Rasch et al. 2023 Supp. Table 1). Conductances in uS, times in s.
//
// Every kernel works in bulk on contiguous arrays; normal xi_i is number
// (first + i) of the given RandomStream, so results do not depend on the
// thread count or on how the caller splits the array. Create() validates and
// returns InvalidArgument naming the field. Thread-safe (immutable).
#ifndef AIMC_DEVICE_MODELS_PCM_H_
#define AIMC_DEVICE_MODELS_PCM_H_

#include <array>
#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/random.h"
#include "device_models/device_config.pb.h"

namespace aimc::device_models {

class PcmModel {
 public:
  static absl::StatusOr<PcmModel> Create(const PcmConfig& config);

  const PcmConfig& config() const { return config_; }
  float g_max_us() const { return g_max_us_; }

  // sigma_p(g_target) in uS, before prog_scale (§2).
  float ProgrammingStdUs(float g_target_us) const;
  // mu_nu and sigma_nu at g_target (§3), before drift_scale.
  float DriftMean(float g_target_us) const;
  float DriftStd(float g_target_us) const;
  // sqrt(ln((t_inf + t0 + t_read) / (2 t_read))) of §4.
  double ReadNoiseTimeFactor(double t_inference_s) const;
  // Q_s of §4 at conductance g (uS).
  float ReadNoiseQs(float g_us) const;

  // g_prog[i] = max(0, g_target[i] + prog_scale sigma_p(x_i) xi_i).
  // REQUIRES: spans of equal size; g_prog may alias g_target.
  void Program(absl::Span<const float> g_target_us, const RandomStream& noise, uint64_t first,
               absl::Span<float> g_prog_us, int num_threads) const;

  // nu[i] = |mu_nu(x_i) + sigma_nu(x_i) xi_i| drift_scale, x from g_target.
  void DrawDriftExponents(absl::Span<const float> g_target_us, const RandomStream& noise,
                          uint64_t first, absl::Span<float> nu, int num_threads) const;

  // Drift then fresh read noise at t_inference_s >= 0 after programming:
  // g_d = g ((t + t0)/t0)^-nu (t > 0), Q_s from g,
  // out = max(0, g_d + |g_d| read_scale Q_s time_factor(t) xi).
  // REQUIRES: spans of equal size; out may alias g_us.
  void Read(absl::Span<const float> g_us, absl::Span<const float> nu, double t_inference_s,
            const RandomStream& noise, uint64_t first, absl::Span<float> out_us,
            int num_threads) const;

  // The same with Q_s(g) precomputed by ReadNoiseQs below (a programmed array
  // reads many times: this saves a log and an exp per device and read).
  void Read(absl::Span<const float> g_us, absl::Span<const float> nu,
            absl::Span<const float> q_s, double t_inference_s, const RandomStream& noise,
            uint64_t first, absl::Span<float> out_us, int num_threads) const;

  // q_s[i] = Q_s(g[i]), the bulk form of ReadNoiseQs(float).
  void ReadNoiseQs(absl::Span<const float> g_us, absl::Span<float> q_s) const;

 private:
  struct ReadFactors {
    float ln_drift_ratio;    // ln((t + t0) / t0), 0 at t = 0 (no drift)
    float read_sigma_scale;  // read_scale * sqrt(ln((t + t0 + t_read) / (2 t_read)))
  };
  explicit PcmModel(const PcmConfig& config);
  ReadFactors Factors(double t_inference_s) const;

  PcmConfig config_;
  float g_max_us_;
  std::array<float, 3> prog_coeffs_us_;  // at g_max 25, scaled to g_max_us_ already
  int num_prog_coeffs_;
};

}  // namespace aimc::device_models

#endif  // AIMC_DEVICE_MODELS_PCM_H_
