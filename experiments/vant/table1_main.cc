// bazel run //experiments/vant:table1 -- [--scale=small|quick|test]
//     [--store_dir=DIR] [--data_dir=DIR] [--seed=0] [--seeds=1] [--threads=1]
// VANT's Table 1 at small scale (vant_rasch_spec.md A.4): NT at the 14
// points of the test grid (the matched upper bound) and VANT (α = 0.45, the
// paper's θ) at the 11 training points, LeNet-5-N on Fashion-MNIST; prints
// the paper's row beside ours and the checks T1a-T1e. Models and curves are
// kept in the store, so a killed run resumes and a rerun prints at once.
#include <cstdio>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "experiments/vant/cli.h"
#include "experiments/vant/table1.h"
#include "experiments/vant/vant_models.h"

ABSL_FLAG(int, seeds, 1, "seeds seed, seed+1, ...: curves averaged, sd and SE over seeds");

namespace {

namespace ev = aimc::experiments::vant;
namespace tv = aimc::training::vant;

absl::Status Run() {
  ASSIGN_OR_RETURN(ev::CliRun cli, ev::RunFromFlags());
  ev::VantRun& run = cli.run;
  const ev::VantData* data = &cli.data;
  const int seeds = absl::GetFlag(FLAGS_seeds);
  if (seeds < 1 || seeds > 100) {
    return absl::InvalidArgumentError(absl::StrCat("--seeds: must be 1..100, got ", seeds));
  }
  const uint64_t first_seed = run.seed;
  std::vector<ev::SeedCurves> per_seed(seeds);
  std::vector<double> thetas;
  for (const ev::PaperTable1Column& p : ev::PaperTable1()) thetas.push_back(p.theta);
  const int per = static_cast<int>(ev::PaperTable1().size());
  int done = 0;
  for (int s = 0; s < seeds; ++s) {
    run.seed = first_seed + s;
    ASSIGN_OR_RETURN(per_seed[s].nt, ev::NtGridCurves(run, *data));
    for (const ev::PaperTable1Column& p : ev::PaperTable1()) {
      std::fprintf(stderr, "[%d/%d] seed %llu VANT sigma_train %.1f theta %.2f\n", ++done,
                   per * seeds, static_cast<unsigned long long>(run.seed), p.sigma_train, p.theta);
      const ev::ModelSpec spec{.per_image = true,
                               .noise = {.sigma_train = p.sigma_train, .alpha = 0.45, .theta = p.theta}};
      ASSIGN_OR_RETURN(tv::AccuracyCurve c, ev::ModelCurve(run, *data, spec));
      per_seed[s].vant.push_back({p.sigma_train, std::move(c)});
    }
  }
  run.seed = first_seed;
  ASSIGN_OR_RETURN(const ev::Table1Summary table, ev::ComputeTable1Seeds(per_seed, thetas));
  std::printf("VANT Table 1 (paper: ResNet-18 / CIFAR-10; ours substituted)\n");
  std::printf("scale: %s\n", ev::DescribeScale(run.scale).c_str());
  std::printf("choices: alpha 0.45, theta = the paper's row (--theta=paper), reference half-normal "
              "sampler, matched upper bound (NT at all 14 test points), trapezoid on linear sigma\n");
  std::printf("%s\n", ev::DescribeRun(run).c_str());
  std::printf("%s", ev::FormatTable1(table).c_str());
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return aimc::experiments::vant::RunVantMain(
      argc, argv,
      "VANT Table 1 at small scale: NT vs VANT rAUC and preserved accuracy.",
      "table1", &Run);
}
