#include "training/crossnas/arch_cost.h"

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "crossbar/cost/config.h"
#include "crossbar/cost/cost_model.h"
#include "nas/crossnas/evolution.h"

namespace aimc::training::crossnas {

namespace cost = ::aimc::crossbar::cost;
using nas::crossnas::ArchGenotype;

absl::StatusOr<cost::CostConfig> Stage1CostConfig() {
  ASSIGN_OR_RETURN(cost::CostConfig config, cost::LoadCostConfig("crossnas"));
  if (config.xbar_size() != 256 || config.subarray_size() != 256 || config.adc_choice() != 2 ||
      config.dac_choice() != 2) {
    return absl::FailedPreconditionError(absl::StrCat(
        "Stage1CostConfig: the crossnas preset is not the stage-1 setting (crossbar 256, ADC "
        "choice 2, DAC choice 2): xbar_size ",
        config.xbar_size(), ", subarray_size ", config.subarray_size(), ", adc_choice ",
        config.adc_choice(), ", dac_choice ", config.dac_choice()));
  }
  return config;
}

std::vector<cost::CrossNasBlock> FullWidthCostBlocks(const ArchGenotype& genotype, int weight_bits,
                                                     int activation_bits) {
  std::vector<cost::CrossNasBlock> blocks;
  for (int gene : genotype.ActiveGenes()) {
    cost::BlockType type = cost::BlockType::kVgg;
    switch (nas::crossnas::GeneBlockType(gene)) {
      case nas::crossnas::BlockType::kVgg:
        type = cost::BlockType::kVgg;
        break;
      case nas::crossnas::BlockType::kMvgg:
        type = cost::BlockType::kMvgg;
        break;
      case nas::crossnas::BlockType::kRes:
        type = cost::BlockType::kRes;
        break;
    }
    blocks.push_back(cost::CrossNasBlock{.type = type,
                                         .out_channels = nas::crossnas::GeneChannels(gene),
                                         .weight_bits = weight_bits,
                                         .activation_bits = activation_bits});
  }
  return blocks;
}

absl::StatusOr<ArchCost> EvaluateArchCost(const ArchGenotype& genotype,
                                          const cost::CostConfig& config, int num_classes) {
  ASSIGN_OR_RETURN(const cost::Network network,
                   cost::CrossNasNetwork(FullWidthCostBlocks(genotype), num_classes));
  const absl::StatusOr<cost::NetworkCost> result = cost::EvaluateNetwork(network, config);
  if (result.status().code() == absl::StatusCode::kResourceExhausted) {
    // Tile overflow: illegal, resample (spec §6.4 [R]).
    return nas::crossnas::InfeasibleCandidateError(
        absl::StrCat(genotype.ToString(), ": ", result.status().message()));
  }
  RETURN_IF_ERROR(result.status());
  return ArchCost{.energy_mj = result->energy_mj(),
                  .latency_ms = result->latency_ms(),
                  .area_mm2 = result->area_mm2(),
                  .total_tiles = result->total_tiles};
}

}  // namespace aimc::training::crossnas
