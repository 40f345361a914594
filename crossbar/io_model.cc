#include "crossbar/io_model.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/fast_math.h"
#include "common/parallel.h"
#include "common/status_macros.h"
#include "crossbar/config.h"
#include "crossbar/gemm.h"

namespace aimc::crossbar {
namespace {

// Half-to-even rounding of |v| < 2^22 without SSE4.1's roundps: adding and
// subtracting 1.5 * 2^23 rounds in the FPU's default mode (to nearest even).
AIMC_ALWAYS_INLINE float RoundHalfEven(float v) {
  constexpr float kMagic = 12582912.0f;
  return (v + kMagic) - kMagic;
}

// q(v) = D round(v / D), then clip to +-bound (§6.2, §6.6). Values are first
// limited to +-(bound + D), which changes no result (they clip anyway) and
// keeps v / D in the rounding trick's range. step 0: no quantisation.
AIMC_SIMD_CLONES void QuantizeClip(float* v, int64_t n, float step, float bound) {
  if (step > 0) {
    const float limit = bound + step, inv = 1.0f / step;
    for (int64_t i = 0; i < n; ++i) {
      const float c = std::min(std::max(v[i], -limit), limit);
      v[i] = std::min(std::max(step * RoundHalfEven(c * inv), -bound), bound);
    }
  } else if (bound > 0) {
    for (int64_t i = 0; i < n; ++i) v[i] = std::min(std::max(v[i], -bound), bound);
  }
}

AIMC_SIMD_CLONES void AddScaledNoise(float* v, const float* xi, int64_t n, float scale) {
  for (int64_t i = 0; i < n; ++i) v[i] += scale * xi[i];
}

// PCM_READ: v += w_noise sqrt(sum_j |w_ij| x_j^2) xi.
AIMC_SIMD_CLONES void AddPcmReadNoise(float* v, const float* s, const float* xi, int64_t n,
                                      float w_noise) {
  for (int64_t i = 0; i < n; ++i) v[i] += w_noise * std::sqrt(std::max(s[i], 0.0f)) * xi[i];
}

// IR drop (§6.5): a = (n / G) sum_j |w_ij||x_j|, c = a (0.05 a^2 - 0.2 a + 0.5),
// v -= ir_drop c sum_j w_ij x_j (1 - (1 - j/n)^2).
AIMC_SIMD_CLONES void SubtractIrDrop(float* v, const float* abs_sum, const float* ramp_sum,
                                     int64_t n, float a_scale, float ir_drop) {
  for (int64_t i = 0; i < n; ++i) {
    const float a = a_scale * abs_sum[i];
    const float c = a * (0.05f * a * a - 0.2f * a + 0.5f);
    v[i] -= ir_drop * c * ramp_sum[i];
  }
}

AIMC_SIMD_CLONES void ScaleOutputs(float* v, const float* row_scales, int64_t n, float scale) {
  for (int64_t i = 0; i < n; ++i) v[i] *= scale * row_scales[i];
}

}  // namespace

IoModel::IoModel(const IoConfig& config) : config_(config) {
  if (config.inp_bits() > 0) {
    inp_step_ = static_cast<float>(2 * config.inp_bound() / (std::ldexp(1.0, config.inp_bits()) - 2));
  }
  if (config.out_bits() > 0) {
    out_step_ = static_cast<float>(2 * config.out_bound() / (std::ldexp(1.0, config.out_bits()) - 2));
  }
}

absl::StatusOr<IoModel> IoModel::Create(const IoConfig& config) {
  RETURN_IF_ERROR(Validate(config));
  return IoModel(config);
}

bool IoModel::needs_abs_weights() const {
  return (config_.w_noise_type() == IoConfig::PCM_READ && config_.w_noise() > 0) ||
         config_.ir_drop() > 0;
}

void IoModel::Pass(const Eigen::MatrixXf& w, const Eigen::MatrixXf& abs_w,
                   const Eigen::MatrixXf& xs, const Eigen::VectorXf& scale,
                   const Eigen::VectorXf& row_scales, const std::vector<int>& cols,
                   float factor, int pass,
                   const RandomStream& noise, int num_threads, Eigen::MatrixXf* y,
                   std::vector<int>* hit) const {
  const int in = static_cast<int>(w.cols()), out = static_cast<int>(w.rows());
  const int nb = static_cast<int>(cols.size());
  const int64_t batch = xs.cols();
  const bool pcm_read = config_.w_noise_type() == IoConfig::PCM_READ && config_.w_noise() > 0;
  const bool additive = config_.w_noise_type() == IoConfig::ADDITIVE_CONSTANT &&
                        config_.w_noise() > 0;
  const bool ir = config_.ir_drop() > 0;
  const float inp_bound = static_cast<float>(config_.inp_bound());

  // DAC: the quantised inputs, and the extra right-hand sides the noise and
  // IR-drop sums need, stacked so each weight matrix is one product.
  Eigen::MatrixXf left(in, ir ? 2 * nb : nb);
  Eigen::MatrixXf right(in, (pcm_read ? nb : 0) + (ir ? nb : 0));
  const float inv_factor = 1.0f / factor;
  ParallelFor(nb, num_threads, 1, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      float* xq = left.col(c).data();
      const float* src = xs.col(cols[c]).data();
      for (int k = 0; k < in; ++k) xq[k] = src[k] * inv_factor;
      QuantizeClip(xq, in, inp_step_, inp_bound);
      int r = 0;
      if (pcm_read) right.col(r++ * nb + c) = left.col(c).array().square();
      if (ir) {
        right.col(r * nb + c) = left.col(c).cwiseAbs();
        // ramp_j = 1 - (1 - j/n)^2 for input row j (0-based), n = inputs.
        for (int k = 0; k < in; ++k) {
          const float u = 1.0f - static_cast<float>(k) / in;
          left(k, nb + c) = xq[k] * (1.0f - u * u);
        }
      }
    }
  });
  Eigen::MatrixXf prod_left(out, left.cols());
  Gemm(w, left, prod_left);
  Eigen::MatrixXf prod_right(out, right.cols());
  if (right.cols() > 0) Gemm(abs_w, right, prod_right);

  const float out_noise = static_cast<float>(config_.out_noise());
  const float w_noise = static_cast<float>(config_.w_noise());
  const float out_bound = static_cast<float>(config_.out_bound());
  const float a_scale = static_cast<float>(in / config_.ir_drop_g_ratio());
  const float ir_drop = static_cast<float>(config_.ir_drop());
  const uint64_t plane = static_cast<uint64_t>(out) * batch;
  ParallelFor(nb, num_threads, 1, [&](int64_t begin, int64_t end) {
    std::vector<float> xi(out);
    for (int64_t c = begin; c < end; ++c) {
      const int j = cols[c];
      float* v = y->col(j).data();
      std::copy_n(prod_left.col(c).data(), out, v);
      const uint64_t first = static_cast<uint64_t>(out) * j;
      if (pcm_read || additive) {
        noise.FillNormal((2 * pass) * plane + first, absl::MakeSpan(xi));
        if (pcm_read) {
          AddPcmReadNoise(v, prod_right.col(c).data(), xi.data(), out, w_noise);
        } else {
          AddScaledNoise(v, xi.data(), out, w_noise * left.col(c).norm());
        }
      }
      if (ir) {
        SubtractIrDrop(v, prod_right.col((pcm_read ? nb : 0) + c).data(),
                       prod_left.col(nb + c).data(), out, a_scale, ir_drop);
      }
      if (out_noise > 0) {
        noise.FillNormal((2 * pass + 1) * plane + first, absl::MakeSpan(xi));
        AddScaledNoise(v, xi.data(), out, out_noise);
      }
      QuantizeClip(v, out, out_step_, out_bound);
      if (out_bound > 0) {
        int at_bound = 0;
        for (int i = 0; i < out; ++i) at_bound += std::abs(v[i]) >= out_bound;
        (*hit)[j] = at_bound;
      }
      // Step 8: input scale, bound-management factor, output scales.
      ScaleOutputs(v, row_scales.data(), out, scale[j] * factor);
    }
  });
}

