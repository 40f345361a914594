// The real NB201 CIFAR-10 test accuracies (../shared/data/nas_bench_201/
// cifar10_test_accuracy.csv, shared/data/README.md) as a TableObjective, loaded
// once per process for the search tests; best 94.37 % at (2,2,0,2,2,3), tied
// with (2,2,0,2,3,2). Tests skip with `skip_reason` when the folder is absent
// (style.md §7). testonly. Thread-safe (the table is immutable once loaded).
#ifndef AIMC_NAS_SEARCH_TESTING_NB201_TABLE_H_
#define AIMC_NAS_SEARCH_TESTING_NB201_TABLE_H_

#include <string>

#include "absl/status/statusor.h"
#include "nas/search/table_objective.h"

namespace aimc::nas::search::testing {

struct Nb201Table {
  std::string skip_reason;  // non-empty when ../shared/data is absent
  absl::StatusOr<TableObjective> table = absl::UnknownError("not loaded");
};

const Nb201Table& Nb201Cifar10TestAccuracy();

}  // namespace aimc::nas::search::testing

#endif  // AIMC_NAS_SEARCH_TESTING_NB201_TABLE_H_
