#include "nas/crossnas/evolution.h"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/file.h"
#include "common/random.h"
#include "common/status_macros.h"

namespace aimc::nas::crossnas {
namespace {

absl::Status CheckPositive(absl::string_view field, int value) {
  if (value >= 1) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrCat(field, ": must be >= 1, got ", value));
}

}  // namespace

absl::Status InfeasibleCandidateError(absl::string_view reason) {
  return absl::ResourceExhaustedError(absl::StrCat("infeasible candidate: ", reason));
}

bool IsInfeasibleCandidate(const absl::Status& status) {
  return status.code() == absl::StatusCode::kResourceExhausted;
}

absl::Status ValidateEvolution(const EvolutionConfig& c, const GeneSpace& space) {
  RETURN_IF_ERROR(CheckPositive("population_size", c.population_size));
  RETURN_IF_ERROR(CheckPositive("top_k", c.top_k));
  RETURN_IF_ERROR(CheckPositive("max_tries_factor", c.max_tries_factor));
  RETURN_IF_ERROR(CheckPositive("max_random_tries_factor", c.max_random_tries_factor));
  if (c.num_cycles < 0 || c.num_mutations < 0 || c.num_crossovers < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("num_cycles, num_mutations, num_crossovers: must be >= 0, got ", c.num_cycles,
                     ", ", c.num_mutations, ", ", c.num_crossovers));
  }
  if (c.num_mutations + c.num_crossovers > c.population_size) {
    return absl::InvalidArgumentError(
        absl::StrCat("num_mutations + num_crossovers: must be <= population_size ",
                     c.population_size, ", got ", c.num_mutations + c.num_crossovers));
  }
  RETURN_IF_ERROR(ValidateFitnessConfig(c.fitness));
  if (space.num_states.empty() || space.num_states.size() != space.mutation_probability.size()) {
    return absl::InvalidArgumentError(
        absl::StrCat("gene space ", space.name,
                     ": need one state count and one mutation probability per gene, "
                     "got ",
                     space.num_states.size(), " and ", space.mutation_probability.size()));
  }
  for (size_t i = 0; i < space.num_states.size(); ++i) {
    const double p = space.mutation_probability[i];
    if (space.num_states[i] < 1 || !(p >= 0 && p <= 1)) {
      return absl::InvalidArgumentError(
          absl::StrCat("gene space ", space.name, " gene ", i, ": states ", space.num_states[i],
                       " (>= 1), mutation probability ", p, " (in [0, 1])"));
    }
  }
  return absl::OkStatus();
}

EvolutionarySearch::EvolutionarySearch(const EvolutionConfig& config, GeneSpace space,
                                       GeneEvaluator evaluator)
    : config_(config),
      space_(std::move(space)),
      evaluator_(std::move(evaluator)),
      rng_(RandomStream(StreamKey{config.seed, kEvolutionEntity, 0, 0})) {}

absl::StatusOr<EvolutionarySearch> EvolutionarySearch::Create(const EvolutionConfig& config,
                                                              GeneSpace space,
                                                              GeneEvaluator evaluator) {
  RETURN_IF_ERROR(ValidateEvolution(config, space));
  if (!evaluator) return absl::InvalidArgumentError("evaluator: must be set");
  return EvolutionarySearch(config, std::move(space), std::move(evaluator));
}

bool EvolutionarySearch::Bernoulli(double p) {
  const uint64_t threshold = static_cast<uint64_t>(std::llround(p * 4294967296.0));
  return uint64_t{rng_.NextBits()} < threshold;
}

std::vector<int> EvolutionarySearch::RandomGenes() {
  std::vector<int> genes(space_.num_states.size());
  for (size_t i = 0; i < genes.size(); ++i) genes[i] = rng_.UniformInt(space_.num_states[i]);
  return genes;
}

std::vector<int> EvolutionarySearch::Mutate(const std::vector<int>& parent) {
  std::vector<int> child = parent;
  for (size_t i = 0; i < child.size(); ++i) {
    if (Bernoulli(space_.mutation_probability[i])) child[i] = rng_.UniformInt(space_.num_states[i]);
  }
  return child;
}

std::vector<int> EvolutionarySearch::Crossover(const std::vector<int>& a,
                                               const std::vector<int>& b) {
  std::vector<int> child(a.size());
  for (size_t i = 0; i < child.size(); ++i) child[i] = rng_.UniformInt(2) == 0 ? a[i] : b[i];
  return child;
}

absl::StatusOr<bool> EvolutionarySearch::TryAdd(absl::Span<const int> raw,
                                                std::vector<int>& population) {
  std::vector<int> genes =
      space_.canonicalize ? space_.canonicalize(raw) : std::vector<int>(raw.begin(), raw.end());
  AIMC_CHECK(genes.size() == space_.num_states.size());
  if (space_.is_legal && !space_.is_legal(genes)) return false;
  if (index_.contains(genes)) return false;
  absl::StatusOr<CandidateMetrics> metrics = evaluator_(genes);
  if (!metrics.ok() && !IsInfeasibleCandidate(metrics.status())) return metrics.status();
  EvaluatedCandidate entry;
  entry.mutable_genes()->Add(genes.begin(), genes.end());
  entry.set_feasible(metrics.ok());
  if (metrics.ok()) {
    entry.set_accuracy_pct(metrics->accuracy_pct);
    entry.set_energy_mj(metrics->energy_mj);
    entry.set_latency_ms(metrics->latency_ms);
    entry.set_fitness(Fitness(*metrics, config_.fitness));
  } else {
    entry.set_infeasible_reason(std::string(metrics.status().message()));
  }
  const int index = static_cast<int>(cache_.size());
  cache_.push_back(std::move(entry));
  index_.emplace(std::move(genes), index);
  if (!metrics.ok()) return false;
  population.push_back(index);
  return true;
}

