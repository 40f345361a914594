#include "nas/search/registry.h"

#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace aimc::nas::search {
namespace {

TEST(RegistryTest, ListsTheEightAlgorithmsInReportOrder) {
  EXPECT_EQ(AlgorithmNames(),
            (std::vector<std::string>{"exhaustive", "random_search", "regularized_evolution",
                                      "local_search", "bayesian_optimization", "bananas",
                                      "analognas_evolution", "generational_ga"}));
}

TEST(RegistryTest, EveryKeyCreatesItsAlgorithm) {
  for (const std::string& name : AlgorithmNames()) {
    const auto algorithm = CreateAlgorithm(name);
    ASSERT_TRUE(algorithm.ok()) << algorithm.status();
    EXPECT_EQ((*algorithm)->name(), name);
  }
}

TEST(RegistryTest, UnknownKeyIsNotFoundAndListsTheKnownOnes) {
  const auto algorithm = CreateAlgorithm("aging_evolution");
  EXPECT_EQ(algorithm.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(algorithm.status().message(),
            "unknown search algorithm 'aging_evolution' (known: exhaustive, random_search, "
            "regularized_evolution, local_search, bayesian_optimization, bananas, "
            "analognas_evolution, generational_ga)");
}

}  // namespace
}  // namespace aimc::nas::search
