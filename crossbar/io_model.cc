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

// One Forward: the weights, batch, scales, noise and outputs its blocks and
// passes share, and the steps, each a member: Run (ramp, step 1, the blocks,
// the counters) -> RunBlocks -> RunBlock -> {one streamed Pass, BitSerial,
// BoundManagedPasses} -> Pass -> {DacInputs, Products, BlockNoise, Outputs}.
class IoModel::Call {
 public:
  Call(const IoModel& io, const Eigen::MatrixXf& w, const Eigen::MatrixXf& abs_w,
       const InputBatch& x, float input_range, const Eigen::VectorXf& row_scales,
       const RandomStream& noise, IoWorkspace* ws, Eigen::MatrixXf* y)
      : io_(io),
        config_(io.config_),
        w_(w),
        abs_w_(abs_w),
        x_(x),
        input_range_(input_range),
        row_scales_(row_scales),
        noise_(noise),
        ws_(*ws),
        y_(*y),
        in_(static_cast<int>(x.rows())),
        out_(static_cast<int>(w.rows())),
        batch_(x.cols()),
        // ITERATIVE_BATCH redoes the whole batch: one block then.
        block_columns_(config_.bound_management() == IoConfig::ITERATIVE_BATCH
                           ? std::max<int64_t>(batch_, 1)
                           : kBlockColumns) {}

  void Run(int num_threads, IoStats* stats);

 private:
  // Columns [j0, j0 + nb) of the batch, run with `threads` threads inside, on
  // workspace `ws` (the call's, or a worker's).
  struct Block {
    int64_t j0 = 0;
    int nb = 0;
    int threads = 1;
    IoWorkspace* ws = nullptr;
  };
  // Where a pass reads a block's inputs and which of steps 1-2 it still
  // applies: block column j is the in_ floats at data + j * stride.
  struct PassInput {
    enum class Kind {
      kScaled,  // step 1's scaled inputs (ws.xs_): divided by the factor, DAC
      kSlice,   // a bit-serial slice (ws.xs_): exact DAC levels, clipped only
      kRaw,     // the batch in place (Streams()): clip to ±r, divide by r, DAC
      kLevels,  // DAC levels in place (ColumnSource::dac_levels): copied
    };
    Kind kind = Kind::kScaled;
    const float* data = nullptr;
    Eigen::Index stride = 0;
  };
  // The options of one pass over some columns of a block.
  struct PassOptions {
    float factor = 1;         // bound management: kScaled inputs divided by it
    float output_weight = 1;  // outputs times it (the factor, or a slice's weight)
    int pass = 0;             // numbers the pass's noise (io_model.h's top comment)
    bool accumulate = false;  // y and hit += (slices after the first); else =
  };
  // Bound-management passes run and column-passes redone.
  struct BlockStats {
    int passes = 1;
    int64_t redone = 0;
  };

  // The IR-drop ramp of ws_, for in_ rows.
  void PrepareRamp();
  // Step 1: the per-column input scale, in ws_.scale_.
  void InputScales();
  // Every block, one after the other with all threads inside each, or (many
  // blocks) a share of whole blocks per thread.
  BlockStats RunBlocks(int num_threads);
  // One block: streamed (one pass, read in place or made from the source
  // first), bit-serial, or with bound management.
  BlockStats RunBlock(const Block& b);
  PassInput StreamedInput(const Block& b);
  // Step 1 for the block: its scaled inputs in b.ws->xs_.
  void ScaleBlock(const Block& b);
  // A first pass, then (bound management) passes redoing the columns that
  // hit the bound with twice the factor each, up to the config's limit.
  BlockStats BoundManagedPasses(const Block& b);
  // dac_bits > 0: the block's scaled inputs streamed in slices of dac_bits,
  // one Pass per slice, accumulated with its digital weight.
  void BitSerial(const Block& b);

  // Steps 2-8 for the columns `cols` (increasing indices into block b) of
  // the block's inputs: writes those columns of y times
  // scale[j] * output_weight * row_scales, and hit[j] = outputs at the
  // bound (both added when opt.accumulate).
  void Pass(const Block& b, const PassInput& input, const std::vector<int>& cols,
            const PassOptions& opt);
  // Step 2, the DAC: the quantised inputs, and the extra right-hand sides the
  // noise and IR-drop sums need, stacked so each weight matrix is one product
  // (ws.left_, ws.right_).
  void DacInputs(const Block& b, const PassInput& input, const std::vector<int>& cols,
                 const PassOptions& opt);
  // Step 3, the MVM: ws.prod_left_ = W left_, ws.prod_right_ = |W| right_.
  void Products(const Block& b);
  // When the pass covers the whole block: its weight and output noise, one
  // contiguous range of numbers per kind (ws.xi_w_, ws.xi_o_).
  void BlockNoise(const Block& b, const PassOptions& opt);
  // Steps 4-8, fused per column while it is in cache: weight noise, IR drop,
  // output noise, ADC, the bound count, the scales.
  void Outputs(const Block& b, const std::vector<int>& cols, bool contiguous,
               const PassOptions& opt);

