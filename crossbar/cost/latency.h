// Per-step latency and module busy times of each layer, and the network
// schedule (pim_cost_model.md §5). Pipelined (mode = 1): finish(l, q) =
// max(ready(l, q), finish(l, q-1)) + step(l, q). Non-pipelined (our reading of
// -DisPipe, not verified against MNSIM): a layer starts after every earlier
// layer has finished. Units: ns. Thread-safe (pure functions).
#ifndef AIMC_CROSSBAR_COST_LATENCY_H_
#define AIMC_CROSSBAR_COST_LATENCY_H_

#include <vector>

#include "crossbar/cost/hardware.h"
#include "crossbar/cost/layer.h"
#include "crossbar/cost/mapping.h"
#include "crossbar/cost/placement.h"

namespace aimc::crossbar::cost {

struct LayerTiming {
  std::vector<double> step_ns;  // one per output pixel (1 for fc)
  // Busy time per module, summed over steps (the §6 table), ns.
  double xbar_ns = 0, dac_ns = 0, adc_ns = 0;
  double input_reg_ns = 0, shift_add_ns = 0, demux_ns = 0, mux_ns = 0, output_reg_ns = 0;
  double joint_ns = 0, buffer_read_ns = 0, buffer_write_ns = 0, pool_ns = 0;
  double busy_ns() const;  // sum of step_ns
};

LayerTiming ComputeLayerTiming(const Layer& layer, const LayerMapping& mapping,
                               const LayerPlacement& placement, const Hardware& hw);

// Index (row-major in the producer's output) of the last input pixel output
// pixel q needs (§5).
int LastInputIndex(const Layer& layer, int q);

struct Schedule {
  std::vector<double> finish_ns;  // per layer: finish of its last output
  double latency_ns = 0;          // max finish
};
Schedule ScheduleNetwork(const Network& network, const std::vector<LayerTiming>& timings,
                         bool pipelined);

}  // namespace aimc::crossbar::cost

#endif  // AIMC_CROSSBAR_COST_LATENCY_H_
