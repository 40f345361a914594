// The registry of NB201 search algorithms by short snake_case key (style.md
// §1, §10): one explicit function lists the entries, each built with its
// default options (nas_spec.md §3 defaults; each algorithm's header says
// which). CreateAlgorithm returns NotFound listing the known keys.
// Thread-safe: pure functions.
#ifndef AIMC_NAS_SEARCH_REGISTRY_H_
#define AIMC_NAS_SEARCH_REGISTRY_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nas/search/search_algorithm.h"

namespace aimc::nas::search {

// exhaustive, random_search, regularized_evolution, local_search,
// bayesian_optimization, bananas, analognas_evolution.
std::vector<std::string> AlgorithmNames();

absl::StatusOr<std::unique_ptr<SearchAlgorithm>> CreateAlgorithm(absl::string_view name);

}  // namespace aimc::nas::search

#endif  // AIMC_NAS_SEARCH_REGISTRY_H_
