#include "nas/search/testing/synthetic_objective.h"

#include "absl/strings/str_cat.h"

namespace aimc::nas::search::testing {
namespace {

// SplitMix64 finaliser (Steele et al. 2014).
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

absl::StatusOr<double> PlantedObjective::Evaluate(const Cell& cell) {
  if (cell == optimum_) return kOptimumValue;
  int distance = 0;
  for (int k = 0; k < kNumEdges; ++k) distance += cell.op(k) != optimum_.op(k);
  const double u = static_cast<double>(Mix(salt_ * kNumCells + cell.LexIndex()) >> 11) * 0x1.0p-53;
  return kOptimumValue - 2.0 * distance - u;
}

absl::StatusOr<double> FailingObjective::Evaluate(const Cell& cell) {
  if (++calls_ > num_ok_) {
    return absl::NotFoundError(absl::StrCat("no value for cell ", cell.ToTupleString()));
  }
  return inner_->Evaluate(cell);
}

}  // namespace aimc::nas::search::testing
