#include "training/data/torch_batch.h"

#include <ATen/core/Tensor.h>

#include <vector>

#include "gtest/gtest.h"
#include "training/data/batcher.h"
#include "training/data/testing/test_util.h"

namespace aimc::training {
namespace {

constexpr ImageShape kShape{3, 8, 8};

TEST(TorchBatchTest, FillsNewTensorsLikeTheBatcher) {
  const Dataset d = test_util::MakeDataset(21, kShape);
  BatcherConfig config;
  config.batch_size = 8;
  config.seed = 5;
  config.augment.crop_padding = 2;
  config.augment.random_flip = true;
  auto batcher = Batcher::Create(&d, config);
  ASSERT_TRUE(batcher.ok()) << batcher.status();
  const EpochPlan plan = batcher->Plan(2);
  at::Tensor images, labels;
  ASSERT_TRUE(FillTorchBatch(*batcher, plan, 2, &images, &labels).ok());  // the last: 5
  EXPECT_EQ(images.sizes(), (std::vector<int64_t>{5, 3, 8, 8}));
  EXPECT_EQ(images.scalar_type(), at::kFloat);
  EXPECT_TRUE(images.is_contiguous());
  EXPECT_EQ(labels.sizes(), (std::vector<int64_t>{5}));
  EXPECT_EQ(labels.scalar_type(), at::kLong);

  std::vector<float> expected(batcher->batch_floats());
  std::vector<int64_t> expected_labels(8);
  batcher->FillBatch(plan, 2, absl::MakeSpan(expected), absl::MakeSpan(expected_labels));
  const float* got = images.data_ptr<float>();
  for (int64_t i = 0; i < 5 * kShape.pixels(); ++i) ASSERT_EQ(got[i], expected[i]);
  for (int64_t i = 0; i < 5; ++i) EXPECT_EQ(labels.data_ptr<int64_t>()[i], expected_labels[i]);
}

TEST(TorchBatchTest, ViewsShareTheCallersBuffers) {
  std::vector<float> images(2 * kShape.pixels(), 1.5f);
  std::vector<int64_t> labels = {3, 4, 5};
  const at::Tensor image_view = ImagesTensorView(absl::MakeSpan(images), 2, kShape);
  const at::Tensor label_view = LabelsTensorView(absl::MakeSpan(labels), 2);
  EXPECT_EQ(image_view.sizes(), (std::vector<int64_t>{2, 3, 8, 8}));
  EXPECT_EQ(image_view.data_ptr<float>(), images.data());
  EXPECT_EQ(label_view.data_ptr<int64_t>(), labels.data());
  EXPECT_EQ(label_view.numel(), 2);
  images[5] = -2.0f;
  EXPECT_EQ(image_view.data_ptr<float>()[5], -2.0f);
}

}  // namespace
}  // namespace aimc::training
