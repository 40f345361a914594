// CrossNAS Fig. 5 and the §9.5 findings over a w sweep (crossnas_spec.md §8.5, §8.6, §9.4,
// §9.5): from one finished pipeline report per w (pipeline.h, stages 1-4) and optionally
// the Table 3 baselines (table3_baselines.h), the CSV of (w, accuracy, E, L, EDP, area,
// architecture, bit map, X, ADC, DAC), the accuracy-vs-log10(EDP) plot beside the paper's
// quoted points, the Fig. 6 text (selected architectures and maps) and the checks of §9.5
// items 1-3 and 5-7. Pure functions of the reports (no LibTorch, no training); Thread-safe.
#ifndef AIMC_EXPERIMENTS_CROSSNAS_FIG5_SWEEP_H_
#define AIMC_EXPERIMENTS_CROSSNAS_FIG5_SWEEP_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "experiments/checks.h"
#include "experiments/crossnas/table3_baselines.h"

namespace aimc::experiments::crossnas {

// One w of the sweep, from PipelineReport::best and ::qpim.
struct SweepPoint {
  double w = 0;
  std::string architecture;  // "VGG-32,RES-64"
  std::string qpim;          // QpimToString of the stage-4 winner
  double accuracy_pct = 0;   // final PIM accuracy on the test images, tier scale
  double energy_mj = 0;      // full width, the winner's bits and PIM config
  double latency_ms = 0;
  double edp_mj_ms = 0;
  double area_mm2 = 0;
  double stage2_accuracy_pct = 0;            // stage-1 supernet accuracy of the architecture
  std::vector<std::string> top_k_qpim = {};  // the stage-4 archive, best first
  // §9.5 item 7 on the winner's fine-tuned net.
  double qat_accuracy_pct = 0, adc10_pct = 0, adc4_pct = 0, dac1_pct = 0;
  double dac2_energy_mj = 0, dac1_energy_mj = 0, dac2_latency_ms = 0, dac1_latency_ms = 0;
};

// Header line, then one line per point in the given order. Bits, X, ADC and DAC come from
// parsing `qpim`: InvalidArgument naming the point when it does not parse.
absl::StatusOr<std::string> SweepCsv(const std::vector<SweepPoint>& points);

// Fig. 6 as text: per w the architecture, its blocks' WB/AB and the PIM configuration.
std::string Fig6Text(const std::vector<SweepPoint>& points);

// §9.5 checks on points sorted by falling w (the caller's order is kept if it is):
// F5a item 1 (w 0.99 vs 0.8: higher accuracy and EDP, EDP ratio >= 2, gap <= 5 points);
// F5b item 2 (EDP and accuracy non-increasing as w falls, one inversion allowed each);
// F5c item 3 (EDP: CrossNAS 0.8 < 0.99 < ResNet18 < VGG16, 0.99 <= 1.5x AlexNet; needs
// baselines); F5d item 5 (EDP-focused w <= 0.8: X 256 and DAC 2 b in most of its top-K,
// ADC <= 8 b; w >= 0.99: ADC >= 8 b); F5e item 6 (w <= 0.8 starts with VGG); F5f item 7
// (ADC 10 b within 1 point of QAT, ADC 4 b clearly lower (>= 5 points), DAC 1 b within 1
// point of 2 b and costing more E and L). A check whose inputs are missing fails and says
// which. Item 4 is printed by the table, not checked (its "few points" is not a number).
std::vector<Check> SweepChecks(const std::vector<SweepPoint>& points,
                               const std::vector<BaselineRow>& baselines);

// The accuracy-vs-log10(EDP) plot (PNG or SVG by extension): our sweep, our baselines (if
// any), and the paper's quoted CrossNAS, NACIM and Gibbon points (Table 2).
absl::Status WriteFig5Plot(const std::vector<SweepPoint>& points,
                           const std::vector<BaselineRow>& baselines, absl::string_view path,
                           absl::string_view scale_note);

}  // namespace aimc::experiments::crossnas

#endif  // AIMC_EXPERIMENTS_CROSSNAS_FIG5_SWEEP_H_
