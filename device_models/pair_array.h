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

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/random.h"
#include "device_models/device_model.h"

namespace aimc::device_models {

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
  const Eigen::ArrayXXf& g_target_plus_us() const { return g_target_plus_us_; }
  const Eigen::ArrayXXf& g_target_minus_us() const { return g_target_minus_us_; }
  const Eigen::ArrayXXf& g_prog_plus_us() const { return g_prog_plus_us_; }
  const Eigen::ArrayXXf& g_prog_minus_us() const { return g_prog_minus_us_; }

  // Weights at t_inference_s >= 0 after programming: drift (PCM), relaxation
  // (ReRAM) and fresh read noise number `read_index`. *w_t is resized.
  void Read(double t_inference_s, uint32_t read_index, int num_threads,
            Eigen::MatrixXf* w_t) const;

 private:
  PairArray(DeviceModel model, const StreamKey& key) : model_(std::move(model)), key_(key) {}

  void ReadPcm(const PcmModel& pcm, double t_inference_s, uint32_t read_index, int num_threads,
               Eigen::MatrixXf* w_t) const;
  void ReadReram(const ReramModel& reram, double t_inference_s, uint32_t read_index,
                 int num_threads, Eigen::MatrixXf* w_t) const;

  DeviceModel model_;
  StreamKey key_;
  float scale_us_ = 1;
  Eigen::MatrixXf w_target_, w_programmed_;
  Eigen::ArrayXXf g_target_plus_us_, g_target_minus_us_;
  Eigen::ArrayXXf g_prog_plus_us_, g_prog_minus_us_;
  Eigen::ArrayXXf nu_plus_, nu_minus_;  // PCM only
};

}  // namespace aimc::device_models

#endif  // AIMC_DEVICE_MODELS_PAIR_ARRAY_H_