  bool pcm_read() const {
    return config_.w_noise_type() == IoConfig::PCM_READ && config_.w_noise() > 0;
  }
  bool additive() const {
    return config_.w_noise_type() == IoConfig::ADDITIVE_CONSTANT && config_.w_noise() > 0;
  }
  bool ir() const { return config_.ir_drop() > 0; }

  const IoModel& io_;
  const IoConfig& config_;
  const Eigen::MatrixXf& w_;
  const Eigen::MatrixXf& abs_w_;
  const InputBatch& x_;
  const float input_range_;
  const Eigen::VectorXf& row_scales_;
  const RandomStream& noise_;
  IoWorkspace& ws_;  // the call's; its scale_ and hit_ serve every block
  Eigen::MatrixXf& y_;
  const int in_, out_;
  const int64_t batch_;
  const int64_t block_columns_;
};

void IoModel::Forward(const Eigen::MatrixXf& w, const Eigen::MatrixXf& abs_w,
                      const InputBatch& x, float input_range,
                      const Eigen::VectorXf& row_scales, const RandomStream& noise,
                      int num_threads, IoWorkspace* ws, Eigen::MatrixXf* y,
                      IoStats* stats) const {
  AIMC_CHECK(w.cols() == x.rows());
  AIMC_CHECK(row_scales.size() == w.rows());
  AIMC_CHECK(!needs_abs_weights() || (abs_w.rows() == w.rows() && abs_w.cols() == w.cols()));
  AIMC_CHECK(x.source() == nullptr || Streams(input_range));
  Call(*this, w, abs_w, x, input_range, row_scales, noise, ws, y).Run(num_threads, stats);
}

void IoModel::Call::Run(int num_threads, IoStats* stats) {
  y_.resize(out_, batch_);
  PrepareRamp();
  InputScales();
  ws_.hit_.assign(batch_, 0);
  const BlockStats totals = RunBlocks(num_threads);
  if (stats != nullptr) {
    stats->bm_passes = totals.passes;
    stats->bm_redone = totals.redone;
    stats->clipped = 0;
    for (int at_bound : ws_.hit_) stats->clipped += at_bound;
  }
}

void IoModel::Call::PrepareRamp() {
  if (!ir() || ws_.ramp_.size() == in_) return;
  ws_.ramp_.resize(in_);
  for (int k = 0; k < in_; ++k) {
    const float u = 1.0f - static_cast<float>(k) / in_;  // ramp_k = 1 - (1 - k/n)^2
    ws_.ramp_[k] = 1.0f - u * u;
  }
}

void IoModel::Call::InputScales() {
  Eigen::VectorXf& scale = ws_.scale_;
  scale.resize(batch_);
  if (input_range_ > 0) {
    scale.setConstant(input_range_);
  } else if (config_.noise_management() == IoConfig::ABS_MAX) {
    const Eigen::Ref<const Eigen::MatrixXf>& x = *x_.matrix();  // sources stream with a range
    scale = x.cwiseAbs().colwise().maxCoeff().transpose();
    scale = (scale.array() > 0).select(scale, 1.0f);  // an all-zero vector stays 0
  } else {
    scale.setOnes();
  }
}

