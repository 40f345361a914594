// The interface every NB201 search algorithm implements (../shared/docs/
// nas_spec.md §3): maximise an Objective (nas/objective.h) within a budget of
// distinct queried cells, drawing every random choice from the caller's
// RandomCursor, so the same cursor position gives the same result. Algorithms
// see only the Objective (OpenSpiel's algorithms see only `Game`).
// Budget: a query is counted the first time a cell is evaluated; repeats are
// free (QueryCounter's convention). An algorithm also stops after
// kMaxCallsPerBudget * budget + kMaxCallsSlack objective calls, cached ones
// included, so a search that only revisits cells ends; it may then report
// fewer queries than the budget. Run returns the objective's error unchanged
// (e.g. NotFound), InvalidArgument for budget < 1. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_SEARCH_ALGORITHM_H_
#define AIMC_NAS_SEARCH_SEARCH_ALGORITHM_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/random_cursor.h"
#include "nas/cell.h"
#include "nas/objective.h"

namespace aimc::nas::search {

inline constexpr int64_t kMaxCallsPerBudget = 100;
inline constexpr int64_t kMaxCallsSlack = 100'000;

// One counted query, in the order the algorithm made them.
struct TrajectoryPoint {
  int64_t query = 0;  // 1-based
  Cell cell;
  double value = 0;       // the objective's value of `cell`
  double best_value = 0;  // the best value after this query
};

struct SearchResult {
  // The algorithm's answer: the best queried cell (the first one on ties),
  // except where an algorithm's compat mode documents otherwise.
  Cell best_cell;
  double best_value = 0;  // the objective's value of best_cell
  int64_t queries = 0;    // counted (distinct) queries spent
  std::vector<TrajectoryPoint> trajectory;  // one point per counted query
};

class SearchAlgorithm {
 public:
  virtual ~SearchAlgorithm() = default;

  // The registry key, e.g. "regularized_evolution".
  virtual std::string name() const = 0;

  // Maximises `objective` (not owned; used only during the call) with at most
  // `budget` counted queries (budgets above kNumCells act as kNumCells).
  // Advances `rng`. REQUIRES: nothing else evaluates `objective` meanwhile.
  virtual absl::StatusOr<SearchResult> Run(Objective& objective, int budget,
                                           RandomCursor& rng) const = 0;
};

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_SEARCH_ALGORITHM_H_
