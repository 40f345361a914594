#include "crossbar/layer.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc::crossbar {

std::vector<int> SplitSizes(int size, int max_size) {
  const int n = max_size <= 0 ? 1 : (size + max_size - 1) / max_size;
  std::vector<int> sizes(n, size / n);
  for (int i = 0; i < size % n; ++i) ++sizes[i];
  return sizes;
}

absl::StatusOr<AnalogLayer> AnalogLayer::Create(const TileConfig& config,
                                                const Eigen::Ref<const Eigen::MatrixXf>& w,
                                                const Eigen::Ref<const Eigen::VectorXf>& bias,
                                                uint64_t seed, uint32_t layer_id) {
  if (w.size() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("weights: empty matrix (", w.rows(), " x ", w.cols(), ")"));
  }
  if (bias.size() != 0 && bias.size() != w.rows()) {
    return absl::InvalidArgumentError(absl::StrCat("bias: size must be 0 or ", w.rows(),
                                                   " (the output size), got ", bias.size()));
  }
  for (Eigen::Index i = 0; i < bias.size(); ++i) {
    if (!std::isfinite(bias[i])) {
      return absl::InvalidArgumentError(
          absl::StrCat("bias: non-finite value ", bias[i], " at index ", i));
    }
  }
  AnalogLayer layer;
  layer.in_size_ = static_cast<int>(w.cols());
  layer.out_size_ = static_cast<int>(w.rows());
  layer.in_splits_ = SplitSizes(layer.in_size_, config.mapping().max_input_size());
  layer.out_splits_ = SplitSizes(layer.out_size_, config.mapping().max_output_size());
  layer.bias_ = bias;
  int r0 = 0;
  for (size_t r = 0; r < layer.out_splits_.size(); ++r) {
    int c0 = 0;
    for (size_t c = 0; c < layer.in_splits_.size(); ++c) {
      const StreamKey key{
          .seed = seed,
          .entity = (layer_id << 16) | static_cast<uint32_t>(r * layer.in_splits_.size() + c)};
      auto tile =
          Tile::Create(config, w.block(r0, c0, layer.out_splits_[r], layer.in_splits_[c]), key);
      if (!tile.ok()) {
        // Name the position in the layer, not in the tile.
        return absl::Status(tile.status().code(),
                            absl::StrCat(tile.status().message(), " (in tile ", r, ",", c,
                                         " starting at row ", r0, ", column ", c0, ")"));
      }
      layer.tiles_.push_back(*std::move(tile));
      c0 += layer.in_splits_[c];
    }
    r0 += layer.out_splits_[r];
  }
  return layer;
}

absl::Status AnalogLayer::SetWeights(const Eigen::Ref<const Eigen::MatrixXf>& w,
                                     const Eigen::Ref<const Eigen::VectorXf>& bias) {
  if (w.rows() != out_size_ || w.cols() != in_size_) {
    return absl::InvalidArgumentError(absl::StrCat("layer weights: expected ", out_size_, " x ",
                                                   in_size_, ", got ", w.rows(), " x ", w.cols()));
  }
  if (bias.size() != 0 && bias.size() != w.rows()) {
    return absl::InvalidArgumentError(absl::StrCat("bias: size must be 0 or ", w.rows(),
                                                   " (the output size), got ", bias.size()));
  }
  if (!bias.allFinite()) return absl::InvalidArgumentError("bias: non-finite value");
  int r0 = 0;
  for (int r = 0; r < tile_rows(); ++r) {
    int c0 = 0;
    for (int c = 0; c < tile_cols(); ++c) {
      absl::Status s = tile(r, c).SetWeights(w.block(r0, c0, out_splits_[r], in_splits_[c]));
      if (!s.ok()) {
        return absl::Status(s.code(), absl::StrCat(s.message(), " (in tile ", r, ",", c,
                                                   " starting at row ", r0, ", column ", c0, ")"));
      }
      c0 += in_splits_[c];
    }
    r0 += out_splits_[r];
  }
  bias_ = bias;
  return absl::OkStatus();
}

void AnalogLayer::set_input_range(float r) {
  for (Tile& t : tiles_) t.set_input_range(r);
}

