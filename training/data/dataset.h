// A labelled image dataset held in memory: N images of C×H×W pixels stored
// contiguously as N×C×H×W (channel planes, rows of W), with one label per image,
// a name ("cifar10/train") and a provenance string (files read, record counts,
// transforms applied) that results must carry. Pixels are intensities on the
// 0..255 scale, as uint8 (what the files hold) or float (after averaging
// transforms, augment.h). Create() returns InvalidArgument when sizes, labels or
// pixel values disagree with the shape. Loaders: cifar10.h, fashion_mnist.h.
// Thread-compatible: an immutable value once created.
#ifndef AIMC_TRAINING_DATA_DATASET_H_
#define AIMC_TRAINING_DATA_DATASET_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace aimc::training {

enum class Split { kTrain, kTest };

// "train" or "test".
absl::string_view SplitName(Split split);

// The shape of one image.
struct ImageShape {
  int channels = 0;
  int height = 0;  // px
  int width = 0;   // px

  int64_t pixels() const { return int64_t{channels} * height * width; }
  friend bool operator==(const ImageShape&, const ImageShape&) = default;
};

// "3x32x32".
std::string ShapeString(const ImageShape& shape);

enum class PixelType { kUint8, kFloat32 };

class Dataset {
 public:
  // Takes ownership of the buffers. pixels.size() must be labels.size() *
  // shape.pixels(), every label in 0..num_classes-1, and float pixels finite
  // and in [0, 255]; otherwise InvalidArgument naming the first offender.
  static absl::StatusOr<Dataset> Create(std::string name, std::string provenance,
                                        ImageShape shape, int num_classes,
                                        std::vector<uint8_t> pixels,
                                        std::vector<uint8_t> labels);
  static absl::StatusOr<Dataset> Create(std::string name, std::string provenance,
                                        ImageShape shape, int num_classes,
                                        std::vector<float> pixels,
                                        std::vector<uint8_t> labels);

  const std::string& name() const { return name_; }
  const std::string& provenance() const { return provenance_; }
  const ImageShape& shape() const { return shape_; }
  int num_classes() const { return num_classes_; }
  int64_t size() const { return static_cast<int64_t>(labels_.size()); }
  PixelType pixel_type() const { return pixel_type_; }

  absl::Span<const uint8_t> labels() const { return labels_; }
  // All pixels, N×C×H×W. REQUIRES: pixel_type() == kUint8 (resp. kFloat32).
  absl::Span<const uint8_t> uint8_pixels() const;
  absl::Span<const float> float_pixels() const;

  // Pixel (example, c, y, x) on the 0..255 scale, either type. For tests and
  // tools; loops over many pixels read the spans. REQUIRES: indices in range.
  float Pixel(int64_t example, int c, int y, int x) const;

  // Number of examples of each class 0..num_classes-1.
  std::vector<int64_t> ClassCounts() const;

 private:
  Dataset() = default;

  std::string name_;
  std::string provenance_;
  ImageShape shape_;
  int num_classes_ = 0;
  PixelType pixel_type_ = PixelType::kUint8;
  std::vector<uint8_t> uint8_pixels_;  // empty unless kUint8
  std::vector<float> float_pixels_;    // empty unless kFloat32
  std::vector<uint8_t> labels_;
};

}  // namespace aimc::training

#endif  // AIMC_TRAINING_DATA_DATASET_H_
