// VANT's noise-robustness metrics and per-image noise levels
// (vant_rasch_spec.md A.1.4, A.2), in plain C++: no LibTorch, so the
// experiment drivers, the analysis and the tests share one definition.
//
// Units: noise levels σ are absolute standard deviations in the units of the
// activation tensor; accuracies are top-1 percentages in [0, 100]; AUC is in
// %·σ; rAUC and preserved accuracy are in % and percentage points (pp).
// Thread-safe: free functions of their arguments.
#ifndef AIMC_TRAINING_VANT_NOISE_ROBUSTNESS_H_
#define AIMC_TRAINING_VANT_NOISE_ROBUSTNESS_H_

#include <cstdint>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "common/random.h"

namespace aimc::training::vant {

// A.2's test grid S: 14 points in [0.1, 3.0], from measured analog noise.
absl::Span<const double> TestSigmaGrid();
// A.2's training grid for NT and VANT: 0.1, 0.3, ..., 2.1 (Table 1's
// columns), a subset of TestSigmaGrid().
absl::Span<const double> TrainSigmaGrid();

// acc_M(σ) of one trained model M on a grid.
struct AccuracyCurve {
  std::vector<double> sigma;         // strictly increasing, finite, >= 0
  std::vector<double> accuracy_pct;  // one per sigma, in [0, 100]
};

// InvalidArgument naming the first problem (sizes, < 2 points, order,
// non-finite or out-of-range values, by index).
absl::Status Validate(const AccuracyCurve& curve);

// Trapezoid rule on a linear σ axis, accuracy in % (the chance floor is
// included, A.5-3): Σ_k (σ_{k+1} − σ_k)(f(σ_k) + f(σ_{k+1}))/2.
absl::StatusOr<double> TrapezoidAuc(const AccuracyCurve& curve);

// rAUC(M) = 100 · AUC(acc_M) / AUC(UB) [%]. The curves must share their σ
// grid (InvalidArgument otherwise); UB's AUC must be > 0. UB scores 100; a
// model may exceed it.
absl::StatusOr<double> RelativeAuc(const AccuracyCurve& model, const AccuracyCurve& upper_bound);

// The accuracy at σ (a grid point, to 1e-9): NotFound if σ is not on the
// grid (metrics never interpolate).
absl::StatusOr<double> AccuracyAt(const AccuracyCurve& curve, double sigma);

// The accuracy at σ, linear between the two grid points around it (for a
// σ off the grid, e.g. Fig. 4's σ_train = 1.0 between 0.9 and 1.1).
// OutOfRange outside [first σ, last σ].
absl::StatusOr<double> InterpolatedAccuracyAt(const AccuracyCurve& curve, double sigma);

// PA(σ_train) = acc_VANT(σ_train) − acc_NT(σ_train), both tested at
// σ_test = σ_train [pp]; >= 0: VANT keeps NT's accuracy at its design point.
absl::StatusOr<double> PreservedAccuracy(const AccuracyCurve& vant, const AccuracyCurve& nt,
                                         double sigma_train);

// An NT model's curve with the σ it was trained at.
struct TrainedCurve {
  double sigma_train = 0;
  AccuracyCurve curve;
};

enum class UpperBoundMode {
  // UB(σ) = acc at σ of the NT model trained at σ (matched noise, Fig. 2's
  // dashed curve). Needs an NT model at every grid point (A.5-2's choice).
  kMatched,
  // UB(σ) = max over all NT models of their acc at σ (the `envelope` option).
  kEnvelope,
};

// The upper-bound curve on the grid the NT curves share. InvalidArgument for
// no curves or differing grids; NotFound (naming σ) when kMatched lacks a
// model trained at a grid point.
absl::StatusOr<AccuracyCurve> UpperBound(absl::Span<const TrainedCurve> nt, UpperBoundMode mode);

// One (α, θ) setting of a VANT grid and its scores.
struct VantSetting {
  double alpha = 0;
  double theta = 0;
  double rauc_pct = 0;
  double preserved_pp = 0;
};

// The paper's selection rule (Sec. 5.2): keep settings with PA >= tau_pp,
// pick the largest rAUC; ties go to the smaller θ, then to α closer to
// alpha_ref. A.2's choice: tau -0.5 pp (the paper states 0 yet prints
// -0.4). NotFound if no setting passes, InvalidArgument for an empty grid.
absl::StatusOr<VantSetting> SelectSetting(absl::Span<const VantSetting> grid, double tau_pp = -0.5,
                                          double alpha_ref = 0.45);

// Least squares through the origin, θ* = k·σ_train: k = Σxy / Σx² (paper k ≈
// 0.4). InvalidArgument for mismatched sizes, no points or all-zero σ.
absl::StatusOr<double> FitThetaSlope(absl::Span<const double> sigma_train,
                                     absl::Span<const double> theta);

enum class SigmaSampler {
  // σ_b = α·σ_train + θ·|z_b| (the authors' code: one-sided, never below
  // α·σ_train; what produced the paper's α, θ). The default.
  kReferenceHalfNormal,
  // σ_b = |α·σ_train + θ·z_b| (the paper's Eq. 1, with the code's |·|).
  kPaperGaussian,
};

struct VantNoise {
  double sigma_train = 0;  // >= 0
  double alpha = 0.45;     // >= 0
  double theta = 0;        // >= 0
  SigmaSampler sampler = SigmaSampler::kReferenceHalfNormal;
};

// InvalidArgument naming the field (negative or non-finite).
absl::Status Validate(const VantNoise& noise);

// out[b] = σ of image b: z_b is number (first + b) of `stream`. A training
// step keys its stream by (seed, run, step) so every step draws anew, and the
// same σ_b is used at every noise site of image b's forward (A.1.4). Same
// stream and `first`, same values, on any thread.
absl::Status SampleImageSigmas(const VantNoise& noise, const RandomStream& stream, uint64_t first,
                               absl::Span<float> out);

}  // namespace aimc::training::vant

#endif  // AIMC_TRAINING_VANT_NOISE_ROBUSTNESS_H_
