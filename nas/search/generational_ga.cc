#include "nas/search/generational_ga.h"

#include <array>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "nas/primitives.h"
#include "nas/search/internal/draws.h"
#include "nas/search/internal/tracker.h"

namespace aimc::nas::search {
namespace {

// A tuple of op codes; code 5 exists only in compat mode (no such op).
using Genome = std::array<int, kNumEdges>;
constexpr int kCompatBadCode = kNumOps;
constexpr double kMinusInf = -std::numeric_limits<double>::infinity();

struct Member {
  Genome genome;
  double fitness;
};

Genome GenomeOf(const Cell& cell) { return cell.Codes(); }

// The cell of a genome, or nullopt when it holds the compat code 5.
std::optional<Cell> CellOf(const Genome& g) {
  for (int code : g) {
    if (code == kCompatBadCode) return std::nullopt;
  }
  return *Cell::FromCodes(g);
}

}  // namespace

absl::Status Validate(const GenerationalGaOptions& o) {
  if (o.population_size < 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "generational_ga.population_size: must be >= 2, got ", o.population_size));
  }
  if (o.generations < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "generational_ga.generations: must be >= 0 (0 = until the budget), got ", o.generations));
  }
  if (!(o.crossover_p >= 0 && o.crossover_p <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("generational_ga.crossover_p: must be in [0, 1], got ", o.crossover_p));
  }
  if (!(o.mutation_p >= 0 && o.mutation_p <= 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat("generational_ga.mutation_p: must be in [0, 1], got ", o.mutation_p));
  }
  if (o.tournament < 1 || o.tournament > o.population_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("generational_ga.tournament: must be 1..population_size (",
                     o.population_size, "), got ", o.tournament));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<GenerationalGa>> GenerationalGa::Create(
    const GenerationalGaOptions& options) {
  RETURN_IF_ERROR(Validate(options));
  return std::unique_ptr<GenerationalGa>(new GenerationalGa(options));
}

absl::StatusOr<SearchResult> GenerationalGa::Run(Objective& objective, int budget,
                                                 RandomCursor& rng) const {
  RETURN_IF_ERROR(internal::ValidateBudget(budget));
  internal::SearchTracker tracker(objective, budget);
  // The tracker caps objective calls; compat's -inf genomes never reach it,
  // so they count here too (a population of them could otherwise loop).
  const int64_t max_calls = kMaxCallsPerBudget * int64_t{budget} + kMaxCallsSlack;
  int64_t calls = 0;
  // The fitness of a genome: cached or a new query; nullopt once the budget
  // is spent on an unseen cell (the search ends there).
  auto fitness = [&](const Genome& g) -> absl::StatusOr<std::optional<double>> {
    if (++calls > max_calls) return std::optional<double>();
    const std::optional<Cell> cell = CellOf(g);
    if (!cell.has_value()) return std::optional<double>(kMinusInf);
    if (!tracker.seen(*cell) && tracker.exhausted()) return std::optional<double>();
    ASSIGN_OR_RETURN(const double value, tracker.Evaluate(*cell));
    return std::optional<double>(value);
  };

  const int p = options_.population_size;
  std::vector<Member> population;
  population.reserve(p);
  for (int i = 0; i < p; ++i) {
    const Genome g = GenomeOf(SampleCell(rng));
    ASSIGN_OR_RETURN(const std::optional<double> f, fitness(g));
    if (!f.has_value()) return tracker.Result();
    population.push_back({g, *f});
  }

  std::vector<int> order(p);
  auto tournament = [&]() -> const Member& {
    // k distinct members (Python's random.sample): a partial Fisher-Yates.
    for (int i = 0; i < p; ++i) order[i] = i;
    const Member* best = nullptr;
    for (int i = 0; i < options_.tournament; ++i) {
      std::swap(order[i], order[i + rng.UniformInt(p - i)]);
      const Member& m = population[order[i]];
      if (best == nullptr || m.fitness > best->fitness) best = &m;
    }
    return *best;
  };
  const int num_codes = options_.compat_op_range_0_to_5 ? kNumOps + 1 : kNumOps;
  auto mutate = [&](Genome& g) {
    if (!internal::Bernoulli(rng, options_.mutation_p)) return;
    const int position = rng.UniformInt(kNumEdges);
    g[position] = rng.UniformInt(num_codes);  // may equal the old value, as in the example
  };

  for (int generation = 0; options_.generations == 0 || generation < options_.generations;
       ++generation) {
    std::vector<Member> children;
    children.reserve(p + 1);
    while (static_cast<int>(children.size()) < p) {
      Genome a = tournament().genome;
      Genome b = tournament().genome;
      if (internal::Bernoulli(rng, options_.crossover_p)) {
        const int cut = 1 + rng.UniformInt(kNumEdges - 1);  // 1..5
        for (int i = cut; i < kNumEdges; ++i) std::swap(a[i], b[i]);
      }
      for (Genome* child : {&a, &b}) {
        if (static_cast<int>(children.size()) == p) break;  // odd P: the last child is dropped
        mutate(*child);
        ASSIGN_OR_RETURN(const std::optional<double> f, fitness(*child));
        if (!f.has_value()) return tracker.Result();
        children.push_back({*child, *f});
      }
    }
    population = std::move(children);
    // Every further generation would only revisit cells: stop at the cap.
    if (tracker.exhausted()) break;
  }
  return tracker.Result();
}

}  // namespace aimc::nas::search
