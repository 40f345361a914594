// Fashion-MNIST (Xiao et al. 2017): 60,000 + 10,000 grey 28x28 images of 10
// clothing classes, as IDX files (big-endian header: magic 0x00000803 then
// count, rows, cols for images; magic 0x00000801 then count for labels),
// gzip-compressed (*.gz) or not. Debian's dataset-fashion-mnist package
// installs them in kFashionMnistDebianDir. Datasets are uint8, 10 classes;
// options pad or resize to 32x32 and replicate to 3 channels for NB201 networks.
// Errors name the file: NotFound (no files; says what to pass), DataLoss (gzip
// stream cut or corrupt, payload shorter than its header: the byte),
// InvalidArgument (wrong magic, shape or count, trailing data, image/label
// counts differ). Thread-safe (no state).
#ifndef AIMC_TRAINING_DATA_FASHION_MNIST_H_
#define AIMC_TRAINING_DATA_FASHION_MNIST_H_

#include <array>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "training/data/dataset.h"

namespace aimc::training {

inline constexpr absl::string_view kFashionMnistDebianDir = "/usr/share/datasets/fashion-mnist";
inline constexpr std::array<absl::string_view, 10> kFashionMnistClassNames = {
    "t-shirt/top", "trouser", "pullover", "dress", "coat",
    "sandal",      "shirt",   "sneaker",  "bag",   "ankle boot"};

struct FashionMnistOptions {
  enum class Size {
    kNative28,   // 28x28 as stored
    kPad32,      // a 2-px zero border: 32x32, pixels unchanged (default for NB201)
    kResize32,   // bilinear 28 -> 32 (half-pixel centres, rounded to uint8 as PIL does)
  };
  Size size = Size::kNative28;
  // 1, or 3: the grey plane copied into 3 identical planes (NB201's stem takes
  // RGB). 3 triples the memory: 184 MB for the 32x32 training split.
  int channels = 1;
};

// Reads a pair of IDX files (each gzip or plain, detected by the gzip magic
// 1f 8b) into a 1x<rows>x<cols> uint8 dataset with `num_classes` classes.
absl::StatusOr<Dataset> ReadIdxDataset(absl::string_view images_path,
                                       absl::string_view labels_path, int num_classes,
                                       std::string name);

// "fashion_mnist/<split>" from `dir`: train-images-idx3-ubyte[.gz] and
// train-labels-idx1-ubyte[.gz], or t10k-*, the .gz preferred; then `options`.
absl::StatusOr<Dataset> LoadFashionMnist(absl::string_view dir, Split split,
                                         const FashionMnistOptions& options = {});

}  // namespace aimc::training

#endif  // AIMC_TRAINING_DATA_FASHION_MNIST_H_
