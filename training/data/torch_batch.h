// LibTorch tensors of batches, for training code. The one place in
// training/data that uses LibTorch, and only in its .cc: this header
// forward-declares at::Tensor (= torch::Tensor), so including it adds no
// compile time (<torch/types.h> alone costs 16 s per translation unit here,
// <torch/torch.h> 32 s); code that uses the tensors includes torch itself.
// FillTorchBatch allocates the tensors and fills them in place (the one copy
// from the dataset); the views wrap caller-owned buffers without copying.
// LibTorch's exceptions become a Status (ResourceExhausted); views CHECK their
// preconditions. Thread-safety: as the Batcher (fill distinct tensors).
#ifndef AIMC_TRAINING_DATA_TORCH_BATCH_H_
#define AIMC_TRAINING_DATA_TORCH_BATCH_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "training/data/batcher.h"
#include "training/data/dataset.h"

namespace at {
class Tensor;
}  // namespace at

namespace aimc::training {

// Batch b of `plan` as new CPU tensors: *images float32 [n, C, H, W]
// (contiguous), *labels int64 [n]. The tensors own their memory.
// REQUIRES: images, labels non-null; plan from `batcher`; 0 <= b < num_batches.
absl::Status FillTorchBatch(const Batcher& batcher, const EpochPlan& plan, int64_t b,
                            at::Tensor* images, at::Tensor* labels);

// A float32 [n, C, H, W] tensor over images[0, n*C*H*W) without copying. The
// buffer must outlive the tensor and every tensor sharing its storage.
// REQUIRES: images.size() >= n * shape.pixels(), n >= 0.
at::Tensor ImagesTensorView(absl::Span<float> images, int64_t n, const ImageShape& shape);

// An int64 [n] tensor over labels[0, n) without copying; lifetime as above.
// REQUIRES: labels.size() >= n, n >= 0.
at::Tensor LabelsTensorView(absl::Span<int64_t> labels, int64_t n);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_DATA_TORCH_BATCH_H_
