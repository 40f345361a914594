#include "crossbar/conv.h"

#include "absl/strings/str_cat.h"
#include "common/parallel.h"
#include "common/status_macros.h"

namespace aimc::crossbar {

absl::Status Validate(const Conv2dGeometry& g, int height, int width) {
  if (g.in_channels < 1 || g.out_channels < 1 || g.kernel_h < 1 || g.kernel_w < 1 ||
      g.stride_h < 1 || g.stride_w < 1 || g.dilation_h < 1 || g.dilation_w < 1 || g.pad_h < 0 ||
      g.pad_w < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "conv geometry: channels, kernel, stride and dilation must be >= 1 and padding >= 0, "
        "got in ", g.in_channels, " out ", g.out_channels, " kernel ", g.kernel_h, "x",
        g.kernel_w, " stride ", g.stride_h, "x", g.stride_w, " pad ", g.pad_h, "x", g.pad_w,
        " dilation ", g.dilation_h, "x", g.dilation_w));
  }
  if (height >= 0 && (g.OutHeight(height) < 1 || g.OutWidth(width) < 1)) {
    return absl::InvalidArgumentError(absl::StrCat("conv input ", height, "x", width,
                                                   " is smaller than the dilated kernel"));
  }
  return absl::OkStatus();
}

void Im2Col(const float* input, int batch, int height, int width, const Conv2dGeometry& g,
            Eigen::MatrixXf* cols, int num_threads) {
  const int ho = g.OutHeight(height), wo = g.OutWidth(width);
  const int64_t pixels = static_cast<int64_t>(ho) * wo;
  cols->resize(g.patch_size(), batch * pixels);
  // One column per output pixel; threads take contiguous ranges of columns.
  ParallelFor(batch * pixels, num_threads, 256, [&](int64_t begin, int64_t end) {
    for (int64_t j = begin; j < end; ++j) {
      const int n = static_cast<int>(j / pixels);
      const int oy = static_cast<int>(j % pixels) / wo, ox = static_cast<int>(j % pixels) % wo;
      const float* img = input + static_cast<int64_t>(n) * g.in_channels * height * width;
      float* col = cols->col(j).data();
      int row = 0;
      for (int c = 0; c < g.in_channels; ++c) {
        const float* plane = img + static_cast<int64_t>(c) * height * width;
        for (int ky = 0; ky < g.kernel_h; ++ky) {
          const int iy = oy * g.stride_h - g.pad_h + ky * g.dilation_h;
          const bool row_in = iy >= 0 && iy < height;
          for (int kx = 0; kx < g.kernel_w; ++kx, ++row) {
            const int ix = ox * g.stride_w - g.pad_w + kx * g.dilation_w;
            col[row] = (row_in && ix >= 0 && ix < width)
                           ? plane[static_cast<int64_t>(iy) * width + ix]
                           : 0.0f;
          }
        }
      }
    }
  });
}

absl::StatusOr<AnalogConv2d> AnalogConv2d::Create(const TileConfig& config,
                                                  const Conv2dGeometry& g,
                                                  const Eigen::Ref<const Eigen::MatrixXf>& weight,
                                                  const Eigen::Ref<const Eigen::VectorXf>& bias,
                                                  uint64_t seed, uint32_t layer_id) {
  RETURN_IF_ERROR(Validate(g, -1, -1));
  if (weight.rows() != g.out_channels || weight.cols() != g.patch_size()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "conv weight: expected ", g.out_channels, " x ", g.patch_size(), " (out x in*kh*kw), got ",
        weight.rows(), " x ", weight.cols()));
  }
  ASSIGN_OR_RETURN(AnalogLayer layer, AnalogLayer::Create(config, weight, bias, seed, layer_id));
  return AnalogConv2d(g, std::move(layer));
}

absl::Status AnalogConv2d::Forward(const float* input, int batch, int height, int width,
                                   std::vector<float>* output, int num_threads, IoStats* stats) {
  RETURN_IF_ERROR(Validate(geometry_, height, width));
  Im2Col(input, batch, height, width, geometry_, &cols_, num_threads);
  layer_.Forward(cols_, &out_, num_threads, stats);
  // out_ is out_ch x (N Ho Wo): scatter to NCHW.
  const int64_t pixels = static_cast<int64_t>(geometry_.OutHeight(height)) *
                         geometry_.OutWidth(width);
  const int oc = geometry_.out_channels;
  output->resize(static_cast<size_t>(batch) * oc * pixels);
  for (int n = 0; n < batch; ++n) {
    for (int c = 0; c < oc; ++c) {
      float* dst = output->data() + (static_cast<int64_t>(n) * oc + c) * pixels;
      for (int64_t p = 0; p < pixels; ++p) dst[p] = out_(c, n * pixels + p);
    }
  }
  return absl::OkStatus();
}

}  // namespace aimc::crossbar
