#include "nas/search/internal/mlp.h"

#include <cmath>
#include <vector>

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"

namespace aimc::nas::search::internal {
namespace {

// y = sum of the first 3 of 8 binary inputs minus the 4th: a net of the
// BANANAS shape must fit it.
void MakeData(int n, RandomCursor& rng, std::vector<float>* x, std::vector<float>* y) {
  for (int i = 0; i < n; ++i) {
    float target = 0;
    for (int j = 0; j < 8; ++j) {
      const float bit = static_cast<float>(rng.UniformInt(2));
      x->push_back(bit);
      if (j < 3) target += bit;
      if (j == 3) target -= bit;
    }
    y->push_back(target);
  }
}

double MeanAbsoluteError(const Mlp& net, const std::vector<float>& x, const std::vector<float>& y) {
  const std::vector<float> p = net.Predict(x);
  double sum = 0;
  for (size_t i = 0; i < y.size(); ++i) sum += std::abs(p[i] - y[i]);
  return sum / y.size();
}

TEST(MlpTest, FitsASmallFunctionWithEitherLoss) {
  RandomCursor rng{RandomStream(StreamKey{.seed = 3})};
  std::vector<float> x, y, x_test, y_test;
  MakeData(200, rng, &x, &y);
  MakeData(100, rng, &x_test, &y_test);
  for (bool l1 : {true, false}) {
    MlpOptions options{.hidden_layers = 3, .width = 20, .epochs = 60};
    options.l1_loss = l1;
    Mlp net(8, options, rng);
    const double before = MeanAbsoluteError(net, x_test, y_test);
    net.Train(x, y, rng);
    const double after = MeanAbsoluteError(net, x_test, y_test);
    EXPECT_LT(after, 0.15) << "l1 " << l1 << ", before " << before;
  }
}

TEST(MlpTest, SameCursorSameNet) {
  std::vector<float> x, y;
  RandomCursor data{RandomStream(StreamKey{.seed = 4})};
  MakeData(64, data, &x, &y);
  const MlpOptions options{.hidden_layers = 10, .width = 20, .epochs = 5};
  std::vector<float> predictions[2];
  for (auto& p : predictions) {
    RandomCursor rng{RandomStream(StreamKey{.seed = 5})};
    Mlp net(8, options, rng);
    net.Train(x, y, rng);
    p = net.Predict(x);
  }
  EXPECT_EQ(predictions[0], predictions[1]);
}

}  // namespace
}  // namespace aimc::nas::search::internal
