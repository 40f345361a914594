#include "nas/search/analognas_evolution.h"

#include <algorithm>
#include <array>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "common/validation.h"
#include "nas/primitives.h"
#include "nas/search/internal/draws.h"
#include "nas/search/internal/tracker.h"

namespace aimc::nas::search {
namespace {

using internal::SearchTracker;
using Options = AnalogNasEvolutionOptions;

struct Member {
  Cell cell;
  double value = 0;
};

// Latin-hypercube sample of `count` cells over the 6 categorical positions.
std::vector<Cell> LatinHypercube(int count, RandomCursor& rng) {
  const int copies = (count + kNumOps - 1) / kNumOps;
  std::vector<std::array<Op, kNumEdges>> ops(count);
  for (int k = 0; k < kNumEdges; ++k) {
    std::vector<Op> column;
    for (int c = 0; c < copies; ++c) column.insert(column.end(), kAllOps.begin(), kAllOps.end());
    rng.Shuffle(absl::MakeSpan(column));
    for (int i = 0; i < count; ++i) ops[i][k] = column[i];
  }
  std::vector<Cell> out;
  for (const auto& o : ops) out.emplace_back(o);
  return out;
}

absl::Status RunSpec(const Options& o, SearchTracker& tracker, RandomCursor& rng) {
  std::vector<Member> population;
  for (const Cell& start : LatinHypercube(o.population_size, rng)) {
    if (tracker.exhausted()) return absl::OkStatus();
    Member m{start, 0};
    ASSIGN_OR_RETURN(m.value, tracker.Evaluate(m.cell));
    for (int r = 0; r < o.max_resamples && m.value <= o.feasible_above; ++r) {
      if (tracker.exhausted()) return absl::OkStatus();
      m.cell = SampleCell(rng);
      ASSIGN_OR_RETURN(m.value, tracker.Evaluate(m.cell));
    }
    population.push_back(m);
  }
  for (int it = 0; it < o.num_iterations; ++it) {
    for (Member& m : population) {
      if (tracker.exhausted()) return absl::OkStatus();
      const Cell child = MutateCell(m.cell, rng);
      ASSIGN_OR_RETURN(const double value, tracker.Evaluate(child));
      if (value > m.value && value > o.feasible_above) m = {child, value};
    }
  }
  return absl::OkStatus();
}

// ea_optimized.py literally; returns the last mutated member (best_x).
absl::StatusOr<Member> RunReleasedCode(const Options& o, SearchTracker& tracker,
                                       RandomCursor& rng) {
  const int size = std::max(1, o.population_size / 10);
  Member last;
  std::vector<Member> population(size);
  auto fill = [&](const Cell& cell) -> absl::Status {
    for (Member& m : population) {
      if (tracker.exhausted()) return absl::OkStatus();
      m.cell = cell;
      ASSIGN_OR_RETURN(m.value, tracker.Evaluate(m.cell));
      last = m;
    }
    return absl::OkStatus();
  };
  // The same sample repeated, then (stale AVM vector) all members resampled
  // until every one is feasible.
  RETURN_IF_ERROR(fill(SampleCell(rng)));
  auto infeasible = [&] {
    return std::any_of(population.begin(), population.end(),
                       [&](const Member& m) { return m.value <= o.feasible_above; });
  };
  for (int r = 0; r < o.max_resamples && infeasible() && !tracker.exhausted(); ++r) {
    for (Member& m : population) {
      if (tracker.exhausted()) break;
      m.cell = SampleCell(rng);
      ASSIGN_OR_RETURN(m.value, tracker.Evaluate(m.cell));
      last = m;
    }
  }
  for (int it = 0; it < o.num_iterations; ++it) {
    for (Member& m : population) {
      if (tracker.exhausted()) return last;
      const double u = internal::UniformDouble(rng);
      const double p = u < 0.4 ? o.mutation_prob_width
                               : (u < 0.8 ? o.mutation_prob_depth : o.mutation_prob_other);
      if (internal::Bernoulli(rng, p)) m.cell = SampleCell(rng);
      ASSIGN_OR_RETURN(m.value, tracker.Evaluate(m.cell));
      last = m;
    }
  }
  return last;
}

}  // namespace

absl::Status Validate(const AnalogNasEvolutionOptions& o) {
  if (o.population_size < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "analognas_evolution.population_size: must be >= 1, got ", o.population_size));
  }
  if (o.num_iterations < 1) {
    return absl::InvalidArgumentError(absl::StrCat(
        "analognas_evolution.num_iterations: must be >= 1, got ", o.num_iterations));
  }
  if (o.max_resamples < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "analognas_evolution.max_resamples: must be >= 0, got ", o.max_resamples));
  }
  RETURN_IF_ERROR(
      CheckRange("analognas_evolution.mutation_prob_width", o.mutation_prob_width, 0, 1));
  RETURN_IF_ERROR(
      CheckRange("analognas_evolution.mutation_prob_depth", o.mutation_prob_depth, 0, 1));
  return CheckRange("analognas_evolution.mutation_prob_other", o.mutation_prob_other, 0, 1);
}

absl::StatusOr<std::unique_ptr<AnalogNasEvolution>> AnalogNasEvolution::Create(
    const AnalogNasEvolutionOptions& options) {
  RETURN_IF_ERROR(Validate(options));
  return std::unique_ptr<AnalogNasEvolution>(new AnalogNasEvolution(options));
}

absl::StatusOr<SearchResult> AnalogNasEvolution::Run(Objective& objective, int budget,
                                                     RandomCursor& rng) const {
  RETURN_IF_ERROR(internal::ValidateBudget(budget));
  SearchTracker tracker(objective, budget);
  if (options_.mode == Options::Mode::kSpec) {
    RETURN_IF_ERROR(RunSpec(options_, tracker, rng));
    return tracker.Result();
  }
  ASSIGN_OR_RETURN(const Member last, RunReleasedCode(options_, tracker, rng));
  SearchResult result = tracker.Result();
  result.best_cell = last.cell;
  result.best_value = last.value;
  return result;
}

}  // namespace aimc::nas::search
