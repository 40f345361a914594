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

// y = v * scale * row_scales, or y += that (bit-serial slices).
AIMC_SIMD_CLONES void ScaleOutputs(const float* v, const float* row_scales, int64_t n,
                                   float scale, bool accumulate, float* y) {
  if (accumulate) {
    for (int64_t i = 0; i < n; ++i) y[i] += v[i] * scale * row_scales[i];
  } else {
    for (int64_t i = 0; i < n; ++i) y[i] = v[i] * scale * row_scales[i];
  }
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

namespace {

// Columns per block: temporaries stay small (and in cache) whatever the batch,
// and each product is still wide enough for BLAS to run at full speed.
constexpr int kBlockColumns = 256;

}  // namespace

void IoModel::Pass(const Eigen::MatrixXf& w, const Eigen::MatrixXf& abs_w, int64_t batch,
                   int64_t j0, const Eigen::VectorXf& scale, const Eigen::VectorXf& row_scales,
                   const std::vector<int>& cols, float factor, float output_weight, int pass,
                   const RandomStream& noise, int num_threads, IoWorkspace* s, Eigen::MatrixXf* y,
                   std::vector<int>* hit, bool accumulate, bool quantize_input) const {
  const int in = static_cast<int>(w.cols()), out = static_cast<int>(w.rows());
  const int nb = static_cast<int>(cols.size());
  const bool pcm_read = config_.w_noise_type() == IoConfig::PCM_READ && config_.w_noise() > 0;
  const bool additive = config_.w_noise_type() == IoConfig::ADDITIVE_CONSTANT &&
                        config_.w_noise() > 0;
  const bool ir = config_.ir_drop() > 0;
  const float inp_bound = static_cast<float>(config_.inp_bound());
  // Whether cols is the whole block in order: then the block's random numbers
  // are one contiguous range per kind.
  const bool contiguous = s->raw != nullptr || nb == s->xs.cols();

  // DAC: the quantised inputs, and the extra right-hand sides the noise and
  // IR-drop sums need, stacked so each weight matrix is one product.
  s->left.resize(in, ir ? 2 * nb : nb);
  s->right.resize(in, (pcm_read ? nb : 0) + (ir ? nb : 0));
  const float inv_factor = 1.0f / factor;
  ParallelFor(nb, num_threads, 16, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      float* xq = s->left.col(c).data();
      if (s->raw != nullptr) {
        // A streamed block: one pass, factor 1 (Streams()).
        const float* src = s->raw + cols[c] * s->raw_stride;
        if (s->raw_levels) {
          std::copy_n(src, in, xq);  // the source made them with ToDacLevels
        } else {
          ToDacLevels(src, in, s->raw_range, xq);
        }
      } else {
        const float* src = s->xs.col(cols[c]).data();
        for (int k = 0; k < in; ++k) xq[k] = src[k] * inv_factor;
        // Bit-serial slices are exact DAC levels already.
        QuantizeClip(xq, in, quantize_input ? inp_step_ : 0.0f, inp_bound);
      }
      int r = 0;
      if (pcm_read) s->right.col(r++ * nb + c) = s->left.col(c).array().square();
      if (ir) {
        s->right.col(r * nb + c) = s->left.col(c).cwiseAbs();
        s->left.col(nb + c) = s->left.col(c).cwiseProduct(s->ramp);
      }
    }
  });
  s->prod_left.resize(out, s->left.cols());
  Gemm(w, s->left, s->prod_left, num_threads);
  s->prod_right.resize(out, s->right.cols());
  if (s->right.cols() > 0) Gemm(abs_w, s->right, s->prod_right, num_threads);

  const float out_noise = static_cast<float>(config_.out_noise());
  const float w_noise = static_cast<float>(config_.w_noise());
  const uint64_t plane = static_cast<uint64_t>(out) * batch;
  const uint64_t block_first = static_cast<uint64_t>(out) * j0;
  if (contiguous) {
    // One range of numbers per kind for the whole block: no per-column waste.
    const size_t n = static_cast<size_t>(out) * nb;
    if (pcm_read || additive) {
      s->xi_w.resize(n);
      noise.FillNormal(2 * pass * plane + block_first, absl::MakeSpan(s->xi_w));
    }
    if (out_noise > 0) {
      s->xi_o.resize(n);
      noise.FillNormal((2 * pass + 1) * plane + block_first, absl::MakeSpan(s->xi_o));
    }
  }
  const float out_bound = static_cast<float>(config_.out_bound());
  const float a_scale = static_cast<float>(in / config_.ir_drop_g_ratio());
  const float ir_drop = static_cast<float>(config_.ir_drop());
  ParallelFor(nb, num_threads, 16, [&](int64_t begin, int64_t end) {
    std::vector<float> own_w, own_o;  // per-column numbers when not contiguous
    std::vector<float> own_v;         // the column's outputs before scaling
    for (int64_t c = begin; c < end; ++c) {
      const int j = cols[c];  // column within the block
      const uint64_t first = block_first + static_cast<uint64_t>(out) * j;
      const float* xi_w = nullptr;
      const float* xi_o = nullptr;
      if (contiguous) {
        if (!s->xi_w.empty()) xi_w = s->xi_w.data() + static_cast<size_t>(out) * c;
        if (!s->xi_o.empty()) xi_o = s->xi_o.data() + static_cast<size_t>(out) * c;
      } else {
        if (pcm_read || additive) {
          own_w.resize(out);
          noise.FillNormal(2 * pass * plane + first, absl::MakeSpan(own_w));
          xi_w = own_w.data();
        }
        if (out_noise > 0) {
          own_o.resize(out);
          noise.FillNormal((2 * pass + 1) * plane + first, absl::MakeSpan(own_o));
          xi_o = own_o.data();
        }
      }
      own_v.resize(out);
      float* v = own_v.data();
      std::copy_n(s->prod_left.col(c).data(), out, v);
      if (pcm_read) {
        AddPcmReadNoise(v, s->prod_right.col(c).data(), xi_w, out, w_noise);
      } else if (additive) {
        AddScaledNoise(v, xi_w, out, w_noise * s->left.col(c).norm());
      }
      if (ir) {
        SubtractIrDrop(v, s->prod_right.col((pcm_read ? nb : 0) + c).data(),
                       s->prod_left.col(nb + c).data(), out, a_scale, ir_drop);
      }
      if (out_noise > 0) AddScaledNoise(v, xi_o, out, out_noise);
      QuantizeClip(v, out, out_step_, out_bound);
      if (out_bound > 0) {
        int at_bound = 0;
        for (int i = 0; i < out; ++i) at_bound += std::abs(v[i]) >= out_bound;
        (*hit)[j0 + j] = accumulate ? (*hit)[j0 + j] + at_bound : at_bound;
      }
      // Step 8: input scale, bound-management factor (or the slice's digital
      // weight), output scales.
      ScaleOutputs(v, row_scales.data(), out, scale[j0 + j] * output_weight, accumulate,
                   y->col(j0 + j).data());
    }
  });
}

