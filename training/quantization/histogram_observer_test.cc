#include "training/quantization/histogram_observer.h"

#include <torch/torch.h>

#include "gtest/gtest.h"

namespace aimc::training {
namespace {

TEST(HistogramObserverTest, MergingConservesCountsAndCoversBothRanges) {
  HistogramObserver h;
  EXPECT_TRUE(h.empty());
  h.Observe(torch::linspace(0, 1, 1000));
  EXPECT_FLOAT_EQ(h.min(), 0);
  EXPECT_FLOAT_EQ(h.max(), 1);
  h.Observe(torch::linspace(-1, 3, 1000));  // wider: the old counts are spread
  EXPECT_NEAR(h.total(), 2000, 1e-6);
  EXPECT_FLOAT_EQ(h.min(), -1);
  EXPECT_GE(h.max(), 3);
  h.Observe(torch::tensor({0.5f, INFINITY}));  // inside; inf ignored
  EXPECT_NEAR(h.total(), 2001, 1e-6);
}

// Values spread evenly over [0, 1] put into 256 levels of width 1/256: each
// value's squared error averages width²/12 (8 histogram bins per level,
// aligned, so the piecewise-uniform model is exact up to the counts' ±1).
TEST(HistogramObserverTest, ErrorOfUniformValuesIsStepSquaredOverTwelve) {
  HistogramObserver h;
  const int n = HistogramObserver::kBins * 50;
  h.Observe(torch::linspace(0, 1, n));
  const double expected = n / (256.0 * 256.0 * 12.0);
  EXPECT_NEAR(h.QuantizationError(0, HistogramObserver::kBins - 1), expected, 0.02 * expected);
  // Without outliers the search keeps (almost) the whole range.
  const auto [lo, hi] = h.Range();
  EXPECT_LE(lo, 0.01f);
  EXPECT_GE(hi, 0.95f);
}

// L2 keeps an outlier unless clipping it costs less than coarse steps cost
// the bulk: one value at 100 among 20,000 in [0, 1] stays (clipping: 99² =
// 9,801 > rounding: 20,000 · (100/256)²/12 = 254); one value at 20 among
// 1,000,000 is clipped (19² = 361 < 1e6 · (20/256)²/12 = 509).
TEST(HistogramObserverTest, ClipsAnOutlierOnlyWhenThatLowersTheL2Error) {
  HistogramObserver few;
  few.Observe(torch::cat({torch::linspace(0, 1, 20000), torch::tensor({100.0f})}));
  EXPECT_GT(few.Range().second, 99);

  HistogramObserver many;
  many.Observe(torch::cat({torch::linspace(0, 1, 1000000), torch::tensor({20.0f})}));
  EXPECT_FLOAT_EQ(many.max(), 20);
  const auto [lo, hi] = many.Range();
  EXPECT_FLOAT_EQ(lo, 0);
  EXPECT_LT(hi, 2);
  EXPECT_GT(hi, 0.9);
  const int end_bin = static_cast<int>(hi / 20 * HistogramObserver::kBins) - 1;
  EXPECT_LT(many.QuantizationError(0, end_bin),
            many.QuantizationError(0, HistogramObserver::kBins - 1));
}

}  // namespace
}  // namespace aimc::training
