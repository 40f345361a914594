// A small fully connected regression net for the BANANAS predictor
// (nas_spec.md §3.4; naszilla's Keras nets): `hidden_layers` ReLU layers of
// `width` units, a linear output, Xavier-uniform weights and zero biases,
// trained by Adam on minibatches with an L1 (naszilla's MAE) or L2 loss.
// float arithmetic through Eigen (kept out of this header). Every random
// choice (initialisation, minibatch order) comes from the caller's cursor.
// No call returns a Status. Thread-compatible.
#ifndef AIMC_NAS_SEARCH_INTERNAL_MLP_H_
#define AIMC_NAS_SEARCH_INTERNAL_MLP_H_

#include <memory>
#include <vector>

#include "absl/types/span.h"
#include "common/random_cursor.h"

namespace aimc::nas::search::internal {

struct MlpOptions {
  int hidden_layers = 10;       // naszilla 10, NASLib 20
  int width = 20;               // units per hidden layer
  double learning_rate = 0.01;  // Adam; naszilla 0.01, NASLib 1e-3
  double beta1 = 0.9;
  double beta2 = 0.999;  // Keras default; NASLib 0.99
  double epsilon = 1e-8;
  int epochs = 150;      // passes over the data; the main cost
  int batch_size = 32;
  bool l1_loss = true;  // mean absolute error (naszilla); false: mean squared error
};

class Mlp {
 public:
  // REQUIRES: num_inputs >= 1, hidden_layers >= 0, width >= 1, epochs >= 0,
  // batch_size >= 1.
  Mlp(int num_inputs, const MlpOptions& options, RandomCursor& rng);
  ~Mlp();
  Mlp(Mlp&&) noexcept;
  Mlp& operator=(Mlp&&) noexcept;

  // `x`: num_rows x num_inputs, row-major; `y`: num_rows targets.
  // REQUIRES: x.size() == y.size() * num_inputs.
  void Train(absl::Span<const float> x, absl::Span<const float> y, RandomCursor& rng);

  // One prediction per row of `x` (row-major, num_inputs columns).
  std::vector<float> Predict(absl::Span<const float> x) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace aimc::nas::search::internal

#endif  // AIMC_NAS_SEARCH_INTERNAL_MLP_H_
