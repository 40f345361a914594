// Cost of evaluating one network with the PIM cost model.
//   bazel run -c opt //crossbar/cost:cost_model_benchmark
// Baseline in the same run: MakeHardware alone (config validation + derived constants).
#include "benchmark/benchmark.h"
#include "crossbar/cost/config.h"
#include "crossbar/cost/cost_model.h"
#include "crossbar/cost/networks.h"

namespace aimc::crossbar::cost {
namespace {

void BM_MakeHardware(benchmark::State& state) {
  const CostConfig config = *LoadCostConfig("crossnas");
  for (auto _ : state) benchmark::DoNotOptimize(MakeHardware(config));
}
BENCHMARK(BM_MakeHardware);

void Evaluate(benchmark::State& state, const Network& net, const char* preset) {
  const Hardware hw = *MakeHardware(*LoadCostConfig(preset));
  for (auto _ : state) benchmark::DoNotOptimize(EvaluateNetwork(net, hw));
  state.SetItemsProcessed(state.iterations());
}

// An 8-block CrossNAS candidate (4 VGG, 2 RES, 2 MVGG) at the crossnas preset.
void BM_CrossNasCandidate(benchmark::State& state) {
  const auto blocks =
      *ParseCrossNasBlocks("VGG:32,RES:64:7:7,VGG:64,MVGG:128:5:7,RES:128,VGG:128,MVGG:64,VGG:128");
  Evaluate(state, *CrossNasNetwork(blocks), "crossnas");
}
BENCHMARK(BM_CrossNasCandidate);

void BM_ResNet18(benchmark::State& state) { Evaluate(state, ResNet18(), "mnsim_default"); }
BENCHMARK(BM_ResNet18);

}  // namespace
}  // namespace aimc::crossbar::cost
