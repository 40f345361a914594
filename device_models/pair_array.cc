#include "device_models/pair_array.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "absl/strings/str_cat.h"
#include "common/parallel.h"
#include "common/status_macros.h"

namespace aimc::device_models {
namespace {

// Draw ids within the programming instance's (seed, entity, instance).
constexpr uint32_t kDrawProgPlus = 0;
constexpr uint32_t kDrawProgMinus = 1;
constexpr uint32_t kDrawNuPlus = 2;
constexpr uint32_t kDrawNuMinus = 3;
// Read k uses kDrawReadBase + 2k (+1 for the minus device).
constexpr uint32_t kDrawReadBase = 16;
// ReRAM relaxation: per evaluation time (a hash of t), or per read.
constexpr uint32_t kDrawRelaxPerTime = 0xC0000000u;
constexpr uint32_t kDrawRelaxPerRead = 0x80000000u;

uint32_t ReadDraw(uint32_t read_index, int device) {
  AIMC_CHECK(read_index < (1u << 29));
  return kDrawReadBase + 2 * read_index + device;
}

// SplitMix64 finaliser of the time's bits: one draw id per evaluation time.
uint32_t TimeDraw(double t_inference_s, int device) {
  uint64_t z;
  std::memcpy(&z, &t_inference_s, sizeof(z));
  z += 0x9e3779b97f4a7c15ULL;
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  z ^= z >> 31;
  return kDrawRelaxPerTime | ((static_cast<uint32_t>(z) & 0x1fffffffu) << 1) | device;
}

constexpr int64_t kPairChunk = 2048;

// Walks the array in L1-sized chunks over threads, handing each chunk's target
// conductances g+ = clip(s w, 0, g_max), g- = clip(-s w, 0, g_max) to
// fn(begin, count, g_plus, g_minus): mapping, noise and formulas fuse in one
// pass, and the targets are never stored.
template <typename Fn>
void ForEachTargetChunk(const Eigen::MatrixXf& w, float s, float g_max, int num_threads, Fn&& fn) {
  ParallelFor(w.size(), num_threads, kPairChunk, [&](int64_t begin, int64_t end) {
    alignas(64) float plus[kPairChunk], minus[kPairChunk];
    for (int64_t b = begin; b < end; b += kPairChunk) {
      const int64_t n = std::min(kPairChunk, end - b);
      const float* wp = w.data() + b;
      for (int64_t i = 0; i < n; ++i) {
        plus[i] = std::min(std::max(s * wp[i], 0.0f), g_max);
        minus[i] = std::min(std::max(-s * wp[i], 0.0f), g_max);
      }
      fn(b, n, plus, minus);
    }
  });
}

// g+ = clip(s w, 0, g_max), g- = clip(-s w, 0, g_max), whole arrays.
void MapToPair(const Eigen::MatrixXf& w, float s, float g_max, Eigen::ArrayXXf* plus,
               Eigen::ArrayXXf* minus) {
  *plus = (s * w.array()).min(g_max).max(0.0f);
  *minus = (-s * w.array()).min(g_max).max(0.0f);
}

}  // namespace

absl::Status ValidateWeights(const Eigen::Ref<const Eigen::MatrixXf>& w) {
  if (w.size() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("weights: empty matrix (", w.rows(), " x ", w.cols(), ")"));
  }
  if (w.allFinite()) return absl::OkStatus();
  for (Eigen::Index c = 0; c < w.cols(); ++c) {
    for (Eigen::Index r = 0; r < w.rows(); ++r) {
      if (!std::isfinite(w(r, c))) {
        return absl::InvalidArgumentError(
            absl::StrCat("weights: non-finite value ", w(r, c), " at row ", r, ", column ", c));
      }
    }
  }
  return absl::InternalError("weights: allFinite() and the element scan disagree");
}

absl::StatusOr<PairArray> PairArray::Program(const DeviceModel& model,
                                             const Eigen::Ref<const Eigen::MatrixXf>& w,
                                             const StreamKey& key, int num_threads) {
  AIMC_CHECK(num_threads >= 1);
  RETURN_IF_ERROR(ValidateWeights(w));
  PairArray a(model, key);
  const float g_max = GMaxUs(model);
  const float max_abs = w.cwiseAbs().maxCoeff();
  a.scale_us_ = g_max / (max_abs > 0 ? max_abs : 1.0f);
  a.w_target_ = w;
  a.g_prog_plus_us_.resize(w.rows(), w.cols());
  a.g_prog_minus_us_.resize(w.rows(), w.cols());
  if (std::holds_alternative<PcmModel>(a.model_)) {
    a.nu_plus_.resize(w.rows(), w.cols());
    a.nu_minus_.resize(w.rows(), w.cols());
  }
  a.w_programmed_.resize(w.rows(), w.cols());
  a.Reprogram(key, num_threads);
  return a;
}

