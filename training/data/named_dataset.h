// One place that turns a dataset name and directory into a Dataset for the
// experiment tools: "fashion_mnist" (gzip IDX, default directory Debian's
// dataset-fashion-mnist, zero-padded to 32x32) or "cifar10" (the binary
// version, or ../shared/data/cifar10_subset), its first images, optionally
// down-scaled by 2x2 means to 16x16. A missing or bad file is the loader's
// Status (the files it expected, and where); naming the flags that set them
// is the calling tool's job. Thread-safe (no state).
#ifndef AIMC_TRAINING_DATA_NAMED_DATASET_H_
#define AIMC_TRAINING_DATA_NAMED_DATASET_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "training/data/dataset.h"

namespace aimc::training {

struct NamedDatasetOptions {
  std::string name = "fashion_mnist";  // "fashion_mnist" or "cifar10"
  // Empty: Debian's Fashion-MNIST directory; cifar10 needs one.
  std::string dir;
  int image_size = 32;      // 32, or 16 (2x2 means of the 32x32 images)
  int64_t max_images = 0;   // the first images of the split (0 = all)
};

// InvalidArgument naming the bad option.
absl::Status ValidateNamedDatasetOptions(const NamedDatasetOptions& options);

absl::StatusOr<Dataset> LoadNamedDataset(const NamedDatasetOptions& options, Split split);

// The first `n` examples (all if n is 0 or >= size). Fashion-MNIST and
// CIFAR-10 files are not ordered by class, so a prefix is near balanced.
absl::StatusOr<Dataset> FirstExamples(const Dataset& dataset, int64_t n);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_DATA_NAMED_DATASET_H_
