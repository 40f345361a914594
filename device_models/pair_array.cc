#include "device_models/pair_array.h"

#include <cmath>
#include <cstring>

#include "absl/strings/str_cat.h"
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

absl::Span<const float> Span(const Eigen::ArrayXXf& a) { return {a.data(), size_t(a.size())}; }
absl::Span<float> Span(Eigen::ArrayXXf& a) { return {a.data(), size_t(a.size())}; }

// g+ = clip(s w, 0, g_max), g- = clip(-s w, 0, g_max).
void MapToPair(const Eigen::MatrixXf& w, float s, float g_max, Eigen::ArrayXXf* plus,
               Eigen::ArrayXXf* minus) {
  *plus = (s * w.array()).min(g_max).max(0.0f);
  *minus = (-s * w.array()).min(g_max).max(0.0f);
}

}  // namespace

absl::StatusOr<PairArray> PairArray::Program(const DeviceModel& model,
                                             const Eigen::Ref<const Eigen::MatrixXf>& w,
                                             const StreamKey& key, int num_threads) {
  AIMC_CHECK(num_threads >= 1);
  if (w.size() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("weights: empty matrix (", w.rows(), " x ", w.cols(), ")"));
  }
  if (!w.allFinite()) {
    for (Eigen::Index c = 0; c < w.cols(); ++c) {
      for (Eigen::Index r = 0; r < w.rows(); ++r) {
        if (!std::isfinite(w(r, c))) {
          return absl::InvalidArgumentError(
              absl::StrCat("weights: non-finite value ", w(r, c), " at row ", r, ", column ", c));
        }
      }
    }
  }
  PairArray a(model, key);
  const float g_max = GMaxUs(model);
  const float max_abs = w.cwiseAbs().maxCoeff();
  a.scale_us_ = g_max / (max_abs > 0 ? max_abs : 1.0f);
  a.w_target_ = w;
  MapToPair(a.w_target_, a.scale_us_, g_max, &a.g_target_plus_us_, &a.g_target_minus_us_);
  a.g_prog_plus_us_.resizeLike(a.g_target_plus_us_);
  a.g_prog_minus_us_.resizeLike(a.g_target_minus_us_);
  const RandomStream stream(key);
  const auto prog_plus = stream.WithDraw(kDrawProgPlus);
  const auto prog_minus = stream.WithDraw(kDrawProgMinus);
  if (const auto* pcm = std::get_if<PcmModel>(&a.model_)) {
    pcm->Program(Span(a.g_target_plus_us_), prog_plus, 0, Span(a.g_prog_plus_us_), num_threads);
    pcm->Program(Span(a.g_target_minus_us_), prog_minus, 0, Span(a.g_prog_minus_us_),
                 num_threads);
    a.nu_plus_.resizeLike(a.g_target_plus_us_);
    a.nu_minus_.resizeLike(a.g_target_minus_us_);
    pcm->DrawDriftExponents(Span(a.g_target_plus_us_), stream.WithDraw(kDrawNuPlus), 0,
                            Span(a.nu_plus_), num_threads);
    pcm->DrawDriftExponents(Span(a.g_target_minus_us_), stream.WithDraw(kDrawNuMinus), 0,
                            Span(a.nu_minus_), num_threads);
  } else if (const auto* reram = std::get_if<ReramModel>(&a.model_)) {
    const double t_prog = reram->first_fit_time_s();
    reram->ApplyError(Span(a.g_target_plus_us_), t_prog, prog_plus, 0, Span(a.g_prog_plus_us_),
                      num_threads);
    reram->ApplyError(Span(a.g_target_minus_us_), t_prog, prog_minus, 0,
                      Span(a.g_prog_minus_us_), num_threads);
  } else {
    const auto& constant = std::get<ConstantNoiseModel>(a.model_);
    constant.Program(Span(a.g_target_plus_us_), prog_plus, 0, Span(a.g_prog_plus_us_),
                     num_threads);
    constant.Program(Span(a.g_target_minus_us_), prog_minus, 0, Span(a.g_prog_minus_us_),
                     num_threads);
  }
  a.w_programmed_ = ((a.g_prog_plus_us_ - a.g_prog_minus_us_) / a.scale_us_).matrix();
  return a;
}

