#include "nas/search/bananas.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/validation.h"
#include "nas/search/internal/draws.h"
#include "nas/search/internal/mlp.h"
#include "nas/search/internal/tracker.h"

namespace aimc::nas::search {
namespace {

using internal::SearchTracker;

absl::Status AtLeast(absl::string_view field, int value, int minimum) {
  if (value >= minimum) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat("bananas.", field, ": must be >= ", minimum, ", got ", value));
}

// Mutants of the best queried cells, not queried and distinct; topped up
// with random unqueried cells to at least `minimum`.
std::vector<Cell> MutationCandidates(const BananasOptions& o, const SearchTracker& tracker,
                                     const std::vector<Cell>& cells,
                                     const std::vector<double>& values, int minimum,
                                     RandomCursor& rng) {
  std::vector<int> order(cells.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](int a, int b) { return values[a] > values[b]; });
  std::vector<Cell> candidates;
  absl::flat_hash_set<Cell> taken;
  const int num_parents = std::min<int>(o.num_parents, order.size());
  for (int p = 0; p < num_parents; ++p) {
    for (int t = 0; t < o.mutations_per_parent; ++t) {
      if (static_cast<int>(candidates.size()) >= o.num_candidates) return candidates;
      const Cell child = internal::MutatePerEdge(cells[order[p]], rng);
      if (tracker.seen(child) || !taken.insert(child).second) continue;
      candidates.push_back(child);
    }
  }
  for (int tries = 0; static_cast<int>(candidates.size()) < minimum && tries < 10 * minimum;
       ++tries) {
    const std::optional<Cell> cell = tracker.SampleUnseen(rng);
    if (!cell.has_value()) break;
    if (taken.insert(*cell).second) candidates.push_back(*cell);
  }
  return candidates;
}

std::vector<Cell> UnqueriedCells(const SearchTracker& tracker) {
  std::vector<Cell> out;
  for (const Cell& cell : AllCells()) {
    if (!tracker.seen(cell)) out.push_back(cell);
  }
  return out;
}

// Per-candidate mean and sd (ddof 0) over the ensemble's predictions.
void EnsemblePredict(const std::vector<internal::Mlp>& nets, const std::vector<float>& x,
                     int n, std::vector<double>* mean, std::vector<double>* sd) {
  mean->assign(n, 0.0);
  sd->assign(n, 0.0);
  std::vector<std::vector<float>> predictions;
  for (const internal::Mlp& net : nets) predictions.push_back(net.Predict(x));
  const double m = static_cast<double>(nets.size());
  for (int i = 0; i < n; ++i) {
    for (const auto& p : predictions) (*mean)[i] += p[i] / m;
    for (const auto& p : predictions) (*sd)[i] += (p[i] - (*mean)[i]) * (p[i] - (*mean)[i]) / m;
    (*sd)[i] = std::sqrt((*sd)[i]);
  }
}

// The ensemble, each net trained on the standardised values.
std::vector<internal::Mlp> FitEnsemble(const BananasOptions& o, const std::vector<Cell>& cells,
                                       const std::vector<double>& values, RandomCursor& rng) {
  const double mean = std::accumulate(values.begin(), values.end(), 0.0) / values.size();
  double var = 0;
  for (double v : values) var += (v - mean) * (v - mean);
  const double sd = var > 0 ? std::sqrt(var / values.size()) : 1.0;
  std::vector<float> y;
  for (double v : values) y.push_back(static_cast<float>((v - mean) / sd));
  const std::vector<float> x = FeatureMatrix(cells, o.features);
  const internal::MlpOptions mlp{.hidden_layers = o.hidden_layers,
                                 .width = o.width,
                                 .learning_rate = o.learning_rate,
                                 .epochs = o.epochs,
                                 .batch_size = o.train_batch_size};
  std::vector<internal::Mlp> nets;
  for (int m = 0; m < o.ensemble_size; ++m) {
    nets.emplace_back(FeatureCount(o.features), mlp, rng);
    nets.back().Train(x, y, rng);
  }
  return nets;
}

