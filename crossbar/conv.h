// Convolutions on analog tiles by unrolling (im2col, aimc_model.md §1): the
// tile holds out_ch x (in_ch * kh * kw) weights and every output pixel's
// receptive field is one input vector. Groups = 1.
//
// Tensors are NCHW float arrays in row-major order (LibTorch's layout).
// Columns of the unrolled matrix are ordered (n, oh, ow) with ow fastest; rows
// (c, kh, kw) with kw fastest, matching a [out, in, kh, kw] weight tensor
// flattened row-major. Errors: InvalidArgument naming the bad geometry or
// shape. AnalogConv2d is thread-compatible.
#ifndef AIMC_CROSSBAR_CONV_H_
#define AIMC_CROSSBAR_CONV_H_

#include <cstdint>

#include "Eigen/Core"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "crossbar/layer.h"

namespace aimc::crossbar {

struct Conv2dGeometry {
  int in_channels = 0;
  int out_channels = 0;
  int kernel_h = 1, kernel_w = 1;
  int stride_h = 1, stride_w = 1;
  int pad_h = 0, pad_w = 0;
  int dilation_h = 1, dilation_w = 1;

  int OutHeight(int h) const {
    return (h + 2 * pad_h - dilation_h * (kernel_h - 1) - 1) / stride_h + 1;
  }
  int OutWidth(int w) const {
    return (w + 2 * pad_w - dilation_w * (kernel_w - 1) - 1) / stride_w + 1;
  }
  int patch_size() const { return in_channels * kernel_h * kernel_w; }
};

absl::Status Validate(const Conv2dGeometry& g, int height, int width);

// cols ((C kh kw) x (N Ho Wo)) from input[N][C][H][W] (zero padding).
void Im2Col(const float* input, int batch, int height, int width, const Conv2dGeometry& g,
            Eigen::MatrixXf* cols, int num_threads = 1);

class AnalogConv2d {
 public:
  // `weight` is [out][in][kh][kw] row-major (out x in*kh*kw as a matrix);
  // `bias` empty or size out.
  static absl::StatusOr<AnalogConv2d> Create(const TileConfig& config, const Conv2dGeometry& g,
                                             const Eigen::Ref<const Eigen::MatrixXf>& weight,
                                             const Eigen::Ref<const Eigen::VectorXf>& bias,
                                             uint64_t seed, uint32_t layer_id);

  const Conv2dGeometry& geometry() const { return geometry_; }
  AnalogLayer& layer() { return layer_; }

  // output[N][out][Ho][Wo] (resized) from input[N][C][H][W].
  absl::Status Forward(const float* input, int batch, int height, int width,
                       std::vector<float>* output, int num_threads, IoStats* stats = nullptr);

 private:
  AnalogConv2d(const Conv2dGeometry& g, AnalogLayer layer) : geometry_(g), layer_(std::move(layer)) {}

  Conv2dGeometry geometry_;
  AnalogLayer layer_;
  Eigen::MatrixXf cols_, out_;  // reused between calls
};

}  // namespace aimc::crossbar

#endif  // AIMC_CROSSBAR_CONV_H_
