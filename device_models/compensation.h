// Drift compensation (aimc_model.md §5): output factors alpha that undo the
// mean conductance decay of drifted PCM.
//
// The statistic is r = mean |y| over the readout of a one-hot probe (the
// identity: in_size inputs, y is out x in), clamped at 1e-4; alpha = r0 / r(t)
// (global), or per output row (PER_COLUMN, "column" in the crossbar's sense).
// This package has no forward path, so the caller supplies readouts: the
// crossbar reads its tile through its own noisy forward; code without a
// forward (the weight-error report) passes weights, which are the noise-free
// readout of the identity probe (y = W I). What each method reads:
//   method                    calibration readout      readout at t
//   GLOBAL, PER_COLUMN        forward(programmed)      forward(drifted)
//   AIHWKIT_EXACT_REFERENCE   target weights           forward(drifted)
//   EXACT                     programmed weights       drifted weights
//   NONE                      -                        - (alpha = 1)
// Thread-compatible.
#ifndef AIMC_DEVICE_MODELS_COMPENSATION_H_
#define AIMC_DEVICE_MODELS_COMPENSATION_H_

#include <string>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "device_models/device_config.pb.h"

namespace aimc::device_models {

// Supplies the probe readout of a tile: fills *y (out x in) with the outputs
// for the in one-hot input vectors. Implemented by the crossbar's tile.
class ProbeReader {
 public:
  virtual ~ProbeReader() = default;
  virtual void ReadProbe(Eigen::MatrixXf* y) = 0;
};

class DriftCompensation {
 public:
  enum class Readout { kNone, kForward, kTargetWeights, kProgrammedWeights, kDriftedWeights };

  static absl::StatusOr<DriftCompensation> Create(const DriftCompensationConfig& config);

  DriftCompensationConfig::Method method() const { return method_; }
  // "none", "global", "aihwkit_exact_reference", "exact", "per_column".
  std::string name() const;
  // What Calibrate and Alpha expect (see the table above).
  Readout calibration_readout() const;
  Readout drift_readout() const;

  // Stores r0 from the calibration readout (out x in). No-op for NONE.
  void Calibrate(const Eigen::Ref<const Eigen::MatrixXf>& readout);

  // alpha from the readout at t: one entry (global) or one per row
  // (PER_COLUMN). REQUIRES: Calibrate was called (except NONE), same rows.
  Eigen::VectorXf Alpha(const Eigen::Ref<const Eigen::MatrixXf>& readout) const;

  // The readout statistic: mean |y| (clamped at 1e-4), globally or per row.
  static Eigen::VectorXf Statistic(const Eigen::Ref<const Eigen::MatrixXf>& readout,
                                   bool per_row);

 private:
  explicit DriftCompensation(DriftCompensationConfig::Method method) : method_(method) {}

  DriftCompensationConfig::Method method_;
  Eigen::VectorXf r0_;
};

absl::StatusOr<DriftCompensationConfig::Method> ParseCompensationMethod(absl::string_view name);

}  // namespace aimc::device_models

#endif  // AIMC_DEVICE_MODELS_COMPENSATION_H_