// The first batch_size candidates by acquisition, best first (stable on ties).
std::vector<int> RankByAcquisition(const BananasOptions& o,
                                   const std::vector<internal::Mlp>& nets,
                                   const std::vector<Cell>& candidates, RandomCursor& rng) {
  const int n = static_cast<int>(candidates.size());
  std::vector<double> mu, sigma;
  EnsemblePredict(nets, FeatureMatrix(candidates, o.features), n, &mu, &sigma);
  std::vector<double> score(n);
  for (int i = 0; i < n; ++i) {
    switch (o.acquisition) {
      case BananasOptions::Acquisition::kThompson:
        score[i] = mu[i] + sigma[i] * internal::StandardNormal(rng);
        break;
      case BananasOptions::Acquisition::kUcb:
        score[i] = mu[i] + o.ucb_beta * sigma[i];
        break;
      case BananasOptions::Acquisition::kMean:
        score[i] = mu[i];
        break;
    }
  }
  std::vector<int> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return score[a] > score[b]; });
  order.resize(std::min(o.batch_size, n));
  return order;
}

}  // namespace

absl::Status Validate(const BananasOptions& o) {
  RETURN_IF_ERROR(AtLeast("num_init", o.num_init, 1));
  RETURN_IF_ERROR(AtLeast("batch_size", o.batch_size, 1));
  RETURN_IF_ERROR(AtLeast("ensemble_size", o.ensemble_size, 1));
  RETURN_IF_ERROR(AtLeast("hidden_layers", o.hidden_layers, 0));
  RETURN_IF_ERROR(AtLeast("width", o.width, 1));
  RETURN_IF_ERROR(CheckPositive("bananas.learning_rate", o.learning_rate));
  RETURN_IF_ERROR(AtLeast("epochs", o.epochs, 1));
  RETURN_IF_ERROR(AtLeast("train_batch_size", o.train_batch_size, 1));
  RETURN_IF_ERROR(WithPrefix("bananas.", Validate(o.features)));
  RETURN_IF_ERROR(CheckNonNegative("bananas.ucb_beta", o.ucb_beta));
  RETURN_IF_ERROR(AtLeast("num_parents", o.num_parents, 1));
  RETURN_IF_ERROR(AtLeast("mutations_per_parent", o.mutations_per_parent, 1));
  return AtLeast("num_candidates", o.num_candidates, 0);
}

absl::StatusOr<std::unique_ptr<Bananas>> Bananas::Create(const BananasOptions& options) {
  RETURN_IF_ERROR(Validate(options));
  return std::unique_ptr<Bananas>(new Bananas(options));
}

absl::StatusOr<SearchResult> Bananas::Run(Objective& objective, int budget,
                                          RandomCursor& rng) const {
  RETURN_IF_ERROR(internal::ValidateBudget(budget));
  const BananasOptions& o = options_;
  SearchTracker tracker(objective, budget);
  std::vector<Cell> cells;
  std::vector<double> values;
  auto query = [&](const Cell& cell) -> absl::Status {
    ASSIGN_OR_RETURN(const double value, tracker.Evaluate(cell));
    cells.push_back(cell);
    values.push_back(value);
    return absl::OkStatus();
  };
  for (int i = 0; i < o.num_init && !tracker.exhausted(); ++i) {
    const std::optional<Cell> cell = tracker.SampleUnseen(rng);
    if (!cell.has_value()) break;
    RETURN_IF_ERROR(query(*cell));
  }
  while (!tracker.exhausted()) {
    const std::vector<internal::Mlp> nets = FitEnsemble(o, cells, values, rng);
    const std::vector<Cell> candidates =
        o.num_candidates == 0 ? UnqueriedCells(tracker)
                              : MutationCandidates(o, tracker, cells, values, o.batch_size, rng);
    if (candidates.empty()) break;
    for (int i : RankByAcquisition(o, nets, candidates, rng)) {
      if (tracker.exhausted()) break;
      RETURN_IF_ERROR(query(candidates[i]));
    }
  }
  return tracker.Result();
}

}  // namespace aimc::nas::search
