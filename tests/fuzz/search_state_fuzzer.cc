// Fuzzes the CrossNAS search checkpoint (nas/crossnas/evolution.h): the
// payload of the one record LoadState reads (a SearchState proto; the record
// framing is record_io_fuzzer's), parsed and given to RestoreState of a small
// fixed search. Asserts: a state that restores yields a ToState() that
// restores into a fresh search and comes back byte-identical, and the search
// can then run its remaining cycles without error.
// Seed: AIMC_FUZZ_WRITE_SEED=FILE makes the harness write a real state (after
// two cycles of the same search) to FILE on its first call.
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "nas/crossnas/evolution.h"
#include "nas/crossnas/search_state.pb.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using aimc::nas::crossnas::EvolutionarySearch;

EvolutionarySearch MakeSearch() {
  aimc::nas::crossnas::EvolutionConfig config;
  config.population_size = 4;
  config.num_mutations = 2;
  config.num_crossovers = 2;
  config.top_k = 2;
  config.num_cycles = 3;
  config.seed = 7;
  aimc::nas::crossnas::GeneSpace space;
  space.name = "fuzz";
  space.num_states = {3, 4, 2};
  space.mutation_probability = {0.5, 0.5, 0.5};
  // Deterministic metrics from the genes; gene 2 == 1 with gene 0 == 2 is infeasible.
  auto evaluator =
      [](absl::Span<const int> genes) -> absl::StatusOr<aimc::nas::crossnas::CandidateMetrics> {
    if (genes[0] == 2 && genes[2] == 1) {
      return aimc::nas::crossnas::InfeasibleCandidateError("fuzz");
    }
    return aimc::nas::crossnas::CandidateMetrics{50.0 + genes[0] + 2.0 * genes[1], 1.0 + genes[2],
                                                 0.5 + 0.1 * genes[1]};
  };
  auto search = EvolutionarySearch::Create(config, space, evaluator);
  FUZZ_CHECK(search.ok(), search.status().ToString());
  return *std::move(search);
}

void MaybeWriteSeed() {
  const char* path = std::getenv("AIMC_FUZZ_WRITE_SEED");
  if (path == nullptr) return;
  EvolutionarySearch search = MakeSearch();
  for (int i = 0; i < 2; ++i) FUZZ_CHECK(search.RunCycle().ok(), "RunCycle");
  std::ofstream(path, std::ios::binary) << search.ToState().SerializeAsString();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const bool seeded = (MaybeWriteSeed(), true);
  (void)seeded;
  aimc::nas::crossnas::SearchState state;
  if (!state.ParseFromArray(data, static_cast<int>(size))) return 0;
  EvolutionarySearch search = MakeSearch();
  if (!search.RestoreState(state).ok()) return 0;
  const std::string saved = search.ToState().SerializeAsString();
  aimc::nas::crossnas::SearchState reread;
  FUZZ_CHECK(reread.ParseFromString(saved), "ToState does not parse");
  EvolutionarySearch fresh = MakeSearch();
  const absl::Status restored = fresh.RestoreState(reread);
  FUZZ_CHECK(restored.ok(), restored.ToString());
  FUZZ_CHECK(fresh.ToState().SerializeAsString() == saved, "state changed on a round trip");
  // A bounded amount of work: at most num_cycles (3) cycles of 4 candidates.
  while (!fresh.Done()) {
    const absl::Status cycle = fresh.RunCycle();
    FUZZ_CHECK(cycle.ok(), cycle.ToString());
  }
  return 0;
}