IoModel::Call::BlockStats IoModel::Call::RunBlocks(int num_threads) {
  const int64_t num_blocks = (batch_ + block_columns_ - 1) / block_columns_;
  const auto block = [&](int64_t index, int threads, IoWorkspace* ws) {
    const int64_t j0 = index * block_columns_;
    return Block{.j0 = j0,
                 .nb = static_cast<int>(std::min<int64_t>(block_columns_, batch_ - j0)),
                 .threads = threads,
                 .ws = ws};
  };
  BlockStats totals;
  if (!(num_threads > 1 && num_blocks >= 2 * num_threads)) {
    for (int64_t i = 0; i < num_blocks; ++i) {
      const BlockStats s = RunBlock(block(i, num_threads, &ws_));
      totals.passes = std::max(totals.passes, s.passes);
      totals.redone += s.redone;
    }
    return totals;
  }
  // Many blocks: one thread per share of whole blocks, each with its own
  // workspace, instead of splitting every block (a small layer's block is too
  // little work to hand to another core 3 times per block). Blocks write
  // disjoint columns of y and hit and draw their noise by position, so the
  // numbers do not depend on the thread count.
  ws_.workers_.resize(num_threads);
  for (IoWorkspace& worker : ws_.workers_) {
    if (worker.ramp_.size() != ws_.ramp_.size()) worker.ramp_ = ws_.ramp_;
  }
  std::vector<BlockStats> shares(num_threads);
  ParallelFor(num_threads, num_threads, 1, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t first = num_blocks * t / num_threads, last = num_blocks * (t + 1) / num_threads;
      for (int64_t i = first; i < last; ++i) {
        const BlockStats s = RunBlock(block(i, 1, &ws_.workers_[t]));
        shares[t].passes = std::max(shares[t].passes, s.passes);
        shares[t].redone += s.redone;
      }
    }
  });
  for (const BlockStats& s : shares) {
    totals.passes = std::max(totals.passes, s.passes);
    totals.redone += s.redone;
  }
  return totals;
}

IoModel::Call::BlockStats IoModel::Call::RunBlock(const Block& b) {
  std::vector<int>& cols = b.ws->cols_;
  cols.resize(b.nb);
  for (int j = 0; j < b.nb; ++j) cols[j] = j;
  if (io_.Streams(input_range_)) {
    Pass(b, StreamedInput(b), cols, PassOptions());
    return BlockStats();
  }
  ScaleBlock(b);
  if (config_.dac_bits() > 0) {
    BitSerial(b);
    return BlockStats();
  }
  return BoundManagedPasses(b);
}

IoModel::Call::PassInput IoModel::Call::StreamedInput(const Block& b) {
  if (const ColumnSource* source = x_.source(); source != nullptr) {
    // Made from the source first, into a buffer that stays in cache.
    Eigen::MatrixXf& block_in = b.ws->block_in_;
    block_in.resize(in_, b.nb);
    source->Fill(b.j0, b.nb, block_in.data());
    return {.kind = source->dac_levels() ? PassInput::Kind::kLevels : PassInput::Kind::kRaw,
            .data = block_in.data(),
            .stride = in_};
  }
  // Read in place, which saves a copy of the whole block.
  const Eigen::Ref<const Eigen::MatrixXf>& x = *x_.matrix();
  return {.kind = PassInput::Kind::kRaw,
          .data = x.data() + b.j0 * x.outerStride(),
          .stride = x.outerStride()};
}

void IoModel::Call::ScaleBlock(const Block& b) {
  const auto xb = x_.matrix()->middleCols(b.j0, b.nb);
  if (input_range_ > 0) {
    b.ws->xs_ = xb.cwiseMax(-input_range_).cwiseMin(input_range_) / input_range_;
  } else {
    b.ws->xs_ = xb * ws_.scale_.segment(b.j0, b.nb).cwiseInverse().asDiagonal();
  }
}

IoModel::Call::BlockStats IoModel::Call::BoundManagedPasses(const Block& b) {
  double limit = config_.max_bm_factor();
  if (io_.inp_step_ > 0) limit = std::min(limit, config_.max_bm_res() / io_.inp_step_);
  const bool bm = config_.bound_management() != IoConfig::BM_NONE;
  const bool whole_batch = config_.bound_management() == IoConfig::ITERATIVE_BATCH;
  const PassInput scaled{
      .kind = PassInput::Kind::kScaled, .data = b.ws->xs_.data(), .stride = b.ws->xs_.rows()};
  const std::vector<int>& cols = b.ws->cols_;
  const std::vector<int>& hit = ws_.hit_;
  PassOptions opt;  // factor 1, pass 0
  Pass(b, scaled, cols, opt);
  BlockStats stats;
  while (bm && opt.factor < limit) {
    std::vector<int>& redo = b.ws->redo_;
    redo.clear();
    for (int j = 0; j < b.nb; ++j) {
      if (hit[b.j0 + j] > 0) redo.push_back(j);
    }
    if (redo.empty()) break;
    if (whole_batch) redo = cols;
    opt.factor *= 2;
    opt.output_weight = opt.factor;
    ++opt.pass;
    stats.redone += static_cast<int64_t>(redo.size());
    Pass(b, scaled, redo, opt);
  }
  stats.passes = opt.pass + 1;
  return stats;
}

