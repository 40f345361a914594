#include "common/parallel.h"

#include <algorithm>
#include <atomic>
#include <mutex>
#include <utility>
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

// A backend that runs the shares in reverse on the caller's thread: the same
// shares, whatever runs them.
int backend_calls = 0;
void ReverseBackend(int count, absl::FunctionRef<void(int)> share) {
  ++backend_calls;
  for (int i = count - 1; i >= 0; --i) share(i);
}

TEST(ParallelForTest, InstalledBackendRunsTheSameShares) {
  auto shares = [](int threads) {
    std::vector<std::pair<int64_t, int64_t>> ranges;
    std::mutex mu;
    ParallelFor(1001, threads, 16, [&](int64_t b, int64_t e) {
      std::lock_guard<std::mutex> lock(mu);
      ranges.emplace_back(b, e);
    });
    std::sort(ranges.begin(), ranges.end());
    return ranges;
  };
  const auto pooled = shares(3);
  SetParallelBackend(&ReverseBackend);
  const auto reversed = shares(3);
  shares(1);  // one thread runs inline, without the backend
  SetParallelBackend(nullptr);
  EXPECT_EQ(backend_calls, 1);
  EXPECT_EQ(pooled, reversed);
  EXPECT_EQ(pooled.size(), 3u);
}

}  // namespace
}  // namespace aimc
