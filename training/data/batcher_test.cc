#include "training/data/batcher.h"

#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/testing/shared_data.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "training/data/augment.h"
#include "training/data/cifar10.h"
#include "training/data/testing/test_util.h"

namespace aimc::training {
namespace {

using ::testing::HasSubstr;

constexpr ImageShape kShape{3, 8, 8};

BatcherConfig AugmentedConfig(int batch_size, int threads) {
  BatcherConfig config;
  config.batch_size = batch_size;
  config.seed = 1234;
  config.num_threads = threads;
  config.augment = PresetAugmentConfig(AugmentPreset::kAnalogNasBench, Split::kTrain, {});
  return config;
}

struct Epoch {
  std::vector<float> images;
  std::vector<int64_t> labels;
  std::vector<int64_t> indices;
  std::vector<int64_t> batch_sizes;
};

Epoch RunEpoch(const Batcher& batcher, uint32_t epoch) {
  const EpochPlan plan = batcher.Plan(epoch);
  Epoch out;
  std::vector<float> images(batcher.batch_floats());
  std::vector<int64_t> labels(batcher.config().batch_size);
  for (int64_t b = 0; b < plan.num_batches(); ++b) {
    const int64_t n = batcher.FillBatch(plan, b, absl::MakeSpan(images), absl::MakeSpan(labels));
    out.batch_sizes.push_back(n);
    out.images.insert(out.images.end(), images.begin(), images.begin() + n * kShape.pixels());
    out.labels.insert(out.labels.end(), labels.begin(), labels.begin() + n);
    const auto indices = plan.batch(b);
    out.indices.insert(out.indices.end(), indices.begin(), indices.end());
  }
  return out;
}

TEST(BatcherTest, EveryExampleOncePerEpoch) {
  const Dataset d = test_util::MakeDataset(103, kShape);
  auto batcher = Batcher::Create(&d, AugmentedConfig(10, 1));
  ASSERT_TRUE(batcher.ok()) << batcher.status();
  for (uint32_t epoch : {0u, 1u}) {
    const Epoch e = RunEpoch(*batcher, epoch);
    EXPECT_THAT(e.batch_sizes, ::testing::Each(::testing::AnyOf(10, 3)));
    ASSERT_EQ(e.batch_sizes.size(), 11u);
    EXPECT_EQ(e.batch_sizes.back(), 3);
    ASSERT_EQ(e.indices.size(), 103u);
    EXPECT_EQ(std::set<int64_t>(e.indices.begin(), e.indices.end()).size(), 103u);
    for (size_t i = 0; i < e.indices.size(); ++i) {
      ASSERT_EQ(e.labels[i], d.labels()[e.indices[i]]);
    }
  }
}

TEST(BatcherTest, BatchHoldsTheAugmentedExamples) {
  const Dataset d = test_util::MakeDataset(20, kShape);
  const BatcherConfig config = AugmentedConfig(8, 1);
  auto batcher = Batcher::Create(&d, config);
  auto augmenter = Augmenter::Create(config.augment, kShape);
  ASSERT_TRUE(batcher.ok() && augmenter.ok());
  const EpochPlan plan = batcher->Plan(5);
  std::vector<float> images(batcher->batch_floats()), expected(kShape.pixels());
  std::vector<int64_t> labels(8);
  batcher->FillBatch(plan, 1, absl::MakeSpan(images), absl::MakeSpan(labels));
  for (int i = 0; i < 8; ++i) {
    const int64_t n = plan.batch(1)[i];
    augmenter->Apply(d, n, augmenter->Draw(1234, 5, n), absl::MakeSpan(expected));
    ASSERT_TRUE(std::equal(expected.begin(), expected.end(), images.begin() + i * kShape.pixels()));
  }
}

TEST(BatcherTest, DropLastKeepsFullBatchesOnly) {
  const Dataset d = test_util::MakeDataset(103, kShape);
  BatcherConfig config = AugmentedConfig(10, 1);
  config.drop_last = true;
  auto batcher = Batcher::Create(&d, config);
  ASSERT_TRUE(batcher.ok());
  const Epoch e = RunEpoch(*batcher, 0);
  EXPECT_EQ(e.batch_sizes.size(), 10u);
  EXPECT_THAT(e.batch_sizes, ::testing::Each(10));
  EXPECT_EQ(std::set<int64_t>(e.indices.begin(), e.indices.end()).size(), 100u);
}

TEST(BatcherTest, SameSeedSameBatchesWithOneOrTwoThreads) {
  const Dataset d = test_util::MakeDataset(103, kShape);
  auto one = Batcher::Create(&d, AugmentedConfig(16, 1));
  auto two = Batcher::Create(&d, AugmentedConfig(16, 2));
  ASSERT_TRUE(one.ok() && two.ok());
  const Epoch a = RunEpoch(*one, 3), b = RunEpoch(*two, 3);
  EXPECT_EQ(a.indices, b.indices);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_TRUE(a.images == b.images);  // bit-identical
}

TEST(BatcherTest, EpochsAndSeedsChangeTheOrder) {
  const Dataset d = test_util::MakeDataset(103, kShape);
  auto batcher = Batcher::Create(&d, AugmentedConfig(16, 1));
  BatcherConfig other_seed = AugmentedConfig(16, 1);
  other_seed.seed = 99;
  auto other = Batcher::Create(&d, other_seed);
  ASSERT_TRUE(batcher.ok() && other.ok());
  const std::vector<int64_t> e0 = RunEpoch(*batcher, 0).indices;
  EXPECT_EQ(e0, RunEpoch(*batcher, 0).indices);
  EXPECT_NE(e0, RunEpoch(*batcher, 1).indices);
  EXPECT_NE(e0, RunEpoch(*other, 0).indices);
}

TEST(BatcherTest, NoShuffleKeepsDatasetOrder) {
  const Dataset d = test_util::MakeDataset(25, kShape);
  BatcherConfig config = AugmentedConfig(7, 1);
  config.shuffle = false;
  auto batcher = Batcher::Create(&d, config);
  ASSERT_TRUE(batcher.ok());
  const std::vector<int64_t> order = RunEpoch(*batcher, 4).indices;
  for (int64_t i = 0; i < 25; ++i) EXPECT_EQ(order[i], i);
}

TEST(BatcherTest, CreateRejectsBadConfigs) {
  const Dataset d = test_util::MakeDataset(4, kShape);
  BatcherConfig config;
  config.batch_size = 0;
  EXPECT_THAT(Batcher::Create(&d, config).status().message(), HasSubstr("batch_size"));
  config.batch_size = 2;
  config.augment.crop_padding = 9;  // 8x8 images
  auto bad = Batcher::Create(&d, config);
  EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("synthetic"));
}

TEST(BatcherTest, RealCifarSubsetIsThreadCountIndependent) {
  auto file = ::aimc::test_util::FindSharedDataFile("cifar10_subset/test.bin");
  if (!file.ok()) GTEST_SKIP() << "../shared/data/cifar10_subset not found: skipped";
  auto test = LoadCifar10(std::filesystem::path(*file).parent_path().string(), Split::kTest);
  ASSERT_TRUE(test.ok()) << test.status();
  BatcherConfig config = AugmentedConfig(128, 1);
  config.shuffle = false;
  config.augment = PresetAugmentConfig(AugmentPreset::kAnalogNasBench, Split::kTest, {});
  auto one = Batcher::Create(&*test, config);
  config.num_threads = 2;
  auto two = Batcher::Create(&*test, config);
  ASSERT_TRUE(one.ok() && two.ok());
  const EpochPlan plan = one->Plan(0);
  EXPECT_EQ(plan.num_batches(), 8);  // 932 = 7 x 128 + 36
  std::vector<float> a(one->batch_floats()), b(one->batch_floats());
  std::vector<int64_t> la(128), lb(128);
  EXPECT_EQ(one->FillBatch(plan, 7, absl::MakeSpan(a), absl::MakeSpan(la)), 36);
  two->FillBatch(plan, 7, absl::MakeSpan(b), absl::MakeSpan(lb));
  EXPECT_TRUE(a == b);
  EXPECT_EQ(la, lb);
  // Test-time augmentation (nas_spec.md §4.1): another pass sees other crops.
  one->FillBatch(one->Plan(1), 7, absl::MakeSpan(b), absl::MakeSpan(lb));
  EXPECT_EQ(la, lb);
  EXPECT_FALSE(a == b);
}

}  // namespace
}  // namespace aimc::training
