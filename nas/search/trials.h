// Repeated trials of one search algorithm (the protocol; nas_spec.md
// §3.0 for surrogate mode): N seeds -> mean ± sample sd (n - 1; NaN for one
// trial) of the returned cell's TRUE value and of its rank among all 15,625
// cells under a truth objective (rank = 1 + number of cells with a strictly
// higher true value, so tied cells share the best rank; rank 1 = best).
// Surrogate mode (surrogate_train = N > 0, 900 in the paper): each trial fits
// a Surrogate (surrogate.h) to N distinct uniform cells of the search
// objective, the algorithm searches the surrogate, and the final cell is
// scored by the truth; the surrogate's training queries are not part of the
// search budget, and its held-out Kendall tau-b and R² are reported.
// Random streams: trial t of seed S searches with RandomStream{S,
// kSearchEntity, t, 0} and draws the surrogate's training cells from draw 1.
// Errors: any objective's or algorithm's error, InvalidArgument for bad
// options. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_TRIALS_H_
#define AIMC_NAS_SEARCH_TRIALS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "absl/types/span.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/search_algorithm.h"
#include "nas/search/surrogate.h"

namespace aimc::nas::search {

inline constexpr uint32_t kSearchEntity = 201;

// The truth objective's value of every cell, for scoring and ranking.
class TruthTable {
 public:
  // Evaluates `truth` (not owned, used only during the call) on every cell;
  // its error is returned with the cell named.
  static absl::StatusOr<TruthTable> Create(Objective& truth);

  const std::string& name() const { return name_; }
  double value(const Cell& cell) const { return values_[cell.LexIndex()]; }
  int Rank(const Cell& cell) const;
  double best_value() const { return descending_.front(); }
  // The first best cell in lexicographic order.
  const Cell& best_cell() const { return best_cell_; }
  // Expected rank of the best of `budget` distinct uniform cells (random
  // search's reference): sum_i P(the best sampled is the i-th best) rank_i.
  // REQUIRES: 1 <= budget <= kNumCells.
  double ExpectedRandomSearchRank(int budget) const;

 private:
  TruthTable() = default;
  std::string name_;
  std::vector<double> values_;      // by lexicographic index
  std::vector<double> descending_;  // all values, best first
  Cell best_cell_;
};

struct TrialsOptions {
  int num_trials = 5;       // seeds 0..num_trials-1 of `seed`; >= 1
  int budget = 150;         // counted queries per trial; >= 1
  uint64_t seed = 0;        // StreamKey seed of every trial
  int surrogate_train = 0;  // 0: search the objective itself; 2..kNumCells: surrogate mode
  SurrogateOptions surrogate;  // used in surrogate mode only
};

absl::Status Validate(const TrialsOptions& options);

struct TrialRecord {
  int trial = 0;
  Cell best_cell;
  double search_value = 0;  // the searched objective's (or surrogate's) value
  double true_value = 0;    // the truth's value of best_cell
  int rank = 0;             // under the truth, 1 = best
  int64_t queries = 0;
  absl::Duration search_time;  // Run only, not the surrogate's training
  std::optional<SurrogateQuality> surrogate;  // surrogate mode only
};

struct TrialsReport {
  std::string algorithm;
  std::string objective;  // searched objective's name (surrogate mode: "surrogate(...)")
  std::string truth;
  TrialsOptions options;
  std::vector<TrialRecord> trials;
  double mean_true_value = 0, sd_true_value = 0;
  double mean_rank = 0, sd_rank = 0;
  double mean_queries = 0;
  absl::Duration mean_search_time;
  double mean_kendall_tau = 0, mean_r2 = 0;  // NaN outside surrogate mode
};

// `search_objective` (not owned) is what the algorithm maximises, or what the
// surrogate is fitted to; `truth` scores the returned cells.
absl::StatusOr<TrialsReport> RunTrials(const SearchAlgorithm& algorithm,
                                       Objective& search_objective, const TruthTable& truth,
                                       const TrialsOptions& options);

// A fixed-width table, one row per report, with a header line.
std::string FormatTrialsTable(absl::Span<const TrialsReport> reports);

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_TRIALS_H_
