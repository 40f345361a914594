// Rank and linear correlation between metrics: Kendall tau-b with ties
// (Knight 1966, O(n log n); the statistic of scipy.stats.kendalltau), Spearman
// rho (Pearson on average ranks) and Pearson r, and correlation matrices
// between named columns. Values are dimensionless in [-1, 1]; NaN when
// undefined (fewer than 2 pairs, or a constant sample). No call returns a
// Status: sizes are checked with AIMC_CHECK. Pairs holding a NaN (a missing
// value) are dropped by the *Complete / matrix functions only.
// Thread-safe: pure functions.
#ifndef AIMC_COMMON_CORRELATION_H_
#define AIMC_COMMON_CORRELATION_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace aimc {

enum class CorrelationMethod { kPearson, kSpearman, kKendall };

// "pearson", "spearman", "kendall"; InvalidArgument listing them otherwise.
absl::StatusOr<CorrelationMethod> ParseCorrelationMethod(absl::string_view name);
// "pearson", "spearman" or "kendall" (tau-b).
absl::string_view CorrelationMethodName(CorrelationMethod method);

// REQUIRES (all three): x.size() == y.size(), no NaN.
double Pearson(absl::Span<const double> x, absl::Span<const double> y);
double Spearman(absl::Span<const double> x, absl::Span<const double> y);
// tau_b = (C - D) / sqrt((n0 - n1)(n0 - n2)): n0 = n(n-1)/2, n1 / n2 the pairs
// tied in x / in y (jointly tied pairs count in both), C / D the concordant /
// discordant pairs.
double KendallTauB(absl::Span<const double> x, absl::Span<const double> y);

// 1-based ranks, ties sharing their average rank ("fractional" ranking).
// REQUIRES: no NaN.
std::vector<double> AverageRanks(absl::Span<const double> x);

// The coefficient of determination 1 - SS_res / SS_tot of `predicted` against
// `actual` (sklearn r2_score; negative when worse than the mean), NaN when
// undefined (fewer than 2 points or constant `actual`). REQUIRES: equal sizes.
double RSquared(absl::Span<const double> actual, absl::Span<const double> predicted);

struct CorrelationValue {
  double value = 0;  // NaN when undefined
  int n = 0;         // pairs used
};

// `method` over the pairs where neither x nor y is NaN.
// REQUIRES: x.size() == y.size().
CorrelationValue CorrelationComplete(CorrelationMethod method, absl::Span<const double> x,
                                     absl::Span<const double> y);

// The symmetric matrix of CorrelationComplete over every pair of columns
// (pairwise-complete, as pandas' DataFrame.corr); the diagonal is 1 up to
// rounding (NaN for a constant column). REQUIRES: all columns of equal length.
std::vector<std::vector<CorrelationValue>> CorrelationMatrix(
    CorrelationMethod method, absl::Span<const std::vector<double>> columns);

}  // namespace aimc

#endif  // AIMC_COMMON_CORRELATION_H_
