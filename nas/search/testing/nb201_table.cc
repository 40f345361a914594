#include "nas/search/testing/nb201_table.h"

#include "common/testing/shared_data.h"

namespace aimc::nas::search::testing {

const Nb201Table& Nb201Cifar10TestAccuracy() {
  static const Nb201Table* const loaded = [] {
    auto* t = new Nb201Table();
    const absl::StatusOr<std::string> path =
        test_util::FindSharedDataFile("nas_bench_201/cifar10_test_accuracy.csv");
    if (!path.ok()) {
      t->skip_reason = std::string(path.status().message());
      return t;
    }
    t->table = ReadNb201Csv(*path);
    return t;
  }();
  return *loaded;
}

}  // namespace aimc::nas::search::testing