void PairArray::Read(double t_inference_s, uint32_t read_index, int num_threads,
                     Eigen::MatrixXf* w_t) const {
  AIMC_CHECK(t_inference_s >= 0);
  if (const auto* pcm = std::get_if<PcmModel>(&model_)) {
    ReadPcm(*pcm, t_inference_s, read_index, num_threads, w_t);
  } else if (const auto* reram = std::get_if<ReramModel>(&model_)) {
    ReadReram(*reram, t_inference_s, read_index, num_threads, w_t);
  } else {
    const auto& constant = std::get<ConstantNoiseModel>(model_);
    const RandomStream stream(key_);
    Eigen::ArrayXXf plus(g_prog_plus_us_.rows(), g_prog_plus_us_.cols()), minus(plus);
    constant.Read(Span(g_prog_plus_us_), stream.WithDraw(ReadDraw(read_index, 0)), 0, Span(plus),
                  num_threads);
    constant.Read(Span(g_prog_minus_us_), stream.WithDraw(ReadDraw(read_index, 1)), 0,
                  Span(minus), num_threads);
    *w_t = ((plus - minus) / scale_us_).matrix();
  }
}

void PairArray::ReadPcm(const PcmModel& pcm, double t_inference_s, uint32_t read_index,
                        int num_threads, Eigen::MatrixXf* w_t) const {
  const RandomStream stream(key_);
  const auto read_plus = stream.WithDraw(ReadDraw(read_index, 0));
  const auto read_minus = stream.WithDraw(ReadDraw(read_index, 1));
  Eigen::ArrayXXf plus(g_prog_plus_us_.rows(), g_prog_plus_us_.cols()), minus(plus);
  if (pcm.config().drift_mode() == DRIFT_MODE_PAIR) {
    pcm.Read(Span(g_prog_plus_us_), Span(nu_plus_), t_inference_s, read_plus, 0, Span(plus),
             num_threads);
    pcm.Read(Span(g_prog_minus_us_), Span(nu_minus_), t_inference_s, read_minus, 0, Span(minus),
             num_threads);
    *w_t = ((plus - minus) / scale_us_).matrix();
    return;
  }
  // Reference mode (§4): re-map w_p onto one device per pair with a new scale,
  // then drift and read that device with the stored exponent of its position.
  const float g_max = pcm.g_max_us();
  const float max_abs = w_programmed_.cwiseAbs().maxCoeff();
  const float s_new = g_max / (max_abs > 0 ? max_abs : 1.0f);
  MapToPair(w_programmed_, s_new, g_max, &plus, &minus);
  pcm.Read(Span(plus), Span(nu_plus_), t_inference_s, read_plus, 0, Span(plus), num_threads);
  pcm.Read(Span(minus), Span(nu_minus_), t_inference_s, read_minus, 0, Span(minus), num_threads);
  *w_t = ((plus - minus) / s_new).matrix();
}

void PairArray::ReadReram(const ReramModel& reram, double t_inference_s, uint32_t read_index,
                          int num_threads, Eigen::MatrixXf* w_t) const {
  const RandomStream stream(key_);
  const bool per_read = reram.config().redraw_each_read();
  auto relax_draw = [&](int device) {
    return per_read ? kDrawRelaxPerRead | ((read_index & 0x1fffffffu) << 1) | device
                    : TimeDraw(t_inference_s, device);
  };
  Eigen::ArrayXXf plus(g_prog_plus_us_.rows(), g_prog_plus_us_.cols()), minus(plus);
  // The effective error at t replaces the programming error (it includes it).
  reram.ApplyError(Span(g_target_plus_us_), t_inference_s, stream.WithDraw(relax_draw(0)), 0,
                   Span(plus), num_threads);
  reram.ApplyError(Span(g_target_minus_us_), t_inference_s, stream.WithDraw(relax_draw(1)), 0,
                   Span(minus), num_threads);
  reram.Read(Span(plus), stream.WithDraw(ReadDraw(read_index, 0)), 0, Span(plus), num_threads);
  reram.Read(Span(minus), stream.WithDraw(ReadDraw(read_index, 1)), 0, Span(minus), num_threads);
  *w_t = ((plus - minus) / scale_us_).matrix();
}

}  // namespace aimc::device_models
