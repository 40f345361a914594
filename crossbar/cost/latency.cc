#include "crossbar/cost/latency.h"

#include <algorithm>
#include <cmath>

namespace aimc::crossbar::cost {
namespace {

int CeilDiv(int a, int b) { return (a + b - 1) / b; }
int CeilLog2(int x) { return x <= 1 ? 0 : static_cast<int>(std::ceil(std::log2(x) - 1e-12)); }

// Bytes written to and read from the input buffer for output pixel q of a
// window layer with `ch` channels per window (§5).
void InputBytes(const Layer& l, int ch, int rows, int q, double* write, double* read) {
  const int w_o = l.OutWidth(), i = q / w_o, j = q % w_o;
  const double a8 = l.bits.input_bits / 8.0;
  const int k = l.kernel, s = l.stride, kp = std::max(k - l.pad, 0);
  if (q == 0) {
    *write = ch * kp * kp * a8;
    *read = rows * a8;
  } else if (j == 0) {
    *write = ch * s * kp * a8;
    *read = rows * a8;
  } else {
    *write = (i == 0 ? ch * s * k : ch * s * s) * a8;
    *read = s * k * ch * a8;
  }
}

LayerTiming CrossbarTiming(const Layer& l, const LayerMapping& m, const LayerPlacement& pl,
                           const Hardware& hw) {
  LayerTiming t;
  const int r = m.rows_used, c = m.cols_used, n = m.pes_per_tile;
  const int a_in = l.bits.input_bits, a_out = l.bits.output_bits, b_a = hw.adc.bits;
  const int n_in = CeilDiv(a_in, hw.dac.bits);
  const int n_r = CeilDiv(r, hw.dacs_per_group), n_c = CeilDiv(c, hw.config.adc_num());
  const double T = 1.0 * n_in * n_r * n_c, clk = hw.t_clk_ns;
  const double t_comp = T * (hw.t_xbar_ns + hw.t_dac_ns + hw.t_adc_ns);
  const double t_dig = n_r * n_c * clk + 2 * T * clk + T * hw.t_decoder_ns + T * hw.t_mux_ns +
                       n_c * CeilLog2(hw.groups) * clk + n_c * clk;
  const int mm = CeilLog2(n), L = CeilLog2(hw.pes_per_tile);
  const double t_joint = mm * clk;
  const double t_intra = (L * (b_a + mm) - mm * (mm + 1) / 2.0) * c / hw.intra_tile_bit_per_ns;
  const double t_ow = hw.BufferAccessNs((b_a + mm) * 1.0 * c * n / 8);
  const double t_or = hw.BufferAccessNs(1.0 * c * a_out * n / 8);
  const double t_merge = t_or + pl.d_in * (clk + 1.0 * c * n * a_out / hw.inter_tile_bit_per_ns);
  const double t_xfer = pl.d_out * 1.0 * l.out_channels * a_out / hw.inter_tile_bit_per_ns;
  const double fixed = t_comp + t_dig + t_joint + t_intra + t_ow + t_merge + t_xfer;
  const int steps = l.kind == LayerKind::kFc ? 1 : l.OutputPixels();
  const int ch = l.kind == LayerKind::kConv ? r / (l.kernel * l.kernel) : 0;
  t.step_ns.resize(steps);
  for (int q = 0; q < steps; ++q) {
    double w = r * a_in / 8.0, rd = w;  // fc: D_w = D_r = r a/8
    if (l.kind == LayerKind::kConv) InputBytes(l, ch, r, q, &w, &rd);
    const double t_iw = hw.BufferAccessNs(w), t_ir = hw.BufferAccessNs(rd);
    t.step_ns[q] = fixed + t_iw + t_ir;
    t.buffer_read_ns += t_ir + t_or;
    t.buffer_write_ns += t_iw + t_ow;
  }
  t.xbar_ns = steps * T * hw.t_xbar_ns;
  t.dac_ns = steps * T * hw.t_dac_ns;
  t.adc_ns = steps * T * hw.t_adc_ns;
  t.input_reg_ns = steps * (n_r * n_c * clk + T * clk);
  t.shift_add_ns = steps * T * clk;
  t.demux_ns = steps * T * hw.t_decoder_ns;
  t.mux_ns = steps * T * hw.t_mux_ns;
  t.output_reg_ns = steps * n_c * clk;
  t.joint_ns = steps * t_joint;
  return t;
}

LayerTiming PoolTiming(const Layer& l, const LayerPlacement& pl, const Hardware& hw) {
  LayerTiming t;
  const int C = l.in_channels, k = l.kernel;
  const double a_out8 = l.bits.output_bits / 8.0;
  const double t_pool = kPoolStepNs * CeilDiv(C, 64) * CeilDiv(k * k, 9);
  const double t_ow = hw.BufferAccessNs(C * a_out8), t_or = hw.BufferAccessNs(C * a_out8);
  const double t_xfer = pl.d_out * 1.0 * C * l.bits.output_bits / hw.inter_tile_bit_per_ns;
  const int steps = l.OutputPixels();
  t.step_ns.resize(steps);
  for (int q = 0; q < steps; ++q) {
    double w = 0, rd = 0;
    InputBytes(l, C, C * k * k, q, &w, &rd);
    const double t_iw = hw.BufferAccessNs(w), t_ir = hw.BufferAccessNs(rd);
    t.step_ns[q] = t_iw + t_ir + t_pool + t_ow + 2 * t_or + t_xfer;
    t.buffer_read_ns += t_ir + t_or;
    t.buffer_write_ns += t_iw + t_ow;
  }
  t.pool_ns = steps * t_pool;
  return t;
}

}  // namespace

double LayerTiming::busy_ns() const {
  double s = 0;
  for (double x : step_ns) s += x;
  return s;
}

LayerTiming ComputeLayerTiming(const Layer& layer, const LayerMapping& mapping,
                               const LayerPlacement& placement, const Hardware& hw) {
  switch (layer.kind) {
    case LayerKind::kConv:
    case LayerKind::kFc:
      return CrossbarTiming(layer, mapping, placement, hw);
    case LayerKind::kPool:
      return PoolTiming(layer, placement, hw);
    case LayerKind::kElementSum:
      break;
  }
  LayerTiming t;
  const double a = layer.bits.output_bits, C = layer.in_channels;
  const double step = kElementSumNs + placement.d_out * C * a / hw.inter_tile_bit_per_ns +
                      2 * hw.BufferAccessNs(layer.inputs.size() * a * C / 8);
  t.step_ns.assign(layer.OutputPixels(), step);
  return t;
}

int LastInputIndex(const Layer& l, int q) {
  const int w_o = l.OutWidth(), i = q / w_o, j = q % w_o, k = l.kernel, s = l.stride;
  if (k == 1) return i * s * l.in_width + j * s;
  const int first = std::max(k - l.pad, 1);
  const int row = std::min(first + s * i, l.in_height) - 1;
  const int col = std::min(first + s * j, l.in_width) - 1;
  return row * l.in_width + col;
}

Schedule ScheduleNetwork(const Network& network, const std::vector<LayerTiming>& timings,
                         bool pipelined) {
  const int num_layers = network.layers.size();
  std::vector<std::vector<double>> finish(num_layers);
  Schedule out;
  out.finish_ns.resize(num_layers);
  double all_done = 0;
  for (int l = 0; l < num_layers; ++l) {
    const Layer& layer = network.layers[l];
    const std::vector<double>& steps = timings[l].step_ns;
    finish[l].resize(steps.size());
    const double floor = pipelined ? 0 : all_done;
    double prev = 0;
    for (int q = 0; q < static_cast<int>(steps.size()); ++q) {
      double ready = floor;
      for (int p : layer.inputs) {
        const std::vector<double>& fp = finish[p];
        if (fp.empty()) continue;
        const int idx = layer.kind == LayerKind::kFc ? fp.size() - 1 : LastInputIndex(layer, q);
        ready = std::max(ready, fp[std::min<int>(idx, fp.size() - 1)]);
      }
      prev = std::max(ready, prev) + steps[q];
      finish[l][q] = prev;
    }
    out.finish_ns[l] = steps.empty() ? floor : prev;
    all_done = std::max(all_done, out.finish_ns[l]);
  }
  out.latency_ns = all_done;
  return out;
}

}  // namespace aimc::crossbar::cost