void IoModel::BitSerial(const Eigen::MatrixXf& w, const Eigen::MatrixXf& abs_w, int64_t batch,
                        int64_t j0, const Eigen::VectorXf& scale,
                        const Eigen::VectorXf& row_scales, const RandomStream& noise,
                        int num_threads, IoWorkspace* s, Eigen::MatrixXf* y,
                        std::vector<int>* hit) const {
  // The DAC code of each input: q = round(x / D) in +-(2^(inp_bits-1) - 1)
  // steps; its magnitude goes out in slices of dac_bits, least significant
  // first, each slice a DAC level m_k / (2^dac_bits - 1) with the input's sign.
  const int d = config_.dac_bits();
  const int magnitude_bits = config_.inp_bits() - 1;
  const int slices = (magnitude_bits + d - 1) / d;
  const float levels = static_cast<float>((1 << d) - 1);
  const Eigen::MatrixXf codes = [&] {
    Eigen::MatrixXf q = s->xs;
    for (Eigen::Index i = 0; i < q.size(); ++i) {
      QuantizeClip(q.data() + i, 1, inp_step_, static_cast<float>(config_.inp_bound()));
      q.data()[i] = RoundHalfEven(q.data()[i] / inp_step_);
    }
    return q;
  }();
  const std::vector<int>& cols = s->cols;
  for (int k = 0; k < slices; ++k) {
    const int shift = d * k;
    for (Eigen::Index i = 0; i < codes.size(); ++i) {
      const float c = codes.data()[i];
      const int m = (static_cast<int>(std::abs(c)) >> shift) & ((1 << d) - 1);
      s->xs.data()[i] = std::copysign(static_cast<float>(m) / levels, c);
    }
    // Slice k weighs (2^d - 1) 2^(d k) D_in digitally.
    const float weight = levels * std::ldexp(1.0f, shift) * inp_step_;
    Pass(w, abs_w, batch, j0, scale, row_scales, cols, 1.0f, weight, k, noise, num_threads, s, y,
         hit,
         /*accumulate=*/k > 0, /*quantize_input=*/false);
  }
}

