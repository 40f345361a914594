#include "training/data/augment.h"

#include <algorithm>
#include <cmath>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/random.h"
#include "common/random_cursor.h"
#include "common/status_macros.h"

namespace aimc::training {
namespace {

absl::Status CheckChannelValues(absl::string_view field, const std::vector<float>& values,
                                int channels, bool positive) {
  if (values.size() != 1 && values.size() != static_cast<size_t>(channels)) {
    return absl::InvalidArgumentError(absl::StrCat("normalization.", field, ": needs 1 or ",
                                                   channels, " values, got ", values.size()));
  }
  for (const float v : values) {
    if (!std::isfinite(v) || (positive && v <= 0)) {
      return absl::InvalidArgumentError(absl::StrCat(
          "normalization.", field, ": values must be finite", positive ? " and > 0" : "",
          ", got ", v));
    }
  }
  return absl::OkStatus();
}

// Writes one example: see ExampleDraw for the index map. Pixels outside the
// image are p = 0, i.e. `bias` after normalisation.
template <typename T>
void ApplyTyped(const T* __restrict image, const ImageShape& s, const ExampleDraw& d,
                const float* scale, const float* bias, float* __restrict out) {
  const int h = s.height, w = s.width;
  // Output columns [lo, hi) read inside the image.
  const int lo = d.flip ? std::max(0, d.dx) : std::max(0, -d.dx);
  const int hi = d.flip ? std::min(w, w + d.dx) : std::min(w, w - d.dx);
  for (int c = 0; c < s.channels; ++c) {
    const T* plane = image + int64_t{c} * h * w;
    const float k = scale[c], b = bias[c];
    for (int y = 0; y < h; ++y) {
      float* __restrict row = out + (int64_t{c} * h + y) * w;
      const int sy = y + d.dy;
      if (sy < 0 || sy >= h || lo >= hi) {
        std::fill_n(row, w, b);
        continue;
      }
      std::fill(row, row + lo, b);
      std::fill(row + hi, row + w, b);
      const T* __restrict src = plane + int64_t{sy} * w;
      if (!d.flip) {
        for (int x = lo; x < hi; ++x) row[x] = static_cast<float>(src[x + d.dx]) * k + b;
      } else {
        for (int x = lo; x < hi; ++x) row[x] = static_cast<float>(src[w - 1 - x + d.dx]) * k + b;
      }
    }
  }
}

template <typename T>
Normalization MeasureTyped(absl::Span<const T> pixels, const ImageShape& s, int64_t size) {
  const int64_t plane = int64_t{s.height} * s.width;
  Normalization result;
  result.mean.assign(s.channels, 0.0f);
  result.stddev.assign(s.channels, 1.0f);
  if (size == 0) return result;
  for (int c = 0; c < s.channels; ++c) {
    double sum = 0, sum_sq = 0;
    for (int64_t n = 0; n < size; ++n) {
      const T* p = pixels.data() + (n * s.channels + c) * plane;
      for (int64_t i = 0; i < plane; ++i) {
        const double v = static_cast<double>(p[i]);
        sum += v;
        sum_sq += v * v;
      }
    }
    const double count = static_cast<double>(size * plane);
    const double mean = sum / count;
    result.mean[c] = static_cast<float>(mean / 255);
    result.stddev[c] =
        static_cast<float>(std::sqrt(std::max(sum_sq / count - mean * mean, 1e-12)) / 255);
  }
  return result;
}

}  // namespace

Normalization Nb201Cifar10Normalization() {
  return {.mean = {125.3f / 255, 123.0f / 255, 113.9f / 255},
          .stddev = {63.0f / 255, 62.1f / 255, 66.7f / 255}};
}

Normalization AnalogNasBenchNormalization() { return {.mean = {0.5f}, .stddev = {0.5f}}; }

Normalization MeasureNormalization(const Dataset& dataset) {
  if (dataset.pixel_type() == PixelType::kUint8) {
    return MeasureTyped(dataset.uint8_pixels(), dataset.shape(), dataset.size());
  }
  return MeasureTyped(dataset.float_pixels(), dataset.shape(), dataset.size());
}

absl::StatusOr<AugmentPreset> ParseAugmentPreset(absl::string_view name) {
  if (name == "none") return AugmentPreset::kNone;
  if (name == "standard") return AugmentPreset::kStandard;
  if (name == "analognas_bench") return AugmentPreset::kAnalogNasBench;
  return absl::NotFoundError(absl::StrCat("unknown augmentation preset '", name,
                                          "'; known: none, standard, analognas_bench"));
}

AugmentConfig PresetAugmentConfig(AugmentPreset preset, Split split,
                                  const Normalization& normalization) {
  AugmentConfig config;
  config.normalization = normalization;
  switch (preset) {
    case AugmentPreset::kNone:
      break;
    case AugmentPreset::kStandard:
      if (split == Split::kTrain) {
        config.crop_padding = 4;
        config.random_flip = true;
      }
      break;
    case AugmentPreset::kAnalogNasBench:  // one transform for both splits (§4.1)
      config.crop_padding = 4;
      config.random_flip = true;
      config.normalization = AnalogNasBenchNormalization();
      break;
  }
  return config;
}

absl::StatusOr<Augmenter> Augmenter::Create(const AugmentConfig& config,
                                            const ImageShape& shape) {
  if (shape.channels < 1 || shape.height < 1 || shape.width < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("Augmenter: image shape must be positive, got ", ShapeString(shape)));
  }
  if (config.crop_padding < 0 || config.crop_padding > std::min(shape.height, shape.width)) {
    return absl::InvalidArgumentError(
        absl::StrCat("crop_padding: must be 0..", std::min(shape.height, shape.width), " for ",
                     ShapeString(shape), " images, got ", config.crop_padding));
  }
  const Normalization& norm = config.normalization;
  RETURN_IF_ERROR(CheckChannelValues("mean", norm.mean, shape.channels, false));
  RETURN_IF_ERROR(CheckChannelValues("stddev", norm.stddev, shape.channels, true));
  Augmenter a;
  a.config_ = config;
  a.shape_ = shape;
  for (int c = 0; c < shape.channels; ++c) {
    const float mean = norm.mean[norm.mean.size() == 1 ? 0 : c];
    const float stddev = norm.stddev[norm.stddev.size() == 1 ? 0 : c];
    a.scale_.push_back(1.0f / (255.0f * stddev));
    a.bias_.push_back(-mean / stddev);
  }
  return a;
}

