// A tiny learnable image dataset for training tests: class k of K has a
// bright horizontal band (pixel 200) on rows [k·H/K, (k+1)·H/K) over a
// background of pseudo-random pixels 0..63, so a small network separates the
// classes in a few steps while chance stays 1/K. testonly; thread-safe.
#ifndef AIMC_TRAINING_TESTING_SYNTHETIC_DATA_H_
#define AIMC_TRAINING_TESTING_SYNTHETIC_DATA_H_

#include <cstdint>

#include "training/data/dataset.h"

namespace aimc::training::testing {

// `size` uint8 examples of `shape`, label n % num_classes, named "bands".
// REQUIRES: shape.height >= num_classes.
Dataset MakeBandsDataset(int64_t size, const ImageShape& shape, int num_classes,
                         uint64_t seed = 0);

}  // namespace aimc::training::testing

#endif  // AIMC_TRAINING_TESTING_SYNTHETIC_DATA_H_
