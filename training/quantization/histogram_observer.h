// PyTorch's HistogramObserver (torch.ao.quantization, the x86 qconfig's
// activation observer, nas_spec.md §4.3), re-implemented from its algorithm:
// a 2048-bin histogram of everything observed over [min, max]; when a batch
// widens the range, the old histogram is spread onto the new grid (upsampled
// 128x, piecewise constant) so counts are conserved. Range() then searches the
// clipping range [start bin, end bin] that minimises the L2 error of
// quantizing the histogram's values to 256 levels (dst_nbins = 2^8, also with
// reduce_range, as PyTorch): quantile steps of 1e-5 from both ends, moving
// the side with more bins to drop, until the error grows. Arithmetic is in
// float64 (PyTorch mixes float32 tensors and Python floats), so ranges can
// differ from PyTorch's in the last bits; not compared with PyTorch itself
// (no Python torch here). Thread-compatible.
#ifndef AIMC_TRAINING_QUANTIZATION_HISTOGRAM_OBSERVER_H_
#define AIMC_TRAINING_QUANTIZATION_HISTOGRAM_OBSERVER_H_

#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include <torch/types.h>

namespace aimc::training {

class HistogramObserver {
 public:
  static constexpr int kBins = 2048;
  static constexpr int kUpsampleRate = 128;
  static constexpr int kDstBins = 256;

  HistogramObserver() : histogram_(kBins, 0.0) {}

  // Adds the finite values of x (any shape; ±inf are ignored, as PyTorch).
  void Observe(const torch::Tensor& x);

  bool empty() const { return min_ > max_; }
  float min() const { return min_; }  // of everything observed (+inf when empty)
  float max() const { return max_; }
  const std::vector<double>& histogram() const { return histogram_; }
  double total() const;  // sum of the histogram: values observed

  // The L2-searched clipping range. REQUIRES: !empty().
  std::pair<float, float> Range() const;
  // The L2 error (histogram units × value²) of quantizing with bins
  // [start_bin, end_bin] mapped onto kDstBins levels (PyTorch's
  // _compute_quantization_error). For tests.
  double QuantizationError(int start_bin, int end_bin) const;

 private:
  void Reset(const torch::Tensor& x, float x_min, float x_max);

  float min_ = std::numeric_limits<float>::infinity();
  float max_ = -std::numeric_limits<float>::infinity();
  std::vector<double> histogram_;
};

}  // namespace aimc::training

#endif  // AIMC_TRAINING_QUANTIZATION_HISTOGRAM_OBSERVER_H_
