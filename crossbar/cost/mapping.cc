#include "crossbar/cost/mapping.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc::crossbar::cost {
namespace {

int CeilDiv(int a, int b) { return (a + b - 1) / b; }

double PowerOfTwoKb(double bytes) {
  if (bytes <= 0) return 0;
  return std::pow(2.0, std::ceil(std::log2(bytes) - 1e-12)) / 1024;
}

}  // namespace

absl::StatusOr<LayerMapping> MapLayer(const Layer& layer, const Hardware& hw) {
  LayerMapping m;
  if (layer.kind == LayerKind::kPool) {
    m.pes = m.tiles = m.pes_per_tile = 1;
    return m;
  }
  if (layer.kind == LayerKind::kElementSum) return m;
  const int R = hw.xbar_rows, C = hw.xbar_cols, G = hw.groups;
  m.weight_slices = hw.polarity == 2 ? layer.bits.weight_bits - 1 : layer.bits.weight_bits;
  if (m.weight_slices < 1) {
    return absl::FailedPreconditionError(
        absl::StrCat("layer '", layer.name, "': weight_bits ", layer.bits.weight_bits,
                     " leaves no magnitude slice with pos/neg crossbars (need >= 2)"));
  }
  const int slice_blocks = CeilDiv(m.weight_slices, G);
  if (layer.kind == LayerKind::kConv) {
    const int k2 = layer.kernel * layer.kernel;
    m.channels_per_xbar = R / k2;
    if (m.channels_per_xbar == 0) {
      return absl::FailedPreconditionError(
          absl::StrCat("layer '", layer.name, "': a ", layer.kernel, "x", layer.kernel, " window (",
                       k2, " rows) does not fit a crossbar of ", R, " rows"));
    }
    m.mx = slice_blocks * CeilDiv(layer.out_channels, C);
    m.my = CeilDiv(layer.in_channels, m.channels_per_xbar);
    m.rows_used = std::min(m.channels_per_xbar, layer.in_channels) * k2;
    m.cols_used = std::min(layer.out_channels, C);
  } else {  // fc
    m.mx = slice_blocks * CeilDiv(layer.out_channels, C);
    m.my = CeilDiv(layer.in_channels, R);
    m.rows_used = std::min(layer.in_channels, R);
    m.cols_used = std::min(layer.out_channels, C);
  }
  m.pes = m.mx * m.my;
  m.tiles = CeilDiv(m.pes, hw.pes_per_tile);
  m.pes_per_tile = std::min(m.pes, hw.pes_per_tile);
  m.groups_used = std::min(m.weight_slices, G);
  return m;
}

absl::StatusOr<NetworkMapping> MapNetwork(const Network& network, const Hardware& hw) {
  NetworkMapping out;
  const long chip_tiles = 1L * hw.tile_grid * hw.tile_grid;
  long overflow = -1;  // the first layer past the chip's tiles
  for (const Layer& layer : network.layers) {
    ASSIGN_OR_RETURN(LayerMapping m, MapLayer(layer, hw));
    m.first_tile = out.total_tiles;
    out.total_tiles += m.tiles;
    out.total_pes += m.pes;
    if (out.total_tiles > chip_tiles && overflow < 0) overflow = out.layers.size();
    if (layer.kind == LayerKind::kConv || layer.kind == LayerKind::kFc) {
      const double a_in8 = layer.bits.input_bits / 8.0, a_out8 = layer.bits.output_bits / 8.0;
      const double d_in = layer.kind == LayerKind::kConv
                              ? 1.0 * layer.in_width * layer.kernel * layer.in_channels * a_in8
                              : layer.in_channels * a_in8;
      const double d_out = layer.out_channels * a_out8;
      out.pe_input_buffer_kb = std::max(out.pe_input_buffer_kb, PowerOfTwoKb(d_in / m.pes));
      out.tile_output_buffer_kb =
          std::max(out.tile_output_buffer_kb, PowerOfTwoKb(2 * d_out / m.tiles));
    }
    out.layers.push_back(m);
  }
  if (overflow >= 0) {
    const Layer& layer = network.layers[overflow];
    return absl::ResourceExhaustedError(absl::StrCat(
        "network '", network.name, "' needs ", out.total_tiles, " tiles > the chip's ", chip_tiles,
        " (", hw.tile_grid, "x", hw.tile_grid, ") at crossbar ", hw.xbar_rows, "x", hw.xbar_cols,
        "; the chip overflows at layer ", overflow, " '", layer.name, "' (",
        out.layers[overflow].tiles, " tiles, ", out.layers[overflow].first_tile, " before it)"));
  }
  return out;
}

}  // namespace aimc::crossbar::cost
