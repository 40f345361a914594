#include "common/progress.h"

#include <cstdio>

#include "gtest/gtest.h"

namespace aimc {
namespace {

TEST(ProgressTest, LineShowsCountsAndPercent) {
  Progress progress("cells", 200, absl::InfiniteDuration(), nullptr);
  progress.Add(50);
  const std::string line = progress.Line();
  EXPECT_NE(line.find("cells: 50/200 (25.0%)"), std::string::npos) << line;
  EXPECT_NE(line.find("ETA"), std::string::npos) << line;
  progress.Finish();
}

TEST(ProgressTest, HumanDuration) {
  EXPECT_EQ(HumanDuration(absl::Seconds(12.34)), "12.3s");
  EXPECT_EQ(HumanDuration(absl::Seconds(185)), "3m05s");
  EXPECT_EQ(HumanDuration(absl::Seconds(3725)), "1h02m");
}

}  // namespace
}  // namespace aimc
