#include "nas/search/internal/hamming_gp.h"

#include <cmath>
#include <vector>

#include "Eigen/Dense"
#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/cell.h"

namespace aimc::nas::search::internal {
namespace {

double Kernel(const Cell& a, const Cell& b, const HammingGpOptions& o) {
  int d = 0;
  for (int k = 0; k < kNumEdges; ++k) d += a.op(k) != b.op(k);
  return o.amplitude * o.amplitude * std::exp(-d / (o.lengthscale * o.lengthscale));
}

// The incremental posterior equals the textbook dense one (Rasmussen &
// Williams 2006, Alg. 2.1) at every cell.
TEST(HammingGpTest, MatchesTheDensePosterior) {
  const HammingGpOptions options{.lengthscale = 3, .amplitude = 1.5, .noise_sd = 1e-3};
  RandomCursor rng{RandomStream(StreamKey{.seed = 9})};
  const absl::Span<const Cell> all = AllCells();
  std::vector<Cell> observed;
  std::vector<double> targets;
  HammingGp gp(options);
  for (int i = 0; i < 25; ++i) {
    const Cell cell = all[rng.UniformInt(kNumCells)];
    bool repeat = false;
    for (const Cell& c : observed) repeat = repeat || c == cell;
    if (repeat) continue;
    observed.push_back(cell);
    targets.push_back(std::sin(cell.LexIndex() * 0.01));
    gp.Add(cell);
  }
  const int n = static_cast<int>(observed.size());
  Eigen::MatrixXd k(n, n);
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < n; ++j) k(i, j) = Kernel(observed[i], observed[j], options);
  }
  k.diagonal().array() += options.noise_sd * options.noise_sd;
  const Eigen::LLT<Eigen::MatrixXd> llt(k);
  const Eigen::VectorXd alpha = llt.solve(Eigen::Map<const Eigen::VectorXd>(targets.data(), n));
  std::vector<double> mean, sd;
  gp.Posterior(targets, &mean, &sd);
  for (int j = 0; j < kNumCells; j += 97) {
    Eigen::VectorXd ks(n);
    for (int i = 0; i < n; ++i) ks(i) = Kernel(observed[i], all[j], options);
    const double expected_mean = ks.dot(alpha);
    const double expected_var = Kernel(all[j], all[j], options) - ks.dot(llt.solve(ks));
    EXPECT_NEAR(mean[j], expected_mean, 1e-9) << j;
    EXPECT_NEAR(sd[j], std::sqrt(std::max(expected_var, 0.0)), 1e-6) << j;
  }
  // Near-interpolation at the observed cells (noise 1e-3).
  for (int i = 0; i < n; ++i) {
    EXPECT_NEAR(mean[observed[i].LexIndex()], targets[i], 1e-3);
    EXPECT_LT(sd[observed[i].LexIndex()], 1e-2);
  }
}

TEST(HammingGpTest, PriorBeforeAnyObservation) {
  HammingGp gp(HammingGpOptions{});
  std::vector<double> mean, sd;
  gp.Posterior({}, &mean, &sd);
  ASSERT_EQ(mean.size(), kNumCells);
  EXPECT_EQ(mean[123], 0.0);
  EXPECT_DOUBLE_EQ(sd[123], 1.5);
}

}  // namespace
}  // namespace aimc::nas::search::internal
