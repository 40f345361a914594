// Whole-dataset deterministic transforms, applied once after loading (the
// random per-epoch augmentation is augment.h): down-scaling by an integer
// factor for small-scale runs (32 -> 16 px by 2x2 averages), centred zero
// padding and bilinear resizing (Fashion-MNIST 28 -> 32 for NB201 networks),
// grey -> 3-channel replication. Each returns a new Dataset (the input is
// untouched) whose provenance records the step; bad arguments are
// InvalidArgument naming the value and the dataset. Thread-safe (no state).
#ifndef AIMC_TRAINING_DATA_TRANSFORMS_H_
#define AIMC_TRAINING_DATA_TRANSFORMS_H_

#include "absl/status/statusor.h"
#include "training/data/dataset.h"

namespace aimc::training {

// Each output pixel is the mean of a factor x factor block: float pixels
// (exact: 2x2 means of uint8 are multiples of 0.25). REQUIRES-as-Status:
// factor >= 1 divides height and width.
absl::StatusOr<Dataset> Downscale(const Dataset& dataset, int factor);

// A zero border to height x width px, centred (an odd extra pixel goes to the
// bottom/right); pixel type kept. Needs height, width >= the current size.
absl::StatusOr<Dataset> PadImages(const Dataset& dataset, int height, int width);

// Bilinear resampling to height x width px with half-pixel centres and clamped
// edges (PIL's bilinear when enlarging; no anti-aliasing, so shrink by
// Downscale instead). uint8 results are rounded to nearest, as PIL does.
absl::StatusOr<Dataset> ResizeBilinear(const Dataset& dataset, int height, int width);

// `channels` identical copies of a 1-channel dataset's plane.
absl::StatusOr<Dataset> ReplicateChannels(const Dataset& dataset, int channels);

}  // namespace aimc::training

#endif  // AIMC_TRAINING_DATA_TRANSFORMS_H_
