#include "crossbar/tile.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "crossbar/config.h"
#include "crossbar/gemm.h"
#include "device_models/config.h"
#include "device_models/reram.h"

namespace aimc::crossbar {
namespace {

using device_models::DriftCompensation;

}  // namespace

void MapWeights(const MappingConfig& mapping, const Eigen::Ref<const Eigen::MatrixXf>& w,
                Eigen::VectorXf* gamma, Eigen::MatrixXf* mapped) {
  if (mapping.output_scale() == MappingConfig::TILE) {
    const float m = w.cwiseAbs().maxCoeff();
    gamma->setConstant(w.rows(), m > 0 ? m : 1.0f);
  } else {
    *gamma = w.cwiseAbs().rowwise().maxCoeff();
    const int levels = mapping.compressed_scale_levels();
    if (levels > 0) {
      // Rasch Supp. B.3.1: q_i = alpha_N ceil(gamma_i / alpha_N) >= gamma_i,
      // alpha_N = max gamma / N, so conductances never exceed g_max. The level
      // k_i = ceil(gamma_i N / max) is computed in double and capped at N:
      // max / (max / N) in float can exceed N by an ulp and ceil to N + 1.
      const double max_gamma = gamma->maxCoeff();
      if (max_gamma > 0) {
        for (Eigen::Index i = 0; i < gamma->size(); ++i) {
          const double k = std::min<double>(
              levels,
              std::max(1.0, std::ceil((*gamma)[i] * static_cast<double>(levels) / max_gamma)));
          (*gamma)[i] = static_cast<float>(max_gamma * k / levels);
        }
      }
    }
    *gamma = (gamma->array() > 0).select(*gamma, 1.0f);  // all-zero rows
  }
  *mapped = gamma->cwiseInverse().asDiagonal() * w;
}

absl::StatusOr<Tile> Tile::Create(const TileConfig& config,
                                  const Eigen::Ref<const Eigen::MatrixXf>& w,
                                  const StreamKey& key) {
  RETURN_IF_ERROR(Validate(config));
  RETURN_IF_ERROR(device_models::ValidateWeights(w));
  ASSIGN_OR_RETURN(IoModel io, IoModel::Create(config.forward()));
  std::optional<device_models::DeviceModel> device;
  if (config.has_device()) {
    ASSIGN_OR_RETURN(device, device_models::CreateDeviceModel(config.device()));
  }
  ASSIGN_OR_RETURN(DriftCompensation compensation,
                   DriftCompensation::Create(config.compensation()));
  Tile tile(config, std::move(io), std::move(device), std::move(compensation),
            StreamKey{.seed = key.seed, .entity = key.entity});
  MapWeights(config.mapping(), w, &tile.gamma_, &tile.w_mapped_);
  tile.input_range_ =
      config.input_range().enabled() ? static_cast<float>(config.input_range().init_value()) : 0;
  tile.Reset();
  return tile;
}

absl::Status Tile::SetWeights(const Eigen::Ref<const Eigen::MatrixXf>& w) {
  if (w.rows() != out_size() || w.cols() != in_size()) {
    return absl::InvalidArgumentError(absl::StrCat("tile weights: expected ", out_size(), " x ",
                                                   in_size(), ", got ", w.rows(), " x ", w.cols()));
  }
  RETURN_IF_ERROR(device_models::ValidateWeights(w));
  MapWeights(config_.mapping(), w, &gamma_, &w_mapped_);
  Reset();
  return absl::OkStatus();
}

void Tile::SetEffective(const Eigen::MatrixXf& w) {
  if (&w != &w_eff_) w_eff_ = w;
  if (config_.analog_io() && io_.needs_abs_weights()) abs_w_eff_ = w_eff_.cwiseAbs();
}

void Tile::SetRowScales(Eigen::VectorXf row_scales) {
  row_scales_ = std::move(row_scales);
  if (!config_.analog_io()) w_digital_ = row_scales_.asDiagonal() * w_eff_;
}

void Tile::Reset() {
  array_.reset();
  SetEffective(w_mapped_);
  alpha_ = Eigen::VectorXf::Ones(1);
  SetRowScales(gamma_);
}

absl::Status Tile::Program(uint32_t instance, int num_threads) {
  instance_ = instance;
  forward_calls_ = 0;
  probe_threads_ = num_threads;
  alpha_ = Eigen::VectorXf::Ones(1);
  if (!device_.has_value()) {
    // Ideal devices: the programmed tile holds the mapped weights exactly.
    Reset();
    return absl::OkStatus();
  }
  const StreamKey key{.seed = key_.seed, .entity = key_.entity, .instance = instance};
  if (array_.has_value()) {
    array_->Reprogram(key, num_threads);
  } else {
    ASSIGN_OR_RETURN(array_,
                     device_models::PairArray::Program(*device_, w_mapped_, key, num_threads));
  }
  if (exempt_.empty()) {
    SetEffective(array_->programmed_weights());
  } else {
    Eigen::MatrixXf w = array_->programmed_weights();
    KeepExemptRowsExact(&w);
    SetEffective(w);
  }
  SetRowScales(gamma_);
  Eigen::MatrixXf readout;
  Readout(compensation_.calibration_readout(), &readout);
  ZeroExemptRows(&readout);
  compensation_.Calibrate(readout);
  return absl::OkStatus();
}

absl::Status Tile::SetNoiseExemptRows(std::vector<bool> exempt) {
  if (!exempt.empty() && static_cast<int>(exempt.size()) != out_size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("noise-exempt rows: expected ", out_size(), " entries, got ", exempt.size()));
  }
  if (std::find(exempt.begin(), exempt.end(), true) == exempt.end()) exempt.clear();
  exempt_ = std::move(exempt);
  Reset();
  return absl::OkStatus();
}

