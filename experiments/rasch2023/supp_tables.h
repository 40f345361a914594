// Supp. Tables 2, 4 and 6 of Rasch et al. 2023 (vant_rasch_spec.md B.4) from
// evaluated errors: the rows beside the paper's, and the checks with their
// verdicts. Plain C++ (the errors come from rasch_models.h), so every verdict
// is tested on made-up errors both ways. Thread-safe (pure functions).
#ifndef AIMC_EXPERIMENTS_RASCH2023_SUPP_TABLES_H_
#define AIMC_EXPERIMENTS_RASCH2023_SUPP_TABLES_H_

#include <string>
#include <vector>

#include "experiments/rasch2023/rasch_stats.h"

namespace aimc::experiments::rasch2023 {

// Supp. Table 2's rows, in the paper's order.
enum Table2Row { kT2Joshi, kT2Ours, kT2Fp, kT2OnlyOut, kT2OnlyShort, kT2NoNoise, kT2Rows };
const char* Table2RowName(int row);

// One net's evaluations: per row the training trials' errors at the paper's
// four times.
struct Table2Net {
  std::string net;  // "R20"
  std::vector<DriftErrors> rows[kT2Rows];
};
// Rows of every net; checks T2a-T2d over all nets (each must hold for each).
Report Table2Report(const std::vector<Table2Net>& nets);

// Supp. Table 4: the ours-HWA models under PCM and ReRAM at 1 s and 1 d.
struct Table4Net {
  std::string net;
  double fp_error_pct = 0;
  std::vector<DriftErrors> pcm, reram;  // times {1 s, 1 d}
};
Report Table4Report(const std::vector<Table4Net>& nets);

// Supp. Table 6: the FP models directly mapped, tile-wise vs column-wise.
struct Table6Net {
  std::string net;
  double fp_error_pct = 0;
  DriftErrors tile, column;  // the paper's four times
};
Report Table6Report(const std::vector<Table6Net>& nets);

// Supp. Fig. 2: ΔA*^{1d} = A*(N levels) − A*(floating-point scales), paired
// per (training trial, inference trial), for each N of `levels`.
struct Fig2Net {
  std::string net;
  double fp_error_pct = 0;
  std::vector<DriftErrors> reference;              // per training trial, one time (1 d)
  std::vector<std::vector<DriftErrors>> by_level;  // [level][training trial]
};
Report Fig2Report(const std::vector<int>& levels, const std::vector<Fig2Net>& nets);

// Supp. B.1: A*^{1s} with noise and bound management on vs off.
struct B1Net {
  std::string net;
  double fp_error_pct = 0;
  std::vector<DriftErrors> off, on;  // per training trial, one time (1 s)
};
Report B1Report(const std::vector<B1Net>& nets);

// Supp. Table 5 and Supp. Fig. 1 C-F: HWA with injected noise of type C, P
// or R at each strength, evaluated at 1 d on ReRAM and on PCM.
enum Table5Type { kT5C, kT5P, kT5R, kT5Types };
enum Table5Eval { kT5Reram, kT5Pcm, kT5Evals };
struct Table5Net {
  std::string net;
  double fp_error_pct = 0;
  std::vector<double> strengths;
  // errors[type][eval][strength index]: per training trial, one time (1 d).
  std::vector<std::vector<DriftErrors>> errors[kT5Types][kT5Evals];
};
// The Fig. 1 C-F curves: one row per (net, type, evaluation), one column per
// strength, then the best strength.
Report Fig1CurvesReport(const std::vector<Table5Net>& nets);
// Table 5: per net the best strength's error of each type on each
// evaluation (selected per (type, evaluation), B.4); checks T5a-T5c.
Report Table5Report(const std::vector<Table5Net>& nets);

// Supp. Table 7: the hyper-parameter set with the lowest error averaged over
// the drift times (each candidate: its trials' errors at every time).
// REQUIRES: !candidates.empty().
size_t SelectByMeanOverTimes(const std::vector<std::vector<DriftErrors>>& candidates);

// The winners of the three budgets of Supp. Table 7, with their trials'
// errors at the paper's four times: column-wise scales over its 4 sets,
// tile-wise over the same 4 (fixed clip), tile-wise over 16 (+ Gaussian clip).
enum Table7Budget { kT7Column, kT7Tile4, kT7Tile16, kT7Budgets };
struct Table7Net {
  std::string net;
  std::string winner[kT7Budgets];  // the chosen set, e.g. "lr 0.005 noise 3"
  int sets[kT7Budgets] = {0, 0, 0};
  std::vector<DriftErrors> errors[kT7Budgets];
};
Report Table7Report(const std::vector<Table7Net>& nets);

// Supp. Table 8 (B.4): the output columns of `layers` (indices into
// `scores`, one score per column) ranked together by score; the n largest
// (or smallest; ties by position) become exempt. Masks for every layer of
// `scores`, all false outside `layers`. REQUIRES: 0 <= n.
std::vector<std::vector<bool>> TopColumnMasks(const std::vector<std::vector<double>>& scores,
                                              const std::vector<int>& layers, int64_t n,
                                              bool largest);

// Supp. Table 8: A* at one time with no exemption, the largest 1/8, 1/4, 1/2
// of the K most sensitive layers' columns by gradient score, all of them
// ("max") and the smallest 1/2. Errors per training trial, one time each.
enum Table8Column { kT8None, kT8Eighth, kT8Quarter, kT8Half, kT8Max, kT8SmallestHalf, kT8Columns };
struct Table8Net {
  std::string net;
  double fp_error_pct = 0;
  std::vector<DriftErrors> errors[kT8Columns];
};
Report Table8Report(const std::vector<Table8Net>& nets);

}  // namespace aimc::experiments::rasch2023

#endif  // AIMC_EXPERIMENTS_RASCH2023_SUPP_TABLES_H_
