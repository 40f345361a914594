// Local search (nas_spec.md §3.6). Default: naszilla's local_search -- query
// `num_init` distinct random cells and climb from the best by first
// improvement over the shuffled 24-cell neighbourhood, skipping cells already
// queried; at a local optimum (no unqueried neighbour improves) restart from
// `num_init` fresh random cells. Option: NASLib's ls/optimizer.py -- no
// dedup, the whole neighbourhood is scanned keeping the best improvement, and a
// local optimum restarts from one random cell. Create returns InvalidArgument
// naming a bad field. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_LOCAL_SEARCH_H_
#define AIMC_NAS_SEARCH_LOCAL_SEARCH_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "nas/search/search_algorithm.h"

namespace aimc::nas::search {

struct LocalSearchOptions {
  int num_init = 10;        // random starting cells (and per naszilla restart); >= 1
  bool naslib_variant = false;  // see the file comment
};

absl::Status Validate(const LocalSearchOptions& options);

class LocalSearch : public SearchAlgorithm {
 public:
  static absl::StatusOr<std::unique_ptr<LocalSearch>> Create(const LocalSearchOptions& options);

  std::string name() const override { return "local_search"; }
  absl::StatusOr<SearchResult> Run(Objective& objective, int budget,
                                   RandomCursor& rng) const override;

 private:
  explicit LocalSearch(const LocalSearchOptions& options) : options_(options) {}
  LocalSearchOptions options_;
};

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_LOCAL_SEARCH_H_