void Tile::KeepExemptRowsExact(Eigen::MatrixXf* w) const {
  for (size_t r = 0; r < exempt_.size(); ++r) {
    if (exempt_[r])
      w->row(static_cast<Eigen::Index>(r)) = w_mapped_.row(static_cast<Eigen::Index>(r));
  }
}

void Tile::ZeroExemptRows(Eigen::MatrixXf* readout) const {
  if (readout->rows() != static_cast<Eigen::Index>(exempt_.size())) return;  // empty or kNone
  for (size_t r = 0; r < exempt_.size(); ++r) {
    if (exempt_[r]) readout->row(static_cast<Eigen::Index>(r)).setZero();
  }
}

absl::Status Tile::Drift(double t_inference_s, uint32_t read_index, int num_threads) {
  if (!device_.has_value()) return absl::OkStatus();  // ideal devices do not drift
  if (!array_.has_value()) {
    return absl::FailedPreconditionError("tile: Drift() before Program()");
  }
  if (!(t_inference_s >= 0) || !std::isfinite(t_inference_s)) {
    return absl::InvalidArgumentError(
        absl::StrCat("t_inference_s: must be finite and >= 0, got ", t_inference_s));
  }
  probe_threads_ = num_threads;
  array_->Read(t_inference_s, read_index, num_threads, &w_eff_);
  KeepExemptRowsExact(&w_eff_);
  SetEffective(w_eff_);
  if (compensation_.drift_readout() == DriftCompensation::Readout::kNone) {
    alpha_ = Eigen::VectorXf::Ones(1);
  } else {
    Eigen::MatrixXf readout;
    Readout(compensation_.drift_readout(), &readout);
    ZeroExemptRows(&readout);
    alpha_ = compensation_.Alpha(readout);
  }
  Eigen::VectorXf row_alpha =
      alpha_.size() == 1 ? Eigen::VectorXf(Eigen::VectorXf::Constant(out_size(), alpha_[0]))
                         : alpha_;
  for (size_t r = 0; r < exempt_.size(); ++r) {
    if (exempt_[r]) row_alpha[static_cast<Eigen::Index>(r)] = 1;
  }
  SetRowScales(gamma_.cwiseProduct(row_alpha));
  return absl::OkStatus();
}

