#include "training/crossnas/arch_evaluator.h"

#include <torch/torch.h>

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "crossbar/cost/config.h"
#include "networks/crossnas/supernet.h"
#include "networks/network.h"
#include "training/crossnas/arch_cost.h"
#include "training/evaluate.h"

namespace aimc::training::crossnas {

using nas::crossnas::ArchGenotype;
using nas::crossnas::CandidateMetrics;
using networks::crossnas::CrossNasSupernetImpl;

absl::StatusOr<std::unique_ptr<SupernetArchEvaluator>> SupernetArchEvaluator::Create(
    std::shared_ptr<CrossNasSupernetImpl> supernet, const Dataset* calibration,
    const Dataset* validation, const ArchEvaluatorConfig& config) {
  RETURN_IF_ERROR(ValidateBnRecalibrationConfig(config.recalibration));
  if (config.eval_batch_size < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ArchEvaluatorConfig.eval_batch_size: must be >= 1, got ", config.eval_batch_size));
  }
  if (supernet == nullptr || calibration == nullptr || validation == nullptr) {
    return absl::InvalidArgumentError(
        "SupernetArchEvaluator: supernet, calibration and validation must be non-null");
  }
  for (const Dataset* data : {calibration, validation}) {
    if (data->size() == 0 || data->shape().channels != supernet->input_channels()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "SupernetArchEvaluator: dataset ", data->name(), " has ", data->size(), " images of ",
          data->shape().channels, " channels; the supernet takes ", supernet->input_channels()));
    }
  }
  crossbar::cost::CostConfig cost_config;
  if (config.cost_config.has_value()) {
    RETURN_IF_ERROR(crossbar::cost::Validate(*config.cost_config));
    cost_config = *config.cost_config;
  } else {
    ASSIGN_OR_RETURN(cost_config, Stage1CostConfig());
  }
  const int cost_classes = config.cost_num_classes != 0      ? config.cost_num_classes
                           : supernet->options().res_stride2 ? 100
                                                             : 10;
  return std::unique_ptr<SupernetArchEvaluator>(new SupernetArchEvaluator(
      std::move(supernet), calibration, validation, config, std::move(cost_config), cost_classes));
}

SupernetArchEvaluator::SupernetArchEvaluator(std::shared_ptr<CrossNasSupernetImpl> supernet,
                                             const Dataset* calibration, const Dataset* validation,
                                             const ArchEvaluatorConfig& config,
                                             crossbar::cost::CostConfig cost_config,
                                             int cost_num_classes)
    : supernet_(std::move(supernet)),
      calibration_(calibration),
      validation_(validation),
      config_(config),
      cost_config_(std::move(cost_config)),
      cost_num_classes_(cost_num_classes) {}

absl::StatusOr<CandidateMetrics> SupernetArchEvaluator::EvaluateCost(const ArchGenotype& genotype) {
  RETURN_IF_ERROR(nas::crossnas::CheckArchLegal(genotype, supernet_->arch_space()));
  const std::string key = genotype.Canonical().GenesString();
  auto it = cost_cache_.find(key);
  if (it == cost_cache_.end()) {
    absl::StatusOr<CandidateMetrics> metrics;
    const absl::StatusOr<ArchCost> cost =
        EvaluateArchCost(genotype, cost_config_, cost_num_classes_);
    if (cost.ok()) {
      metrics = CandidateMetrics{.energy_mj = cost->energy_mj, .latency_ms = cost->latency_ms};
    } else {
      metrics = cost.status();
    }
    it = cost_cache_.emplace(key, std::move(metrics)).first;
  }
  return it->second;
}

absl::StatusOr<double> SupernetArchEvaluator::Accuracy(const ArchGenotype& genotype) {
  RETURN_IF_ERROR(supernet_->SetPath(genotype));
  RETURN_IF_ERROR(RecalibrateBatchNorm(*supernet_, *calibration_, config_.recalibration));
  EvalConfig eval;
  eval.batch_size = config_.eval_batch_size;
  eval.num_threads = config_.recalibration.num_threads;
  eval.augment.normalization = config_.recalibration.normalization;
  networks::Network network(std::static_pointer_cast<networks::NetworkImpl>(supernet_));
  ASSIGN_OR_RETURN(const EvalResult result, training::Evaluate(network, *validation_, eval));
  return result.mean_accuracy_pct;
}

absl::StatusOr<CandidateMetrics> SupernetArchEvaluator::Evaluate(const ArchGenotype& genotype) {
  ASSIGN_OR_RETURN(CandidateMetrics metrics, EvaluateCost(genotype));
  const std::string key = genotype.Canonical().GenesString();
  if (const auto it = accuracy_cache_.find(key); it != accuracy_cache_.end()) {
    ++num_cache_hits_;
    metrics.accuracy_pct = it->second;
    return metrics;
  }
  absl::StatusOr<double> accuracy;
  try {
    accuracy = Accuracy(genotype.Canonical());
  } catch (const c10::Error& e) {
    return absl::InternalError(
        absl::StrCat("SupernetArchEvaluator: LibTorch: ", e.what_without_backtrace()));
  }
  RETURN_IF_ERROR(accuracy.status());
  ++num_accuracy_evaluations_;
  accuracy_cache_.emplace(key, *accuracy);
  metrics.accuracy_pct = *accuracy;
  return metrics;
}

nas::crossnas::ArchEvaluator SupernetArchEvaluator::AsArchEvaluator() {
  return [this](const ArchGenotype& genotype) { return Evaluate(genotype); };
}

}  // namespace aimc::training::crossnas
