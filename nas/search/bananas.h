// BANANAS (White et al. 2021; nas_spec.md §3.4, naszilla's original as the
// default): `num_init` distinct random cells, then rounds of: train an
// ensemble of `ensemble_size` MLPs on every queried cell's features (path
// encoding by default) and value; make candidates by mutating the best
// `num_parents` queried cells (naszilla's per-edge mutation, up to
// `mutations_per_parent` tries each, skipping queried cells and duplicates,
// at most `num_candidates`); score them by independent Thompson sampling
// N(mean, sd) over the ensemble (sd with ddof 0), or UCB, or the mean; query
// the `batch_size` best, best first. Our choices: targets are standardised for
// training (naszilla fits raw 100 - accuracy; this keeps one net size right
// for any metric's scale), the path encoding uses the correct blueprint and is
// not truncated unless asked, and a round short of candidates is filled with
// random unqueried cells. num_candidates = 0 scores every unqueried cell (the
// ANB example's exhaustive UCB). Create returns InvalidArgument naming a bad
// field. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_BANANAS_H_
#define AIMC_NAS_SEARCH_BANANAS_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nas/search/features.h"
#include "nas/search/search_algorithm.h"

namespace aimc::nas::search {

struct BananasOptions {
  int num_init = 10;       // distinct random cells before the first fit; >= 1
  int batch_size = 10;     // k: cells queried per round; >= 1
  int ensemble_size = 5;   // nets (naszilla 5, NASLib 3); >= 1
  // Each net (naszilla): hidden_layers x width ReLU units, Adam, minibatches
  // of train_batch_size, MAE loss. epochs dominates the run time.
  int hidden_layers = 10;       // >= 0 (NASLib 20)
  int width = 20;               // >= 1
  double learning_rate = 0.01;  // > 0 (NASLib 1e-3)
  int epochs = 150;             // >= 1 (NASLib 500)
  int train_batch_size = 32;    // >= 1
  FeatureSet features = {.one_hot = false, .path_encoding = true};
  enum class Acquisition { kThompson, kUcb, kMean };
  Acquisition acquisition = Acquisition::kThompson;  // naszilla ITS
  double ucb_beta = 0.5;       // kUcb: mean + beta sd (NASLib 0.5, ANB example 1.0); >= 0
  int num_parents = 5;         // naszilla num_arches_to_mutate 1 x patience_factor 5; >= 1
  int mutations_per_parent = 100;  // tries per parent; >= 1
  int num_candidates = 100;        // >= 0; 0 = every unqueried cell
};

absl::Status Validate(const BananasOptions& options);

class Bananas : public SearchAlgorithm {
 public:
  static absl::StatusOr<std::unique_ptr<Bananas>> Create(const BananasOptions& options);

  std::string name() const override { return "bananas"; }
  absl::StatusOr<SearchResult> Run(Objective& objective, int budget,
                                   RandomCursor& rng) const override;

 private:
  explicit Bananas(const BananasOptions& options) : options_(options) {}
  BananasOptions options_;
};

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_BANANAS_H_