void Tile::Readout(DriftCompensation::Readout kind, Eigen::MatrixXf* y) {
  switch (kind) {
    case DriftCompensation::Readout::kForward:
      ReadProbe(y);
      return;
    case DriftCompensation::Readout::kTargetWeights:
      *y = w_mapped_;
      return;
    case DriftCompensation::Readout::kProgrammedWeights:
      *y = array_.has_value() ? array_->programmed_weights() : w_mapped_;
      return;
    case DriftCompensation::Readout::kDriftedWeights:
      *y = w_eff_;
      return;
    case DriftCompensation::Readout::kNone:
      y->resize(0, 0);
      return;
  }
}

void Tile::Mvm(const InputBatch& x, const MvmWeights& weights, float input_range,
               const Eigen::VectorXf& row_scales, const RandomStream& noise, int num_threads,
               Eigen::MatrixXf* y, IoStats* stats) {
  if (config_.analog_io()) {
    io_.Forward(weights.w, weights.abs_w, x, input_range, row_scales, noise, num_threads,
                &workspace_, y, stats);
    return;
  }
  // Exact product. For an eval forward the digital scales are folded into the
  // weights once per weight or scale change (w_digital_): one GEMM.
  const Eigen::Ref<const Eigen::MatrixXf>& m = *x.matrix();  // sources stream: analog IO only
  y->resize(weights.w.rows(), m.cols());
  if (weights.folded != nullptr) {
    Gemm(*weights.folded, m, *y, num_threads);
  } else {
    Gemm(weights.w, m, *y, num_threads);
    y->array().colwise() *= row_scales.array();
  }
}

RandomStream Tile::EvalNoise() {
  return RandomStream(StreamKey{.seed = key_.seed,
                                .entity = key_.entity,
                                .instance = 0x80000000u | instance_,
                                .draw = forward_calls_++});
}

RandomStream Tile::TrainingNoise(uint32_t step) const {
  return RandomStream(
      StreamKey{.seed = key_.seed, .entity = key_.entity, .instance = 0xC0000001u, .draw = step});
}

void Tile::Forward(const InputBatch& x, Eigen::MatrixXf* y, int num_threads, IoStats* stats) {
  AIMC_CHECK(x.rows() == in_size() && (x.source() == nullptr || Streams()));
  Mvm(x, {.w = w_eff_, .abs_w = abs_w_eff_, .folded = &w_digital_}, input_range_, row_scales_,
      EvalNoise(), num_threads, y, stats);
}

void Tile::SetTrainingWeights(const WeightNoiseInjection& injection, uint32_t step) {
  const RandomStream stream(
      StreamKey{.seed = key_.seed, .entity = key_.entity, .instance = 0xC0000000u, .draw = 0});
  const auto draw = [&](uint32_t k) { return stream.WithDraw(4 * step + k); };
  const int64_t n = w_mapped_.size();
  w_train_ = w_mapped_;
  using Type = WeightNoiseInjection::Type;
  if (injection.type == Type::kAdditiveGaussian && injection.scale > 0) {
    Eigen::MatrixXf xi(w_mapped_.rows(), w_mapped_.cols());
    draw(0).FillNormal(0, absl::MakeSpan(xi.data(), n));
    w_train_ += injection.scale * xi;
  } else if ((injection.type == Type::kPcm || injection.type == Type::kPcmProgramming) &&
             injection.scale > 0) {
    AddPcmShapedNoise(injection, draw(0), draw(1));
  } else if ((injection.type == Type::kReramProgramming || injection.type == Type::kConstant) &&
             injection.scale > 0) {
    AddRelativeNoise(injection, draw(0));
  }
  if (injection.drop_connect > 0) {
    Eigen::MatrixXf u(w_mapped_.rows(), w_mapped_.cols());
    draw(2).FillUniform(0, absl::MakeSpan(u.data(), n));
    w_train_ = (u.array() < injection.drop_connect).select(0.0f, w_train_);
  }
  if (config_.analog_io() && io_.needs_abs_weights()) abs_w_train_ = w_train_.cwiseAbs();
}