ExampleDraw Augmenter::Draw(uint64_t seed, uint32_t epoch, int64_t example) const {
  AIMC_DCHECK(example >= 0 && example <= int64_t{0xffffffff});
  ExampleDraw draw;
  if (config_.crop_padding == 0 && !config_.random_flip) return draw;
  RandomCursor cursor(RandomStream(StreamKey{.seed = seed,
                                             .entity = static_cast<uint32_t>(example),
                                             .instance = epoch,
                                             .draw = kAugmentDraw}));
  const int p = config_.crop_padding;
  if (p > 0) {
    draw.dy = cursor.UniformInt(2 * p + 1) - p;
    draw.dx = cursor.UniformInt(2 * p + 1) - p;
  }
  if (config_.random_flip) draw.flip = (cursor.NextBits() >> 31) != 0;
  return draw;
}

void Augmenter::Apply(const Dataset& dataset, int64_t example, const ExampleDraw& draw,
                      absl::Span<float> out) const {
  AIMC_DCHECK(dataset.shape() == shape_);
  AIMC_DCHECK(example >= 0 && example < dataset.size());
  AIMC_CHECK(static_cast<int64_t>(out.size()) == shape_.pixels());
  const int64_t offset = example * shape_.pixels();
  if (dataset.pixel_type() == PixelType::kUint8) {
    ApplyTyped(dataset.uint8_pixels().data() + offset, shape_, draw, scale_.data(),
               bias_.data(), out.data());
  } else {
    ApplyTyped(dataset.float_pixels().data() + offset, shape_, draw, scale_.data(),
               bias_.data(), out.data());
  }
}

}  // namespace aimc::training
