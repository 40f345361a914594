#include "common/correlation.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Pairs among runs of equal adjacent values of a sorted sequence: sum t(t-1)/2.
template <typename Equal>
int64_t TiedPairs(size_t n, Equal equal) {
  int64_t pairs = 0;
  int64_t run = 1;
  for (size_t i = 1; i <= n; ++i) {
    if (i < n && equal(i - 1, i)) {
      ++run;
    } else {
      pairs += run * (run - 1) / 2;
      run = 1;
    }
  }
  return pairs;
}

// Sorts v[lo, hi) ascending (stable) and returns the number of inversions,
// pairs i < j with v[i] > v[j]; `buffer` is scratch of v's size.
int64_t SortCountingInversions(std::vector<double>& v, std::vector<double>& buffer, size_t lo,
                               size_t hi) {
  if (hi - lo < 2) return 0;
  const size_t mid = lo + (hi - lo) / 2;
  int64_t inversions =
      SortCountingInversions(v, buffer, lo, mid) + SortCountingInversions(v, buffer, mid, hi);
  size_t i = lo, j = mid, k = lo;
  while (i < mid && j < hi) {
    if (v[j] < v[i]) {
      inversions += static_cast<int64_t>(mid - i);  // v[j] is below every v[i..mid)
      buffer[k++] = v[j++];
    } else {
      buffer[k++] = v[i++];
    }
  }
  while (i < mid) buffer[k++] = v[i++];
  while (j < hi) buffer[k++] = v[j++];
  std::copy(buffer.begin() + lo, buffer.begin() + hi, v.begin() + lo);
  return inversions;
}

}  // namespace

absl::StatusOr<CorrelationMethod> ParseCorrelationMethod(absl::string_view name) {
  if (name == "pearson") return CorrelationMethod::kPearson;
  if (name == "spearman") return CorrelationMethod::kSpearman;
  if (name == "kendall") return CorrelationMethod::kKendall;
  return absl::InvalidArgumentError(
      absl::StrCat("correlation method '", name, "': expected one of pearson, spearman, kendall"));
}

absl::string_view CorrelationMethodName(CorrelationMethod method) {
  switch (method) {
    case CorrelationMethod::kPearson:
      return "pearson";
    case CorrelationMethod::kSpearman:
      return "spearman";
    case CorrelationMethod::kKendall:
      return "kendall";
  }
  return "unknown";
}

double Pearson(absl::Span<const double> x, absl::Span<const double> y) {
  AIMC_CHECK(x.size() == y.size());
  const size_t n = x.size();
  if (n < 2) return kNaN;
  const double mean_x = std::accumulate(x.begin(), x.end(), 0.0) / n;
  const double mean_y = std::accumulate(y.begin(), y.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (size_t i = 0; i < n; ++i) {
    const double dx = x[i] - mean_x, dy = y[i] - mean_y;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx == 0 || syy == 0) return kNaN;
  return std::clamp(sxy / std::sqrt(sxx * syy), -1.0, 1.0);
}

std::vector<double> AverageRanks(absl::Span<const double> x) {
  std::vector<size_t> order(x.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return x[a] < x[b]; });
  std::vector<double> ranks(x.size());
  size_t i = 0;
  while (i < order.size()) {
    size_t j = i + 1;
    while (j < order.size() && x[order[j]] == x[order[i]]) ++j;
    const double rank = 0.5 * static_cast<double>(i + 1 + j);  // mean of ranks i+1..j
    for (size_t k = i; k < j; ++k) ranks[order[k]] = rank;
    i = j;
  }
  return ranks;
}

double Spearman(absl::Span<const double> x, absl::Span<const double> y) {
  AIMC_CHECK(x.size() == y.size());
  return Pearson(AverageRanks(x), AverageRanks(y));
}

double KendallTauB(absl::Span<const double> x, absl::Span<const double> y) {
  AIMC_CHECK(x.size() == y.size());
  const size_t n = x.size();
  if (n < 2) return kNaN;
  // Knight's algorithm: sort by (x, y); pairs tied in x, and jointly, are runs.
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return x[a] < x[b] || (x[a] == x[b] && y[a] < y[b]); });
  const int64_t tied_x =
      TiedPairs(n, [&](size_t a, size_t b) { return x[order[a]] == x[order[b]]; });
  const int64_t tied_xy = TiedPairs(n, [&](size_t a, size_t b) {
    return x[order[a]] == x[order[b]] && y[order[a]] == y[order[b]];
  });
  // Within an x-run y ascends, so the inversions of y in this order are
  // exactly the discordant pairs.
  std::vector<double> ys(n), buffer(n);
  for (size_t i = 0; i < n; ++i) ys[i] = y[order[i]];
  const int64_t discordant = SortCountingInversions(ys, buffer, 0, n);
  const int64_t tied_y = TiedPairs(n, [&](size_t a, size_t b) { return ys[a] == ys[b]; });
  const int64_t total = static_cast<int64_t>(n) * static_cast<int64_t>(n - 1) / 2;
  if (total == tied_x || total == tied_y) return kNaN;
  // C - D = (total - tied_x - tied_y + tied_xy - D) - D.
  const double c_minus_d = static_cast<double>(total - tied_x - tied_y + tied_xy - 2 * discordant);
  return std::clamp(c_minus_d / std::sqrt(static_cast<double>(total - tied_x)) /
                        std::sqrt(static_cast<double>(total - tied_y)),
                    -1.0, 1.0);
}

CorrelationValue CorrelationComplete(CorrelationMethod method, absl::Span<const double> x,
                                     absl::Span<const double> y) {
  AIMC_CHECK(x.size() == y.size());
  std::vector<double> xs, ys;
  xs.reserve(x.size());
  ys.reserve(y.size());
  for (size_t i = 0; i < x.size(); ++i) {
    if (std::isnan(x[i]) || std::isnan(y[i])) continue;
    xs.push_back(x[i]);
    ys.push_back(y[i]);
  }
  CorrelationValue result;
  result.n = static_cast<int>(xs.size());
  switch (method) {
    case CorrelationMethod::kPearson:
      result.value = Pearson(xs, ys);
      break;
    case CorrelationMethod::kSpearman:
      result.value = Spearman(xs, ys);
      break;
    case CorrelationMethod::kKendall:
      result.value = KendallTauB(xs, ys);
      break;
  }
  return result;
}

std::vector<std::vector<CorrelationValue>> CorrelationMatrix(
    CorrelationMethod method, absl::Span<const std::vector<double>> columns) {
  const size_t m = columns.size();
  std::vector<std::vector<CorrelationValue>> matrix(m, std::vector<CorrelationValue>(m));
  for (size_t a = 0; a < m; ++a) {
    AIMC_CHECK(columns[a].size() == columns[0].size());
    for (size_t b = a; b < m; ++b) {
      matrix[a][b] = CorrelationComplete(method, columns[a], columns[b]);
      matrix[b][a] = matrix[a][b];
    }
  }
  return matrix;
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

}  // namespace aimc