void IoModel::Call::BitSerial(const Block& b) {
  // The DAC code of each input: q = round(x / D) in +-(2^(inp_bits-1) - 1)
  // steps; its magnitude goes out in slices of dac_bits, least significant
  // first, each slice a DAC level m_k / (2^dac_bits - 1) with the input's sign.
  const float inp_step = io_.inp_step_;
  const int d = config_.dac_bits();
  const int magnitude_bits = config_.inp_bits() - 1;
  const int slices = (magnitude_bits + d - 1) / d;
  const float levels = static_cast<float>((1 << d) - 1);
  Eigen::MatrixXf& xs = b.ws->xs_;
  const Eigen::MatrixXf codes = [&] {
    Eigen::MatrixXf q = xs;
    for (Eigen::Index i = 0; i < q.size(); ++i) {
      QuantizeClip(q.data() + i, 1, inp_step, static_cast<float>(config_.inp_bound()));
      q.data()[i] = RoundHalfEven(q.data()[i] / inp_step);
    }
    return q;
  }();
  const PassInput slice{.kind = PassInput::Kind::kSlice, .data = xs.data(), .stride = xs.rows()};
  for (int k = 0; k < slices; ++k) {
    const int shift = d * k;
    for (Eigen::Index i = 0; i < codes.size(); ++i) {
      const float c = codes.data()[i];
      const int m = (static_cast<int>(std::abs(c)) >> shift) & ((1 << d) - 1);
      xs.data()[i] = std::copysign(static_cast<float>(m) / levels, c);
    }
    // Slice k weighs (2^d - 1) 2^(d k) D_in digitally.
    const float weight = levels * std::ldexp(1.0f, shift) * inp_step;
    Pass(b, slice, b.ws->cols_,
         {.factor = 1.0f, .output_weight = weight, .pass = k, .accumulate = k > 0});
  }
}

void IoModel::Call::Pass(const Block& b, const PassInput& input, const std::vector<int>& cols,
                         const PassOptions& opt) {
  DacInputs(b, input, cols, opt);
  Products(b);
  // Whether cols is the whole block in order: then the block's random numbers
  // are one contiguous range per kind.
  const bool contiguous = static_cast<int>(cols.size()) == b.nb;
  if (contiguous) BlockNoise(b, opt);
  Outputs(b, cols, contiguous, opt);
}

void IoModel::Call::DacInputs(const Block& b, const PassInput& input,
                              const std::vector<int>& cols, const PassOptions& opt) {
  IoWorkspace& s = *b.ws;
  const int in = in_;
  const int nb = static_cast<int>(cols.size());
  const bool pcm_read = this->pcm_read(), ir = this->ir();
  const float inp_bound = static_cast<float>(config_.inp_bound());
  const float step = input.kind == PassInput::Kind::kScaled ? io_.inp_step_ : 0.0f;
  s.left_.resize(in, ir ? 2 * nb : nb);
  s.right_.resize(in, (pcm_read ? nb : 0) + (ir ? nb : 0));
  const float inv_factor = 1.0f / opt.factor;
  ParallelFor(nb, b.threads, 16, [&](int64_t begin, int64_t end) {
    for (int64_t c = begin; c < end; ++c) {
      float* xq = s.left_.col(c).data();
      const float* src = input.data + cols[c] * input.stride;
      switch (input.kind) {
        case PassInput::Kind::kLevels:
          std::copy_n(src, in, xq);  // the source made them with ToDacLevels
          break;
        case PassInput::Kind::kRaw:
          io_.ToDacLevels(src, in, input_range_, xq);  // one pass, factor 1 (Streams())
          break;
        case PassInput::Kind::kScaled:
        case PassInput::Kind::kSlice:
          for (int k = 0; k < in; ++k) xq[k] = src[k] * inv_factor;
          // Bit-serial slices are exact DAC levels already (step 0).
          QuantizeClip(xq, in, step, inp_bound);
          break;
      }
      int r = 0;
      if (pcm_read) s.right_.col(r++ * nb + c) = s.left_.col(c).array().square();
      if (ir) {
        s.right_.col(r * nb + c) = s.left_.col(c).cwiseAbs();
        s.left_.col(nb + c) = s.left_.col(c).cwiseProduct(s.ramp_);
      }
    }
  });
}

void IoModel::Call::Products(const Block& b) {
  IoWorkspace& s = *b.ws;
  s.prod_left_.resize(out_, s.left_.cols());
  Gemm(w_, s.left_, s.prod_left_, b.threads);
  s.prod_right_.resize(out_, s.right_.cols());
  if (s.right_.cols() > 0) Gemm(abs_w_, s.right_, s.prod_right_, b.threads);
}

