#include "training/crossnas/arch_cost.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "crossbar/cost/config.h"
#include "crossbar/cost/cost_model.h"
#include "nas/crossnas/evolution.h"
#include "nas/crossnas/qpim_genotype.h"

namespace aimc::training::crossnas {

namespace cost = ::aimc::crossbar::cost;
using nas::crossnas::ArchGenotype;
using nas::crossnas::QpimGenotype;

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

namespace {

// `blocks` through the cost model; a tile overflow becomes infeasible.
absl::StatusOr<ArchCost> EvaluateBlocks(const ArchGenotype& genotype,
                                        const std::vector<cost::CrossNasBlock>& blocks,
                                        const cost::CostConfig& config, int num_classes) {
  ASSIGN_OR_RETURN(const cost::Network network, cost::CrossNasNetwork(blocks, num_classes));
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

}  // namespace

absl::StatusOr<ArchCost> EvaluateArchCost(const ArchGenotype& genotype,
                                          const cost::CostConfig& config, int num_classes) {
  return EvaluateBlocks(genotype, FullWidthCostBlocks(genotype), config, num_classes);
}

absl::StatusOr<cost::CostConfig> QpimCostConfig(const QpimGenotype& qpim) {
  if (qpim.dac_bits != 1 && qpim.dac_bits != 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("QpimGenotype.dac_bits: must be 1 or 2, got ", qpim.dac_bits));
  }
  ASSIGN_OR_RETURN(const int adc_choice, nas::crossnas::MnsimAdcChoice(qpim.adc_bits));
  ASSIGN_OR_RETURN(cost::CostConfig config, cost::LoadCostConfig("crossnas"));
  // DAC_Choice 1 is the 1-bit and 2 the 2-bit converter (pim_cost_model.md, DAC table).
  RETURN_IF_ERROR(cost::ApplyPimOverrides(qpim.crossbar_size, adc_choice, qpim.dac_bits, &config));
  return config;
}

absl::StatusOr<ArchCost> EvaluateQpimCost(const ArchGenotype& arch, const QpimGenotype& qpim,
                                          int num_classes) {
  std::vector<cost::CrossNasBlock> blocks = FullWidthCostBlocks(arch);
  // CheckQpimGenotype also checks the map's length against the active depth.
  if (const absl::Status valid =
          nas::crossnas::CheckQpimGenotype(qpim, static_cast<int>(blocks.size()));
      !valid.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("QpimGenotype.", valid.message(), " (architecture ", arch.ToString(), ")"));
  }
  for (size_t i = 0; i < blocks.size(); ++i) {
    blocks[i].weight_bits = qpim.block_bits[i].weight_bits;
    blocks[i].activation_bits = qpim.block_bits[i].activation_bits;
  }
  ASSIGN_OR_RETURN(const cost::CostConfig config, QpimCostConfig(qpim));
  return EvaluateBlocks(arch, blocks, config, num_classes);
}

}  // namespace aimc::training::crossnas
