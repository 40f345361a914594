#include "training/data/dataset.h"

#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "training/data/testing/test_util.h"

namespace aimc::training {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr ImageShape kShape{.channels = 2, .height = 3, .width = 4};

TEST(DatasetTest, HoldsPixelsLabelsAndNames) {
  auto d = Dataset::Create("toy/train", "made here", kShape, 3,
                           std::vector<uint8_t>(2 * 24, 7), std::vector<uint8_t>{2, 0});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->name(), "toy/train");
  EXPECT_EQ(d->provenance(), "made here");
  EXPECT_EQ(d->size(), 2);
  EXPECT_EQ(d->shape(), kShape);
  EXPECT_EQ(d->pixel_type(), PixelType::kUint8);
  EXPECT_EQ(d->uint8_pixels().size(), 48u);
  EXPECT_EQ(d->Pixel(1, 1, 2, 3), 7.0f);
  EXPECT_THAT(d->ClassCounts(), ElementsAre(1, 0, 1));
  EXPECT_EQ(ShapeString(kShape), "2x3x4");
  EXPECT_EQ(SplitName(Split::kTest), "test");
}

TEST(DatasetTest, PixelIndexesChannelRowColumn) {
  const Dataset d = test_util::MakeDataset(3, kShape);
  EXPECT_EQ(d.Pixel(2, 1, 2, 3), test_util::SyntheticPixel(2, 1, 2, 3));
  EXPECT_EQ(d.uint8_pixels()[2 * 24 + (1 * 3 + 2) * 4 + 3], test_util::SyntheticPixel(2, 1, 2, 3));
}

TEST(DatasetTest, FloatPixels) {
  auto d = Dataset::Create("f", "", kShape, 2, std::vector<float>(24, 0.25f),
                           std::vector<uint8_t>{1});
  ASSERT_TRUE(d.ok()) << d.status();
  EXPECT_EQ(d->pixel_type(), PixelType::kFloat32);
  EXPECT_EQ(d->Pixel(0, 0, 0, 0), 0.25f);
}

TEST(DatasetTest, RejectsWrongPixelCount) {
  auto d = Dataset::Create("toy", "", kShape, 3, std::vector<uint8_t>(47), {0, 1});
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(), HasSubstr("2 labels of 2x3x4 images need 48 pixels, got 47"));
}

TEST(DatasetTest, RejectsLabelOutOfRange) {
  auto d = Dataset::Create("toy", "", kShape, 3, std::vector<uint8_t>(48), {0, 3});
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(), HasSubstr("label 3 of example 1 not in 0..2"));
}

TEST(DatasetTest, RejectsFloatPixelsOffScale) {
  std::vector<float> pixels(24, 1.0f);
  pixels[5] = 256.0f;
  auto d = Dataset::Create("toy", "", kShape, 3, pixels, {0});
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(d.status().message(), HasSubstr("pixel 5 is 256"));
}

TEST(DatasetTest, RejectsEmptyShape) {
  auto d = Dataset::Create("toy", "", ImageShape{1, 0, 4}, 3, std::vector<uint8_t>{}, {});
  EXPECT_EQ(d.status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace aimc::training
