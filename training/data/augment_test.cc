#include "training/data/augment.h"

#include <cmath>
#include <set>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "training/data/testing/test_util.h"

namespace aimc::training {
namespace {

using ::testing::HasSubstr;

constexpr ImageShape kShape{3, 32, 32};

std::vector<float> Apply(const Augmenter& a, const Dataset& d, int64_t n, ExampleDraw draw) {
  std::vector<float> out(d.shape().pixels());
  a.Apply(d, n, draw, absl::MakeSpan(out));
  return out;
}

AugmentConfig CropFlip(int crop_padding, bool random_flip) {
  AugmentConfig config;
  config.crop_padding = crop_padding;
  config.random_flip = random_flip;
  return config;
}

float At(const std::vector<float>& image, const ImageShape& s, int c, int y, int x) {
  return image[(c * s.height + y) * s.width + x];
}

TEST(AugmenterTest, NoDrawIsPlainNormalisation) {
  const Dataset d = test_util::MakeDataset(2, kShape);
  auto a = Augmenter::Create({.normalization = Nb201Cifar10Normalization()}, kShape);
  ASSERT_TRUE(a.ok()) << a.status();
  const std::vector<float> out = Apply(*a, d, 1, {});
  const Normalization norm = Nb201Cifar10Normalization();
  for (int c = 0; c < 3; ++c) {
    for (int y = 0; y < 32; y += 5) {
      for (int x = 0; x < 32; ++x) {
        const float expected = (d.Pixel(1, c, y, x) / 255 - norm.mean[c]) / norm.stddev[c];
        ASSERT_NEAR(At(out, kShape, c, y, x), expected, 1e-5);
      }
    }
  }
}

TEST(AugmenterTest, CropShiftsAndFillsZeroPixels) {
  const Dataset d = test_util::MakeDataset(2, kShape);
  // Default normalisation: x = p / 255, so a zero pixel is 0.
  auto plain = Augmenter::Create(CropFlip(4, false), kShape);
  // AnalogNAS-Bench's: a zero pixel is (0 - 0.5) / 0.5 = -1.
  auto anb = Augmenter::Create(PresetAugmentConfig(AugmentPreset::kAnalogNasBench, Split::kTest,
                                                   Normalization{}),
                               kShape);
  ASSERT_TRUE(plain.ok() && anb.ok());
  const ExampleDraw draw{.dy = 3, .dx = -4};
  const std::vector<float> out = Apply(*plain, d, 1, draw);
  const std::vector<float> out_anb = Apply(*anb, d, 1, draw);
  ASSERT_EQ(out.size(), static_cast<size_t>(kShape.pixels()));  // crop keeps the size
  for (int c = 0; c < 3; ++c) {
    for (int y = 0; y < 32; ++y) {
      for (int x = 0; x < 32; ++x) {
        const int sy = y + 3, sx = x - 4;
        const bool inside = sy < 32 && sx >= 0;
        const float p = inside ? d.Pixel(1, c, sy, sx) : 0.0f;
        ASSERT_NEAR(At(out, kShape, c, y, x), p / 255, 1e-6) << c << " " << y << " " << x;
        ASSERT_NEAR(At(out_anb, kShape, c, y, x), 2 * p / 255 - 1, 1e-6);
      }
    }
  }
}

TEST(AugmenterTest, FlipMirrorsAfterTheCrop) {
  const Dataset d = test_util::MakeDataset(1, kShape);
  auto a = Augmenter::Create(CropFlip(4, true), kShape);
  ASSERT_TRUE(a.ok());
  const std::vector<float> straight = Apply(*a, d, 0, {.dy = -2, .dx = 3});
  const std::vector<float> flipped = Apply(*a, d, 0, {.dy = -2, .dx = 3, .flip = true});
  for (int c = 0; c < 3; ++c) {
    for (int y = 0; y < 32; ++y) {
      for (int x = 0; x < 32; ++x) {
        ASSERT_EQ(At(flipped, kShape, c, y, x), At(straight, kShape, c, y, 31 - x));
      }
    }
  }
  // Without a crop a flip is the plain mirror image.
  const std::vector<float> mirror = Apply(*a, d, 0, {.flip = true});
  EXPECT_NEAR(At(mirror, kShape, 2, 7, 0), d.Pixel(0, 2, 7, 31) / 255, 1e-6);
}

TEST(AugmenterTest, FloatPixelsGoThroughTheSameMap) {
  auto d = Dataset::Create("f", "", ImageShape{1, 2, 2}, 1, std::vector<float>{0, 51, 102, 255},
                           std::vector<uint8_t>{0});
  ASSERT_TRUE(d.ok());
  auto a = Augmenter::Create({.normalization = {.mean = {0.2f}, .stddev = {0.4f}}},
                             d->shape());
  ASSERT_TRUE(a.ok());
  const std::vector<float> out = Apply(*a, *d, 0, {.flip = true});
  EXPECT_NEAR(out[0], (0.2f - 0.2f) / 0.4f, 1e-6);
  EXPECT_NEAR(out[1], (0.0f - 0.2f) / 0.4f, 1e-6);
  EXPECT_NEAR(out[2], (1.0f - 0.2f) / 0.4f, 1e-6);
}

TEST(AugmenterTest, DrawsAreKeyedBySeedEpochAndExample) {
  auto a = Augmenter::Create(CropFlip(4, true), kShape);
  ASSERT_TRUE(a.ok());
  auto same = [](const ExampleDraw& x, const ExampleDraw& y) {
    return x.dy == y.dy && x.dx == y.dx && x.flip == y.flip;
  };
  EXPECT_TRUE(same(a->Draw(7, 3, 11), a->Draw(7, 3, 11)));
  int differ_epoch = 0, differ_seed = 0;
  for (int64_t n = 0; n < 100; ++n) {
    differ_epoch += !same(a->Draw(7, 3, n), a->Draw(7, 4, n));
    differ_seed += !same(a->Draw(7, 3, n), a->Draw(8, 3, n));
  }
  // 162 equally likely draws: ~99 of 100 differ.
  EXPECT_GT(differ_epoch, 90);
  EXPECT_GT(differ_seed, 90);
  auto none = Augmenter::Create({}, kShape);
  const ExampleDraw zero = none->Draw(7, 3, 11);
  EXPECT_TRUE(zero.dy == 0 && zero.dx == 0 && !zero.flip);
}

TEST(AugmenterTest, OffsetsAreUniformAndFlipsHalf) {
  auto a = Augmenter::Create(CropFlip(4, true), kShape);
  ASSERT_TRUE(a.ok());
  constexpr int kN = 9000;
  std::vector<int> dy(9), dx(9);
  int flips = 0;
  for (int64_t n = 0; n < kN; ++n) {
    const ExampleDraw d = a->Draw(42, 0, n);
    ASSERT_TRUE(d.dy >= -4 && d.dy <= 4 && d.dx >= -4 && d.dx <= 4);
    ++dy[d.dy + 4];
    ++dx[d.dx + 4];
    flips += d.flip;
  }
  // Each count is Binomial(9000, 1/9): mean 1000, sd 29.8; 5 sd (150) fails
  // with probability < 1e-5 per run over the 18 counts. The flip share: sd
  // 0.0053, 5 sd = 0.026.
  for (int k = 0; k < 9; ++k) {
    EXPECT_NEAR(dy[k], 1000, 150) << "dy = " << k - 4;
    EXPECT_NEAR(dx[k], 1000, 150) << "dx = " << k - 4;
  }
  EXPECT_NEAR(flips / double{kN}, 0.5, 0.026);
}

TEST(AugmentPresetTest, StandardAugmentsTrainOnly) {
  const Normalization norm = Nb201Cifar10Normalization();
  const AugmentConfig train = PresetAugmentConfig(AugmentPreset::kStandard, Split::kTrain, norm);
  const AugmentConfig test = PresetAugmentConfig(AugmentPreset::kStandard, Split::kTest, norm);
  EXPECT_EQ(train.crop_padding, 4);
  EXPECT_TRUE(train.random_flip);
  EXPECT_EQ(train.normalization.mean, norm.mean);
  EXPECT_EQ(test.crop_padding, 0);
  EXPECT_FALSE(test.random_flip);
  EXPECT_EQ(test.normalization.stddev, norm.stddev);
}

TEST(AugmentPresetTest, AnalogNasBenchAugmentsTestImagesToo) {
  // nas_spec.md §4.1: one transform for both splits, Normalize(0.5, 0.5).
  for (const Split split : {Split::kTrain, Split::kTest}) {
    const AugmentConfig c = PresetAugmentConfig(AugmentPreset::kAnalogNasBench, split,
                                                Nb201Cifar10Normalization());
    EXPECT_EQ(c.crop_padding, 4);
    EXPECT_TRUE(c.random_flip);
    EXPECT_EQ(c.normalization.mean, std::vector<float>{0.5f});
    EXPECT_EQ(c.normalization.stddev, std::vector<float>{0.5f});
  }
  const AugmentConfig none = PresetAugmentConfig(AugmentPreset::kNone, Split::kTrain, {});
  EXPECT_EQ(none.crop_padding, 0);
  EXPECT_FALSE(none.random_flip);
}

TEST(AugmentPresetTest, ParsesNames) {
  EXPECT_EQ(*ParseAugmentPreset("analognas_bench"), AugmentPreset::kAnalogNasBench);
  EXPECT_EQ(*ParseAugmentPreset("standard"), AugmentPreset::kStandard);
  EXPECT_EQ(*ParseAugmentPreset("none"), AugmentPreset::kNone);
  auto bad = ParseAugmentPreset("nb201");
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(bad.status().message(), HasSubstr("known: none, standard, analognas_bench"));
}

TEST(AugmenterTest, CreateRejectsBadConfigs) {
  auto pad = Augmenter::Create(CropFlip(33, false), kShape);
  EXPECT_EQ(pad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(pad.status().message(), HasSubstr("crop_padding: must be 0..32"));
  auto mean = Augmenter::Create({.normalization = {.mean = {0.1f, 0.2f}, .stddev = {1.0f}}}, kShape);
  EXPECT_THAT(mean.status().message(), HasSubstr("normalization.mean: needs 1 or 3 values, got 2"));
  auto sd = Augmenter::Create({.normalization = {.stddev = {0.0f}}}, kShape);
  EXPECT_THAT(sd.status().message(), HasSubstr("> 0"));
}

TEST(MeasureNormalizationTest, MeanAndStdPerChannel) {
  // Channel 0: half 0, half 255 -> mean 0.5, std 0.5. Channel 1: all 51 -> 0.2, ~0.
  std::vector<uint8_t> pixels;
  for (int n = 0; n < 2; ++n) {
    for (int i = 0; i < 4; ++i) pixels.push_back(i % 2 ? 255 : 0);
    for (int i = 0; i < 4; ++i) pixels.push_back(51);
  }
  auto d = Dataset::Create("m", "", ImageShape{2, 2, 2}, 1, pixels, std::vector<uint8_t>{0, 0});
  ASSERT_TRUE(d.ok());
  const Normalization norm = MeasureNormalization(*d);
  EXPECT_NEAR(norm.mean[0], 0.5, 1e-6);
  EXPECT_NEAR(norm.stddev[0], 0.5, 1e-6);
  EXPECT_NEAR(norm.mean[1], 0.2, 1e-6);
  EXPECT_LT(norm.stddev[1], 1e-5);
  EXPECT_GT(norm.stddev[1], 0);
}

}  // namespace
}  // namespace aimc::training