void IoModel::Forward(const Eigen::MatrixXf& w, const Eigen::MatrixXf& abs_w,
                      const Eigen::Ref<const Eigen::MatrixXf>& x, float input_range,
                      const Eigen::VectorXf& row_scales, const RandomStream& noise,
                      int num_threads, IoWorkspace* ws, Eigen::MatrixXf* y,
                      IoStats* stats) const {
  ForwardImpl(w, abs_w, &x, nullptr, input_range, row_scales, noise, num_threads, ws, y, stats);
}

bool IoModel::Streams(float input_range) const {
  return input_range > 0 && config_.bound_management() == IoConfig::BM_NONE &&
         config_.dac_bits() == 0;
}

void IoModel::ToDacLevels(const float* x, int64_t n, float input_range, float* out) const {
  AIMC_CHECK(input_range > 0);
  const float r = input_range;
  // The numbers of the xs path for a matrix batch: x clipped to ±r, divided
  // by r, times the bound-management factor 1 (exact), quantised.
  for (int64_t i = 0; i < n; ++i) out[i] = std::min(std::max(x[i], -r), r) / r;
  QuantizeClip(out, n, inp_step_, static_cast<float>(config_.inp_bound()));
}

void IoModel::Forward(const Eigen::MatrixXf& w, const Eigen::MatrixXf& abs_w,
                      const ColumnSource& x, float input_range,
                      const Eigen::VectorXf& row_scales, const RandomStream& noise,
                      int num_threads, IoWorkspace* ws, Eigen::MatrixXf* y,
                      IoStats* stats) const {
  AIMC_CHECK(Streams(input_range));
  ForwardImpl(w, abs_w, nullptr, &x, input_range, row_scales, noise, num_threads, ws, y, stats);
}