void Tile::ForwardTraining(const InputBatch& x, const WeightNoiseInjection& injection,
                           uint32_t step, Eigen::MatrixXf* y,
                           Eigen::Array<bool, Eigen::Dynamic, Eigen::Dynamic>* clipped,
                           int num_threads) {
  AIMC_CHECK(x.rows() == in_size());
  AIMC_CHECK(x.source() == nullptr || (Streams() && clipped == nullptr));
  SetTrainingWeights(injection, step);
  if (clipped != nullptr) {
    const Eigen::Ref<const Eigen::MatrixXf>& m = *x.matrix();
    if (input_range_ > 0) {
      *clipped = m.array().abs() > input_range_;
    } else {
      clipped->setConstant(m.rows(), m.cols(), false);
    }
  }
  Mvm(x, {.w = w_train_, .abs_w = abs_w_train_}, input_range_, gamma_, TrainingNoise(step),
      num_threads, y, nullptr);
}

void Tile::AddPcmShapedNoise(const WeightNoiseInjection& injection, const RandomStream& prog,
                             const RandomStream& read) {
  // Standard PCM constants unless the tile's devices are PCM.
  static const device_models::PcmModel kStandardPcm =
      *device_models::PcmModel::Create(device_models::PcmConfig());
  const device_models::PcmModel* pcm = &kStandardPcm;
  if (device_.has_value()) {
    if (const auto* p = std::get_if<device_models::PcmModel>(&*device_)) pcm = p;
  }
  const float g_max = pcm->g_max_us();
  const float read_factor = static_cast<float>(pcm->ReadNoiseTimeFactor(0.0));
  const bool with_read = injection.type == WeightNoiseInjection::Type::kPcm;
  const int64_t n = w_mapped_.size();
  std::vector<float> xi_p(n), xi_r(with_read ? n : 0);
  prog.FillNormal(0, absl::MakeSpan(xi_p));
  if (with_read) read.FillNormal(0, absl::MakeSpan(xi_r));
  float* w = w_train_.data();
  for (int64_t i = 0; i < n; ++i) {
    const float mag = std::min(std::abs(w[i]), 1.0f);
    if (mag == 0) continue;  // zero weights get none
    const float g = mag * g_max;
    float noise_us = pcm->ProgrammingStdUs(g) * xi_p[i];
    if (with_read) noise_us += g * pcm->ReadNoiseQs(g) * read_factor * xi_r[i];
    w[i] = std::copysign(mag, w[i]) + injection.scale * noise_us / g_max;
  }
}

void Tile::AddRelativeNoise(const WeightNoiseInjection& injection, const RandomStream& stream) {
  // Mean of the standard PCM programming sigma / g_max over x in [0, 1]
  // (0.26348 + 1.9650 / 2 - 1.1731 / 3) / 25 (vant_rasch_spec.md B.4).
  constexpr float kConstantSigma = 0.0342f;
  static const device_models::ReramModel kSuppB2Reram = [] {
    absl::StatusOr<device_models::DeviceModelConfig> c =
        device_models::LoadDeviceModelConfig("rasch2023_reram");
    AIMC_CHECK(c.ok() && c->has_reram());
    return *device_models::ReramModel::Create(c->reram());
  }();
  const device_models::ReramModel* reram = &kSuppB2Reram;
  if (device_.has_value()) {
    if (const auto* r = std::get_if<device_models::ReramModel>(&*device_)) reram = r;
  }
  const bool constant = injection.type == WeightNoiseInjection::Type::kConstant;
  const float g_max = reram->g_max_us();
  const int64_t n = w_mapped_.size();
  std::vector<float> xi(n);
  stream.FillNormal(0, absl::MakeSpan(xi));
  float* w = w_train_.data();
  for (int64_t i = 0; i < n; ++i) {
    const float mag = std::min(std::abs(w[i]), 1.0f);
    if (mag == 0) continue;  // zero weights get none
    const float sigma = constant ? kConstantSigma : reram->SigmaUs(mag * g_max, 1.0) / g_max;
    w[i] = std::copysign(mag, w[i]) + injection.scale * sigma * xi[i];
  }
}

void Tile::ReadProbe(Eigen::MatrixXf* y) {
  const Eigen::MatrixXf identity = Eigen::MatrixXf::Identity(in_size(), in_size());
  Mvm(identity, {.w = w_eff_, .abs_w = abs_w_eff_}, 0.0f, Eigen::VectorXf::Ones(out_size()),
      EvalNoise(), probe_threads_, y, nullptr);
}

}  // namespace aimc::crossbar
