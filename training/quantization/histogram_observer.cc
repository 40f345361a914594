#include "training/quantization/histogram_observer.h"

#include <algorithm>
#include <cmath>

#include <torch/torch.h>

namespace aimc::training {
namespace {

// kBins counts of x over [lo, hi] (torch.histc: values outside are dropped,
// hi falls in the last bin).
std::vector<double> Histc(const torch::Tensor& x, float lo, float hi) {
  const torch::Tensor h = torch::histc(x.to(torch::kFloat32), HistogramObserver::kBins, lo, hi)
                              .to(torch::kFloat64)
                              .contiguous();
  return std::vector<double>(h.data_ptr<double>(), h.data_ptr<double>() + h.numel());
}

// ∫ x² over [begin, end] times the density: L2 error of values spread
// uniformly there, measured from a level at 0.
double Norm(double begin, double end, double density) {
  return density * (end * end * end - begin * begin * begin) / 3;
}

}  // namespace

double HistogramObserver::total() const {
  double sum = 0;
  for (double c : histogram_) sum += c;
  return sum;
}

void HistogramObserver::Reset(const torch::Tensor& x, float x_min, float x_max) {
  min_ = x_min;
  max_ = x_max;
  histogram_ = Histc(x, x_min, x_max);
}

void HistogramObserver::Observe(const torch::Tensor& input) {
  torch::NoGradGuard no_grad;
  torch::Tensor x = input.detach().flatten().to(torch::kFloat32);
  x = x.index({x.isfinite()});
  if (x.numel() == 0) return;
  const float x_min = x.min().item<float>();
  const float x_max = x.max().item<float>();
  if (empty() || min_ == max_ || max_ - min_ < 1e-6f) {
    Reset(x, x_min, x_max);
    return;
  }
  const float combined_min = std::min(x_min, min_);
  float combined_max = std::max(x_max, max_);
  if (combined_min == min_ && combined_max == max_) {
    const std::vector<double> h = Histc(x, min_, max_);
    for (int i = 0; i < kBins; ++i) histogram_[i] += h[i];
    return;
  }
  // A common grid: the new range is `downsample` old ranges' worth of
  // upsampled bins; only the max is extended to make it whole.
  const double old_width = static_cast<double>(max_) - min_;
  const int64_t downsample = static_cast<int64_t>(
      std::ceil((static_cast<double>(combined_max) - combined_min) / old_width * kUpsampleRate));
  if (static_cast<double>(kBins) * downsample * 4 > 1e9) {  // PyTorch's 1 GB guard
    Reset(x, x_min, x_max);
    return;
  }
  const double extra = static_cast<double>(downsample) / kUpsampleRate * old_width -
                       (static_cast<double>(combined_max) - combined_min);
  const int64_t start = std::llround((min_ - static_cast<double>(combined_min)) / old_width *
                                     kBins * kUpsampleRate);
  combined_max = static_cast<float>(combined_max + extra);
  std::vector<double> merged = Histc(x, combined_min, combined_max);
  // New bin j covers fine cells [j·downsample, (j+1)·downsample); old bin k
  // covers [start + k·upsample, start + (k+1)·upsample), each cell holding
  // histogram_[k] / upsample.
  for (int k = 0; k < kBins; ++k) {
    if (histogram_[k] == 0) continue;
    const int64_t lo = start + int64_t{k} * kUpsampleRate;
    const int64_t hi = lo + kUpsampleRate;
    for (int64_t j = lo / downsample; j < kBins && j * downsample < hi; ++j) {
      const int64_t overlap = std::min(hi, (j + 1) * downsample) - std::max(lo, j * downsample);
      if (overlap > 0) merged[j] += histogram_[k] * overlap / kUpsampleRate;
    }
  }
  histogram_ = std::move(merged);
  min_ = combined_min;
  max_ = combined_max;
}

double HistogramObserver::QuantizationError(int start_bin, int end_bin) const {
  const double bin_width = (static_cast<double>(max_) - min_) / kBins;
  const double dst_width = bin_width * (end_bin - start_bin + 1) / kDstBins;
  if (dst_width == 0) return 0;
  double error = 0;
  for (int i = 0; i < kBins; ++i) {
    if (histogram_[i] == 0) continue;
    const double density = histogram_[i] / bin_width;
    const double src_begin = (i - start_bin) * bin_width;
    const double src_end = src_begin + bin_width;
    const double dst_of_begin = std::clamp(std::floor(src_begin / dst_width), 0.0, kDstBins - 1.0);
    const double dst_of_end = std::clamp(std::floor(src_end / dst_width), 0.0, kDstBins - 1.0);
    const double begin_center = (dst_of_begin + 0.5) * dst_width;
    const double end_center = (dst_of_end + 0.5) * dst_width;
    // The part in the first level's bin, whole levels in between, the part in the last.
    error += Norm(src_begin - begin_center, dst_width / 2, density);
    error += (dst_of_end - dst_of_begin - 1) * Norm(-dst_width / 2, dst_width / 2, density);
    error += Norm(-dst_width / 2, src_end - end_center, density);
  }
  return error;
}

std::pair<float, float> HistogramObserver::Range() const {
  std::vector<double> cumulative(kBins);
  double sum = 0;
  for (int i = 0; i < kBins; ++i) cumulative[i] = sum += histogram_[i];
  const double step = 1e-5;
  double alpha = 0, beta = 1;  // quantiles kept
  int start_bin = 0, end_bin = kBins - 1;
  double best = std::numeric_limits<double>::infinity();
  while (alpha < beta) {
    const double next_alpha = alpha + step;
    const double next_beta = beta - step;
    int l = start_bin, r = end_bin;
    while (l < end_bin && cumulative[l] < next_alpha * sum) ++l;
    while (r > start_bin && cumulative[r] > next_beta * sum) --r;
    int next_start = start_bin, next_end = end_bin;
    if (l - start_bin > end_bin - r) {
      next_start = l;
      alpha = next_alpha;
    } else {
      next_end = r;
      beta = next_beta;
    }
    if (next_start == start_bin && next_end == end_bin) continue;
    const double error = QuantizationError(next_start, next_end);
    if (error > best) break;
    best = error;
    start_bin = next_start;
    end_bin = next_end;
  }
  const double bin_width = (static_cast<double>(max_) - min_) / kBins;
  return {static_cast<float>(min_ + bin_width * start_bin),
          static_cast<float>(min_ + bin_width * (end_bin + 1))};
}

}  // namespace aimc::training