void IoModel::ForwardImpl(const Eigen::MatrixXf& w, const Eigen::MatrixXf& abs_w,
                          const Eigen::Ref<const Eigen::MatrixXf>* x_matrix,
                          const ColumnSource* source, float input_range,
                          const Eigen::VectorXf& row_scales, const RandomStream& noise,
                          int num_threads, IoWorkspace* ws, Eigen::MatrixXf* y,
                          IoStats* stats) const {
  const int in = static_cast<int>(x_matrix != nullptr ? x_matrix->rows() : source->rows());
  const int64_t batch = x_matrix != nullptr ? x_matrix->cols() : source->cols();
  AIMC_CHECK(w.cols() == in);
  AIMC_CHECK(row_scales.size() == w.rows());
  AIMC_CHECK(!needs_abs_weights() || (abs_w.rows() == w.rows() && abs_w.cols() == w.cols()));
  y->resize(w.rows(), batch);
  IoWorkspace& s = *ws;
  if (config_.ir_drop() > 0 && s.ramp.size() != in) {
    s.ramp.resize(in);
    for (int k = 0; k < in; ++k) {
      const float u = 1.0f - static_cast<float>(k) / in;  // ramp_k = 1 - (1 - k/n)^2
      s.ramp[k] = 1.0f - u * u;
    }
  }
  // Step 1: per-column input scale.
  Eigen::VectorXf& scale = s.scale;
  scale.resize(batch);
  if (input_range > 0) {
    scale.setConstant(input_range);
  } else if (config_.noise_management() == IoConfig::ABS_MAX) {
    const Eigen::Ref<const Eigen::MatrixXf>& x = *x_matrix;  // sources stream with a range only
    scale = x.cwiseAbs().colwise().maxCoeff().transpose();
    scale = (scale.array() > 0).select(scale, 1.0f);  // an all-zero vector stays 0
  } else {
    scale.setOnes();
  }
  std::vector<int>& hit = s.hit;  // outputs at the bound, per column
  hit.assign(batch, 0);
  double limit = config_.max_bm_factor();
  if (inp_step_ > 0) limit = std::min(limit, config_.max_bm_res() / inp_step_);
  const bool bm = config_.bound_management() != IoConfig::BM_NONE;
  const bool whole_batch = config_.bound_management() == IoConfig::ITERATIVE_BATCH;
  // ITERATIVE_BATCH redoes the whole batch: one block then.
  const int64_t block = whole_batch ? std::max<int64_t>(batch, 1) : kBlockColumns;
  const int64_t num_blocks = (batch + block - 1) / block;

  // One block of columns [j0, j0 + nb) with workspace `w_s` and `threads`
  // threads inside; adds its bound-management passes and redone columns.
  auto run_block = [&](int64_t j0, IoWorkspace& w_s, int threads, int* passes, int64_t* redone) {
    const int nb = static_cast<int>(std::min<int64_t>(block, batch - j0));
    std::vector<int>& cols = w_s.cols;
    cols.resize(nb);
    for (int j = 0; j < nb; ++j) cols[j] = j;
    if (Streams(input_range)) {
      // One pass reads the block in place (see IoWorkspace::raw), or makes
      // it from the source first, into a buffer that stays in cache.
      if (source != nullptr) {
        w_s.block_in.resize(in, nb);
        source->Fill(j0, nb, w_s.block_in.data());
        w_s.raw = w_s.block_in.data();
        w_s.raw_stride = in;
        w_s.raw_levels = source->dac_levels();
      } else {
        w_s.raw = x_matrix->data() + j0 * x_matrix->outerStride();
        w_s.raw_stride = x_matrix->outerStride();
      }
      w_s.raw_range = input_range;
      Pass(w, abs_w, batch, j0, scale, row_scales, cols, 1.0f, 1.0f, 0, noise, threads, &w_s, y,
           &hit, /*accumulate=*/false, /*quantize_input=*/true);
      w_s.raw = nullptr;
      w_s.raw_levels = false;
      return;
    }
    const auto xb = x_matrix->middleCols(j0, nb);
    if (input_range > 0) {
      w_s.xs = xb.cwiseMax(-input_range).cwiseMin(input_range) / input_range;
    } else {
      w_s.xs = xb * scale.segment(j0, nb).cwiseInverse().asDiagonal();
    }
    if (config_.dac_bits() > 0) {
      BitSerial(w, abs_w, batch, j0, scale, row_scales, noise, threads, &w_s, y, &hit);
      return;
    }
    float f = 1.0f;
    int pass = 0;
    Pass(w, abs_w, batch, j0, scale, row_scales, cols, f, f, pass, noise, threads, &w_s, y, &hit,
         /*accumulate=*/false, /*quantize_input=*/true);
    while (bm && f < limit) {
      std::vector<int>& redo = w_s.redo;
      redo.clear();
      for (int j = 0; j < nb; ++j) {
        if (hit[j0 + j] > 0) redo.push_back(j);
      }
      if (redo.empty()) break;
      if (whole_batch) redo = cols;
      f *= 2;
      ++pass;
      *redone += static_cast<int64_t>(redo.size());
      Pass(w, abs_w, batch, j0, scale, row_scales, redo, f, f, pass, noise, threads, &w_s, y,
           &hit, /*accumulate=*/false, /*quantize_input=*/true);
    }
    *passes = std::max(*passes, pass + 1);
  };

  int passes = 1;
  int64_t redone = 0;
  if (num_threads > 1 && num_blocks >= 2 * num_threads) {
    // Many blocks: one thread per share of whole blocks, each with its own
    // workspace, instead of splitting every block (a small layer's block is
    // too little work to hand to another core 3 times per block). Blocks
    // write disjoint columns of y and hit and draw their noise by position,
    // so the numbers do not depend on the thread count.
    s.workers.resize(num_threads);
    for (IoWorkspace& worker : s.workers) {
      if (worker.ramp.size() != s.ramp.size()) worker.ramp = s.ramp;
    }
    std::vector<int> share_passes(num_threads, 1);
    std::vector<int64_t> share_redone(num_threads, 0);
    ParallelFor(num_threads, num_threads, 1, [&](int64_t begin, int64_t end) {
      for (int64_t t = begin; t < end; ++t) {
        const int64_t first = num_blocks * t / num_threads, last = num_blocks * (t + 1) / num_threads;
        for (int64_t b = first; b < last; ++b) {
          run_block(b * block, s.workers[t], 1, &share_passes[t], &share_redone[t]);
        }
      }
    });
    for (int t = 0; t < num_threads; ++t) {
      passes = std::max(passes, share_passes[t]);
      redone += share_redone[t];
    }
  } else {
    for (int64_t j0 = 0; j0 < batch; j0 += block) run_block(j0, s, num_threads, &passes, &redone);
  }
  if (stats != nullptr) {
    stats->bm_passes = passes;
    stats->bm_redone = redone;
    stats->clipped = 0;
    for (int at_bound : hit) stats->clipped += at_bound;
  }
}

}  // namespace aimc::crossbar
