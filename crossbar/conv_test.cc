// Tests of im2col and analog convolutions (crossbar/conv.h, aimc_model.md §1
// "Convolutions are unrolled") against a direct convolution loop.
#include "crossbar/conv.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"
#include "common/random.h"
#include "crossbar/config.h"
#include "crossbar/layer.h"
#include "crossbar/tile_config.pb.h"
#include "gtest/gtest.h"

namespace aimc::crossbar {
namespace {

std::vector<float> NormalVector(size_t n, uint64_t seed) {
  std::vector<float> v(n);
  RandomStream(StreamKey{.seed = seed, .entity = 33}).FillNormal(0, absl::MakeSpan(v));
  return v;
}

Eigen::MatrixXf NormalMatrix(int rows, int cols, uint64_t seed) {
  Eigen::MatrixXf m(rows, cols);
  RandomStream(StreamKey{.seed = seed, .entity = 34})
      .FillNormal(0, absl::MakeSpan(m.data(), m.size()));
  return m;
}

TileConfig Preset(const std::string& name) {
  absl::StatusOr<TileConfig> config = LoadTileConfig(name);
  EXPECT_TRUE(config.ok()) << config.status();
  return config.ok() ? *config : TileConfig();
}

// out[n][o][y][x] = b[o] + sum_{c,ky,kx} W[o][c][ky][kx] *
//   in[n][c][y sh - ph + ky dh][x sw - pw + kx dw] (zero outside), in double.
// `weight` is out x (c kh kw) with kw fastest (the [out][in][kh][kw] tensor).
std::vector<double> DirectConv(const std::vector<float>& input, int batch, int height, int width,
                               const Conv2dGeometry& g, const Eigen::MatrixXf& weight,
                               const Eigen::VectorXf& bias) {
  const int ho = g.OutHeight(height), wo = g.OutWidth(width);
  std::vector<double> out(static_cast<size_t>(batch) * g.out_channels * ho * wo);
  for (int n = 0; n < batch; ++n) {
    for (int o = 0; o < g.out_channels; ++o) {
      for (int y = 0; y < ho; ++y) {
        for (int x = 0; x < wo; ++x) {
          double sum = bias.size() > 0 ? bias[o] : 0.0;
          for (int c = 0; c < g.in_channels; ++c) {
            for (int ky = 0; ky < g.kernel_h; ++ky) {
              for (int kx = 0; kx < g.kernel_w; ++kx) {
                const int iy = y * g.stride_h - g.pad_h + ky * g.dilation_h;
                const int ix = x * g.stride_w - g.pad_w + kx * g.dilation_w;
                if (iy < 0 || iy >= height || ix < 0 || ix >= width) continue;
                const double v =
                    input[((static_cast<size_t>(n) * g.in_channels + c) * height + iy) * width +
                          ix];
                sum += weight(o, (c * g.kernel_h + ky) * g.kernel_w + kx) * v;
              }
            }
          }
          out[((static_cast<size_t>(n) * g.out_channels + o) * ho + y) * wo + x] = sum;
        }
      }
    }
  }
  return out;
}

struct Case {
  std::string name;
  Conv2dGeometry g;
  int batch, height, width;
};

std::vector<Case> Geometries() {
  std::vector<Case> cases;
  Conv2dGeometry g;
  g.in_channels = 3;
  g.out_channels = 5;
  g.kernel_h = g.kernel_w = 3;
  cases.push_back({"3x3 valid", g, 2, 7, 9});
  Conv2dGeometry s = g;
  s.stride_h = s.stride_w = 2;
  cases.push_back({"stride 2", s, 2, 8, 7});
  Conv2dGeometry p = g;
  p.pad_h = p.pad_w = 1;
  cases.push_back({"padding 1", p, 2, 6, 6});
  Conv2dGeometry d = g;
  d.dilation_h = d.dilation_w = 2;
  d.pad_h = d.pad_w = 2;
  cases.push_back({"dilation 2", d, 1, 9, 8});
  Conv2dGeometry r = g;
  r.kernel_h = 3;
  r.kernel_w = 2;
  r.stride_h = 2;
  r.stride_w = 1;
  r.pad_h = 1;
  r.pad_w = 0;
  r.dilation_w = 3;
  cases.push_back({"non-square kernel, mixed stride/pad/dilation", r, 3, 7, 10});
  Conv2dGeometry one;
  one.in_channels = 4;
  one.out_channels = 2;
  cases.push_back({"1x1", one, 2, 5, 3});
  return cases;
}

// Im2Col's matrix times the weights is the direct convolution, and its
// columns are (n, oy, ox) with ox fastest; the thread count changes nothing.
TEST(Im2ColTest, MatchesADirectConvolution) {
  for (const Case& c : Geometries()) {
    SCOPED_TRACE(c.name);
    const Conv2dGeometry& g = c.g;
    ASSERT_TRUE(Validate(g, c.height, c.width).ok());
    const std::vector<float> input =
        NormalVector(static_cast<size_t>(c.batch) * g.in_channels * c.height * c.width, 1);
    const Eigen::MatrixXf weight = NormalMatrix(g.out_channels, g.patch_size(), 2);
    Eigen::MatrixXf cols, cols3;
    Im2Col(input.data(), c.batch, c.height, c.width, g, &cols, 1);
    const int ho = g.OutHeight(c.height), wo = g.OutWidth(c.width);
    ASSERT_EQ(cols.rows(), g.patch_size());
    ASSERT_EQ(cols.cols(), c.batch * ho * wo);
    Im2Col(input.data(), c.batch, c.height, c.width, g, &cols3, 3);
    EXPECT_EQ(cols, cols3);
    const Eigen::MatrixXd out = weight.cast<double>() * cols.cast<double>();
    const std::vector<double> direct =
        DirectConv(input, c.batch, c.height, c.width, g, weight, Eigen::VectorXf());
    for (int n = 0; n < c.batch; ++n) {
      for (int o = 0; o < g.out_channels; ++o) {
        for (int p = 0; p < ho * wo; ++p) {
          EXPECT_NEAR(out(o, n * ho * wo + p),
                      direct[(static_cast<size_t>(n) * g.out_channels + o) * ho * wo + p], 1e-9)
              << "n " << n << " o " << o << " pixel " << p;
        }
      }
    }
  }
}

// A spot check of the layout by hand: 1 channel, 3x3 image 1..9, 2x2 kernel,
// stride 1, padding 1: output pixel (0, 0)'s patch is (0, 0, 0, 1) and
// pixel (1, 1)'s is (1, 2, 4, 5).
TEST(Im2ColTest, LayoutByHand) {
  Conv2dGeometry g;
  g.in_channels = 1;
  g.out_channels = 1;
  g.kernel_h = g.kernel_w = 2;
  g.pad_h = g.pad_w = 1;
  const std::vector<float> image = {1, 2, 3, 4, 5, 6, 7, 8, 9};
  Eigen::MatrixXf cols;
  Im2Col(image.data(), 1, 3, 3, g, &cols);
  ASSERT_EQ(cols.rows(), 4);
  ASSERT_EQ(cols.cols(), 16);  // 4 x 4 outputs
  EXPECT_EQ(cols.col(0), Eigen::Vector4f(0, 0, 0, 1));
  EXPECT_EQ(cols.col(1 * 4 + 1), Eigen::Vector4f(1, 2, 4, 5));
  EXPECT_EQ(cols.col(15), Eigen::Vector4f(9, 0, 0, 0));
}

// `ideal`: the analog convolution is the direct convolution plus bias, with
// the weights on one tile and on two (64 channels x 3x3 = 576 inputs split
// into 2 tiles of 288, as in aimc_model.md §6 "analognas_bench").
TEST(AnalogConv2dTest, IdealForwardIsTheDirectConvolution) {
  for (int in_channels : {3, 64}) {
    SCOPED_TRACE(absl::StrCat(in_channels, " input channels"));
    Conv2dGeometry g;
    g.in_channels = in_channels;
    g.out_channels = 16;
    g.kernel_h = g.kernel_w = 3;
    g.pad_h = g.pad_w = 1;
    g.stride_h = 2;
    const int batch = 2, height = 8, width = 6;
    const Eigen::MatrixXf weight = NormalMatrix(16, g.patch_size(), 3);
    const Eigen::VectorXf bias = NormalMatrix(16, 1, 4);
    const std::vector<float> input =
        NormalVector(static_cast<size_t>(batch) * in_channels * height * width, 5);
    auto conv = AnalogConv2d::Create(Preset("ideal"), g, weight, bias, 9, 1);
    ASSERT_TRUE(conv.ok()) << conv.status();
    if (in_channels == 64) {
      ASSERT_EQ(conv->layer().tile_cols(), 2);
      EXPECT_EQ(conv->layer().tile(0, 0).in_size(), 288);
      EXPECT_EQ(conv->layer().tile(0, 1).in_size(), 288);
    } else {
      EXPECT_EQ(conv->layer().tile_cols(), 1);
    }
    EXPECT_EQ(conv->layer().tile_rows(), 1);
    std::vector<float> out;
    ASSERT_TRUE(conv->Forward(input.data(), batch, height, width, &out, 2).ok());
    const std::vector<double> direct = DirectConv(input, batch, height, width, g, weight, bias);
    ASSERT_EQ(out.size(), direct.size());
    double err = 0, norm = 0, max_abs = 0, max_err = 0;
    for (size_t k = 0; k < out.size(); ++k) {
      err += (out[k] - direct[k]) * (out[k] - direct[k]);
      norm += direct[k] * direct[k];
      max_abs = std::max(max_abs, std::abs(direct[k]));
      max_err = std::max(max_err, std::abs(out[k] - direct[k]));
    }
    EXPECT_LT(std::sqrt(err / norm), 1e-5);
    EXPECT_LT(max_err, 1e-5 * max_abs);
  }
}

TEST(AnalogConv2dTest, BadWeightShapeIsInvalidArgument) {
  Conv2dGeometry g;
  g.in_channels = 3;
  g.out_channels = 4;
  g.kernel_h = g.kernel_w = 3;
  for (const auto& [rows, cols] : {std::pair{4, 26}, std::pair{5, 27}, std::pair{27, 4}}) {
    const absl::Status s = AnalogConv2d::Create(Preset("ideal"), g, NormalMatrix(rows, cols, 6),
                                                Eigen::VectorXf(), 1, 0)
                               .status();
    EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
    EXPECT_TRUE(absl::StrContains(s.message(), "4 x 27")) << s;
  }
  // A bias of the wrong size, through the layer.
  EXPECT_EQ(AnalogConv2d::Create(Preset("ideal"), g, NormalMatrix(4, 27, 6),
                                 Eigen::VectorXf::Zero(3), 1, 0)
                .status()
                .code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(AnalogConv2dTest, BadGeometryIsInvalidArgument) {
  Conv2dGeometry good;
  good.in_channels = 2;
  good.out_channels = 2;
  good.kernel_h = good.kernel_w = 3;
  EXPECT_TRUE(Validate(good, 5, 5).ok());
  const auto bad = [&](auto mutate) {
    Conv2dGeometry g = good;
    mutate(g);
    return g;
  };
  const std::vector<Conv2dGeometry> geometries = {
      bad([](Conv2dGeometry& g) { g.stride_h = 0; }),
      bad([](Conv2dGeometry& g) { g.dilation_w = 0; }),
      bad([](Conv2dGeometry& g) { g.pad_h = -1; }),
      bad([](Conv2dGeometry& g) { g.kernel_w = 0; }),
      bad([](Conv2dGeometry& g) { g.in_channels = 0; }),
      bad([](Conv2dGeometry& g) { g.out_channels = 0; }),
  };
  for (const Conv2dGeometry& g : geometries) {
    EXPECT_EQ(Validate(g, 5, 5).code(), absl::StatusCode::kInvalidArgument);
    const Eigen::MatrixXf weight =
        NormalMatrix(std::max(g.out_channels, 1), std::max(g.patch_size(), 1), 7);
    EXPECT_EQ(
        AnalogConv2d::Create(Preset("ideal"), g, weight, Eigen::VectorXf(), 1, 0).status().code(),
        absl::StatusCode::kInvalidArgument);
  }
  // An input smaller than the (dilated) kernel fails at Forward.
  auto conv =
      AnalogConv2d::Create(Preset("ideal"), good, NormalMatrix(2, 18, 8), Eigen::VectorXf(), 1, 0);
  ASSERT_TRUE(conv.ok()) << conv.status();
  const std::vector<float> input(2 * 2 * 2, 1.0f);
  std::vector<float> out;
  const absl::Status s = conv->Forward(input.data(), 1, 2, 2, &out, 1);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument) << s;
  EXPECT_TRUE(absl::StrContains(s.message(), "2x2")) << s;
}

}  // namespace
}  // namespace aimc::crossbar
