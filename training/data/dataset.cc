#include "training/data/dataset.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"

namespace aimc::training {
namespace {

absl::Status CheckCommon(absl::string_view name, const ImageShape& shape, int num_classes,
                         size_t num_pixels, absl::Span<const uint8_t> labels) {
  if (shape.channels < 1 || shape.height < 1 || shape.width < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "dataset '", name, "': image shape must be positive, got ", ShapeString(shape)));
  }
  if (num_classes < 1 || num_classes > 256) {
    return absl::InvalidArgumentError(absl::StrCat(
        "dataset '", name, "': num_classes must be 1..256, got ", num_classes));
  }
  const uint64_t expected = uint64_t{labels.size()} * static_cast<uint64_t>(shape.pixels());
  if (num_pixels != expected) {
    return absl::InvalidArgumentError(absl::StrCat(
        "dataset '", name, "': ", labels.size(), " labels of ", ShapeString(shape),
        " images need ", expected, " pixels, got ", num_pixels));
  }
  for (size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] >= num_classes) {
      return absl::InvalidArgumentError(absl::StrCat("dataset '", name, "': label ", labels[i],
                                                     " of example ", i, " not in 0..",
                                                     num_classes - 1));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::string_view SplitName(Split split) { return split == Split::kTrain ? "train" : "test"; }

std::string ShapeString(const ImageShape& shape) {
  return absl::StrCat(shape.channels, "x", shape.height, "x", shape.width);
}

absl::StatusOr<Dataset> Dataset::Create(std::string name, std::string provenance,
                                        ImageShape shape, int num_classes,
                                        std::vector<uint8_t> pixels,
                                        std::vector<uint8_t> labels) {
  RETURN_IF_ERROR(CheckCommon(name, shape, num_classes, pixels.size(), labels));
  Dataset d;
  d.name_ = std::move(name);
  d.provenance_ = std::move(provenance);
  d.shape_ = shape;
  d.num_classes_ = num_classes;
  d.pixel_type_ = PixelType::kUint8;
  d.uint8_pixels_ = std::move(pixels);
  d.labels_ = std::move(labels);
  return d;
}

absl::StatusOr<Dataset> Dataset::Create(std::string name, std::string provenance,
                                        ImageShape shape, int num_classes,
                                        std::vector<float> pixels,
                                        std::vector<uint8_t> labels) {
  RETURN_IF_ERROR(CheckCommon(name, shape, num_classes, pixels.size(), labels));
  for (size_t i = 0; i < pixels.size(); ++i) {
    if (!(pixels[i] >= 0.0f && pixels[i] <= 255.0f)) {  // also rejects NaN
      return absl::InvalidArgumentError(
          absl::StrCat("dataset '", name, "': pixel ", i, " is ", pixels[i],
                       "; pixels are intensities in [0, 255]"));
    }
  }
  Dataset d;
  d.name_ = std::move(name);
  d.provenance_ = std::move(provenance);
  d.shape_ = shape;
  d.num_classes_ = num_classes;
  d.pixel_type_ = PixelType::kFloat32;
  d.float_pixels_ = std::move(pixels);
  d.labels_ = std::move(labels);
  return d;
}

absl::Span<const uint8_t> Dataset::uint8_pixels() const {
  AIMC_CHECK(pixel_type_ == PixelType::kUint8);
  return uint8_pixels_;
}

absl::Span<const float> Dataset::float_pixels() const {
  AIMC_CHECK(pixel_type_ == PixelType::kFloat32);
  return float_pixels_;
}

float Dataset::Pixel(int64_t example, int c, int y, int x) const {
  AIMC_CHECK(example >= 0 && example < size() && c >= 0 && c < shape_.channels && y >= 0 &&
             y < shape_.height && x >= 0 && x < shape_.width);
  const int64_t i =
      example * shape_.pixels() + (int64_t{c} * shape_.height + y) * shape_.width + x;
  return pixel_type_ == PixelType::kUint8 ? static_cast<float>(uint8_pixels_[i])
                                          : float_pixels_[i];
}

std::vector<int64_t> Dataset::ClassCounts() const {
  std::vector<int64_t> counts(num_classes_, 0);
  for (const uint8_t label : labels_) ++counts[label];
  return counts;
}

}  // namespace aimc::training
