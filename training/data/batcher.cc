#include "training/data/batcher.h"

#include <algorithm>
#include <numeric>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/parallel.h"
#include "common/random.h"
#include "common/random_cursor.h"
#include "common/status_macros.h"

namespace aimc::training {

absl::Span<const int64_t> EpochPlan::batch(int64_t b) const {
  AIMC_CHECK(b >= 0 && b < num_batches_);
  const int64_t begin = b * batch_size_;
  const int64_t end = std::min<int64_t>(begin + batch_size_, order_.size());
  return absl::MakeConstSpan(order_).subspan(begin, end - begin);
}

absl::StatusOr<Batcher> Batcher::Create(const Dataset* dataset, const BatcherConfig& config) {
  AIMC_CHECK(dataset != nullptr);
  if (config.batch_size < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("batch_size: must be >= 1, got ", config.batch_size));
  }
  if (config.num_threads < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("num_threads: must be >= 1, got ", config.num_threads));
  }
  if (dataset->size() > int64_t{0xffffffff}) {
    return absl::InvalidArgumentError(absl::StrCat(
        "dataset '", dataset->name(), "' has ", dataset->size(),
        " examples; the augmentation streams index at most 2^32"));
  }
  auto augmenter = Augmenter::Create(config.augment, dataset->shape());
  if (!augmenter.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("augment config for dataset '",
                                                   dataset->name(), "': ",
                                                   augmenter.status().message()));
  }
  return Batcher(dataset, config, *std::move(augmenter));
}

EpochPlan Batcher::Plan(uint32_t epoch) const {
  EpochPlan plan;
  plan.epoch_ = epoch;
  plan.batch_size_ = config_.batch_size;
  plan.order_.resize(dataset_->size());
  std::iota(plan.order_.begin(), plan.order_.end(), int64_t{0});
  if (config_.shuffle) {
    RandomCursor cursor(RandomStream(
        StreamKey{.seed = config_.seed, .entity = 0, .instance = epoch, .draw = kShuffleDraw}));
    cursor.Shuffle(absl::MakeSpan(plan.order_));
  }
  const int64_t n = dataset_->size(), bs = config_.batch_size;
  plan.num_batches_ = config_.drop_last ? n / bs : (n + bs - 1) / bs;
  return plan;
}

int64_t Batcher::FillBatch(const EpochPlan& plan, int64_t b, absl::Span<float> images,
                           absl::Span<int64_t> labels) const {
  AIMC_CHECK(plan.batch_size_ == config_.batch_size &&
             static_cast<int64_t>(plan.order_.size()) == dataset_->size());
  const absl::Span<const int64_t> indices = plan.batch(b);
  const int64_t n = static_cast<int64_t>(indices.size());
  const int64_t floats = shape().pixels();
  AIMC_CHECK(static_cast<int64_t>(images.size()) >= n * floats);
  AIMC_CHECK(static_cast<int64_t>(labels.size()) >= n);
  const absl::Span<const uint8_t> all_labels = dataset_->labels();
  ParallelFor(n, config_.num_threads, /*grain=*/4, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      const int64_t example = indices[i];
      const ExampleDraw draw = augmenter_.Draw(config_.seed, plan.epoch_, example);
      augmenter_.Apply(*dataset_, example, draw, images.subspan(i * floats, floats));
      labels[i] = all_labels[example];
    }
  });
  return n;
}

}  // namespace aimc::training
