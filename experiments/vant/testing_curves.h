// Synthetic accuracy curves for the VANT figure tests: a bump of height
// `top` peaking at σ = peak, falling by `slope` per unit σ, floored at chance
// (10 %), on the test grid; NT models peaking at their own σ_train; and the
// check with a given id. testonly; header-only.
#ifndef AIMC_EXPERIMENTS_VANT_TESTING_CURVES_H_
#define AIMC_EXPERIMENTS_VANT_TESTING_CURVES_H_

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "experiments/vant/table1.h"
#include "gtest/gtest.h"
#include "training/vant/noise_robustness.h"

namespace aimc::experiments::vant::testing {

inline training::vant::AccuracyCurve Bump(double top, double peak, double slope) {
  training::vant::AccuracyCurve c;
  for (double s : training::vant::TestSigmaGrid()) {
    c.sigma.push_back(s);
    c.accuracy_pct.push_back(std::max(10.0, top - slope * std::abs(s - peak)));
  }
  return c;
}

// NT at every test σ: Bump(top, σ, slope).
inline std::vector<training::vant::TrainedCurve> NtGrid(double top = 88, double slope = 30) {
  std::vector<training::vant::TrainedCurve> nt;
  for (double s : training::vant::TestSigmaGrid()) nt.push_back({s, Bump(top, s, slope)});
  return nt;
}

inline const Check& GetCheck(const std::vector<Check>& checks, const std::string& id) {
  for (const Check& c : checks) {
    if (c.id == id) return c;
  }
  ADD_FAILURE() << "no check " << id;
  static const Check kNone;
  return kNone;
}

}  // namespace aimc::experiments::vant::testing

#endif  // AIMC_EXPERIMENTS_VANT_TESTING_CURVES_H_
