#include "device_models/compensation.h"

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "device_models/config.h"

namespace aimc::device_models {
namespace {
constexpr float kMinStatistic = 1e-4f;  // §5: mean |y| clamped >= 1e-4
}  // namespace

absl::StatusOr<DriftCompensation> DriftCompensation::Create(
    const DriftCompensationConfig& config) {
  RETURN_IF_ERROR(Validate(config));
  return DriftCompensation(config.method());
}

std::string DriftCompensation::name() const {
  return absl::AsciiStrToLower(DriftCompensationConfig::Method_Name(method_));
}

absl::StatusOr<DriftCompensationConfig::Method> ParseCompensationMethod(absl::string_view name) {
  DriftCompensationConfig::Method method;
  if (!DriftCompensationConfig::Method_Parse(absl::AsciiStrToUpper(name), &method)) {
    return absl::InvalidArgumentError(
        absl::StrCat("compensation: unknown method '", name,
                     "' (expected none, global, aihwkit_exact_reference, exact, per_column)"));
  }
  return method;
}

DriftCompensation::Readout DriftCompensation::calibration_readout() const {
  switch (method_) {
    case DriftCompensationConfig::GLOBAL:
    case DriftCompensationConfig::PER_COLUMN:
      return Readout::kForward;
    case DriftCompensationConfig::AIHWKIT_EXACT_REFERENCE:
      return Readout::kTargetWeights;
    case DriftCompensationConfig::EXACT:
      return Readout::kProgrammedWeights;
    default:
      return Readout::kNone;
  }
}

DriftCompensation::Readout DriftCompensation::drift_readout() const {
  switch (method_) {
    case DriftCompensationConfig::NONE:
      return Readout::kNone;
    case DriftCompensationConfig::EXACT:
      return Readout::kDriftedWeights;
    default:
      return Readout::kForward;
  }
}

Eigen::VectorXf DriftCompensation::Statistic(const Eigen::Ref<const Eigen::MatrixXf>& readout,
                                             bool per_row) {
  if (per_row) {
    return (readout.cwiseAbs().rowwise().mean().array().max(kMinStatistic)).matrix();
  }
  Eigen::VectorXf r(1);
  // Sum in double: a 2048 x 2048 readout loses digits in a float sum.
  r[0] = std::max(kMinStatistic, static_cast<float>(readout.cast<double>().cwiseAbs().mean()));
  return r;
}

void DriftCompensation::Calibrate(const Eigen::Ref<const Eigen::MatrixXf>& readout) {
  if (method_ == DriftCompensationConfig::NONE) return;
  r0_ = Statistic(readout, method_ == DriftCompensationConfig::PER_COLUMN);
}

Eigen::VectorXf DriftCompensation::Alpha(const Eigen::Ref<const Eigen::MatrixXf>& readout) const {
  if (method_ == DriftCompensationConfig::NONE) return Eigen::VectorXf::Ones(1);
  AIMC_CHECK(r0_.size() > 0);  // Calibrate first
  const Eigen::VectorXf r = Statistic(readout, method_ == DriftCompensationConfig::PER_COLUMN);
  AIMC_CHECK(r.size() == r0_.size());
  return (r0_.array() / r.array()).matrix();
}

}  // namespace aimc::device_models
