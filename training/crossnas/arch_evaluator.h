// The CrossNAS stage-1 candidate evaluator (crossnas_spec.md §4.1 [R], §9.2):
// for an architecture genotype, first its cost at paper scale (arch_cost.h:
// full width, 9/9 bits, the stage-1 PIM config; a tile overflow is
// InfeasibleCandidateError and skips the accuracy), then its accuracy on the
// proxy supernet: SetPath, BN recalibration on N_cal calibration images
// (bn_recalibration.h), top-1 on the whole held-out split with running
// statistics (training/evaluate.h, deterministic, no augmentation). Results,
// infeasible verdicts included, are cached in memory by canonical genotype,
// so canonically equal genotypes cost one evaluation. Errors:
// InvalidArgument (illegal genotype), the cost model's and LibTorch's
// (Internal) errors. The evaluator changes the supernet's path, BN statistics
// and mode (left in eval). No LibTorch in this header. Thread-compatible.
#ifndef AIMC_TRAINING_CROSSNAS_ARCH_EVALUATOR_H_
#define AIMC_TRAINING_CROSSNAS_ARCH_EVALUATOR_H_

#include <memory>
#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "crossbar/cost/cost_config.pb.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/crossnas_search.h"
#include "nas/crossnas/fitness.h"
#include "training/crossnas/bn_recalibration.h"
#include "training/data/augment.h"
#include "training/data/dataset.h"

namespace aimc::networks::crossnas {
class CrossNasSupernetImpl;  // networks/crossnas/supernet.h
}  // namespace aimc::networks::crossnas

namespace aimc::training::crossnas {

struct ArchEvaluatorConfig {
  // N_cal, batch, sample seed and normalisation of the recalibration (T1:
  // 1,024 images). Its normalisation is also the evaluation's.
  BnRecalibrationConfig recalibration;
  int eval_batch_size = 256;  // >= 1; changes no result
  // The PIM config of the cost; nullopt = Stage1CostConfig() (the crossnas preset).
  std::optional<crossbar::cost::CostConfig> cost_config;
  // The cost network's form: 0 = 100 (CIFAR-100 form) if the supernet has
  // res_stride2, else 10 (arch_cost.h).
  int cost_num_classes = 0;
};

class SupernetArchEvaluator {
 public:
  // `supernet` is shared (trained by the caller); `calibration` (training
  // images) and `validation` (the held-out split) are not owned and must
  // outlive the evaluator. InvalidArgument for a bad config or data whose
  // shape the supernet does not take; the cost config's load error.
  static absl::StatusOr<std::unique_ptr<SupernetArchEvaluator>> Create(
      std::shared_ptr<networks::crossnas::CrossNasSupernetImpl> supernet,
      const Dataset* calibration, const Dataset* validation, const ArchEvaluatorConfig& config);

  // accuracy_pct (top-1 on validation), energy_mj, latency_ms (full-width cost).
  absl::StatusOr<nas::crossnas::CandidateMetrics> Evaluate(
      const nas::crossnas::ArchGenotype& genotype);
  // The cost part only (cached with the rest); InfeasibleCandidateError on overflow.
  absl::StatusOr<nas::crossnas::CandidateMetrics> EvaluateCost(
      const nas::crossnas::ArchGenotype& genotype);

  // Calls Evaluate; valid while this object lives (for CreateArchSearch).
  nas::crossnas::ArchEvaluator AsArchEvaluator();

  int num_accuracy_evaluations() const { return num_accuracy_evaluations_; }
  int num_cache_hits() const { return num_cache_hits_; }
  const crossbar::cost::CostConfig& cost_config() const { return cost_config_; }

 private:
  SupernetArchEvaluator(std::shared_ptr<networks::crossnas::CrossNasSupernetImpl> supernet,
                        const Dataset* calibration, const Dataset* validation,
                        const ArchEvaluatorConfig& config, crossbar::cost::CostConfig cost_config,
                        int cost_num_classes);

  absl::StatusOr<double> Accuracy(const nas::crossnas::ArchGenotype& genotype);

  std::shared_ptr<networks::crossnas::CrossNasSupernetImpl> supernet_;
  const Dataset* calibration_;
  const Dataset* validation_;
  ArchEvaluatorConfig config_;
  crossbar::cost::CostConfig cost_config_;
  int cost_num_classes_;
  // By canonical GenesString(): the cost (or its infeasible verdict) and,
  // once evaluated, the accuracy.
  absl::flat_hash_map<std::string, absl::StatusOr<nas::crossnas::CandidateMetrics>> cost_cache_;
  absl::flat_hash_map<std::string, double> accuracy_cache_;
  int num_accuracy_evaluations_ = 0;
  int num_cache_hits_ = 0;
};

}  // namespace aimc::training::crossnas

#endif  // AIMC_TRAINING_CROSSNAS_ARCH_EVALUATOR_H_
