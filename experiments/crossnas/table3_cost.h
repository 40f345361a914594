// CrossNAS Table 3 (crossnas_spec.md §8.3, §9.4-9.5): the MNSIM-style cost of
// the bundled CIFAR-10 AlexNet, VGG16 and ResNet18 (9/9 bits) at the CrossNAS
// preset (256 crossbars, ADC choice 2, DAC choice 2, Area_Calculation 1),
// printed beside the paper's rows with ours/paper ratios, plus optional
// CrossNAS block lists; cost at full width, no accuracy (the PIM accuracy needs
// the supernet/QAT, issue 13). Errors: InvalidArgument (bad --genotypes entry,
// naming it), FailedPrecondition (the preset is not the §8.3 setting), and the
// cost model's own. Thread-safe (pure functions).
#ifndef AIMC_EXPERIMENTS_CROSSNAS_TABLE3_COST_H_
#define AIMC_EXPERIMENTS_CROSSNAS_TABLE3_COST_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crossbar/cost/cost_config.pb.h"
#include "crossbar/cost/networks.h"
#include "experiments/checks.h"

namespace aimc::experiments::crossnas {

// One row's cost, in the paper's units.
struct CostValues {
  double energy_mj = 0;
  double latency_ms = 0;
  double edp_mj_ms = 0;
  double area_mm2 = 0;
};

struct Table3Row {
  std::string name;                 // "AlexNet", "VGG16", "ResNet18", "CrossNAS <blocks>"
  std::optional<CostValues> ours;   // unset for paper-only rows
  std::optional<CostValues> paper;  // unset for our own genotypes
  std::optional<double> paper_acc;  // PIM accuracy %, as the paper gives it
};

struct Table3Report {
  std::vector<Table3Row> rows;
  std::string text;           // the table, ready to print
  std::vector<Check> checks;  // T3a (finding 3, baselines), T3b (E x L = EDP)
};

// The paper's Table 3 rows (§8.3), in its order: the three baselines, then
// "CrossNAS w=0.99" and "CrossNAS w=0.8" (paper only).
std::vector<Table3Row> PaperTable3Rows();

// ours / paper, or NaN when paper is 0.
double Ratio(double ours, double paper);

// The "crossnas" preset, verified to be the §8.3 [R] setting.
absl::StatusOr<crossbar::cost::CostConfig> Table3Config();

// ";"-separated block lists in ParseCrossNasBlocks syntax ("VGG:32,RES:64;MVGG:128").
// "" gives none; InvalidArgument naming the entry (1-based) and the problem.
absl::StatusOr<std::vector<std::vector<crossbar::cost::CrossNasBlock>>> ParseGenotypes(
    absl::string_view text);

// T3a: EDP ResNet18 < VGG16 and AlexNet lowest of the three (ours); T3b:
// E x L = EDP on every row (ours to 1e-6 relative, the paper's to 2 %, its
// rounding). Rows missing a baseline fail T3a.
std::vector<Check> Table3Checks(const std::vector<Table3Row>& rows);

// The text table and the checks for the given rows.
Table3Report FormatTable3(std::vector<Table3Row> rows);

// Evaluates the baselines and each genotype of `genotypes` (ParseGenotypes
// syntax) at Table3Config() and formats the report.
absl::StatusOr<Table3Report> BuildTable3Report(absl::string_view genotypes);

}  // namespace aimc::experiments::crossnas

#endif  // AIMC_EXPERIMENTS_CROSSNAS_TABLE3_COST_H_
