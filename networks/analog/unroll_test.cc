#include "networks/analog/unroll.h"

#include <vector>

#include "Eigen/Core"
#include "crossbar/column_source.h"
#include "gtest/gtest.h"

namespace aimc::networks::analog {
namespace {

// Any range of columns equals the same columns of the whole unrolled matrix,
// and the whole matrix equals a direct evaluation of the definition, with
// padding and stride.
TEST(NhwcUnrolledTest, RangesEqualTheDefinition) {
  const int n = 2, h = 7, w = 6, c = 3;
  std::vector<float> x(n * h * w * c);
  for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i) + 1;
  for (int stride : {1, 2}) {
    for (int k : {1, 3}) {
      SCOPED_TRACE(testing::Message() << "k " << k << " stride " << stride);
      crossbar::Conv2dGeometry g;
      g.in_channels = c;
      g.kernel_h = g.kernel_w = k;
      g.stride_h = g.stride_w = stride;
      g.pad_h = g.pad_w = k / 2;
      const NhwcUnrolled source(x.data(), n, h, w, c, g);
      const int ho = g.OutHeight(h), wo = g.OutWidth(w);
      ASSERT_EQ(source.rows(), k * k * c);
      ASSERT_EQ(source.cols(), n * ho * wo);
      Eigen::MatrixXf whole;
      crossbar::Materialize(source, &whole, 1);
      for (int img = 0; img < n; ++img) {
        for (int oy = 0; oy < ho; ++oy) {
          for (int ox = 0; ox < wo; ++ox) {
            const int j = (img * ho + oy) * wo + ox;
            for (int ky = 0; ky < k; ++ky) {
              for (int kx = 0; kx < k; ++kx) {
                for (int ch = 0; ch < c; ++ch) {
                  const int iy = oy * stride - k / 2 + ky, ix = ox * stride - k / 2 + kx;
                  const bool inside = iy >= 0 && iy < h && ix >= 0 && ix < w;
                  const float want = inside ? x[((img * h + iy) * w + ix) * c + ch] : 0.0f;
                  ASSERT_EQ(whole((ky * k + kx) * c + ch, j), want) << j;
                }
              }
            }
          }
        }
      }
      for (int64_t j0 : {int64_t{0}, int64_t{5}, source.cols() - 3}) {
        const int64_t count = std::min<int64_t>(7, source.cols() - j0);
        Eigen::MatrixXf part(source.rows(), count);
        source.Fill(j0, count, part.data());
        EXPECT_EQ(part, whole.middleCols(j0, count)) << j0;
      }
    }
  }
}

}  // namespace
}  // namespace aimc::networks::analog
