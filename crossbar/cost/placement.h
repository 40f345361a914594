// Tile placement and transfer distances (pim_cost_model.md §5, "Placement and
// distances"): tile ids fill the square grid in shells from the corner (0, 0)
// (MNSIM Tile_Connection = 2); each layer's aggregation tile minimises
// spread-to-own-tiles + spread-to-consumer-tiles (Manhattan, in tiles).
// element_sum traffic goes to a global accumulator at (grid/2, 0).
// Thread-safe (pure functions).
#ifndef AIMC_CROSSBAR_COST_PLACEMENT_H_
#define AIMC_CROSSBAR_COST_PLACEMENT_H_

#include <vector>

#include "crossbar/cost/hardware.h"
#include "crossbar/cost/layer.h"
#include "crossbar/cost/mapping.h"

namespace aimc::crossbar::cost {

struct TilePosition {
  int row = 0;
  int col = 0;
};

// Shell s = max(row, col) holds ids s^2 .. (s+1)^2 - 1: odd s runs down column
// s then left along row s; even s runs right along row s then up column s.
// REQUIRES: tile_id >= 0.
TilePosition TileCoordinates(int tile_id);

struct LayerPlacement {
  int aggregation_tile = -1;  // -1 for element_sum
  int d_in = 0;               // tiles: max distance aggregation tile -> own tiles
  int d_out = 0;              // tiles: max distance to the consumers (0 for the last layer)
};

// Ties between aggregation tiles go to the first in row-major order. Our
// choices where the spec is silent: a consumer that is an element_sum adds
// the global-accumulator distance |row - grid/2| + col to the consumer term
// (also when other consumers have tiles: the max of both); an element_sum
// consumed by an element_sum contributes distance 0 (both in the accumulator).
// REQUIRES: `mapping` = MapNetwork(network, hw).
std::vector<LayerPlacement> PlaceNetwork(const Network& network, const NetworkMapping& mapping,
                                         const Hardware& hw);

}  // namespace aimc::crossbar::cost

#endif  // AIMC_CROSSBAR_COST_PLACEMENT_H_
