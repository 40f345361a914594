// Bayesian optimisation with a Gaussian process (nas_spec.md §3.5, "Spec for
// our BO"): naszilla's kernel α² exp(-d/ℓ²) on the Hamming distance between
// the 6 ops (ℓ = 3, α = 1.5, noise 1e-5, fixed), fitted to the queried values
// standardised to mean 0 and sd 1 (population sd; 1 when constant). After
// `num_init` distinct random cells, each step queries the unqueried cell that
// maximises expected improvement over the best standardised value (or UCB
// μ + β σ), searched over all unqueried cells, or over `num_candidates` random
// unqueried cells in naszilla-compat mode. Ties go to the first candidate
// (lexicographic order when exhaustive). Memory: 125 KB per query.
// Create returns InvalidArgument naming a bad field. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_BAYESIAN_OPTIMIZATION_H_
#define AIMC_NAS_SEARCH_BAYESIAN_OPTIMIZATION_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nas/search/search_algorithm.h"

namespace aimc::nas::search {

struct BayesianOptimizationOptions {
  int num_init = 10;          // distinct random cells before the first fit; >= 1
  double lengthscale = 3.0;   // ℓ (Hamming units); > 0
  double amplitude = 1.5;     // α, prior sd in standardised units; > 0
  double noise_sd = 1e-5;     // σ, standardised units; >= 0
  bool ucb = false;           // false: expected improvement; true: μ + ucb_beta σ
  double ucb_beta = 0.5;      // naszilla's 0.5; >= 0
  // 0: maximise over every unqueried cell (our spec). N > 0 (naszilla-compat:
  // 200): over N uniform draws of unqueried cells.
  int num_candidates = 0;
};

absl::Status Validate(const BayesianOptimizationOptions& options);

class BayesianOptimization : public SearchAlgorithm {
 public:
  static absl::StatusOr<std::unique_ptr<BayesianOptimization>> Create(
      const BayesianOptimizationOptions& options);

  std::string name() const override { return "bayesian_optimization"; }
  absl::StatusOr<SearchResult> Run(Objective& objective, int budget,
                                   RandomCursor& rng) const override;

 private:
  explicit BayesianOptimization(const BayesianOptimizationOptions& options)
      : options_(options) {}
  BayesianOptimizationOptions options_;
};

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_BAYESIAN_OPTIMIZATION_H_