absl::Status EvolutionarySearch::RunCycle() {
  if (Done()) {
    return absl::FailedPreconditionError(
        absl::StrCat("search: all ", config_.num_cycles, " cycles are done"));
  }
  // Snapshot for a clean rollback when the evaluator fails.
  const uint64_t rng_position = rng_.position();
  const size_t cache_size = cache_.size();
  std::vector<int> population;
  absl::Status status = [&]() -> absl::Status {
    if (next_cycle_ > 0 && !archive_.empty()) {
      const int k = static_cast<int>(archive_.size());
      for (int added = 0, tries = config_.num_mutations * config_.max_tries_factor;
           added < config_.num_mutations && tries > 0; --tries) {
        const std::vector<int> parent = Scored(archive_[rng_.UniformInt(k)]).genes;
        ASSIGN_OR_RETURN(const bool ok, TryAdd(Mutate(parent), population));
        added += ok ? 1 : 0;
      }
      const int crossover_start = static_cast<int>(population.size());
      for (int tries = config_.num_crossovers * config_.max_tries_factor;
           static_cast<int>(population.size()) - crossover_start < config_.num_crossovers &&
           tries > 0;
           --tries) {
        const std::vector<int> a = Scored(archive_[rng_.UniformInt(k)]).genes;
        const std::vector<int> b = Scored(archive_[rng_.UniformInt(k)]).genes;
        ASSIGN_OR_RETURN(const bool ok, TryAdd(Crossover(a, b), population));
        (void)ok;
      }
    }
    for (int tries = config_.max_random_tries_factor *
                     std::max(0, config_.population_size - static_cast<int>(population.size()));
         static_cast<int>(population.size()) < config_.population_size && tries > 0; --tries) {
      ASSIGN_OR_RETURN(const bool ok, TryAdd(RandomGenes(), population));
      (void)ok;
    }
    return absl::OkStatus();
  }();
  if (!status.ok()) {
    for (size_t i = cache_size; i < cache_.size(); ++i) {
      index_.erase(std::vector<int>(cache_[i].genes().begin(), cache_[i].genes().end()));
    }
    cache_.resize(cache_size);
    rng_ = RandomCursor(rng_.stream(), rng_position);
    return status;
  }
  std::vector<int> merged = archive_;
  merged.insert(merged.end(), population.begin(), population.end());
  std::stable_sort(merged.begin(), merged.end(), [&](int a, int b) {
    if (cache_[a].fitness() != cache_[b].fitness())
      return cache_[a].fitness() > cache_[b].fitness();
    return a < b;
  });
  if (static_cast<int>(merged.size()) > config_.top_k) merged.resize(config_.top_k);
  archive_ = std::move(merged);
  population_ = std::move(population);
  best_per_cycle_.push_back(archive_.empty() ? -HUGE_VAL : cache_[archive_[0]].fitness());
  ++next_cycle_;
  return absl::OkStatus();
}

absl::Status EvolutionarySearch::Run(absl::string_view checkpoint_path) {
  if (!checkpoint_path.empty() && FileExists(checkpoint_path)) {
    RETURN_IF_ERROR(LoadState(checkpoint_path));
  }
  while (!Done()) {
    RETURN_IF_ERROR(RunCycle());
    if (!checkpoint_path.empty()) RETURN_IF_ERROR(SaveState(checkpoint_path));
  }
  return absl::OkStatus();
}

ScoredCandidate EvolutionarySearch::Scored(int index) const {
  const EvaluatedCandidate& e = cache_[index];
  ScoredCandidate s;
  s.genes.assign(e.genes().begin(), e.genes().end());
  s.metrics = {e.accuracy_pct(), e.energy_mj(), e.latency_ms()};
  s.fitness = e.fitness();
  s.eval_index = index;
  return s;
}

std::vector<ScoredCandidate> EvolutionarySearch::Archive() const {
  std::vector<ScoredCandidate> out;
  for (int i : archive_) out.push_back(Scored(i));
  return out;
}

absl::StatusOr<ScoredCandidate> EvolutionarySearch::Best() const {
  if (archive_.empty()) {
    return absl::NotFoundError(absl::StrCat("search ", space_.name, ": no feasible candidate in ",
                                            cache_.size(), " evaluations"));
  }
  return Scored(archive_[0]);
}

std::vector<ScoredCandidate> EvolutionarySearch::Population() const {
  std::vector<ScoredCandidate> out;
  for (int i : population_) out.push_back(Scored(i));
  return out;
}

int EvolutionarySearch::num_feasible_evaluations() const {
  int n = 0;
  for (const EvaluatedCandidate& e : cache_) n += e.feasible() ? 1 : 0;
  return n;
}

int EvolutionarySearch::num_infeasible_verdicts() const {
  return static_cast<int>(cache_.size()) - num_feasible_evaluations();
}

}  // namespace aimc::nas::crossnas
