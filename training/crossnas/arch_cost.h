// The stage-1 cost of a CrossNAS architecture (crossnas_spec.md §4.1, §6.4,
// §9.2 [R] "accuracy on a proxy, cost at paper scale"): the genotype's blocks
// at FULL width (32/64/128 channels, 3x32x32 input, 9/9 bits) through
// crossbar/cost's CrossNasNetwork and EvaluateNetwork, whatever width the
// accuracy-side supernet has. A tile overflow (the cost model's
// ResourceExhausted, §6.4 [R]) becomes nas::crossnas::InfeasibleCandidateError
// so the search resamples the candidate. No LibTorch. Errors:
// InvalidArgument (bad genotype or bits), FailedPrecondition (preset not the
// stage-1 setting), the cost model's other errors unchanged. Thread-safe.
// EvaluateQpimCost is the stage-4 cost (§6.4, §7 step 4): the same blocks with
// a QpimGenotype's per-block WB/AB and its crossbar / ADC / DAC.
#ifndef AIMC_TRAINING_CROSSNAS_ARCH_COST_H_
#define AIMC_TRAINING_CROSSNAS_ARCH_COST_H_

#include <vector>

#include "absl/status/statusor.h"
#include "crossbar/cost/cost_config.pb.h"
#include "crossbar/cost/networks.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/qpim_genotype.h"

namespace aimc::training::crossnas {

// The stage-1 PIM configuration [R §4.1, §10.4]: the "crossnas" preset,
// checked to be crossbar 256 (= subarray), ADC choice 2 (8 b), DAC choice 2
// (2 b); FailedPrecondition naming the values otherwise.
absl::StatusOr<crossbar::cost::CostConfig> Stage1CostConfig();

// The active blocks of `genotype` (canonicalised) at full width, every block
// at `weight_bits` / `activation_bits` (stage 1: 9 / 9).
std::vector<crossbar::cost::CrossNasBlock> FullWidthCostBlocks(
    const nas::crossnas::ArchGenotype& genotype, int weight_bits = 9, int activation_bits = 9);

struct ArchCost {
  double energy_mj = 0;   // per inference image
  double latency_ms = 0;  // per inference image, pipelined
  double area_mm2 = 0;
  int total_tiles = 0;
};

// num_classes 10 = the CIFAR-10 form (RES stride 1, 3-fc head), 100 = the
// CIFAR-100 form (stride-2 RES, one fc); other values keep the CIFAR-10 form
// with that many outputs (crossbar/cost/networks.h).
absl::StatusOr<ArchCost> EvaluateArchCost(const nas::crossnas::ArchGenotype& genotype,
                                          const crossbar::cost::CostConfig& config,
                                          int num_classes = 10);

// The stage-4 PIM configuration of `qpim` (§6.2): the "crossnas" preset with
// xbar = subarray = qpim.crossbar_size, ADC_Choice = MnsimAdcChoice(adc_bits)
// and DAC_Choice 1 (1 b) or 2 (2 b) (pim_cost_model.md's DAC table).
// InvalidArgument naming the field for a bad X / ADC / DAC.
absl::StatusOr<crossbar::cost::CostConfig> QpimCostConfig(const nas::crossnas::QpimGenotype& qpim);

// The full-width cost of `arch` (canonicalised) with block i at
// qpim.block_bits[i] under QpimCostConfig(qpim). Stage1PimConfig(depth) gives
// exactly EvaluateArchCost(arch, Stage1CostConfig()). InvalidArgument (naming
// QpimGenotype.block_bits) when the map's length differs from the active
// depth, or for bits / PIM values outside the space; a tile overflow is
// nas::crossnas::InfeasibleCandidateError.
absl::StatusOr<ArchCost> EvaluateQpimCost(const nas::crossnas::ArchGenotype& arch,
                                          const nas::crossnas::QpimGenotype& qpim,
                                          int num_classes = 10);

}  // namespace aimc::training::crossnas

#endif  // AIMC_TRAINING_CROSSNAS_ARCH_COST_H_
