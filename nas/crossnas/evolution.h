// The CrossNAS evolutionary searcher (crossnas_spec.md §4.3 Algorithm 1, §7,
// §10.9-§10.11) over any fixed-length gene vector (GeneSpace); the two CrossNAS
// spaces are in crossnas_search.h. Cycle 0 evaluates P random candidates (each
// gene uniform over its states); every later cycle makes num_mutations
// children (parent uniform from the top-K archive, each gene resampled with its
// own probability) and num_crossovers children (two parents uniform with
// replacement, each gene from either with probability 1/2), at most
// max_tries_factor x the target tries each, then fills up to P with random
// candidates. Candidates are canonicalised; illegal, already evaluated (the
// cache spans the whole run) or infeasible ones are discarded and redrawn.
// The archive is the best top_k ever evaluated (FF descending, earlier
// evaluation first on ties), so the best FF never falls. P (cycles + 1)
// evaluations unless the space runs out (then smaller populations).
// Evaluation happens as candidates are drawn. Evaluator: InfeasibleCandidate-
// Error (code ResourceExhausted) marks a candidate illegal; any other error is
// returned unchanged by RunCycle/Run and the cycle is lost (state as before it).
// Deterministic for a given seed; state after each cycle saves and restores
// (SaveState/LoadState) so a resumed run equals an uninterrupted one.
// Thread-compatible; the evaluator is called from the calling thread only.
#ifndef AIMC_NAS_CROSSNAS_EVOLUTION_H_
#define AIMC_NAS_CROSSNAS_EVOLUTION_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "common/random_cursor.h"
#include "nas/crossnas/fitness.h"
#include "nas/crossnas/search_state.pb.h"

namespace aimc::nas::crossnas {

// The evaluator's "illegal, resample" verdict (e.g. the net overflows the
// chip's tiles, §6.4) and its test.
absl::Status InfeasibleCandidateError(absl::string_view reason);
bool IsInfeasibleCandidate(const absl::Status& status);

// Evaluates canonical genes; the span is valid during the call only.
using GeneEvaluator = std::function<absl::StatusOr<CandidateMetrics>(absl::Span<const int>)>;

struct GeneSpace {
  std::string name;                          // saved in the state, checked on restore
  std::vector<int> num_states;               // per gene, each >= 1
  std::vector<double> mutation_probability;  // per gene, in [0, 1]
  // Canonical form of raw genes (same length); null = identity.
  std::function<std::vector<int>(absl::Span<const int>)> canonicalize;
  // Legality of canonical genes; null = all legal.
  std::function<bool(absl::Span<const int>)> is_legal;
};

struct EvolutionConfig {
  int population_size = 50;   // P
  int num_mutations = 25;     // children by mutation per cycle
  int num_crossovers = 25;    // children by crossover per cycle
  int top_k = 10;             // archive size (select_num)
  int num_cycles = 10;        // cycles after the initial population; may grow on resume
  int max_tries_factor = 10;  // mutation/crossover tries = factor x target (code: 10)
  // Random fill tries = factor x missing candidates; the code loops forever.
  int max_random_tries_factor = 1000;
  uint64_t seed = 0;  // RandomStream key {seed, kEvolutionEntity, 0, 0}
  FitnessConfig fitness;
};
inline constexpr uint32_t kEvolutionEntity = 0xC405;

// InvalidArgument naming the field (sizes >= 1, children <= P, factors >= 1,
// the fitness config, the space's vectors).
absl::Status ValidateEvolution(const EvolutionConfig& config, const GeneSpace& space);

// One evaluated candidate (feasible ones only in archive()/population()).
struct ScoredCandidate {
  std::vector<int> genes;  // canonical
  CandidateMetrics metrics;
  double fitness = 0;
  int eval_index = 0;  // order of evaluation, 0-based, infeasible ones included
};

class EvolutionarySearch {
 public:
  // Validates; keeps copies of everything (the evaluator must stay callable).
  static absl::StatusOr<EvolutionarySearch> Create(const EvolutionConfig& config, GeneSpace space,
                                                   GeneEvaluator evaluator);

  bool Done() const { return next_cycle_ > config_.num_cycles; }
  int next_cycle() const { return next_cycle_; }
  // Runs cycle next_cycle(). FailedPrecondition when Done().
  absl::Status RunCycle();
  // Runs the remaining cycles. With a non-empty `checkpoint_path`, first
  // resumes from it if it exists, and saves the state after every cycle.
  absl::Status Run(absl::string_view checkpoint_path = "");

  // Best first; empty until a feasible candidate has been evaluated.
  std::vector<ScoredCandidate> Archive() const;
  // NotFound when nothing feasible was evaluated.
  absl::StatusOr<ScoredCandidate> Best() const;
  // The last cycle's new feasible candidates, in evaluation order.
  std::vector<ScoredCandidate> Population() const;
  // The archive's best FF after each finished cycle (non-decreasing).
  const std::vector<double>& best_fitness_per_cycle() const { return best_per_cycle_; }
  int num_feasible_evaluations() const;
  int num_infeasible_verdicts() const;

  SearchState ToState() const;
  // FailedPrecondition when the state's fingerprint differs from this
  // search's (seed, space, sizes, fitness); DataLoss for inconsistent content.
  absl::Status RestoreState(const SearchState& state);
  // Atomic write of one CRC-checked record; read errors are DataLoss/NotFound.
  absl::Status SaveState(absl::string_view path) const;
  absl::Status LoadState(absl::string_view path);

 private:
  EvolutionarySearch(const EvolutionConfig& config, GeneSpace space, GeneEvaluator evaluator);

  SearchFingerprint Fingerprint() const;
  std::vector<int> RandomGenes();
  std::vector<int> Mutate(const std::vector<int>& parent);
  std::vector<int> Crossover(const std::vector<int>& a, const std::vector<int>& b);
  bool Bernoulli(double p);
  // Canonicalises, filters and evaluates; true when added to `population`.
  absl::StatusOr<bool> TryAdd(absl::Span<const int> raw, std::vector<int>& population);
  ScoredCandidate Scored(int index) const;

  EvolutionConfig config_;
  GeneSpace space_;
  GeneEvaluator evaluator_;
  RandomCursor rng_;
  int next_cycle_ = 0;
  std::vector<EvaluatedCandidate> cache_;  // evaluation order
  absl::flat_hash_map<std::vector<int>, int> index_;
  std::vector<int> archive_;     // cache indices, best first
  std::vector<int> population_;  // cache indices
  std::vector<double> best_per_cycle_;
};

}  // namespace aimc::nas::crossnas

#endif  // AIMC_NAS_CROSSNAS_EVOLUTION_H_
