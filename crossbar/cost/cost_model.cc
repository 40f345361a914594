#include "crossbar/cost/cost_model.h"

#include "common/status_macros.h"
#include "crossbar/cost/latency.h"

namespace aimc::crossbar::cost {

absl::StatusOr<NetworkCost> EvaluateNetwork(const Network& network, const CostConfig& config) {
  ASSIGN_OR_RETURN(const Hardware hw, MakeHardware(config));
  return EvaluateNetwork(network, hw);
}

absl::StatusOr<NetworkCost> EvaluateNetwork(const Network& network, const Hardware& hw) {
  RETURN_IF_ERROR(Validate(network));
  ASSIGN_OR_RETURN(const NetworkMapping mapping, MapNetwork(network, hw));
  const std::vector<LayerPlacement> placement = PlaceNetwork(network, mapping, hw);
  NetworkCost out;
  out.network = network.name;
  out.total_tiles = mapping.total_tiles;
  out.total_pes = mapping.total_pes;
  out.pe_input_buffer_kb = mapping.pe_input_buffer_kb;
  out.tile_output_buffer_kb = mapping.tile_output_buffer_kb;
  out.tile_area = ComputeTileArea(hw, mapping.pe_input_buffer_kb, mapping.tile_output_buffer_kb);
  const SramSpec in_buf = SramForSizeKb(mapping.pe_input_buffer_kb);
  const SramSpec out_buf = SramForSizeKb(mapping.tile_output_buffer_kb);
  std::vector<LayerTiming> timings;
  timings.reserve(network.layers.size());
  for (size_t l = 0; l < network.layers.size(); ++l) {
    const Layer& layer = network.layers[l];
    timings.push_back(ComputeLayerTiming(layer, mapping.layers[l], placement[l], hw));
    LayerCost c;
    c.name = layer.name;
    c.kind = layer.kind;
    c.mapping = mapping.layers[l];
    c.placement = placement[l];
    c.energy = ComputeLayerEnergy(layer, c.mapping, timings.back(), hw, in_buf, out_buf);
    c.busy_ns = timings.back().busy_ns();
    c.area_um2 = c.mapping.tiles * out.tile_area.total_um2();
    out.energy += c.energy;
    out.layers.push_back(std::move(c));
  }
  const Schedule schedule = ScheduleNetwork(network, timings, hw.config.pipeline());
  for (size_t l = 0; l < out.layers.size(); ++l) out.layers[l].finish_ns = schedule.finish_ns[l];
  out.energy_nj = out.energy.total_nj();
  out.latency_ns = schedule.latency_ns;
  out.area_um2 = out.total_tiles * out.tile_area.total_um2();
  return out;
}

}  // namespace aimc::crossbar::cost
