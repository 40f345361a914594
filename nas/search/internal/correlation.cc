#include "nas/search/internal/correlation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <vector>

#include "common/status_macros.h"

namespace aimc::nas::search::internal {
namespace {

// Sum over runs of equal values (in a sorted order) of t (t - 1) / 2.
template <typename Equal>
int64_t TiedPairs(int n, Equal equal) {
  int64_t pairs = 0;
  int64_t run = 1;
  for (int i = 1; i <= n; ++i) {
    if (i < n && equal(i - 1, i)) {
      ++run;
    } else {
      pairs += run * (run - 1) / 2;
      run = 1;
    }
  }
  return pairs;
}

// Sorts `v` ascending by merge sort and returns the number of pairs i < j with
// v[i] > v[j] (strict inversions).
int64_t SortCountingInversions(std::vector<double>& v) {
  const size_t n = v.size();
  std::vector<double> buffer(n);
  int64_t inversions = 0;
  for (size_t width = 1; width < n; width *= 2) {
    for (size_t lo = 0; lo < n; lo += 2 * width) {
      const size_t mid = std::min(lo + width, n);
      const size_t hi = std::min(lo + 2 * width, n);
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (v[j] < v[i]) {
          inversions += static_cast<int64_t>(mid - i);
          buffer[k++] = v[j++];
        } else {
          buffer[k++] = v[i++];
        }
      }
      while (i < mid) buffer[k++] = v[i++];
      while (j < hi) buffer[k++] = v[j++];
    }
    v.swap(buffer);
  }
  return inversions;
}

}  // namespace

double KendallTauB(absl::Span<const double> x, absl::Span<const double> y) {
  AIMC_CHECK(x.size() == y.size());
  const int n = static_cast<int>(x.size());
  constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
  if (n < 2) return kNaN;
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    return x[a] != x[b] ? x[a] < x[b] : y[a] < y[b];
  });
  const int64_t tied_x = TiedPairs(n, [&](int a, int b) { return x[order[a]] == x[order[b]]; });
  const int64_t tied_xy = TiedPairs(n, [&](int a, int b) {
    return x[order[a]] == x[order[b]] && y[order[a]] == y[order[b]];
  });
  std::vector<double> y_by_x(n);
  for (int i = 0; i < n; ++i) y_by_x[i] = y[order[i]];
  // Within a run of equal x, y is ascending, so only pairs with x_i < x_j can
  // be strict inversions: those are the discordant pairs.
  const int64_t discordant = SortCountingInversions(y_by_x);
  const int64_t tied_y = TiedPairs(n, [&](int a, int b) { return y_by_x[a] == y_by_x[b]; });
  const int64_t total = static_cast<int64_t>(n) * (n - 1) / 2;
  const double concordant_minus_discordant =
      static_cast<double>(total - tied_x - tied_y + tied_xy - 2 * discordant);
  const double denominator =
      std::sqrt(static_cast<double>(total - tied_x) * static_cast<double>(total - tied_y));
  if (denominator == 0) return kNaN;
  return concordant_minus_discordant / denominator;
}

double RSquared(absl::Span<const double> actual, absl::Span<const double> predicted) {
  AIMC_CHECK(actual.size() == predicted.size());
  const size_t n = actual.size();
  if (n < 2) return std::numeric_limits<double>::quiet_NaN();
  const double mean = std::accumulate(actual.begin(), actual.end(), 0.0) / n;
  double ss_res = 0, ss_tot = 0;
  for (size_t i = 0; i < n; ++i) {
    ss_res += (actual[i] - predicted[i]) * (actual[i] - predicted[i]);
    ss_tot += (actual[i] - mean) * (actual[i] - mean);
  }
  if (ss_tot == 0) return std::numeric_limits<double>::quiet_NaN();
  return 1.0 - ss_res / ss_tot;
}

}  // namespace aimc::nas::search::internal
