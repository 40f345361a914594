// Mini-batches of a Dataset for training and evaluation. Each epoch has its own
// example order (seeded Fisher-Yates from RandomStream{seed, entity 0, instance =
// epoch, draw = kShuffleDraw}; or dataset order without shuffling), cut into
// batches of batch_size (the last one smaller, or dropped with drop_last).
// FillBatch writes a batch straight from the dataset's pixels into a caller's
// float buffer (N x C x H x W, augmented and normalised by augment.h): the one
// copy. Augmentation is keyed by (seed, epoch, example), so the same seed gives
// the same batches whatever num_threads is. Use different seeds for the train
// and test batchers. Create() returns Status; the rest is CHECKed.
// Thread-safe: a Batcher and an EpochPlan are immutable (fill disjoint buffers).
#ifndef AIMC_TRAINING_DATA_BATCHER_H_
#define AIMC_TRAINING_DATA_BATCHER_H_

#include <cstdint>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/types/span.h"
#include "training/data/augment.h"
#include "training/data/dataset.h"

namespace aimc::training {

inline constexpr uint32_t kShuffleDraw = 2;  // StreamKey::draw of the epoch order

struct BatcherConfig {
  int batch_size = 128;  // examples per batch, >= 1
  // Default true (training). False: dataset order, e.g. evaluation.
  bool shuffle = true;
  // Default false: the last batch may be smaller. True: it is dropped, so
  // every batch is full (size() / batch_size batches).
  bool drop_last = false;
  uint64_t seed = 0;  // keys the order and the augmentation
  // Threads that fill one batch (common/parallel.h); changes no value.
  int num_threads = 1;
  AugmentConfig augment = {};
};

// The order of one epoch. A value; valid on its own (it copies the indices).
class EpochPlan {
 public:
  uint32_t epoch() const { return epoch_; }
  int64_t num_batches() const { return num_batches_; }
  // Indices into the dataset of batch b's examples, in batch order; valid
  // while the plan lives. REQUIRES: 0 <= b < num_batches().
  absl::Span<const int64_t> batch(int64_t b) const;

 private:
  friend class Batcher;
  uint32_t epoch_ = 0;
  int batch_size_ = 1;
  int64_t num_batches_ = 0;
  std::vector<int64_t> order_;
};

class Batcher {
 public:
  // `dataset` is not owned and must outlive the Batcher. InvalidArgument for
  // batch_size or num_threads < 1, a dataset of 2^32 or more examples, or an
  // augment config that does not fit the dataset's shape.
  static absl::StatusOr<Batcher> Create(const Dataset* dataset, const BatcherConfig& config);

  const Dataset& dataset() const { return *dataset_; }
  const BatcherConfig& config() const { return config_; }
  const ImageShape& shape() const { return dataset_->shape(); }
  // Floats of a full batch's images: batch_size * C * H * W.
  int64_t batch_floats() const { return int64_t{config_.batch_size} * shape().pixels(); }

  // The order of `epoch` (0, 1, ...). Costs one shuffle of size() indices.
  EpochPlan Plan(uint32_t epoch) const;

  // Writes batch b of `plan`: images of its n examples to images[0, n*C*H*W)
  // and their labels to labels[0, n). Returns n. The buffers are the caller's
  // and may be a torch tensor's storage (torch_batch.h).
  // REQUIRES: plan from this Batcher; images.size() >= n*C*H*W; labels.size() >= n.
  int64_t FillBatch(const EpochPlan& plan, int64_t b, absl::Span<float> images,
                    absl::Span<int64_t> labels) const;

 private:
  Batcher(const Dataset* dataset, const BatcherConfig& config, Augmenter augmenter)
      : dataset_(dataset), config_(config), augmenter_(std::move(augmenter)) {}

  const Dataset* dataset_;
  BatcherConfig config_;
  Augmenter augmenter_;
};

}  // namespace aimc::training

#endif  // AIMC_TRAINING_DATA_BATCHER_H_
