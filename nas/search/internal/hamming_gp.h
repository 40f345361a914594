// A Gaussian process over all 15,625 NB201 cells with naszilla's kernel
// (nas_spec.md §3.5): k(a, b) = amplitude² exp(-d(a, b) / lengthscale²), d =
// Hamming distance between the 6 ops, noise_sd² on the diagonal of the
// observed cells. Observations are added one at a time (the Cholesky factor
// grows by a row); the posterior over every cell then costs O(n N) for n
// observations and N = 15,625 cells, and the factor's rows take 125 KB per
// observation. Targets are passed at query time (e.g. re-standardised each
// step). No call returns a Status. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_INTERNAL_HAMMING_GP_H_
#define AIMC_NAS_SEARCH_INTERNAL_HAMMING_GP_H_

#include <vector>

#include "absl/types/span.h"
#include "nas/cell.h"

namespace aimc::nas::search::internal {

struct HammingGpOptions {
  double lengthscale = 3.0;  // ℓ, in Hamming-distance units (naszilla, fixed)
  double amplitude = 1.5;    // α: prior sd of the latent function (naszilla)
  double noise_sd = 1e-5;    // σ: observation noise sd (naszilla)
};

class HammingGp {
 public:
  // REQUIRES: lengthscale > 0, amplitude > 0, noise_sd >= 0.
  explicit HammingGp(const HammingGpOptions& options);

  // Adds an observed cell. REQUIRES: `cell` not added before.
  void Add(const Cell& cell);
  int size() const { return static_cast<int>(rows_.size()); }

  // Posterior mean and sd of the latent function at every cell (lexicographic
  // order), given targets[i] for the i-th added cell. REQUIRES:
  // targets.size() == size().
  void Posterior(absl::Span<const double> targets, std::vector<double>* mean,
                 std::vector<double>* sd) const;

 private:
  std::vector<double> kernel_by_distance_;  // index 0..6
  double noise_variance_;
  std::vector<std::vector<double>> factor_;  // Cholesky L, row i has i + 1 entries
  std::vector<std::vector<double>> rows_;    // V = L^-1 K(X, all cells), one row per observation
  std::vector<double> variance_;             // prior variance - sum_i V_i²
  std::vector<bool> added_;
};

}  // namespace aimc::nas::search::internal

#endif  // AIMC_NAS_SEARCH_INTERNAL_HAMMING_GP_H_
