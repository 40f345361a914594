#include "common/parallel.h"

#include <atomic>
#include <vector>

#include "gtest/gtest.h"

namespace aimc {
namespace {

TEST(ParallelForTest, CoversEveryIndexOnceWithGrainAlignedChunks) {
  for (int threads : {1, 2, 3, 8}) {
    for (int64_t n : {0, 1, 5, 64, 1000, 1001}) {
      std::vector<std::atomic<int>> hits(n);
      ParallelFor(n, threads, 16, [&](int64_t b, int64_t e) {
        EXPECT_EQ(b % 16, 0);
        EXPECT_LT(b, e);
        for (int64_t i = b; i < e; ++i) hits[i]++;
      });
      for (int64_t i = 0; i < n; ++i) EXPECT_EQ(hits[i].load(), 1) << i;
    }
  }
}

}  // namespace
}  // namespace aimc
