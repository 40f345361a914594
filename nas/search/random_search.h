// Random search (nas_spec.md §3.1): uniform cells drawn with replacement
// (ANB examples/random_search.py, NASLib rs) until the budget of distinct
// cells is spent; repeats are free (search_algorithm.h), so B queries are B
// distinct uniform cells. Keeps the first best. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_RANDOM_SEARCH_H_
#define AIMC_NAS_SEARCH_RANDOM_SEARCH_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "nas/search/search_algorithm.h"

namespace aimc::nas::search {

struct RandomSearchOptions {
  // Default false (ANB: all 15,625 keys). True: NASLib's sampler, which never
  // draws its 245 rejected (disconnected) cells.
  bool naslib_rejection = false;
};

class RandomSearch : public SearchAlgorithm {
 public:
  static absl::StatusOr<std::unique_ptr<RandomSearch>> Create(const RandomSearchOptions& options);

  std::string name() const override { return "random_search"; }
  absl::StatusOr<SearchResult> Run(Objective& objective, int budget,
                                   RandomCursor& rng) const override;

 private:
  explicit RandomSearch(const RandomSearchOptions& options) : options_(options) {}
  RandomSearchOptions options_;
};

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_RANDOM_SEARCH_H_
