// AnalogLayer: a linear layer (out x in weights, digital bias) split over a
// grid of tiles of at most max_input x max_output (aimc_model.md §1):
// ceil(size / max) pieces per dimension, as equal as possible (the first
// size % n pieces one larger). Each tile has its own scales, programming
// instance, drift compensation and noise; partial sums over input pieces add
// in floating point; the bias is added last.
// Errors: InvalidArgument for empty/non-finite weights or bias (naming the
// tile-independent row/column), a bias of the wrong size, bad configs.
// Thread-compatible (Forward advances the tiles' call counters).
#ifndef AIMC_CROSSBAR_LAYER_H_
#define AIMC_CROSSBAR_LAYER_H_

#include <cstdint>
#include <vector>

#include "Eigen/Core"
#include "absl/status/statusor.h"
#include "crossbar/column_source.h"
#include "crossbar/io_model.h"
#include "crossbar/tile.h"
#include "crossbar/tile_config.pb.h"

namespace aimc::crossbar {

// Sizes of ceil(size / max_size) near-equal pieces (max_size 0: one piece).
std::vector<int> SplitSizes(int size, int max_size);

class AnalogLayer {
 public:
  // `bias` may be empty (no bias). Tile (r, c) gets entity layer_id << 16 | (r * cols + c).
  static absl::StatusOr<AnalogLayer> Create(const TileConfig& config,
                                            const Eigen::Ref<const Eigen::MatrixXf>& w,
                                            const Eigen::Ref<const Eigen::VectorXf>& bias,
                                            uint64_t seed, uint32_t layer_id);

  int in_size() const { return in_size_; }
  int out_size() const { return out_size_; }
  int tile_rows() const { return static_cast<int>(out_splits_.size()); }
  int tile_cols() const { return static_cast<int>(in_splits_.size()); }
  Tile& tile(int r, int c) { return tiles_[r * tile_cols() + c]; }
  const Tile& tile(int r, int c) const { return tiles_[r * tile_cols() + c]; }

  // Replaces weights (same shape) and bias (empty = none, else size out) and
  // maps every tile anew; all tiles become unprogrammed. InvalidArgument as
  // Create.
  absl::Status SetWeights(const Eigen::Ref<const Eigen::MatrixXf>& w,
                          const Eigen::Ref<const Eigen::VectorXf>& bias);
  // The static input range r of every tile (0 = none).
  float input_range() const { return tiles_[0].input_range(); }
  void set_input_range(float r);
  // Output columns exempt from the device model in every input piece's tile
  // (Tile::SetNoiseExemptRows); empty = none. Tiles become unprogrammed.
  // InvalidArgument unless empty or of size out_size().
  absl::Status SetNoiseExemptColumns(const std::vector<bool>& exempt);
  absl::Status Program(uint32_t instance, int num_threads);
  absl::Status Drift(double t_inference_s, uint32_t read_index, int num_threads);
  void Reset();

  // y (out x B) = layer(x (in x B)), x a matrix or a batch made block by
  // block (column_source.h): streamed if Streams(), else materialized here
  // first; same numbers. REQUIRES: x.rows() == in_size().
  void Forward(const InputBatch& x, Eigen::MatrixXf* y, int num_threads, IoStats* stats = nullptr);
  // Training forward (Tile::ForwardTraining) of every tile with `injection`
  // and noise draw `step`, partial sums added, bias added last. x as above.
  void ForwardTraining(const InputBatch& x, const WeightNoiseInjection& injection, uint32_t step,
                       Eigen::MatrixXf* y, int num_threads);
  // Whether a batch made block by block is streamed: one tile that streams
  // (Tile::Streams). Only then may the source hold DAC levels
  // (ColumnSource::dac_levels, made by ToDacLevels before unrolling).
  bool Streams() const { return tiles_.size() == 1 && tiles_[0].Streams(); }
  // IoModel::ToDacLevels with the tile's input range. REQUIRES: Streams().
  void ToDacLevels(const float* x, int64_t n, float* out) const {
    tiles_[0].ToDacLevels(x, n, out);
  }

 private:
  AnalogLayer() = default;

  // For a source that does not stream: the whole batch in materialized_,
  // and true (the forward then runs on that matrix).
  bool MaterializeUnstreamed(const InputBatch& x, int num_threads);

  int in_size_ = 0, out_size_ = 0;
  std::vector<int> in_splits_, out_splits_;  // piece sizes
  std::vector<Tile> tiles_;                  // row-major over (out piece, in piece)
  Eigen::VectorXf bias_;
  Eigen::MatrixXf part_;          // one tile's output when there are several
  Eigen::MatrixXf materialized_;  // a source that does not stream, whole
};

}  // namespace aimc::crossbar

#endif  // AIMC_CROSSBAR_LAYER_H_