void IoModel::Forward(const Eigen::MatrixXf& w, const Eigen::MatrixXf& abs_w,
                      const Eigen::Ref<const Eigen::MatrixXf>& x, float input_range,
                      const Eigen::VectorXf& row_scales, const RandomStream& noise,
                      int num_threads, Eigen::MatrixXf* y, IoStats* stats) const {
  AIMC_CHECK(w.cols() == x.rows());
  AIMC_CHECK(row_scales.size() == w.rows());
  AIMC_CHECK(!needs_abs_weights() || (abs_w.rows() == w.rows() && abs_w.cols() == w.cols()));
  const int64_t batch = x.cols();
  y->resize(w.rows(), batch);
  // Step 1: input scaling, per column.
  Eigen::MatrixXf xs;
  Eigen::VectorXf scale(batch);
  if (input_range > 0) {
    xs = x.cwiseMax(-input_range).cwiseMin(input_range) / input_range;
    scale.setConstant(input_range);
  } else if (config_.noise_management() == IoConfig::ABS_MAX) {
    scale = x.cwiseAbs().colwise().maxCoeff().transpose();
    scale = (scale.array() > 0).select(scale, 1.0f);  // an all-zero vector stays 0
    xs = x * scale.cwiseInverse().asDiagonal();
  } else {
    xs = x;
    scale.setOnes();
  }
  std::vector<int> cols(batch);
  for (int j = 0; j < batch; ++j) cols[j] = j;
  std::vector<int> hit(batch, 0);  // outputs at the bound, per column
  float f = 1.0f;
  int pass = 0;
  Pass(w, abs_w, xs, scale, row_scales, cols, f, pass, noise, num_threads, y, &hit);
  int64_t redone = 0;
  if (config_.bound_management() != IoConfig::BM_NONE) {
    double limit = config_.max_bm_factor();
    if (inp_step_ > 0) limit = std::min(limit, config_.max_bm_res() / inp_step_);
    const bool whole_batch = config_.bound_management() == IoConfig::ITERATIVE_BATCH;
    while (f < limit) {
      std::vector<int> redo;
      for (int j = 0; j < batch; ++j) {
        if (hit[j]) redo.push_back(j);
      }
      if (redo.empty()) break;
      if (whole_batch) redo = cols;
      f *= 2;
      ++pass;
      redone += redo.size();
      Pass(w, abs_w, xs, scale, row_scales, redo, f, pass, noise, num_threads, y, &hit);
    }
  }
  if (stats != nullptr) {
    stats->bm_passes = pass + 1;
    stats->bm_redone = redone;
    stats->clipped = 0;
    for (int at_bound : hit) stats->clipped += at_bound;
  }
}

}  // namespace aimc::crossbar
