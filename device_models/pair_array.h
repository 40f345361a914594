// PairArray: one programming instance of a weight matrix stored on
// differential conductance pairs (aimc_model.md §1 mapping with one scale for
// the array, §2-4 PCM, §7 ReRAM). The crossbar builds tiles on top of it, with
// its own per-row scales folded into the weights it passes in.
//
// Program() maps w (rows x cols) with s = g_max / max|w| (uS per unit weight):
// g+ = clip(s w, 0, g_max), g- = clip(-s w, 0, g_max), and draws programming
// noise (and, for PCM, the drift exponents) once. Read(t, k) returns the
// weights at t seconds after programming with fresh read noise; the same k
// gives the same numbers, a new k a new read. Random numbers come from the
// StreamKey given at programming, draw ids as in pair_array.cc, indexed by
// element: results do not depend on num_threads.
// Errors: InvalidArgument for an empty matrix or a non-finite weight (naming
// its row and column). Thread-compatible: const methods may run concurrently.
#ifndef AIMC_DEVICE_MODELS_PAIR_ARRAY_H_
#define AIMC_DEVICE_MODELS_PAIR_ARRAY_H_

#include <cstdint>
#include <memory>

#include "Eigen/Core"
#include "absl/base/call_once.h"
#include "absl/status/statusor.h"
#include "common/random.h"
#include "device_models/device_model.h"

namespace aimc::device_models {

// OK, or InvalidArgument for an empty matrix or a non-finite weight (naming
// its row and column). Shared by everything that maps weights to devices.
absl::Status ValidateWeights(const Eigen::Ref<const Eigen::MatrixXf>& w);

class PairArray {
 public:
  // REQUIRES: num_threads >= 1. `model` is copied.
  static absl::StatusOr<PairArray> Program(const DeviceModel& model,
                                           const Eigen::Ref<const Eigen::MatrixXf>& w,
                                           const StreamKey& key, int num_threads);

  int rows() const { return static_cast<int>(w_target_.rows()); }
  int cols() const { return static_cast<int>(w_target_.cols()); }
  // s: conductance per unit weight (uS).
  float scale_us() const { return scale_us_; }
  const DeviceModel& model() const { return model_; }

  const Eigen::MatrixXf& target_weights() const { return w_target_; }
  // (g_prog+ - g_prog-) / s: the programmed weights, no read noise.
  const Eigen::MatrixXf& programmed_weights() const { return w_programmed_; }
  // Target conductances, computed from the target weights on each call.
  Eigen::ArrayXXf g_target_plus_us() const;
  Eigen::ArrayXXf g_target_minus_us() const;
  const Eigen::ArrayXXf& g_prog_plus_us() const { return g_prog_plus_us_; }
  const Eigen::ArrayXXf& g_prog_minus_us() const { return g_prog_minus_us_; }

  // Draws a new programming instance of the same weights into this array's
  // storage (no allocation): the result equals Program(model, w, key, ...).
  void Reprogram(const StreamKey& key, int num_threads);

  // Weights at t_inference_s >= 0 after programming: drift (PCM), relaxation
  // (ReRAM) and fresh read noise number `read_index`. *w_t is resized.
  // ReRAM: the effective error at t is one draw per (instance, t), or per read
  // with redraw_each_read; at the first fit's time too, so Read(1 s) is not
  // the programmed state plus read noise but another draw of the same law.
  void Read(double t_inference_s, uint32_t read_index, int num_threads,
            Eigen::MatrixXf* w_t) const;

 private:
  PairArray(DeviceModel model, const StreamKey& key) : model_(std::move(model)), key_(key) {}

  DeviceModel model_;
  StreamKey key_;
  float scale_us_ = 1;
  Eigen::MatrixXf w_target_, w_programmed_;
  Eigen::ArrayXXf g_prog_plus_us_, g_prog_minus_us_;
  Eigen::ArrayXXf nu_plus_, nu_minus_;  // PCM only
  // PCM pair mode: Q_s of g_prog, computed by the first Read after
  // (re)programming (a programmed array is read many times; programming stays
  // as cheap as drawing its noise). Guarded by *qs_once_.
  mutable Eigen::ArrayXXf qs_plus_, qs_minus_;
  std::unique_ptr<absl::once_flag> qs_once_;
};

}  // namespace aimc::device_models

#endif  // AIMC_DEVICE_MODELS_PAIR_ARRAY_H_
