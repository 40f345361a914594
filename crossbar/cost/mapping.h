// Weight mapping of conv/fc layers onto bit-sliced crossbars, PEs and tiles,
// and the chip-level buffer sizing (pim_cost_model.md §2). Slices are always
// 1 bit per crossbar (quirk 7); pooling layers take 1 PE and 1 whole tile
// (quirk 1); element_sum takes none. Errors: FailedPrecondition when a layer
// cannot be mapped (kernel window larger than a crossbar's rows),
// ResourceExhausted when the network needs more tiles than the chip has,
// naming the layer and the counts. Thread-safe (pure functions).
#ifndef AIMC_CROSSBAR_COST_MAPPING_H_
#define AIMC_CROSSBAR_COST_MAPPING_H_

#include <vector>

#include "absl/status/statusor.h"
#include "crossbar/cost/hardware.h"
#include "crossbar/cost/layer.h"

namespace aimc::crossbar::cost {

struct LayerMapping {
  int weight_slices = 0;      // w_eff = w - 1 (polarity 2) or w
  int channels_per_xbar = 0;  // c_x = floor(R / k^2) (conv)
  int mx = 0, my = 0;         // PE blocks along outputs (x slices) and inputs
  int pes = 0;                // PEs_l = mx my (MNSIM's "crossbar number")
  int tiles = 0;              // ceil(PEs_l / n_PE)
  int pes_per_tile = 0;       // n = min(PEs_l, n_PE)
  int groups_used = 0;        // g = min(w_eff, G)
  int rows_used = 0;          // r
  int cols_used = 0;          // c
  int first_tile = 0;         // tile ids [first_tile, first_tile + tiles), layer order
};

// REQUIRES: `layer` passed Validate.
absl::StatusOr<LayerMapping> MapLayer(const Layer& layer, const Hardware& hw);

struct NetworkMapping {
  std::vector<LayerMapping> layers;
  int total_tiles = 0;
  int total_pes = 0;
  double pe_input_buffer_kb = 0;     // 2^ceil(log2(D_in / PEs_l)) / 1024, max over conv/fc
  double tile_output_buffer_kb = 0;  // 2^ceil(log2(2 D_out / tiles_l)) / 1024, max
};

// REQUIRES: `network` passed Validate.
absl::StatusOr<NetworkMapping> MapNetwork(const Network& network, const Hardware& hw);

}  // namespace aimc::crossbar::cost

#endif  // AIMC_CROSSBAR_COST_MAPPING_H_
