#include "training/data/transforms.h"

#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "training/data/testing/test_util.h"

namespace aimc::training {
namespace {

using ::testing::HasSubstr;

TEST(DownscaleTest, HalvesBy2x2Means) {
  const Dataset d = test_util::MakeDataset(3, ImageShape{3, 32, 32});
  auto small = Downscale(d, 2);
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_EQ(small->shape(), (ImageShape{3, 16, 16}));
  EXPECT_EQ(small->pixel_type(), PixelType::kFloat32);
  EXPECT_EQ(small->labels()[2], d.labels()[2]);
  EXPECT_THAT(small->provenance(), HasSubstr("downscaled by 2x2 means to 3x16x16"));
  for (int64_t n = 0; n < 3; ++n) {
    for (int c = 0; c < 3; ++c) {
      for (int y = 0; y < 16; ++y) {
        for (int x = 0; x < 16; ++x) {
          const float mean = (d.Pixel(n, c, 2 * y, 2 * x) + d.Pixel(n, c, 2 * y, 2 * x + 1) +
                              d.Pixel(n, c, 2 * y + 1, 2 * x) +
                              d.Pixel(n, c, 2 * y + 1, 2 * x + 1)) / 4;
          ASSERT_EQ(small->Pixel(n, c, y, x), mean) << n << " " << c << " " << y << " " << x;
        }
      }
    }
  }
  // Float input too, and again down to 8.
  auto smaller = Downscale(*small, 2);
  ASSERT_TRUE(smaller.ok());
  EXPECT_FLOAT_EQ(smaller->Pixel(1, 2, 3, 4),
                  (small->Pixel(1, 2, 6, 8) + small->Pixel(1, 2, 6, 9) + small->Pixel(1, 2, 7, 8) +
                   small->Pixel(1, 2, 7, 9)) / 4);
}

TEST(DownscaleTest, FactorMustDivideTheSize) {
  const Dataset d = test_util::MakeDataset(1, ImageShape{1, 28, 28});
  EXPECT_EQ(Downscale(d, 3).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Downscale(d, 0).status().message(), HasSubstr("got 0"));
}

TEST(PadImagesTest, CentresWithZeroBorder) {
  const Dataset d = test_util::MakeDataset(2, ImageShape{1, 28, 28});
  auto padded = PadImages(d, 32, 32);
  ASSERT_TRUE(padded.ok()) << padded.status();
  EXPECT_EQ(padded->shape(), (ImageShape{1, 32, 32}));
  EXPECT_EQ(padded->pixel_type(), PixelType::kUint8);
  for (int y = 0; y < 32; ++y) {
    for (int x = 0; x < 32; ++x) {
      const bool inside = y >= 2 && y < 30 && x >= 2 && x < 30;
      ASSERT_EQ(padded->Pixel(1, 0, y, x), inside ? d.Pixel(1, 0, y - 2, x - 2) : 0.0f);
    }
  }
  EXPECT_EQ(PadImages(d, 20, 32).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ResizeBilinearTest, SameSizeIsIdentityAndConstantsStayConstant) {
  const Dataset d = test_util::MakeDataset(2, ImageShape{2, 5, 7});
  auto same = ResizeBilinear(d, 5, 7);
  ASSERT_TRUE(same.ok());
  EXPECT_TRUE(std::equal(d.uint8_pixels().begin(), d.uint8_pixels().end(),
                         same->uint8_pixels().begin()));
  auto flat = Dataset::Create("flat", "", ImageShape{1, 28, 28}, 1,
                              std::vector<uint8_t>(784, 200), std::vector<uint8_t>{0});
  ASSERT_TRUE(flat.ok());
  auto big = ResizeBilinear(*flat, 32, 32);
  ASSERT_TRUE(big.ok());
  for (const uint8_t p : big->uint8_pixels()) ASSERT_EQ(p, 200);
}

TEST(ResizeBilinearTest, DoublingInterpolatesWithHalfPixelCentres) {
  // Row [0, 100] -> 4 columns at source x = -0.25 (clamped), 0.25, 0.75, 1.25
  // (clamped): 0, 25, 75, 100.
  auto d = Dataset::Create("row", "", ImageShape{1, 1, 2}, 1, std::vector<float>{0, 100},
                           std::vector<uint8_t>{0});
  ASSERT_TRUE(d.ok());
  auto big = ResizeBilinear(*d, 1, 4);
  ASSERT_TRUE(big.ok());
  EXPECT_THAT(big->float_pixels(), ::testing::ElementsAre(0, 25, 75, 100));
}

TEST(ReplicateChannelsTest, CopiesTheGreyPlane) {
  const Dataset d = test_util::MakeDataset(2, ImageShape{1, 4, 4});
  auto rgb = ReplicateChannels(d, 3);
  ASSERT_TRUE(rgb.ok());
  EXPECT_EQ(rgb->shape(), (ImageShape{3, 4, 4}));
  for (int c = 0; c < 3; ++c) EXPECT_EQ(rgb->Pixel(1, c, 3, 2), d.Pixel(1, 0, 3, 2));
  EXPECT_EQ(ReplicateChannels(*rgb, 3).status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::training
