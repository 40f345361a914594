#include "training/vant/noise_robustness.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc::training::vant {
namespace {

constexpr std::array<double, 14> kTestGrid = {0.1, 0.3, 0.5, 0.7, 0.9, 1.1, 1.3,
                                              1.5, 1.7, 1.9, 2.1, 2.4, 2.7, 3.0};
constexpr std::array<double, 11> kTrainGrid = {0.1, 0.3, 0.5, 0.7, 0.9, 1.1,
                                               1.3, 1.5, 1.7, 1.9, 2.1};
// Grid points are decimal literals; a σ read back from a file or computed as
// 0.1 + 0.2 k must still match.
constexpr double kSigmaTolerance = 1e-9;

bool SameGrid(const AccuracyCurve& a, const AccuracyCurve& b) {
  if (a.sigma.size() != b.sigma.size()) return false;
  for (size_t i = 0; i < a.sigma.size(); ++i) {
    if (std::abs(a.sigma[i] - b.sigma[i]) > kSigmaTolerance) return false;
  }
  return true;
}

absl::Status NonNegativeFinite(const char* field, double v) {
  if (!std::isfinite(v) || v < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("vant noise ", field, ": must be finite and >= 0, got ", v));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Span<const double> TestSigmaGrid() { return kTestGrid; }
absl::Span<const double> TrainSigmaGrid() { return kTrainGrid; }

absl::Status Validate(const AccuracyCurve& c) {
  if (c.sigma.size() != c.accuracy_pct.size()) {
    return absl::InvalidArgumentError(absl::StrCat("accuracy curve: ", c.sigma.size(),
                                                   " sigmas but ", c.accuracy_pct.size(),
                                                   " accuracies"));
  }
  if (c.sigma.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("accuracy curve: needs >= 2 points, got ", c.sigma.size()));
  }
  for (size_t i = 0; i < c.sigma.size(); ++i) {
    if (!std::isfinite(c.sigma[i]) || c.sigma[i] < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("accuracy curve: sigma[", i, "] must be finite and >= 0, got ", c.sigma[i]));
    }
    if (i > 0 && !(c.sigma[i] > c.sigma[i - 1])) {
      return absl::InvalidArgumentError(absl::StrCat("accuracy curve: sigma must increase, sigma[",
                                                     i, "] = ", c.sigma[i], " after ",
                                                     c.sigma[i - 1]));
    }
    const double a = c.accuracy_pct[i];
    if (!std::isfinite(a) || a < 0 || a > 100) {
      return absl::InvalidArgumentError(absl::StrCat(
          "accuracy curve: accuracy_pct[", i, "] must be in [0, 100], got ", a));
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<double> TrapezoidAuc(const AccuracyCurve& c) {
  RETURN_IF_ERROR(Validate(c));
  double auc = 0;
  for (size_t k = 0; k + 1 < c.sigma.size(); ++k) {
    auc += (c.sigma[k + 1] - c.sigma[k]) * (c.accuracy_pct[k] + c.accuracy_pct[k + 1]) / 2;
  }
  return auc;
}

absl::StatusOr<double> RelativeAuc(const AccuracyCurve& model, const AccuracyCurve& ub) {
  ASSIGN_OR_RETURN(const double auc, TrapezoidAuc(model));
  ASSIGN_OR_RETURN(const double auc_ub, TrapezoidAuc(ub));
  if (!SameGrid(model, ub)) {
    return absl::InvalidArgumentError("rAUC: the model and the upper bound have different grids");
  }
  if (!(auc_ub > 0)) return absl::InvalidArgumentError("rAUC: the upper bound's AUC is 0");
  return 100 * auc / auc_ub;
}

absl::StatusOr<double> AccuracyAt(const AccuracyCurve& c, double sigma) {
  RETURN_IF_ERROR(Validate(c));
  for (size_t i = 0; i < c.sigma.size(); ++i) {
    if (std::abs(c.sigma[i] - sigma) <= kSigmaTolerance) return c.accuracy_pct[i];
  }
  return absl::NotFoundError(absl::StrCat("accuracy curve: sigma ", sigma, " is not on its grid"));
}

absl::StatusOr<double> InterpolatedAccuracyAt(const AccuracyCurve& c, double sigma) {
  RETURN_IF_ERROR(Validate(c));
  if (!(sigma >= c.sigma.front() - kSigmaTolerance && sigma <= c.sigma.back() + kSigmaTolerance)) {
    return absl::OutOfRangeError(absl::StrCat("accuracy curve: sigma ", sigma, " is outside [",
                                              c.sigma.front(), ", ", c.sigma.back(), "]"));
  }
  for (size_t i = 0; i + 1 < c.sigma.size(); ++i) {
    if (sigma <= c.sigma[i + 1] + kSigmaTolerance) {
      const double w = std::clamp((sigma - c.sigma[i]) / (c.sigma[i + 1] - c.sigma[i]), 0.0, 1.0);
      return (1 - w) * c.accuracy_pct[i] + w * c.accuracy_pct[i + 1];
    }
  }
  return c.accuracy_pct.back();
}

absl::StatusOr<double> PreservedAccuracy(const AccuracyCurve& vant, const AccuracyCurve& nt,
                                         double sigma_train) {
  ASSIGN_OR_RETURN(const double a_vant, AccuracyAt(vant, sigma_train));
  ASSIGN_OR_RETURN(const double a_nt, AccuracyAt(nt, sigma_train));
  return a_vant - a_nt;
}

absl::StatusOr<AccuracyCurve> UpperBound(absl::Span<const TrainedCurve> nt, UpperBoundMode mode) {
  if (nt.empty()) return absl::InvalidArgumentError("upper bound: no NT curves");
  for (const TrainedCurve& t : nt) {
    RETURN_IF_ERROR(Validate(t.curve));
    if (!SameGrid(t.curve, nt[0].curve)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "upper bound: the NT curve trained at sigma ", t.sigma_train,
          " has another grid than the one trained at ", nt[0].sigma_train));
    }
  }
  AccuracyCurve ub;
  ub.sigma = nt[0].curve.sigma;
  ub.accuracy_pct.assign(ub.sigma.size(), 0.0);
  for (size_t i = 0; i < ub.sigma.size(); ++i) {
    bool found = false;
    for (const TrainedCurve& t : nt) {
      const double a = t.curve.accuracy_pct[i];
      if (mode == UpperBoundMode::kEnvelope) {
        ub.accuracy_pct[i] = found ? std::max(ub.accuracy_pct[i], a) : a;
        found = true;
      } else if (std::abs(t.sigma_train - ub.sigma[i]) <= kSigmaTolerance) {
        ub.accuracy_pct[i] = a;
        found = true;
        break;
      }
    }
    if (!found) {
      return absl::NotFoundError(absl::StrCat("upper bound: no NT model trained at sigma ",
                                              ub.sigma[i], " (matched mode; train one, or use "
                                              "the envelope mode)"));
    }
  }
  return ub;
}

absl::StatusOr<VantSetting> SelectSetting(absl::Span<const VantSetting> grid, double tau_pp,
                                          double alpha_ref) {
  if (grid.empty()) return absl::InvalidArgumentError("VANT selection: empty grid");
  const VantSetting* best = nullptr;
  // a before b: larger rAUC, then smaller θ, then α closer to alpha_ref.
  auto better = [alpha_ref](const VantSetting& a, const VantSetting& b) {
    if (a.rauc_pct != b.rauc_pct) return a.rauc_pct > b.rauc_pct;
    if (a.theta != b.theta) return a.theta < b.theta;
    return std::abs(a.alpha - alpha_ref) < std::abs(b.alpha - alpha_ref);
  };
  for (const VantSetting& s : grid) {
    if (!std::isfinite(s.rauc_pct) || !std::isfinite(s.preserved_pp)) {
      return absl::InvalidArgumentError(absl::StrCat("VANT selection: non-finite score at alpha ",
                                                     s.alpha, ", theta ", s.theta));
    }
    if (s.preserved_pp < tau_pp) continue;
    if (best == nullptr || better(s, *best)) best = &s;
  }
  if (best == nullptr) {
    return absl::NotFoundError(
        absl::StrCat("VANT selection: no setting has preserved accuracy >= ", tau_pp, " pp"));
  }
  return *best;
}

absl::StatusOr<double> FitThetaSlope(absl::Span<const double> x, absl::Span<const double> y) {
  if (x.size() != y.size() || x.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("theta fit: ", x.size(), " sigmas and ",
                                                   y.size(), " thetas (need equal, > 0)"));
  }
  double sxy = 0, sxx = 0;
  for (size_t i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i]) || !std::isfinite(y[i])) {
      return absl::InvalidArgumentError(absl::StrCat("theta fit: non-finite point ", i));
    }
    sxy += x[i] * y[i];
    sxx += x[i] * x[i];
  }
  if (!(sxx > 0)) return absl::InvalidArgumentError("theta fit: every sigma_train is 0");
  return sxy / sxx;
}

