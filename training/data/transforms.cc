#include "training/data/transforms.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/types/span.h"

namespace aimc::training {
namespace {

// Calls fn(pixels) with the dataset's pixels in their own type.
template <typename Fn>
absl::StatusOr<Dataset> VisitPixels(const Dataset& dataset, Fn fn) {
  if (dataset.pixel_type() == PixelType::kUint8) return fn(dataset.uint8_pixels());
  return fn(dataset.float_pixels());
}

// A dataset like `from` with new pixels and shape; the step is appended to the
// provenance.
template <typename T>
absl::StatusOr<Dataset> Like(const Dataset& from, absl::string_view step, ImageShape shape,
                             std::vector<T> pixels) {
  return Dataset::Create(from.name(),
                         absl::StrCat(from.provenance(), "; ", step, " to ", ShapeString(shape)),
                         shape, from.num_classes(), std::move(pixels),
                         std::vector<uint8_t>(from.labels().begin(), from.labels().end()));
}

absl::Status BadSize(const Dataset& dataset, absl::string_view what, int height, int width,
                     absl::string_view allowed) {
  return absl::InvalidArgumentError(absl::StrCat(what, " of '", dataset.name(), "' (",
                                                 ShapeString(dataset.shape()), ") to ", height,
                                                 "x", width, ": ", allowed));
}

// Linear interpolation taps of output coordinate i for a side of `in` -> `out`
// px (half-pixel centres, edges clamped).
struct Taps {
  int lo, hi;
  float w_hi;
};

std::vector<Taps> LinearTaps(int in, int out) {
  std::vector<Taps> taps(out);
  const double scale = static_cast<double>(in) / out;
  for (int i = 0; i < out; ++i) {
    const double src = std::clamp((i + 0.5) * scale - 0.5, 0.0, in - 1.0);
    const int lo = static_cast<int>(std::floor(src));
    taps[i] = {lo, std::min(lo + 1, in - 1), static_cast<float>(src - lo)};
  }
  return taps;
}

template <typename T>
T FromFloat(float v) {
  if constexpr (std::is_same_v<T, uint8_t>) {
    return static_cast<uint8_t>(std::clamp(std::lround(v), 0L, 255L));
  } else {
    return std::clamp(v, 0.0f, 255.0f);
  }
}

}  // namespace

absl::StatusOr<Dataset> Downscale(const Dataset& dataset, int factor) {
  const ImageShape in = dataset.shape();
  if (factor < 1 || in.height % factor != 0 || in.width % factor != 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "Downscale of '", dataset.name(), "' (", ShapeString(in), "): factor must be >= 1 and "
        "divide height and width, got ", factor));
  }
  const ImageShape out{in.channels, in.height / factor, in.width / factor};
  return VisitPixels(dataset, [&](auto pixels) {
    std::vector<float> result(dataset.size() * out.pixels());
    const float inv_area = 1.0f / static_cast<float>(factor * factor);
    float* dst = result.data();
    for (int64_t plane = 0; plane < dataset.size() * in.channels; ++plane) {
      const auto* src = pixels.data() + plane * in.height * in.width;
      for (int oy = 0; oy < out.height; ++oy) {
        for (int ox = 0; ox < out.width; ++ox) {
          float sum = 0;
          for (int dy = 0; dy < factor; ++dy) {
            for (int dx = 0; dx < factor; ++dx) {
              sum += static_cast<float>(src[(oy * factor + dy) * in.width + ox * factor + dx]);
            }
          }
          *dst++ = sum * inv_area;
        }
      }
    }
    return Like(dataset, absl::StrCat("downscaled by ", factor, "x", factor, " means"), out,
                std::move(result));
  });
}

absl::StatusOr<Dataset> PadImages(const Dataset& dataset, int height, int width) {
  const ImageShape in = dataset.shape();
  if (height < in.height || width < in.width) {
    return BadSize(dataset, "PadImages", height, width, "the target must not be smaller");
  }
  const ImageShape out{in.channels, height, width};
  const int top = (height - in.height) / 2, left = (width - in.width) / 2;
  return VisitPixels(dataset, [&](auto pixels) {
    using T = typename decltype(pixels)::value_type;
    std::vector<T> result(dataset.size() * out.pixels(), T{0});
    for (int64_t plane = 0; plane < dataset.size() * in.channels; ++plane) {
      const T* src = pixels.data() + plane * in.height * in.width;
      T* dst = result.data() + plane * out.height * out.width;
      for (int y = 0; y < in.height; ++y) {
        std::copy_n(src + y * in.width, in.width, dst + (y + top) * out.width + left);
      }
    }
    return Like(dataset, "zero-padded", out, std::move(result));
  });
}

absl::StatusOr<Dataset> ResizeBilinear(const Dataset& dataset, int height, int width) {
  const ImageShape in = dataset.shape();
  if (height < 1 || width < 1) {
    return BadSize(dataset, "ResizeBilinear", height, width, "sides must be >= 1");
  }
  const ImageShape out{in.channels, height, width};
  const std::vector<Taps> ys = LinearTaps(in.height, height), xs = LinearTaps(in.width, width);
  return VisitPixels(dataset, [&](auto pixels) {
    using T = typename decltype(pixels)::value_type;
    std::vector<T> result(dataset.size() * out.pixels());
    T* dst = result.data();
    for (int64_t plane = 0; plane < dataset.size() * in.channels; ++plane) {
      const T* src = pixels.data() + plane * in.height * in.width;
      for (const Taps& ty : ys) {
        const T* row_lo = src + ty.lo * in.width;
        const T* row_hi = src + ty.hi * in.width;
        for (const Taps& tx : xs) {
          const float a = static_cast<float>(row_lo[tx.lo]), b = static_cast<float>(row_lo[tx.hi]);
          const float c = static_cast<float>(row_hi[tx.lo]), d = static_cast<float>(row_hi[tx.hi]);
          const float top = a + tx.w_hi * (b - a), bottom = c + tx.w_hi * (d - c);
          *dst++ = FromFloat<T>(top + ty.w_hi * (bottom - top));
        }
      }
    }
    return Like(dataset, "bilinear-resized", out, std::move(result));
  });
}

absl::StatusOr<Dataset> ReplicateChannels(const Dataset& dataset, int channels) {
  const ImageShape in = dataset.shape();
  if (in.channels != 1 || channels < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "ReplicateChannels of '", dataset.name(), "' (", ShapeString(in), ") to ", channels,
        " channels: needs a 1-channel dataset and channels >= 1"));
  }
  const ImageShape out{channels, in.height, in.width};
  return VisitPixels(dataset, [&](auto pixels) {
    using T = typename decltype(pixels)::value_type;
    std::vector<T> result(dataset.size() * out.pixels());
    const int64_t plane = in.pixels();
    for (int64_t n = 0; n < dataset.size(); ++n) {
      for (int c = 0; c < channels; ++c) {
        std::copy_n(pixels.data() + n * plane, plane, result.data() + (n * channels + c) * plane);
      }
    }
    return Like(dataset, "grey replicated", out, std::move(result));
  });
}

}  // namespace aimc::training
