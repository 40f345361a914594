#include "nas/search/bananas.h"

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/objective.h"
#include "nas/search/search_algorithm.h"
#include "nas/search/testing/synthetic_objective.h"

namespace aimc::nas::search {
namespace {

BananasOptions Fast() {
  BananasOptions o;
  o.epochs = 20;
  o.ensemble_size = 3;
  return o;
}

TEST(BananasTest, ValidateNamesTheField) {
  BananasOptions o = Fast();
  o.ensemble_size = 0;
  EXPECT_EQ(Validate(o).message(), "bananas.ensemble_size: must be >= 1, got 0");
  o = Fast();
  o.features = {.one_hot = false};
  EXPECT_EQ(Validate(o).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Validate(o).message().substr(0, 17), "bananas.features:");
  o = Fast();
  o.learning_rate = 0;
  EXPECT_FALSE(Bananas::Create(o).ok());
}

// The ANB example's variant (every unqueried cell scored, UCB, raw tuple
// features) and NASLib-like one-hot features also find the planted optimum.
TEST(BananasTest, ExhaustiveUcbAndOneHotVariantsFindThePlantedOptimum) {
  BananasOptions anb = Fast();
  anb.num_candidates = 0;
  anb.acquisition = BananasOptions::Acquisition::kUcb;
  anb.ucb_beta = 1.0;
  anb.features = {.one_hot = false, .raw_tuple = true};
  anb.hidden_layers = 2;
  anb.width = 32;
  BananasOptions one_hot = Fast();
  one_hot.features = {};
  one_hot.acquisition = BananasOptions::Acquisition::kMean;
  for (const BananasOptions& options : {anb, one_hot}) {
    testing::PlantedObjective objective(*ParseCellTuple("(0,2,4,1,3,0)"), 4);
    RandomCursor rng{RandomStream(StreamKey{.seed = 8})};
    const SearchResult result = *(*Bananas::Create(options))->Run(objective, 200, rng);
    EXPECT_EQ(result.best_cell, objective.optimum());
  }
}

// Queries come in rounds of batch_size after num_init.
TEST(BananasTest, QueriesInRoundsOfBatchSize) {
  BananasOptions o = Fast();
  o.num_init = 7;
  o.batch_size = 4;
  testing::PlantedObjective objective(Cell{});
  RandomCursor rng{RandomStream(StreamKey{.seed = 9})};
  const SearchResult result = *(*Bananas::Create(o))->Run(objective, 19, rng);
  EXPECT_EQ(result.queries, 19);  // 7 + 4 + 4 + 4 (the last round cut to the budget)
}

}  // namespace
}  // namespace aimc::nas::search
