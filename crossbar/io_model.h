// The forward IO model of one tile, per input vector (aimc_model.md §6 steps
// 1-7): input scaling (static range, abs-max noise management, or none), DAC
// quantise-then-clip (half-to-even), the MVM, short-term weight noise (PCM_READ
// or additive constant), IR drop, output noise, ADC, and bound management.
//
// A batch X (in x B, one input vector per column) is processed in blocks of
// 256 columns, each as at most two matrix products through BLAS:
// W [x, x o ramp] and |W| [x^2, |x|] (only the halves the config needs), then
// one fused element-wise pass over the block's outputs (noise, IR drop, ADC,
// scales) while they are in cache, parallel over columns. Bound management redoes only
// the columns that hit the bound (ITERATIVE; the whole batch with
// ITERATIVE_BATCH). Output units: y such that Y = diag(gamma) y, i.e. the input
// scale and bound-management factors are already multiplied back in.
//
// Random numbers: number (k * out * B + i + out * j) of `noise` for output i of
// column j, k = 2 * pass + {0 weight noise, 1 output noise} (a bit-serial
// slice counts as a pass); so the thread count never changes a result.
// Bit-serial input (dac_bits > 0) streams each input in DAC slices, each slice
// its own MVM through the noise and the ADC, added digitally.
// Thread-compatible (immutable after Create). Internal to //crossbar: tiles
// own the weights, scales and workspace a forward needs (tile.h).
#ifndef AIMC_CROSSBAR_IO_MODEL_H_
#define AIMC_CROSSBAR_IO_MODEL_H_

#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "common/random.h"
#include "crossbar/column_source.h"
#include "crossbar/tile_config.pb.h"

namespace aimc::crossbar {

// Per-call counters, for tests and reports.
struct IoStats {
  int bm_passes = 0;         // passes run (1 = no redo)
  int64_t bm_redone = 0;     // column-passes redone
  int64_t clipped = 0;       // outputs at the bound after the last pass
};

// Scratch memory of IoModel::Forward, reused across calls so that the hot path
// allocates nothing (fresh pages cost more than the arithmetic here). Owned by
// the caller (a tile); one workspace per concurrent caller. Opaque: only
// IoModel reads or writes it, and what a call does never depends on what a
// previous call left here.
class IoWorkspace {
 private:
  friend class IoModel;

  Eigen::MatrixXf xs_;          // scaled inputs of a block (in x nb)
  Eigen::MatrixXf block_in_;    // a streamed source's block (in x nb)
  Eigen::MatrixXf left_;        // [x_q, x_q o ramp]
  Eigen::MatrixXf right_;       // [x_q^2, |x_q|]
  Eigen::MatrixXf prod_left_;   // W left
  Eigen::MatrixXf prod_right_;  // |W| right
  std::vector<float> xi_w_, xi_o_;
  Eigen::VectorXf ramp_;        // 1 - (1 - k/n)^2 per input row
  Eigen::VectorXf scale_;       // per-column input scale
  std::vector<int> hit_, cols_, redo_;
  // Per-thread workspaces when blocks run in parallel (ramp copied from this
  // one; their scale and hit are unused: the shared ones serve).
  std::vector<IoWorkspace> workers_;
};

class IoModel {
 public:
  static absl::StatusOr<IoModel> Create(const IoConfig& config);

  const IoConfig& config() const { return config_; }
  // Whether the forward needs |W| (PCM_READ or IR drop).
  bool needs_abs_weights() const;
  float inp_step() const { return inp_step_; }
  float out_step() const { return out_step_; }

  // y (out x B) = diag(row_scales) IO(W, x). `input_range` > 0 clips x to
  // +-r and divides by r (static range); 0 uses the config's noise
  // management. `abs_w` = |W|, required if needs_abs_weights() (cached by the
  // tile), else ignored. `row_scales` (size out) are the digital output scales
  // (gamma times drift compensation), applied in the same pass.
  // x is a matrix, or a batch made block by block (column_source.h), each
  // block just before its pass; same numbers. A matrix batch that Streams()
  // is read in place.
  // REQUIRES: w.cols() == x.rows(); Streams(input_range) for a ColumnSource.
  // y is resized. `ws` is scratch owned by the caller (not shared between
  // threads).
  void Forward(const Eigen::MatrixXf& w, const Eigen::MatrixXf& abs_w, const InputBatch& x,
               float input_range, const Eigen::VectorXf& row_scales, const RandomStream& noise,
               int num_threads, IoWorkspace* ws, Eigen::MatrixXf* y,
               IoStats* stats = nullptr) const;
  // Steps 1-2 for a static input range r > 0: out[i] = the DAC level of
  // x[i] (clip to ±r, divide by r, quantise, clip to the input bound), the
  // numbers Forward computes. out may be x.
  void ToDacLevels(const float* x, int64_t n, float input_range, float* out) const;
  // Whether a batch with this input range is one pass per column with a
  // static range (no bound management, no bit-serial slices): then its blocks
  // are read in place, and a source can be streamed.
  bool Streams(float input_range) const;

 private:
  // One Forward call: what its blocks and passes share, and its steps
  // (io_model.cc).
  class Call;

  explicit IoModel(const IoConfig& config);

  IoConfig config_;
  float inp_step_ = 0;  // D_in (0: no DAC quantisation)
  float out_step_ = 0;  // D_out (0: no ADC quantisation)
};

}  // namespace aimc::crossbar

#endif  // AIMC_CROSSBAR_IO_MODEL_H_
