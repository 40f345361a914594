#include "nas/search/internal/mlp.h"

#include <cmath>
#include <numeric>
#include <utility>
#include <vector>

#include "Eigen/Core"
#include "common/status_macros.h"
#include "nas/search/internal/draws.h"

namespace aimc::nas::search::internal {
namespace {

using Matrix = Eigen::MatrixXf;
using Vector = Eigen::VectorXf;

// Adam moments of one parameter array.
struct Moments {
  Matrix m, v;
};

void AdamStep(const MlpOptions& o, int64_t step, const Matrix& grad, Matrix& param,
              Moments& moments) {
  const float b1 = static_cast<float>(o.beta1), b2 = static_cast<float>(o.beta2);
  moments.m = b1 * moments.m + (1 - b1) * grad;
  moments.v = b2 * moments.v + (1 - b2) * grad.cwiseAbs2();
  const float correction1 = 1 - std::pow(b1, static_cast<float>(step));
  const float correction2 = 1 - std::pow(b2, static_cast<float>(step));
  const float lr = static_cast<float>(o.learning_rate);
  const float eps = static_cast<float>(o.epsilon);
  param.array() -= lr * (moments.m.array() / correction1) /
                   ((moments.v.array() / correction2).sqrt() + eps);
}

}  // namespace

struct Mlp::Impl {
  MlpOptions options;
  int num_inputs = 0;
  std::vector<Matrix> weights;  // layer l: out x in
  std::vector<Matrix> biases;   // layer l: out x 1
  std::vector<Moments> weight_moments, bias_moments;
  int64_t step = 0;

  // Column-major activations (units x batch) of every layer's input, and the output.
  Matrix Forward(const Matrix& x, std::vector<Matrix>* inputs) const {
    Matrix a = x;
    const size_t num_layers = weights.size();
    for (size_t l = 0; l < num_layers; ++l) {
      if (inputs != nullptr) inputs->push_back(a);
      Matrix z = weights[l] * a;
      z.colwise() += biases[l].col(0);
      a = l + 1 < num_layers ? Matrix(z.cwiseMax(0.0f)) : z;
    }
    return a;
  }

  void TrainBatch(const Matrix& x, const Matrix& y) {
    std::vector<Matrix> inputs;
    const Matrix out = Forward(x, &inputs);
    const float m = static_cast<float>(x.cols());
    Matrix grad = options.l1_loss ? Matrix((out - y).array().sign() / m)
                                  : Matrix(2.0f * (out - y) / m);
    ++step;
    for (size_t l = weights.size(); l-- > 0;) {
      const Matrix grad_w = grad * inputs[l].transpose();
      const Matrix grad_b = grad.rowwise().sum();
      if (l > 0) {
        grad = (weights[l].transpose() * grad).cwiseProduct(
            (inputs[l].array() > 0.0f).cast<float>().matrix());
      }
      AdamStep(options, step, grad_w, weights[l], weight_moments[l]);
      AdamStep(options, step, grad_b, biases[l], bias_moments[l]);
    }
  }
};

Mlp::Mlp(int num_inputs, const MlpOptions& options, RandomCursor& rng)
    : impl_(std::make_unique<Impl>()) {
  AIMC_CHECK(num_inputs >= 1 && options.hidden_layers >= 0 && options.width >= 1 &&
             options.epochs >= 0 && options.batch_size >= 1);
  impl_->options = options;
  impl_->num_inputs = num_inputs;
  int fan_in = num_inputs;
  for (int l = 0; l <= options.hidden_layers; ++l) {
    const int fan_out = l < options.hidden_layers ? options.width : 1;
    const double limit = std::sqrt(6.0 / (fan_in + fan_out));  // Xavier uniform
    Matrix w(fan_out, fan_in);
    for (int j = 0; j < fan_in; ++j) {
      for (int i = 0; i < fan_out; ++i) {
        w(i, j) = static_cast<float>((2 * UniformDouble(rng) - 1) * limit);
      }
    }
    impl_->weights.push_back(std::move(w));
    impl_->biases.push_back(Matrix::Zero(fan_out, 1));
    impl_->weight_moments.push_back(
        {Matrix::Zero(fan_out, fan_in), Matrix::Zero(fan_out, fan_in)});
    impl_->bias_moments.push_back({Matrix::Zero(fan_out, 1), Matrix::Zero(fan_out, 1)});
    fan_in = fan_out;
  }
}

Mlp::~Mlp() = default;
Mlp::Mlp(Mlp&&) noexcept = default;
Mlp& Mlp::operator=(Mlp&&) noexcept = default;

void Mlp::Train(absl::Span<const float> x, absl::Span<const float> y, RandomCursor& rng) {
  const int d = impl_->num_inputs;
  AIMC_CHECK(x.size() == y.size() * static_cast<size_t>(d));
  const int n = static_cast<int>(y.size());
  if (n == 0) return;
  const Eigen::Map<const Matrix> features(x.data(), d, n);  // column r = row r of x
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  const int batch = impl_->options.batch_size;
  for (int epoch = 0; epoch < impl_->options.epochs; ++epoch) {
    rng.Shuffle(absl::MakeSpan(order));
    for (int start = 0; start < n; start += batch) {
      const int m = std::min(batch, n - start);
      Matrix xb(d, m), yb(1, m);
      for (int j = 0; j < m; ++j) {
        xb.col(j) = features.col(order[start + j]);
        yb(0, j) = y[order[start + j]];
      }
      impl_->TrainBatch(xb, yb);
    }
  }
}

std::vector<float> Mlp::Predict(absl::Span<const float> x) const {
  const int d = impl_->num_inputs;
  AIMC_CHECK(x.size() % d == 0);
  const int n = static_cast<int>(x.size() / d);
  const Eigen::Map<const Matrix> features(x.data(), d, n);
  const Matrix out = impl_->Forward(features, nullptr);
  return std::vector<float>(out.data(), out.data() + n);
}

}  // namespace aimc::nas::search::internal
