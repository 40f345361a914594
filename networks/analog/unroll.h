// A convolution's input vectors from an NHWC array, made block by block for
// the crossbar (crossbar/column_source.h). No LibTorch here.
//
// Column j = (image, oy, ox), ox fastest, is output pixel j's receptive field
// in (ky, kx, c) order, c fastest: k·k runs of C contiguous floats, so the
// copy moves runs instead of single floats (3-6x faster than crossbar's NCHW
// Im2Col for C >= 8). Zero padding. The tile's weights are in the same order.
#ifndef AIMC_NETWORKS_ANALOG_UNROLL_H_
#define AIMC_NETWORKS_ANALOG_UNROLL_H_

#include <cstdint>

#include "crossbar/column_source.h"
#include "crossbar/conv.h"

namespace aimc::networks::analog {

class NhwcUnrolled : public crossbar::ColumnSource {
 public:
  // x: [n][h][w][c] floats, borrowed (must outlive this). groups = 1,
  // dilation 1, square kernels.
  // dac_levels: x holds the tile's DAC levels already
  // (crossbar::AnalogLayer::ToDacLevels; zero padding is level 0).
  NhwcUnrolled(const float* x, int n, int h, int w, int c, const crossbar::Conv2dGeometry& g,
               bool dac_levels = false)
      : x_(x), n_(n), h_(h), w_(w), c_(c), g_(g), dac_levels_(dac_levels) {}

  int64_t rows() const override { return static_cast<int64_t>(g_.kernel_h) * g_.kernel_w * c_; }
  int64_t cols() const override {
    return static_cast<int64_t>(n_) * g_.OutHeight(h_) * g_.OutWidth(w_);
  }
  void Fill(int64_t j0, int64_t count, float* dst) const override;
  bool dac_levels() const override { return dac_levels_; }

 private:
  const float* x_;
  int n_, h_, w_, c_;
  crossbar::Conv2dGeometry g_;
  bool dac_levels_;
};

}  // namespace aimc::networks::analog

#endif  // AIMC_NETWORKS_ANALOG_UNROLL_H_
