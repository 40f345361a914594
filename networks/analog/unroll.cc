#include "networks/analog/unroll.h"

#include <algorithm>
#include <cstring>

namespace aimc::networks::analog {

void NhwcUnrolled::Fill(int64_t j0, int64_t count, float* dst) const {
  const int k = g_.kernel_h, ho = g_.OutHeight(h_), wo = g_.OutWidth(w_);
  const int64_t run = static_cast<int64_t>(k) * c_;  // one kernel row: k pixels of C floats
  for (int64_t j = j0; j < j0 + count; ++j) {
    const int64_t row = j / wo;  // image * ho + oy
    const int64_t image = row / ho;
    const int oy = static_cast<int>(row % ho), ox = static_cast<int>(j % wo);
    const int ix0 = ox * g_.stride_w - g_.pad_w;
    for (int ky = 0; ky < k; ++ky, dst += run) {
      const int iy = oy * g_.stride_h - g_.pad_h + ky;
      if (iy < 0 || iy >= h_) {
        std::fill(dst, dst + run, 0.0f);
        continue;
      }
      const float* src = x_ + ((image * h_ + iy) * w_) * static_cast<int64_t>(c_);
      if (ix0 >= 0 && ix0 + k <= w_) {
        std::memcpy(dst, src + static_cast<int64_t>(ix0) * c_, sizeof(float) * run);
        continue;
      }
      for (int kx = 0; kx < k; ++kx) {
        const int ix = ix0 + kx;
        float* d = dst + static_cast<int64_t>(kx) * c_;
        if (ix < 0 || ix >= w_) {
          std::fill(d, d + c_, 0.0f);
        } else {
          std::memcpy(d, src + static_cast<int64_t>(ix) * c_, sizeof(float) * c_);
        }
      }
    }
  }
}

}  // namespace aimc::networks::analog
