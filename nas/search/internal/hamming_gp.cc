#include "nas/search/internal/hamming_gp.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

#include "common/status_macros.h"

namespace aimc::nas::search::internal {
namespace {

using Codes = std::array<uint8_t, kNumEdges>;

const std::vector<Codes>& AllCodes() {
  static const std::vector<Codes>* const codes = [] {
    auto* out = new std::vector<Codes>(kNumCells);
    const absl::Span<const Cell> all = AllCells();
    for (int i = 0; i < kNumCells; ++i) {
      for (int k = 0; k < kNumEdges; ++k) (*out)[i][k] = static_cast<uint8_t>(all[i].op(k));
    }
    return out;
  }();
  return *codes;
}

}  // namespace

HammingGp::HammingGp(const HammingGpOptions& options)
    : noise_variance_(options.noise_sd * options.noise_sd),
      variance_(kNumCells, options.amplitude * options.amplitude),
      added_(kNumCells, false) {
  AIMC_CHECK(options.lengthscale > 0 && options.amplitude > 0 && options.noise_sd >= 0);
  const double scale = options.lengthscale * options.lengthscale;
  for (int d = 0; d <= kNumEdges; ++d) {
    kernel_by_distance_.push_back(options.amplitude * options.amplitude * std::exp(-d / scale));
  }
}

void HammingGp::Add(const Cell& cell) {
  const int x = cell.LexIndex();
  AIMC_CHECK(!added_[x]);
  added_[x] = true;
  const std::vector<Codes>& codes = AllCodes();
  const Codes& cx = codes[x];
  std::vector<double> row(kNumCells);
  for (int j = 0; j < kNumCells; ++j) {
    int d = 0;
    for (int k = 0; k < kNumEdges; ++k) d += codes[j][k] != cx[k];
    row[j] = kernel_by_distance_[d];
  }
  // L's new row: l = L^-1 k(X, x) = column x of V; its diagonal from the rest.
  const int n = size();
  std::vector<double> l(n + 1);
  double diagonal = kernel_by_distance_[0] + noise_variance_;
  for (int i = 0; i < n; ++i) {
    l[i] = rows_[i][x];
    diagonal -= l[i] * l[i];
  }
  // Distinct cells keep the kernel matrix positive definite (a product of
  // per-position PD kernels); the floor only guards rounding.
  l[n] = std::sqrt(std::max(diagonal, 1e-12 * kernel_by_distance_[0]));
  for (int i = 0; i < n; ++i) {
    const double li = l[i];
    const std::vector<double>& vi = rows_[i];
    for (int j = 0; j < kNumCells; ++j) row[j] -= li * vi[j];
  }
  const double inverse = 1.0 / l[n];
  for (int j = 0; j < kNumCells; ++j) {
    row[j] *= inverse;
    variance_[j] -= row[j] * row[j];
  }
  factor_.push_back(std::move(l));
  rows_.push_back(std::move(row));
}

void HammingGp::Posterior(absl::Span<const double> targets, std::vector<double>* mean,
                          std::vector<double>* sd) const {
  const int n = size();
  AIMC_CHECK(static_cast<int>(targets.size()) == n);
  // w = L^-1 y by forward substitution; mean = V^T w.
  std::vector<double> w(n);
  for (int i = 0; i < n; ++i) {
    double s = targets[i];
    for (int k = 0; k < i; ++k) s -= factor_[i][k] * w[k];
    w[i] = s / factor_[i][i];
  }
  mean->assign(kNumCells, 0.0);
  for (int i = 0; i < n; ++i) {
    const double wi = w[i];
    const std::vector<double>& vi = rows_[i];
    for (int j = 0; j < kNumCells; ++j) (*mean)[j] += wi * vi[j];
  }
  sd->resize(kNumCells);
  for (int j = 0; j < kNumCells; ++j) (*sd)[j] = std::sqrt(std::max(variance_[j], 0.0));
}

}  // namespace aimc::nas::search::internal
