// The PIM cost model after MNSIM 2.0 (pim_cost_model.md §§2-6): per-layer and
// network energy, pipelined latency and area of one batch-1 inference on a
// weight-stationary chip. Units: energy_nj, latency_ns, area_um2 (helpers give
// mJ, ms, mm2). Errors: InvalidArgument (bad config or network, naming the
// field), FailedPrecondition (unmappable layer), ResourceExhausted (more tiles
// than the chip has, naming the layer and the counts). Thread-safe.
#ifndef AIMC_CROSSBAR_COST_COST_MODEL_H_
#define AIMC_CROSSBAR_COST_COST_MODEL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "crossbar/cost/area.h"
#include "crossbar/cost/cost_config.pb.h"
#include "crossbar/cost/energy.h"
#include "crossbar/cost/layer.h"
#include "crossbar/cost/mapping.h"
#include "crossbar/cost/placement.h"

namespace aimc::crossbar::cost {

struct LayerCost {
  std::string name;
  LayerKind kind = LayerKind::kConv;
  LayerMapping mapping;
  LayerPlacement placement;
  EnergyBreakdown energy;
  double busy_ns = 0;    // sum of the layer's step latencies
  double finish_ns = 0;  // finish of its last output in the schedule
  double area_um2 = 0;   // tiles x tile area
};

struct NetworkCost {
  std::string network;
  std::vector<LayerCost> layers;
  int total_tiles = 0;
  int total_pes = 0;
  TileArea tile_area;
  double pe_input_buffer_kb = 0, tile_output_buffer_kb = 0;
  EnergyBreakdown energy;
  double energy_nj = 0, latency_ns = 0, area_um2 = 0;

  double energy_mj() const { return energy_nj * 1e-6; }
  double latency_ms() const { return latency_ns * 1e-6; }
  double area_mm2() const { return area_um2 * 1e-6; }
  double edp_mj_ms() const { return energy_mj() * latency_ms(); }
};

absl::StatusOr<NetworkCost> EvaluateNetwork(const Network& network, const CostConfig& config);
absl::StatusOr<NetworkCost> EvaluateNetwork(const Network& network, const Hardware& hw);

}  // namespace aimc::crossbar::cost

#endif  // AIMC_CROSSBAR_COST_COST_MODEL_H_
