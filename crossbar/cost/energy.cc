#include "crossbar/cost/energy.h"

namespace aimc::crossbar::cost {
namespace {
int CeilDiv(int a, int b) { return (a + b - 1) / b; }
}  // namespace

EnergyBreakdown& EnergyBreakdown::operator+=(const EnergyBreakdown& o) {
  xbar_nj += o.xbar_nj;
  dac_nj += o.dac_nj;
  adc_nj += o.adc_nj;
  digital_nj += o.digital_nj;
  buffer_nj += o.buffer_nj;
  pool_nj += o.pool_nj;
  return *this;
}

double SramReadPowerW(const SramSpec& s, const Hardware& hw) {
  return s.read_energy_nj / hw.config.buffer_cycle_ns() + s.leakage_w;
}
double SramWritePowerW(const SramSpec& s, const Hardware& hw) {
  return s.write_energy_nj / hw.config.buffer_cycle_ns() + s.leakage_w;
}

EnergyBreakdown ComputeLayerEnergy(const Layer& layer, const LayerMapping& m, const LayerTiming& t,
                                   const Hardware& hw, const SramSpec& input_buffer,
                                   const SramSpec& output_buffer) {
  EnergyBreakdown e;
  if (layer.kind == LayerKind::kElementSum) return e;
  if (layer.kind == LayerKind::kPool) {
    e.pool_nj = kPoolPowerW * t.pool_ns;
    e.buffer_nj = SramReadPowerW(output_buffer, hw) * t.buffer_read_ns +
                  SramWritePowerW(output_buffer, hw) * t.buffer_write_ns;
    return e;
  }
  const double tiles = m.tiles, n = m.pes_per_tile, g = m.groups_used;
  const double r = m.rows_used, c = m.cols_used;
  const double n_dac = CeilDiv(m.rows_used, hw.rows_per_dac);
  const double n_adc = CeilDiv(m.cols_used, hw.cols_per_adc);
  const double p_xbar =
      tiles * n * hw.polarity * g * r * c * hw.cell_power_w / (hw.rows_per_dac * hw.cols_per_adc);
  const double dacs = tiles * n * g * n_dac, adcs = tiles * n * g * n_adc;
  e.xbar_nj = p_xbar * t.xbar_ns;
  e.dac_nj = dacs * hw.dac.power_w * t.dac_ns;
  e.adc_nj = adcs * hw.adc.power_w * t.adc_ns;
  e.digital_nj = dacs * hw.demux_power_w * t.demux_ns + dacs * kRegisterPowerW * t.input_reg_ns +
                 adcs * hw.mux_power_w * t.mux_ns + adcs * kShiftAddPowerW * t.shift_add_ns +
                 adcs * kRegisterPowerW * t.output_reg_ns +
                 tiles * (n - 1) * n_adc * kJointPowerW * t.joint_ns;
  const double p_read =
      tiles * (n * SramReadPowerW(input_buffer, hw) + SramReadPowerW(output_buffer, hw));
  const double p_write =
      tiles * (n * SramWritePowerW(input_buffer, hw) + SramWritePowerW(output_buffer, hw));
  e.buffer_nj = p_read * t.buffer_read_ns + p_write * t.buffer_write_ns;
  return e;
}

}  // namespace aimc::crossbar::cost