Eigen::ArrayXXf PairArray::g_target_plus_us() const {
  Eigen::ArrayXXf plus, minus;
  MapToPair(w_target_, scale_us_, GMaxUs(model_), &plus, &minus);
  return plus;
}

Eigen::ArrayXXf PairArray::g_target_minus_us() const {
  Eigen::ArrayXXf plus, minus;
  MapToPair(w_target_, scale_us_, GMaxUs(model_), &plus, &minus);
  return minus;
}

void PairArray::Reprogram(const StreamKey& key, int num_threads) {
  AIMC_CHECK(num_threads >= 1);
  key_ = key;
  qs_once_ = std::make_unique<absl::once_flag>();
  const RandomStream stream(key);
  const auto prog_plus = stream.WithDraw(kDrawProgPlus);
  const auto prog_minus = stream.WithDraw(kDrawProgMinus);
  const auto nu_plus = stream.WithDraw(kDrawNuPlus);
  const auto nu_minus = stream.WithDraw(kDrawNuMinus);
  const float inv_s = 1.0f / scale_us_;
  float* gp = g_prog_plus_us_.data();
  float* gm = g_prog_minus_us_.data();
  float* wp = w_programmed_.data();
  const auto sub = [](float* p, int64_t b, int64_t n) { return absl::MakeSpan(p + b, n); };
  // Every model call below is on one L1-sized chunk on this thread (1 thread);
  // the chunks themselves run in parallel. Numbers are indexed by element, so
  // the split does not matter.
  ForEachTargetChunk(w_target_, scale_us_, GMaxUs(model_), num_threads,
                     [&](int64_t b, int64_t n, const float* t_plus, const float* t_minus) {
    const absl::Span<const float> plus(t_plus, n), minus(t_minus, n);
    if (const auto* pcm = std::get_if<PcmModel>(&model_)) {
      pcm->Program(plus, prog_plus, b, sub(gp, b, n), 1);
      pcm->Program(minus, prog_minus, b, sub(gm, b, n), 1);
      pcm->DrawDriftExponents(plus, nu_plus, b, sub(nu_plus_.data(), b, n), 1);
      pcm->DrawDriftExponents(minus, nu_minus, b, sub(nu_minus_.data(), b, n), 1);
    } else if (const auto* reram = std::get_if<ReramModel>(&model_)) {
      const double t_prog = reram->first_fit_time_s();
      reram->ApplyError(plus, t_prog, prog_plus, b, sub(gp, b, n), 1);
      reram->ApplyError(minus, t_prog, prog_minus, b, sub(gm, b, n), 1);
    } else {
      const auto& constant = std::get<ConstantNoiseModel>(model_);
      constant.Program(plus, prog_plus, b, sub(gp, b, n), 1);
      constant.Program(minus, prog_minus, b, sub(gm, b, n), 1);
    }
    for (int64_t i = b; i < b + n; ++i) wp[i] = (gp[i] - gm[i]) * inv_s;
  });
}

