#include "crossbar/gemm.h"

#include "Eigen/Core"
#include "common/random.h"
#include "gtest/gtest.h"

namespace aimc::crossbar {
namespace {

Eigen::MatrixXf Normal(int rows, int cols, uint32_t entity) {
  Eigen::MatrixXf m(rows, cols);
  RandomStream(StreamKey{.seed = 9, .entity = entity})
      .FillNormal(0, absl::MakeSpan(m.data(), m.size()));
  return m;
}

TEST(GemmTest, MatchesEigenProduct) {
  const Eigen::MatrixXf a = Normal(37, 53, 1), b = Normal(53, 29, 2);
  Eigen::MatrixXf c(37, 29);
  Gemm(a, b, c);
  EXPECT_LT((c - a * b).norm() / (a * b).norm(), 1e-6);
  Eigen::MatrixXf d = Eigen::MatrixXf::Ones(37, 29);
  Gemm(a, b, d, 2, 2.0f, 1.0f);  // d = 2 a b + d
  EXPECT_LT((d - (2 * a * b + Eigen::MatrixXf::Ones(37, 29))).norm() / (a * b).norm(), 1e-6);
}

// Style.md §6: the thread count changes no number. OpenBLAS's own threading
// rounds differently with 1 and 2 threads; our column split must not.
TEST(GemmTest, BitIdenticalForAnyThreadCount) {
  for (const auto& [m, k, n] : {std::tuple{512, 512, 128}, std::tuple{64, 576, 1000},
                                std::tuple{100, 37, 253}}) {
    const Eigen::MatrixXf a = Normal(m, k, 3), b = Normal(k, n, 4);
    Eigen::MatrixXf c1(m, n), c2(m, n), c3(m, n);
    Gemm(a, b, c1, 1);
    Gemm(a, b, c2, 2);
    Gemm(a, b, c3, 3);
    EXPECT_EQ(c1, c2) << m << "x" << k << "x" << n;
    EXPECT_EQ(c1, c3) << m << "x" << k << "x" << n;
  }
}

}  // namespace
}  // namespace aimc::crossbar
