#include "device_models/reram.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/fast_math.h"
#include "common/status_macros.h"
#include "device_models/config.h"
#include "device_models/constant_noise.h"
#include "device_models/internal/chunked.h"

namespace aimc::device_models {
namespace {

AIMC_SIMD_CLONES void ErrorKernel(const float* g_t, const float* xi, float* out, int64_t n,
                                  const float* coeffs /* kMaxCoeffs, zero-padded */,
                                  float inv_g_max, float scale) {
  for (int64_t i = 0; i < n; ++i) {
    const float x = g_t[i] * inv_g_max;
    float sigma = coeffs[ReramModel::kMaxCoeffs - 1];
    for (int k = ReramModel::kMaxCoeffs - 2; k >= 0; --k) sigma = sigma * x + coeffs[k];
    out[i] = std::max(0.0f, g_t[i] + scale * sigma * xi[i]);
  }
}

}  // namespace

absl::StatusOr<ReramModel> ReramModel::Create(const ReramConfig& config) {
  RETURN_IF_ERROR(Validate(config));
  for (int i = 0; i < config.fits_size(); ++i) {
    if (config.fits(i).coeffs_us_size() > kMaxCoeffs) {
      return absl::InvalidArgumentError(absl::StrCat("reram.fits[", i, "].coeffs_us: at most ",
                                                     kMaxCoeffs, " coefficients, got ",
                                                     config.fits(i).coeffs_us_size()));
    }
  }
  return ReramModel(config);
}

std::vector<float> ReramModel::CoeffsAt(double t) const {
  std::vector<float> out(kMaxCoeffs, 0.0f);
  const int n = config_.fits_size();
  int lo = 0, hi = 0;
  double w = 0;
  if (t >= config_.fits(n - 1).time_s()) {
    lo = hi = n - 1;
  } else if (t > config_.fits(0).time_s()) {
    while (config_.fits(hi).time_s() < t) ++hi;
    lo = hi - 1;
    w = std::log(t / config_.fits(lo).time_s()) /
        std::log(config_.fits(hi).time_s() / config_.fits(lo).time_s());
  }
  for (int k = 0; k < kMaxCoeffs; ++k) {
    const auto coeff = [k](const ReramFit& f) {
      return k < f.coeffs_us_size() ? f.coeffs_us(k) : 0.0;
    };
    out[k] = static_cast<float>((1 - w) * coeff(config_.fits(lo)) + w * coeff(config_.fits(hi)));
  }
  return out;
}

float ReramModel::SigmaUs(float g_target_us, double t_inference_s) const {
  const std::vector<float> c = CoeffsAt(t_inference_s);
  const float x = g_target_us / g_max_us();
  float sigma = 0;
  for (int k = kMaxCoeffs - 1; k >= 0; --k) sigma = sigma * x + c[k];
  return sigma;
}

namespace {
// Times in plain digits (2592000, not 2.592e+06).
std::string Seconds(double t) { return absl::StrFormat("%.10g", t); }
}  // namespace

std::string ReramModel::FitNote(double t) const {
  const int n = config_.fits_size();
  for (int i = 0; i < n; ++i) {
    if (t == config_.fits(i).time_s()) return absl::StrCat("the fit at ", Seconds(t), " s");
  }
  if (t < config_.fits(0).time_s()) {
    return absl::StrCat("the fit at ", Seconds(config_.fits(0).time_s()), " s (held before the first fit)");
  }
  if (t > config_.fits(n - 1).time_s()) {
    return absl::StrCat("the fit at ", Seconds(config_.fits(n - 1).time_s()),
                        " s (held beyond the last fit)");
  }
  int hi = 0;
  while (config_.fits(hi).time_s() < t) ++hi;
  return absl::StrCat("interpolated in log t between the fits at ",
                      Seconds(config_.fits(hi - 1).time_s()), " s and ",
                      Seconds(config_.fits(hi).time_s()), " s");
}

void ReramModel::ApplyError(absl::Span<const float> g_target_us, double t_inference_s,
                            const RandomStream& noise, uint64_t first, absl::Span<float> out_us,
                            int num_threads) const {
  AIMC_CHECK(g_target_us.size() == out_us.size());
  const std::vector<float> coeffs = CoeffsAt(t_inference_s);
  const float inv_g_max = 1.0f / g_max_us();
  const float scale = static_cast<float>(config_.prog_scale());
  internal::ForEachNormalChunk(g_target_us.size(), noise, first, num_threads,
                               [&](int64_t begin, int64_t n, const float* xi) {
                                 ErrorKernel(g_target_us.data() + begin, xi,
                                             out_us.data() + begin, n, coeffs.data(), inv_g_max,
                                             scale);
                               });
}

void ReramModel::Read(absl::Span<const float> g_us, const RandomStream& noise, uint64_t first,
                      absl::Span<float> out_us, int num_threads) const {
  AIMC_CHECK(g_us.size() == out_us.size());
  AddClampedNoise(g_us, static_cast<float>(config_.read_noise_rel() * config_.g_max_us()), noise,
                  first, out_us, num_threads);
}

}  // namespace aimc::device_models