absl::Status Validate(const VantNoise& n) {
  RETURN_IF_ERROR(NonNegativeFinite("sigma_train", n.sigma_train));
  RETURN_IF_ERROR(NonNegativeFinite("alpha", n.alpha));
  RETURN_IF_ERROR(NonNegativeFinite("theta", n.theta));
  if (n.sampler != SigmaSampler::kReferenceHalfNormal &&
      n.sampler != SigmaSampler::kPaperGaussian) {
    return absl::InvalidArgumentError(
        absl::StrCat("vant noise sampler: unknown value ", static_cast<int>(n.sampler)));
  }
  return absl::OkStatus();
}

absl::Status SampleImageSigmas(const VantNoise& n, const RandomStream& stream, uint64_t first,
                               absl::Span<float> out) {
  RETURN_IF_ERROR(Validate(n));
  if (first + out.size() > RandomStream::kMaxNumbers) {
    return absl::OutOfRangeError("vant noise: the stream has no numbers left at this offset");
  }
  stream.FillNormal(first, out);
  const double center = n.alpha * n.sigma_train;
  for (float& v : out) {
    const double z = v;
    v = static_cast<float>(n.sampler == SigmaSampler::kReferenceHalfNormal
                               ? center + n.theta * std::abs(z)
                               : std::abs(center + n.theta * z));
  }
  return absl::OkStatus();
}

}  // namespace aimc::training::vant
