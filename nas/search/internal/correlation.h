// Agreement between a prediction and the truth, for surrogate quality
// (nas_spec.md §3.3; the issue asks for Kendall tau and R²).
// KendallTauB: Kendall's tau-b with ties in either variable (Knight 1966:
// O(n log n), sort then merge-count discordant pairs; equal to scipy's
// kendalltau default). RSquared: the coefficient of determination
// 1 - SS_res / SS_tot of `predicted` against `actual` (sklearn r2_score), which
// is negative when worse than the mean. Both return NaN when undefined (fewer
// than 2 points, or a constant variable). REQUIRES: equal sizes.
// Thread-safe: pure functions.
#ifndef AIMC_NAS_SEARCH_INTERNAL_CORRELATION_H_
#define AIMC_NAS_SEARCH_INTERNAL_CORRELATION_H_

#include "absl/types/span.h"

namespace aimc::nas::search::internal {

double KendallTauB(absl::Span<const double> x, absl::Span<const double> y);

double RSquared(absl::Span<const double> actual, absl::Span<const double> predicted);

}  // namespace aimc::nas::search::internal

#endif  // AIMC_NAS_SEARCH_INTERNAL_CORRELATION_H_
