// bazel run //experiments/crossnas:table1_search_space
// CrossNAS Table 1 (crossnas_spec.md §8.1): the search space, paper vs the
// library's choices, and the space sizes computed by nas/crossnas beside the
// numbers the spec states; ends with the CHECK lines. No flags of its own.
#include <cstdio>

#include "absl/status/status.h"
#include "experiments/checks.h"
#include "experiments/crossnas/table1.h"

namespace {

absl::Status Run() {
  const aimc::experiments::crossnas::Table1Report report =
      aimc::experiments::crossnas::BuildTable1Report();
  std::printf("%s\n%s", report.text.c_str(),
              aimc::experiments::FormatChecks(report.checks).c_str());
  for (const aimc::experiments::Check& c : report.checks) {
    if (!c.pass) return absl::InternalError("a Table 1 check failed");
  }
  return absl::OkStatus();
}

}  // namespace

int main(int argc, char** argv) {
  return aimc::experiments::RunExperimentMain(argc, argv,
                                              "CrossNAS Table 1: the search space and its sizes",
                                              "table1_search_space", "(arithmetic only)", Run);
}