void PairArray::Read(double t_inference_s, uint32_t read_index, int num_threads,
                     Eigen::MatrixXf* w_t) const {
  AIMC_CHECK(t_inference_s >= 0);
  AIMC_CHECK(num_threads >= 1);
  w_t->resize(w_target_.rows(), w_target_.cols());
  const RandomStream stream(key_);
  const auto read_plus = stream.WithDraw(ReadDraw(read_index, 0));
  const auto read_minus = stream.WithDraw(ReadDraw(read_index, 1));
  float* out = w_t->data();
  const float* gp = g_prog_plus_us_.data();
  const float* gm = g_prog_minus_us_.data();
  // Each chunk: read both devices into L1 buffers, write w = (g+ - g-) / s.
  auto chunked = [&](float s, auto read_chunk) {
    const float inv_s = 1.0f / s;
    ParallelFor(w_t->size(), num_threads, kPairChunk, [&](int64_t begin, int64_t end) {
      alignas(64) float plus[kPairChunk], minus[kPairChunk];
      for (int64_t b = begin; b < end; b += kPairChunk) {
        const int64_t n = std::min(kPairChunk, end - b);
        read_chunk(b, n, absl::MakeSpan(plus, n), absl::MakeSpan(minus, n));
        for (int64_t i = 0; i < n; ++i) out[b + i] = (plus[i] - minus[i]) * inv_s;
      }
    });
  };
  const auto span = [](const float* p, int64_t b, int64_t n) {
    return absl::Span<const float>(p + b, n);
  };
  if (const auto* pcm = std::get_if<PcmModel>(&model_)) {
    const float* nup = nu_plus_.data();
    const float* num = nu_minus_.data();
    if (pcm->config().drift_mode() == DRIFT_MODE_PAIR) {
      absl::call_once(*qs_once_, [&] {
        qs_plus_.resizeLike(g_prog_plus_us_);
        qs_minus_.resizeLike(g_prog_minus_us_);
        ParallelFor(qs_plus_.size(), num_threads, kPairChunk, [&](int64_t b, int64_t e) {
          pcm->ReadNoiseQs(span(gp, b, e - b), absl::MakeSpan(qs_plus_.data() + b, e - b));
          pcm->ReadNoiseQs(span(gm, b, e - b), absl::MakeSpan(qs_minus_.data() + b, e - b));
        });
      });
      chunked(scale_us_, [&](int64_t b, int64_t n, absl::Span<float> plus, absl::Span<float> minus) {
        pcm->Read(span(gp, b, n), span(nup, b, n), span(qs_plus_.data(), b, n), t_inference_s,
                  read_plus, b, plus, 1);
        pcm->Read(span(gm, b, n), span(num, b, n), span(qs_minus_.data(), b, n), t_inference_s,
                  read_minus, b, minus, 1);
      });
      return;
    }
    // Reference mode (§4): re-map w_p onto one device per pair with a new
    // scale, then drift and read that device with its position's exponent.
    const float g_max = pcm->g_max_us();
    const float max_abs = w_programmed_.cwiseAbs().maxCoeff();
    const float s_new = g_max / (max_abs > 0 ? max_abs : 1.0f);
    const float* wp = w_programmed_.data();
    chunked(s_new, [&](int64_t b, int64_t n, absl::Span<float> plus, absl::Span<float> minus) {
      for (int64_t i = 0; i < n; ++i) {
        plus[i] = std::min(std::max(s_new * wp[b + i], 0.0f), g_max);
        minus[i] = std::min(std::max(-s_new * wp[b + i], 0.0f), g_max);
      }
      pcm->Read(plus, span(nup, b, n), t_inference_s, read_plus, b, plus, 1);
      pcm->Read(minus, span(num, b, n), t_inference_s, read_minus, b, minus, 1);
    });
    return;
  }
  if (const auto* reram = std::get_if<ReramModel>(&model_)) {
    const bool per_read = reram->config().redraw_each_read();
    const auto relax_draw = [&](int device) {
      return per_read ? kDrawRelaxPerRead | ((read_index & 0x1fffffffu) << 1) | device
                      : TimeDraw(t_inference_s, device);
    };
    const auto relax_plus = stream.WithDraw(relax_draw(0));
    const auto relax_minus = stream.WithDraw(relax_draw(1));
    const float g_max = reram->g_max_us();
    const float* w = w_target_.data();
    chunked(scale_us_, [&](int64_t b, int64_t n, absl::Span<float> plus, absl::Span<float> minus) {
      for (int64_t i = 0; i < n; ++i) {
        plus[i] = std::min(std::max(scale_us_ * w[b + i], 0.0f), g_max);
        minus[i] = std::min(std::max(-scale_us_ * w[b + i], 0.0f), g_max);
      }
      // The effective error at t replaces the programming error (it includes it).
      reram->ApplyError(plus, t_inference_s, relax_plus, b, plus, 1);
      reram->ApplyError(minus, t_inference_s, relax_minus, b, minus, 1);
      reram->Read(plus, read_plus, b, plus, 1);
      reram->Read(minus, read_minus, b, minus, 1);
    });
    return;
  }
  const auto& constant = std::get<ConstantNoiseModel>(model_);
  chunked(scale_us_, [&](int64_t b, int64_t n, absl::Span<float> plus, absl::Span<float> minus) {
    constant.Read(span(gp, b, n), read_plus, b, plus, 1);
    constant.Read(span(gm, b, n), read_minus, b, minus, 1);
  });
}

}  // namespace aimc::device_models
