// bazel run //experiments/crossnas:table3_cost [-- --genotypes="VGG:32,RES:64;MVGG:128"]
// CrossNAS Table 3 (crossnas_spec.md §8.3): the cost model's energy, latency,
// EDP and area of AlexNet, VGG16 and ResNet18 at the crossnas preset beside
// the paper's rows, ratios ours/paper, optional CrossNAS block lists as extra
// rows; ends with CHECK T3a (finding 3, baselines) and T3b (E x L = EDP).
#include <cstdio>
#include <string>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "common/status_macros.h"
#include "experiments/checks.h"
#include "experiments/crossnas/table3_cost.h"

ABSL_FLAG(std::string, genotypes, "",
          "';'-separated CrossNAS block lists, TYPE:K[:WB:AB],... (e.g. VGG:32,RES:64;MVGG:128), "
          "costed as extra rows");

namespace {

absl::Status Run() {
  ASSIGN_OR_RETURN(const aimc::experiments::crossnas::Table3Report report,
                   aimc::experiments::crossnas::BuildTable3Report(absl::GetFlag(FLAGS_genotypes)));
  std::printf("%s\n%s", report.text.c_str(),
              aimc::experiments::FormatChecks(report.checks).c_str());
  for (const aimc::experiments::Check& c : report.checks) {
    if (!c.pass) return absl::InternalError("a Table 3 check failed");
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return aimc::experiments::RunExperimentMain(
      argc, argv, "CrossNAS Table 3: cost of the well-known models, paper vs ours", "table3_cost",
      "(cost model only, no accuracy)", Run);
}
