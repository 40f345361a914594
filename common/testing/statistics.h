// Reference statistics for tests that check distributions (style.md §7):
// the normal CDF/PDF, the exact moments of rectified and folded normals, and
// sample summaries with the standard errors that tolerances derive from.
// Header-only, testonly. Thread-safe.
#ifndef AIMC_COMMON_TESTING_STATISTICS_H_
#define AIMC_COMMON_TESTING_STATISTICS_H_

#include <cmath>
#include <vector>

namespace aimc::test_util {

inline constexpr double kPi = 3.14159265358979323846;

inline double Phi(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }
inline double Pdf(double z) { return std::exp(-0.5 * z * z) / std::sqrt(2 * kPi); }

struct Moments {
  double mean, sd;
};

// Y = max(0, m + s Z): programming noise clamped at 0 (aimc_model.md §2).
inline Moments RectifiedNormal(double m, double s) {
  const double a = m / s;
  const double mean = m * Phi(a) + s * Pdf(a);
  const double m2 = (m * m + s * s) * Phi(a) + m * s * Pdf(a);
  return {mean, std::sqrt(m2 - mean * mean)};
}

// Y = |m + s Z|: the drift exponent of §3.
inline Moments FoldedNormal(double m, double s) {
  const double a = m / s;
  const double mean = s * std::sqrt(2 / kPi) * std::exp(-0.5 * a * a) + m * (1 - 2 * Phi(-a));
  return {mean, std::sqrt(m * m + s * s - mean * mean)};
}

// Sample mean and (population) std with their standard errors:
// SE(mean) = sd / sqrt(n); SE(sd) = sqrt((m4 - m2^2) / n) / (2 sd) from the
// sample's own central moments (sd / sqrt(2n) for a normal).
struct Sample {
  double mean, sd, se_mean, se_sd;
};

template <typename T>
Sample Summarize(const std::vector<T>& v) {
  const double n = v.size();
  double sum = 0;
  for (T x : v) sum += x;
  const double mean = sum / n;
  double m2 = 0, m4 = 0;
  for (T x : v) {
    const double d = (x - mean) * (x - mean);
    m2 += d;
    m4 += d * d;
  }
  m2 /= n;
  m4 /= n;
  const double sd = std::sqrt(m2);
  return {mean, sd, sd / std::sqrt(n), sd > 0 ? std::sqrt((m4 - m2 * m2) / n) / (2 * sd) : 0};
}

// Kendall's tau-b straight from its O(n^2) definition: the reference the
// O(n log n) implementation (common/correlation.h) is tested against.
inline double KendallTauBQuadratic(const std::vector<double>& x, const std::vector<double>& y) {
  long long concordant = 0, discordant = 0, tied_x = 0, tied_y = 0;
  const size_t n = x.size();
  for (size_t i = 0; i < n; ++i) {
    for (size_t j = i + 1; j < n; ++j) {
      const double dx = x[j] - x[i], dy = y[j] - y[i];
      if (dx == 0) ++tied_x;
      if (dy == 0) ++tied_y;
      if (dx * dy > 0) ++concordant;
      if (dx * dy < 0) ++discordant;
    }
  }
  const double total = n * (n - 1) / 2.0;
  return (concordant - discordant) / std::sqrt((total - tied_x) * (total - tied_y));
}

}  // namespace aimc::test_util

#endif  // AIMC_COMMON_TESTING_STATISTICS_H_
