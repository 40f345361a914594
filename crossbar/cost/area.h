// Area of one tile and of the chip (pim_cost_model.md §4): chip area = tile
// area x tiles used (pooling tiles charged in full, quirk 1); ADC/DAC counts
// are ADC_Num/DAC_Num per subarray, not clipped to the crossbar (quirk 6).
// Units: um2. Thread-safe (pure functions).
#ifndef AIMC_CROSSBAR_COST_AREA_H_
#define AIMC_CROSSBAR_COST_AREA_H_

#include "crossbar/cost/hardware.h"

namespace aimc::crossbar::cost {

struct TileArea {
  double crossbar_um2 = 0;
  double adc_um2 = 0;
  double dac_um2 = 0;
  double digital_um2 = 0;  // (de)muxes, registers, shift-adders, group adders, joint modules
  double buffer_um2 = 0;   // n_PE input buffers + the tile output buffer
  double pool_um2 = 0;
  double total_um2() const {
    return crossbar_um2 + adc_um2 + dac_um2 + digital_um2 + buffer_um2 + pool_um2;
  }
};

// One tile, with buffers of the given sizes (NetworkMapping's, KB).
TileArea ComputeTileArea(const Hardware& hw, double pe_input_buffer_kb,
                         double tile_output_buffer_kb);

}  // namespace aimc::crossbar::cost

#endif  // AIMC_CROSSBAR_COST_AREA_H_
