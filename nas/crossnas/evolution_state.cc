// EvolutionarySearch's state: fingerprint, proto conversion, save and load.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/random.h"
#include "common/record_io.h"
#include "common/status_macros.h"
#include "nas/crossnas/evolution.h"

namespace aimc::nas::crossnas {

SearchFingerprint EvolutionarySearch::Fingerprint() const {
  SearchFingerprint f;
  f.set_space_name(space_.name);
  f.mutable_num_states()->Add(space_.num_states.begin(), space_.num_states.end());
  f.set_seed(config_.seed);
  f.set_population_size(config_.population_size);
  f.set_num_mutations(config_.num_mutations);
  f.set_num_crossovers(config_.num_crossovers);
  f.set_top_k(config_.top_k);
  f.set_accuracy_weight(config_.fitness.accuracy_weight);
  f.set_latency_min_ms(config_.fitness.latency_min_ms);
  f.set_latency_max_ms(config_.fitness.latency_max_ms);
  f.set_energy_min_mj(config_.fitness.energy_min_mj);
  f.set_energy_max_mj(config_.fitness.energy_max_mj);
  f.set_max_tries_factor(config_.max_tries_factor);
  f.set_max_random_tries_factor(config_.max_random_tries_factor);
  return f;
}

SearchState EvolutionarySearch::ToState() const {
  SearchState state;
  *state.mutable_fingerprint() = Fingerprint();
  state.set_next_cycle(next_cycle_);
  state.set_rng_position(rng_.position());
  for (const EvaluatedCandidate& e : cache_) *state.add_cache() = e;
  state.mutable_archive()->Add(archive_.begin(), archive_.end());
  state.mutable_population()->Add(population_.begin(), population_.end());
  state.mutable_best_fitness_per_cycle()->Add(best_per_cycle_.begin(), best_per_cycle_.end());
  return state;
}

absl::Status EvolutionarySearch::RestoreState(const SearchState& state) {
  const std::string want = Fingerprint().SerializeAsString();
  if (state.fingerprint().SerializeAsString() != want) {
    return absl::FailedPreconditionError(
        absl::StrCat("search state: saved for {", state.fingerprint().ShortDebugString(),
                     "}, this search is {", Fingerprint().ShortDebugString(), "}"));
  }
  const int n = state.cache_size();
  absl::flat_hash_map<std::vector<int>, int> index;
  for (int i = 0; i < n; ++i) {
    const auto& genes = state.cache(i).genes();
    if (genes.size() != static_cast<int>(space_.num_states.size())) {
      return absl::DataLossError(absl::StrCat("search state: cache entry ", i, " has ",
                                              genes.size(), " genes, want ",
                                              space_.num_states.size()));
    }
    for (int g = 0; g < genes.size(); ++g) {
      if (genes[g] < 0 || genes[g] >= space_.num_states[g]) {
        return absl::DataLossError(absl::StrCat("search state: cache entry ", i, " gene ", g, " = ",
                                                genes[g], " outside 0..",
                                                space_.num_states[g] - 1));
      }
    }
    if (!index.emplace(std::vector<int>(genes.begin(), genes.end()), i).second) {
      return absl::DataLossError(absl::StrCat("search state: cache entry ", i, " is a duplicate"));
    }
  }
  for (const auto* list : {&state.archive(), &state.population()}) {
    for (int i : *list) {
      if (i < 0 || i >= n || !state.cache(i).feasible()) {
        return absl::DataLossError(absl::StrCat("search state: archive/population index ", i,
                                                " is not a feasible "
                                                "cache entry (cache has ",
                                                n, ")"));
      }
    }
  }
  if (state.archive_size() > config_.top_k || state.next_cycle() < 0 ||
      state.best_fitness_per_cycle_size() != state.next_cycle()) {
    return absl::DataLossError(
        absl::StrCat("search state: archive of ", state.archive_size(), " (top_k ", config_.top_k,
                     "), next_cycle ", state.next_cycle(), ", ",
                     state.best_fitness_per_cycle_size(), " per-cycle bests"));
  }
  // A position past the stream would CHECK-fail on the next draw (fuzzing).
  if (state.rng_position() >= RandomStream::kMaxNumbers) {
    return absl::DataLossError(absl::StrCat("search state: rng_position ", state.rng_position(),
                                            " beyond the stream's ", RandomStream::kMaxNumbers,
                                            " numbers"));
  }
  cache_.assign(state.cache().begin(), state.cache().end());
  index_ = std::move(index);
  archive_.assign(state.archive().begin(), state.archive().end());
  population_.assign(state.population().begin(), state.population().end());
  best_per_cycle_.assign(state.best_fitness_per_cycle().begin(),
                         state.best_fitness_per_cycle().end());
  next_cycle_ = state.next_cycle();
  rng_ = RandomCursor(rng_.stream(), state.rng_position());
  return absl::OkStatus();
}

absl::Status EvolutionarySearch::SaveState(absl::string_view path) const {
  const std::string record = ToState().SerializeAsString();
  return WriteRecordsAtomically(path, {record});
}

absl::Status EvolutionarySearch::LoadState(absl::string_view path) {
  ASSIGN_OR_RETURN(const std::vector<std::string> records, ReadRecords(path));
  if (records.size() != 1) {
    return absl::DataLossError(
        absl::StrCat(path, ": expected 1 search-state record, got ", records.size()));
  }
  SearchState state;
  if (!state.ParseFromString(records[0])) {
    return absl::DataLossError(absl::StrCat(path, ": search-state record does not parse"));
  }
  absl::Status status = RestoreState(state);
  if (!status.ok()) {
    return absl::Status(status.code(), absl::StrCat(path, ": ", status.message()));
  }
  return absl::OkStatus();
}

}  // namespace aimc::nas::crossnas
