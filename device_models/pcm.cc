#include "device_models/pcm.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/fast_math.h"
#include "common/parallel.h"
#include "common/status_macros.h"
#include "device_models/config.h"
#include "device_models/internal/chunked.h"

namespace aimc::device_models {
namespace {

constexpr std::array<float, 3> kDefaultProgCoeffsUs = {0.26348f, 1.9650f, -1.1731f};
constexpr float kMinRelConductance = 1e-7f;  // clamp before ln() (§3)

// Parameters every kernel needs, as plain floats for the vectorised loops.
struct DriftCoeffs {
  float inv_g_max;
};

AIMC_ALWAYS_INLINE float MuNu(float ln_x) {
  return std::min(std::max(-0.0155f * ln_x + 0.0244f, 0.049f), 0.1f);
}

AIMC_ALWAYS_INLINE float SigmaNu(float ln_x) {
  return std::min(std::max(-0.0125f * ln_x - 0.0059f, 0.008f), 0.045f);
}

AIMC_SIMD_CLONES void ProgramKernel(const float* g_t, const float* xi, float* out, int64_t n,
                                    float c0, float c1, float c2, float inv_g_max,
                                    float prog_scale) {
  for (int64_t i = 0; i < n; ++i) {
    const float x = g_t[i] * inv_g_max;
    const float sigma = c0 + x * (c1 + x * c2);
    out[i] = std::max(0.0f, g_t[i] + prog_scale * sigma * xi[i]);
  }
}

AIMC_SIMD_CLONES void NuKernel(const float* g_t, const float* xi, float* nu, int64_t n,
                               float inv_g_max, float drift_scale) {
  for (int64_t i = 0; i < n; ++i) {
    const float ln_x = FastLog(std::max(g_t[i] * inv_g_max, kMinRelConductance));
    nu[i] = std::abs(MuNu(ln_x) + SigmaNu(ln_x) * xi[i]) * drift_scale;
  }
}

// Q_s = min(0.0088 / max((g/g_max)^0.65, 1e-3), 0.2); (g/g_max)^0.65 via
// exp(0.65 ln x), with x clamped at 1e-7 (its power is then below 1e-3 anyway).
AIMC_ALWAYS_INLINE float Qs(float g, float inv_g_max) {
  const float x = std::max(std::abs(g) * inv_g_max, kMinRelConductance);
  return std::min(0.0088f / std::max(FastExp(0.65f * FastLog(x)), 1e-3f), 0.2f);
}

AIMC_ALWAYS_INLINE float DriftAndRead(float g, float nu, float q_s, float xi,
                                      float ln_drift_ratio, float read_sigma_scale) {
  const float g_drift = g * FastExp(-nu * ln_drift_ratio);
  return std::max(0.0f, g_drift + std::abs(g_drift) * read_sigma_scale * q_s * xi);
}

AIMC_SIMD_CLONES void ReadKernel(const float* g, const float* nu, const float* xi, float* out,
                                 int64_t n, float inv_g_max, float ln_drift_ratio,
                                 float read_sigma_scale) {
  for (int64_t i = 0; i < n; ++i) {
    out[i] = DriftAndRead(g[i], nu[i], Qs(g[i], inv_g_max), xi[i], ln_drift_ratio,
                          read_sigma_scale);
  }
}

AIMC_SIMD_CLONES void ReadKernelQs(const float* g, const float* nu, const float* q_s,
                                   const float* xi, float* out, int64_t n, float ln_drift_ratio,
                                   float read_sigma_scale) {
  for (int64_t i = 0; i < n; ++i) {
    out[i] = DriftAndRead(g[i], nu[i], q_s[i], xi[i], ln_drift_ratio, read_sigma_scale);
  }
}

AIMC_SIMD_CLONES void QsKernel(const float* g, float* q_s, int64_t n, float inv_g_max) {
  for (int64_t i = 0; i < n; ++i) q_s[i] = Qs(g[i], inv_g_max);
}

}  // namespace

PcmModel::PcmModel(const PcmConfig& config) : config_(config) {
  g_max_us_ = static_cast<float>(config.g_max_us());
  num_prog_coeffs_ = config.prog_coeffs_us_size() == 0 ? 3 : config.prog_coeffs_us_size();
  for (int k = 0; k < 3; ++k) {
    const float c = config.prog_coeffs_us_size() == 0
                        ? kDefaultProgCoeffsUs[k]
                        : (k < config.prog_coeffs_us_size() ? config.prog_coeffs_us(k) : 0.0f);
    prog_coeffs_us_[k] = c * g_max_us_ / 25.0f;  // sigma_p scales with g_max (§2)
  }
}

absl::StatusOr<PcmModel> PcmModel::Create(const PcmConfig& config) {
  RETURN_IF_ERROR(Validate(config));
  if (config.prog_coeffs_us_size() > 3) {
    return absl::InvalidArgumentError(absl::StrCat(
        "pcm.prog_coeffs_us: at most 3 coefficients (quadratic), got ",
        config.prog_coeffs_us_size()));
  }
  return PcmModel(config);
}

float PcmModel::ProgrammingStdUs(float g_target_us) const {
  const float x = g_target_us / g_max_us_;
  return prog_coeffs_us_[0] + x * (prog_coeffs_us_[1] + x * prog_coeffs_us_[2]);
}

float PcmModel::DriftMean(float g_target_us) const {
  return MuNu(std::log(std::max(g_target_us / g_max_us_, kMinRelConductance)));
}

float PcmModel::DriftStd(float g_target_us) const {
  return SigmaNu(std::log(std::max(g_target_us / g_max_us_, kMinRelConductance)));
}

double PcmModel::ReadNoiseTimeFactor(double t_inference_s) const {
  const double t_read = config_.t_read_s();
  return std::sqrt(std::log((t_inference_s + config_.t0_s() + t_read) / (2 * t_read)));
}

float PcmModel::ReadNoiseQs(float g_us) const {
  const float x = std::max(std::abs(g_us) / g_max_us_, kMinRelConductance);
  return std::min(0.0088f / std::max(std::pow(x, 0.65f), 1e-3f), 0.2f);
}

void PcmModel::Program(absl::Span<const float> g_target_us, const RandomStream& noise,
                       uint64_t first, absl::Span<float> g_prog_us, int num_threads) const {
  AIMC_CHECK(g_target_us.size() == g_prog_us.size());
  const float inv_g_max = 1.0f / g_max_us_;
  const float scale = static_cast<float>(config_.prog_scale());
  internal::ForEachNormalChunk(
      g_target_us.size(), noise, first, num_threads,
      [&](int64_t begin, int64_t n, const float* xi) {
        ProgramKernel(g_target_us.data() + begin, xi, g_prog_us.data() + begin, n,
                      prog_coeffs_us_[0], prog_coeffs_us_[1], prog_coeffs_us_[2], inv_g_max,
                      scale);
      });
}

void PcmModel::DrawDriftExponents(absl::Span<const float> g_target_us, const RandomStream& noise,
                                  uint64_t first, absl::Span<float> nu, int num_threads) const {
  AIMC_CHECK(g_target_us.size() == nu.size());
  const float inv_g_max = 1.0f / g_max_us_;
  const float scale = static_cast<float>(config_.drift_scale());
  internal::ForEachNormalChunk(g_target_us.size(), noise, first, num_threads,
                               [&](int64_t begin, int64_t n, const float* xi) {
                                 NuKernel(g_target_us.data() + begin, xi, nu.data() + begin, n,
                                          inv_g_max, scale);
                               });
}

void PcmModel::Read(absl::Span<const float> g_us, absl::Span<const float> nu,
                    double t_inference_s, const RandomStream& noise, uint64_t first,
                    absl::Span<float> out_us, int num_threads) const {
  AIMC_CHECK(g_us.size() == nu.size() && g_us.size() == out_us.size());
  const ReadFactors f = Factors(t_inference_s);
  const float inv_g_max = 1.0f / g_max_us_;
  internal::ForEachNormalChunk(g_us.size(), noise, first, num_threads,
                               [&](int64_t begin, int64_t n, const float* xi) {
                                 ReadKernel(g_us.data() + begin, nu.data() + begin, xi,
                                            out_us.data() + begin, n, inv_g_max,
                                            f.ln_drift_ratio, f.read_sigma_scale);
                               });
}

void PcmModel::Read(absl::Span<const float> g_us, absl::Span<const float> nu,
                    absl::Span<const float> q_s, double t_inference_s, const RandomStream& noise,
                    uint64_t first, absl::Span<float> out_us, int num_threads) const {
  AIMC_CHECK(g_us.size() == nu.size() && g_us.size() == q_s.size() &&
             g_us.size() == out_us.size());
  const ReadFactors f = Factors(t_inference_s);
  internal::ForEachNormalChunk(g_us.size(), noise, first, num_threads,
                               [&](int64_t begin, int64_t n, const float* xi) {
                                 ReadKernelQs(g_us.data() + begin, nu.data() + begin,
                                              q_s.data() + begin, xi, out_us.data() + begin, n,
                                              f.ln_drift_ratio, f.read_sigma_scale);
                               });
}

void PcmModel::ReadNoiseQs(absl::Span<const float> g_us, absl::Span<float> q_s) const {
  AIMC_CHECK(g_us.size() == q_s.size());
  QsKernel(g_us.data(), q_s.data(), g_us.size(), 1.0f / g_max_us_);
}

PcmModel::ReadFactors PcmModel::Factors(double t_inference_s) const {
  AIMC_CHECK(t_inference_s >= 0);
  // No drift at t = 0 (the exponent factor is exactly 1 there).
  return {static_cast<float>(t_inference_s > 0
                                 ? std::log((t_inference_s + config_.t0_s()) / config_.t0_s())
                                 : 0.0),
          static_cast<float>(config_.read_scale() * ReadNoiseTimeFactor(t_inference_s))};
}

}  // namespace aimc::device_models
