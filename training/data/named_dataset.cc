#include "training/data/named_dataset.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "training/data/cifar10.h"
#include "training/data/fashion_mnist.h"
#include "training/data/transforms.h"

namespace aimc::training {

absl::Status ValidateNamedDatasetOptions(const NamedDatasetOptions& o) {
  if (o.name != "fashion_mnist" && o.name != "cifar10") {
    return absl::InvalidArgumentError(
        absl::StrCat("dataset name: must be fashion_mnist or cifar10, got \"", o.name, "\""));
  }
  if (o.name == "cifar10" && o.dir.empty()) {
    return absl::InvalidArgumentError(
        "dataset directory: required for cifar10 (the directory of cifar-10-batches-bin, or "
        "../shared/data/cifar10_subset)");
  }
  if (o.image_size != 16 && o.image_size != 32) {
    return absl::InvalidArgumentError(
        absl::StrCat("image size: must be 16 or 32, got ", o.image_size));
  }
  if (o.max_images < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("max images: must be >= 0 (0 = all), got ", o.max_images));
  }
  return absl::OkStatus();
}

absl::StatusOr<Dataset> FirstExamples(const Dataset& d, int64_t n) {
  if (n == 0 || n >= d.size()) n = d.size();
  const size_t pixels = static_cast<size_t>(n * d.shape().pixels());
  std::vector<uint8_t> labels(d.labels().begin(), d.labels().begin() + n);
  const std::string provenance = absl::StrCat(d.provenance(), "; first ", n, " of ", d.size());
  if (d.pixel_type() == PixelType::kUint8) {
    std::vector<uint8_t> p(d.uint8_pixels().begin(), d.uint8_pixels().begin() + pixels);
    return Dataset::Create(d.name(), provenance, d.shape(), d.num_classes(), std::move(p),
                           std::move(labels));
  }
  std::vector<float> p(d.float_pixels().begin(), d.float_pixels().begin() + pixels);
  return Dataset::Create(d.name(), provenance, d.shape(), d.num_classes(), std::move(p),
                         std::move(labels));
}

absl::StatusOr<Dataset> LoadNamedDataset(const NamedDatasetOptions& o, Split split) {
  RETURN_IF_ERROR(ValidateNamedDatasetOptions(o));
  absl::StatusOr<Dataset> full = absl::UnknownError("unset");
  if (o.name == "fashion_mnist") {
    FashionMnistOptions fm;
    fm.size = FashionMnistOptions::Size::kPad32;
    fm.channels = 1;
    full = LoadFashionMnist(o.dir.empty() ? std::string(kFashionMnistDebianDir) : o.dir, split,
                            fm);
  } else {
    full = LoadCifar10(o.dir, split);
  }
  RETURN_IF_ERROR(full.status());
  ASSIGN_OR_RETURN(Dataset subset, FirstExamples(*full, o.max_images));
  if (o.image_size == 32) return subset;
  return Downscale(subset, 32 / o.image_size);
}

}  // namespace aimc::training
