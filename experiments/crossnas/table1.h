// CrossNAS Table 1 (crossnas_spec.md §2.1, §8.1): the search space as the
// paper lists it beside the choices the library searches, and the space sizes
// of §2.4 computed by nas/crossnas/space_size.h beside the numbers the spec
// states, with one CHECK line per stated number. Plain C++, no Status (the
// sizes are pure arithmetic). Thread-safe (pure functions).
#ifndef AIMC_EXPERIMENTS_CROSSNAS_TABLE1_H_
#define AIMC_EXPERIMENTS_CROSSNAS_TABLE1_H_

#include <cstdint>
#include <string>
#include <vector>

#include "experiments/checks.h"

namespace aimc::experiments::crossnas {

// 44415630 -> "44,415,630".
std::string WithThousands(const std::string& digits);

struct Table1Report {
  std::string text;           // the table and the sizes, ready to print
  std::vector<Check> checks;  // T1a..: one per number the paper/spec states
};

Table1Report BuildTable1Report();

}  // namespace aimc::experiments::crossnas

#endif  // AIMC_EXPERIMENTS_CROSSNAS_TABLE1_H_