absl::Status AnalogLayer::SetNoiseExemptColumns(const std::vector<bool>& exempt) {
  if (!exempt.empty() && static_cast<int>(exempt.size()) != out_size_) {
    return absl::InvalidArgumentError(absl::StrCat("noise-exempt columns: expected ", out_size_,
                                                   " entries, got ", exempt.size()));
  }
  int r0 = 0;
  for (int r = 0; r < tile_rows(); ++r) {
    std::vector<bool> piece;
    if (!exempt.empty()) piece.assign(exempt.begin() + r0, exempt.begin() + r0 + out_splits_[r]);
    for (int c = 0; c < tile_cols(); ++c) RETURN_IF_ERROR(tile(r, c).SetNoiseExemptRows(piece));
    r0 += out_splits_[r];
  }
  return absl::OkStatus();
}

absl::Status AnalogLayer::Program(uint32_t instance, int num_threads) {
  for (Tile& t : tiles_) RETURN_IF_ERROR(t.Program(instance, num_threads));
  return absl::OkStatus();
}

absl::Status AnalogLayer::Drift(double t_inference_s, uint32_t read_index, int num_threads) {
  for (Tile& t : tiles_) RETURN_IF_ERROR(t.Drift(t_inference_s, read_index, num_threads));
  return absl::OkStatus();
}

void AnalogLayer::Reset() {
  for (Tile& t : tiles_) t.Reset();
}

bool AnalogLayer::MaterializeUnstreamed(const InputBatch& x, int num_threads) {
  if (x.source() == nullptr || Streams()) return false;
  AIMC_CHECK(!x.source()->dac_levels());  // levels are per streaming tile
  Materialize(*x.source(), &materialized_, num_threads);
  return true;
}

void AnalogLayer::Forward(const InputBatch& x, Eigen::MatrixXf* y, int num_threads,
                          IoStats* stats) {
  AIMC_CHECK(x.rows() == in_size_);
  if (MaterializeUnstreamed(x, num_threads)) {
    Forward(materialized_, y, num_threads, stats);
    return;
  }
  y->resize(out_size_, x.cols());
  if (tiles_.size() == 1) {
    tiles_[0].Forward(x, y, num_threads, stats);
  } else {
    const Eigen::Ref<const Eigen::MatrixXf>& m = *x.matrix();  // sources stream on one tile
    Eigen::MatrixXf& part = part_;
    int r0 = 0;
    for (int r = 0; r < tile_rows(); ++r) {
      int c0 = 0;
      for (int c = 0; c < tile_cols(); ++c) {
        IoStats tile_stats;
        tile(r, c).Forward(m.middleRows(c0, in_splits_[c]), &part, num_threads, &tile_stats);
        if (c == 0) {
          y->middleRows(r0, out_splits_[r]) = part;
        } else {
          y->middleRows(r0, out_splits_[r]) += part;
        }
        if (stats != nullptr) {
          stats->bm_passes = std::max(stats->bm_passes, tile_stats.bm_passes);
          stats->bm_redone += tile_stats.bm_redone;
          stats->clipped += tile_stats.clipped;
        }
        c0 += in_splits_[c];
      }
      r0 += out_splits_[r];
    }
  }
  if (bias_.size() > 0) y->colwise() += bias_;
}

void AnalogLayer::ForwardTraining(const InputBatch& x, const WeightNoiseInjection& injection,
                                  uint32_t step, Eigen::MatrixXf* y, int num_threads) {
  AIMC_CHECK(x.rows() == in_size_);
  if (MaterializeUnstreamed(x, num_threads)) {
    ForwardTraining(materialized_, injection, step, y, num_threads);
    return;
  }
  if (tiles_.size() == 1) {
    tiles_[0].ForwardTraining(x, injection, step, y, nullptr, num_threads);
  } else {
    const Eigen::Ref<const Eigen::MatrixXf>& m = *x.matrix();  // sources stream on one tile
    y->resize(out_size_, x.cols());
    int r0 = 0;
    for (int r = 0; r < tile_rows(); ++r) {
      int c0 = 0;
      for (int c = 0; c < tile_cols(); ++c) {
        tile(r, c).ForwardTraining(m.middleRows(c0, in_splits_[c]), injection, step, &part_,
                                   nullptr, num_threads);
        if (c == 0) {
          y->middleRows(r0, out_splits_[r]) = part_;
        } else {
          y->middleRows(r0, out_splits_[r]) += part_;
        }
        c0 += in_splits_[c];
      }
      r0 += out_splits_[r];
    }
  }
  if (bias_.size() > 0) y->colwise() += bias_;
}

}  // namespace aimc::crossbar
