// Formatting a NetworkCost as a per-layer table with totals (mJ, ms, mm2,
// EDP mJ ms), as text or CSV. Thread-safe (pure functions).
#ifndef AIMC_CROSSBAR_COST_REPORT_H_
#define AIMC_CROSSBAR_COST_REPORT_H_

#include <string>

#include "crossbar/cost/cost_model.h"

namespace aimc::crossbar::cost {

// `header` is printed first as a comment line (config description).
std::string FormatCostText(const NetworkCost& cost, const std::string& header);
std::string FormatCostCsv(const NetworkCost& cost);

}  // namespace aimc::crossbar::cost

#endif  // AIMC_CROSSBAR_COST_REPORT_H_
