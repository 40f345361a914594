#include "nas/search/run_search_lib.h"

#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/search/testing/synthetic_objective.h"

namespace aimc::nas::search {
namespace {

TEST(ParseAlgorithmListTest, AllOrAListOfKnownKeys) {
  EXPECT_EQ(ParseAlgorithmList("all")->size(), 8);
  EXPECT_EQ(*ParseAlgorithmList("bananas, local_search"),
            (std::vector<std::string>{"bananas", "local_search"}));
  EXPECT_EQ(ParseAlgorithmList("bananas,nope").status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(ParseAlgorithmList("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(RunSearchTest, ReportsDataSeedsAndOneRowPerAlgorithm) {
  testing::PlantedObjective objective(*ParseCellTuple("(1,2,3,4,0,1)"));
  RunSearchOptions options;
  options.algorithms = {"random_search", "local_search"};
  options.budget = 100;
  options.num_trials = 2;
  const absl::StatusOr<std::string> text = RunSearchOn(objective, "synthetic", options);
  ASSERT_TRUE(text.ok()) << text.status();
  EXPECT_TRUE(absl::StartsWith(
      *text, "data: synthetic (planted, 15625 cells; best 90.00 at (1,2,3,4,0,1))\n"))
      << *text;
  EXPECT_TRUE(absl::StrContains(*text, "expected rank of the best of 100 distinct uniform "
                                       "cells = 154.7"))
      << *text;
  EXPECT_TRUE(absl::StrContains(*text, "\nrandom_search ")) << *text;
  EXPECT_TRUE(absl::StrContains(*text, "\nlocal_search ")) << *text;
}

TEST(RunSearchTest, BadSurrogateFeaturesAreInvalidArgument) {
  testing::PlantedObjective objective(Cell{});
  RunSearchOptions options;
  options.algorithms = {"random_search"};
  options.surrogate_train = 100;
  options.surrogate_features = "one_hot+nope";
  EXPECT_EQ(RunSearchOn(objective, "synthetic", options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(RunSearchTest, MissingCsvIsNotFound) {
  RunSearchOptions options;
  options.algorithms = {"random_search"};
  options.csv_path = "/nonexistent/table.csv";
  EXPECT_EQ(RunSearch(options).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace aimc::nas::search