void IoModel::Call::BlockNoise(const Block& b, const PassOptions& opt) {
  IoWorkspace& s = *b.ws;
  const uint64_t plane = static_cast<uint64_t>(out_) * batch_;
  const uint64_t block_first = static_cast<uint64_t>(out_) * b.j0;
  const size_t n = static_cast<size_t>(out_) * b.nb;
  if (pcm_read() || additive()) {
    s.xi_w_.resize(n);
    noise_.FillNormal(2 * opt.pass * plane + block_first, absl::MakeSpan(s.xi_w_));
  }
  if (config_.out_noise() > 0) {
    s.xi_o_.resize(n);
    noise_.FillNormal((2 * opt.pass + 1) * plane + block_first, absl::MakeSpan(s.xi_o_));
  }
}

void IoModel::Call::Outputs(const Block& b, const std::vector<int>& cols, bool contiguous,
                            const PassOptions& opt) {
  IoWorkspace& s = *b.ws;
  const int in = in_, out = out_;
  const int nb = static_cast<int>(cols.size());
  const int64_t j0 = b.j0;
  const bool pcm_read = this->pcm_read(), additive = this->additive(), ir = this->ir();
  const float out_noise = static_cast<float>(config_.out_noise());
  const float w_noise = static_cast<float>(config_.w_noise());
  const uint64_t plane = static_cast<uint64_t>(out) * batch_;
  const uint64_t block_first = static_cast<uint64_t>(out) * j0;
  const float out_bound = static_cast<float>(config_.out_bound());
  const float a_scale = static_cast<float>(in / config_.ir_drop_g_ratio());
  const float ir_drop = static_cast<float>(config_.ir_drop());
  const float out_step = io_.out_step_;
  const RandomStream& noise = noise_;
  const Eigen::VectorXf& scale = ws_.scale_;
  std::vector<int>& hit = ws_.hit_;
  Eigen::MatrixXf& y = y_;
  ParallelFor(nb, b.threads, 16, [&](int64_t begin, int64_t end) {
    std::vector<float> own_w, own_o;  // per-column numbers when not contiguous
    std::vector<float> own_v;         // the column's outputs before scaling
    for (int64_t c = begin; c < end; ++c) {
      const int j = cols[c];  // column within the block
      const uint64_t first = block_first + static_cast<uint64_t>(out) * j;
      const float* xi_w = nullptr;
      const float* xi_o = nullptr;
      if (contiguous) {
        if (pcm_read || additive) xi_w = s.xi_w_.data() + static_cast<size_t>(out) * c;
        if (out_noise > 0) xi_o = s.xi_o_.data() + static_cast<size_t>(out) * c;
      } else {
        if (pcm_read || additive) {
          own_w.resize(out);
          noise.FillNormal(2 * opt.pass * plane + first, absl::MakeSpan(own_w));
          xi_w = own_w.data();
        }
        if (out_noise > 0) {
          own_o.resize(out);
          noise.FillNormal((2 * opt.pass + 1) * plane + first, absl::MakeSpan(own_o));
          xi_o = own_o.data();
        }
      }
      own_v.resize(out);
      float* v = own_v.data();
      std::copy_n(s.prod_left_.col(c).data(), out, v);
      if (pcm_read) {
        AddPcmReadNoise(v, s.prod_right_.col(c).data(), xi_w, out, w_noise);
      } else if (additive) {
        AddScaledNoise(v, xi_w, out, w_noise * s.left_.col(c).norm());
      }
      if (ir) {
        SubtractIrDrop(v, s.prod_right_.col((pcm_read ? nb : 0) + c).data(),
                       s.prod_left_.col(nb + c).data(), out, a_scale, ir_drop);
      }
      if (out_noise > 0) AddScaledNoise(v, xi_o, out, out_noise);
      QuantizeClip(v, out, out_step, out_bound);
      if (out_bound > 0) {
        int at_bound = 0;
        for (int i = 0; i < out; ++i) at_bound += std::abs(v[i]) >= out_bound;
        hit[j0 + j] = opt.accumulate ? hit[j0 + j] + at_bound : at_bound;
      }
      // Step 8: input scale, bound-management factor (or the slice's digital
      // weight), output scales.
      ScaleOutputs(v, row_scales_.data(), out, scale[j0 + j] * opt.output_weight,
                   opt.accumulate, y.col(j0 + j).data());
    }
  });
}

}  // namespace aimc::crossbar
