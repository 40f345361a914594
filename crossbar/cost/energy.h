// Layer energy = sum over modules of (layer module power x summed busy time)
// (pim_cost_model.md §6). Powers assume every tile of the layer holds n PEs
// using r x c cells (quirk 2); energy includes buffer leakage during busy time
// only and no transfer, merge-adder, accumulator or NoC energy (quirk 3);
// element_sum is 0. Units: nJ (W x ns). Thread-safe (pure functions).
#ifndef AIMC_CROSSBAR_COST_ENERGY_H_
#define AIMC_CROSSBAR_COST_ENERGY_H_

#include "crossbar/cost/hardware.h"
#include "crossbar/cost/latency.h"
#include "crossbar/cost/layer.h"
#include "crossbar/cost/mapping.h"

namespace aimc::crossbar::cost {

struct EnergyBreakdown {
  double xbar_nj = 0, dac_nj = 0, adc_nj = 0;
  double digital_nj = 0;  // registers, shift-add, (de)mux, joint modules
  double buffer_nj = 0, pool_nj = 0;
  double total_nj() const { return xbar_nj + dac_nj + adc_nj + digital_nj + buffer_nj + pool_nj; }
  EnergyBreakdown& operator+=(const EnergyBreakdown& o);
};

// `input_buffer`/`output_buffer`: the chip's PE input and tile output SRAM rows.
EnergyBreakdown ComputeLayerEnergy(const Layer& layer, const LayerMapping& mapping,
                                   const LayerTiming& timing, const Hardware& hw,
                                   const SramSpec& input_buffer, const SramSpec& output_buffer);

// E_read / cycle + leakage (W), and the write analogue.
double SramReadPowerW(const SramSpec& s, const Hardware& hw);
double SramWritePowerW(const SramSpec& s, const Hardware& hw);

}  // namespace aimc::crossbar::cost

#endif  // AIMC_CROSSBAR_COST_ENERGY_H_
