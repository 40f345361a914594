#include "device_models/constant_noise.h"

#include <algorithm>

#include "common/fast_math.h"
#include "common/status_macros.h"
#include "device_models/config.h"
#include "device_models/internal/chunked.h"

namespace aimc::device_models {
namespace {

AIMC_SIMD_CLONES void AdditiveKernel(const float* g, const float* xi, float* out, int64_t n,
                                     float std_us) {
  for (int64_t i = 0; i < n; ++i) out[i] = std::max(0.0f, g[i] + std_us * xi[i]);
}

}  // namespace

void AddClampedNoise(absl::Span<const float> g_us, float std_us, const RandomStream& noise,
                     uint64_t first, absl::Span<float> out_us, int num_threads) {
  AIMC_CHECK(g_us.size() == out_us.size());
  internal::ForEachNormalChunk(g_us.size(), noise, first, num_threads,
                               [&](int64_t begin, int64_t n, const float* xi) {
                                 AdditiveKernel(g_us.data() + begin, xi, out_us.data() + begin, n,
                                                std_us);
                               });
}

absl::StatusOr<ConstantNoiseModel> ConstantNoiseModel::Create(const ConstantNoiseConfig& config) {
  RETURN_IF_ERROR(Validate(config));
  return ConstantNoiseModel(config);
}

void ConstantNoiseModel::Program(absl::Span<const float> g_target_us, const RandomStream& noise,
                                 uint64_t first, absl::Span<float> out_us,
                                 int num_threads) const {
  AddClampedNoise(g_target_us, static_cast<float>(config_.prog_std_us()), noise, first, out_us,
                  num_threads);
}

void ConstantNoiseModel::Read(absl::Span<const float> g_us, const RandomStream& noise,
                              uint64_t first, absl::Span<float> out_us, int num_threads) const {
  AddClampedNoise(g_us, static_cast<float>(config_.read_std_us()), noise, first, out_us,
                  num_threads);
}

}  // namespace aimc::device_models
