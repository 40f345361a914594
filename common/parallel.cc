#include "common/parallel.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace aimc {

void ParallelFor(int64_t n, int num_threads, int64_t grain,
                 absl::FunctionRef<void(int64_t, int64_t)> fn) {
  if (n <= 0) return;
  grain = std::max<int64_t>(grain, 1);
  const int64_t grains = (n + grain - 1) / grain;
  const int threads = static_cast<int>(std::min<int64_t>(std::max(num_threads, 1), grains));
  if (threads <= 1) {
    fn(0, n);
    return;
  }
  // Equal shares of whole grains; the caller's thread takes the first share.
  auto range = [&](int t) {
    const int64_t begin = std::min(n, grains * t / threads * grain);
    const int64_t end = std::min(n, grains * (t + 1) / threads * grain);
    return std::pair<int64_t, int64_t>(begin, end);
  };
  std::vector<std::thread> workers;
  workers.reserve(threads - 1);
  for (int t = 1; t < threads; ++t) {
    const auto [begin, end] = range(t);
    workers.emplace_back([&fn, begin = begin, end = end] { fn(begin, end); });
  }
  const auto [begin, end] = range(0);
  fn(begin, end);
  for (auto& w : workers) w.join();
}

}  // namespace aimc
