#include "nas/search/internal/draws.h"

#include <cmath>
#include <numbers>
#include <numeric>
#include <vector>

#include "common/status_macros.h"

namespace aimc::nas::search::internal {

double UniformDouble(RandomCursor& rng) {
  const uint64_t high = rng.NextBits() >> 5;  // 27 bits
  const uint64_t low = rng.NextBits() >> 6;   // 26 bits
  return static_cast<double>((high << 26) | low) * 0x1.0p-53;
}

bool Bernoulli(RandomCursor& rng, double p) {
  if (p <= 0) return false;
  if (p >= 1) return true;
  return UniformDouble(rng) < p;
}

double StandardNormal(RandomCursor& rng) {
  const double u1 = 1.0 - UniformDouble(rng);  // (0, 1]: log is finite
  const double u2 = UniformDouble(rng);
  return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * std::numbers::pi * u2);
}

std::vector<Cell> SampleDistinctCells(int count, RandomCursor& rng) {
  AIMC_CHECK(count >= 0 && count <= kNumCells);
  std::vector<int> index(kNumCells);
  std::iota(index.begin(), index.end(), 0);
  std::vector<Cell> out;
  out.reserve(count);
  const absl::Span<const Cell> all = AllCells();
  for (int i = 0; i < count; ++i) {
    const int j = i + rng.UniformInt(kNumCells - i);
    std::swap(index[i], index[j]);
    out.push_back(all[index[i]]);
  }
  return out;
}

Cell MutatePerEdge(const Cell& parent, RandomCursor& rng) {
  Cell child = parent;
  for (int k = 0; k < kNumEdges; ++k) {
    if (rng.UniformInt(kNumEdges - 2) != 0) continue;  // p = 1 / (6 - 2)
    const int old_code = OpCode(parent.op(k));
    int code = rng.UniformInt(kNumOps - 1);
    if (code >= old_code) ++code;
    child = child.WithOp(k, static_cast<Op>(code));
  }
  return child;
}

int HammingDistance(const Cell& a, const Cell& b) {
  int d = 0;
  for (int k = 0; k < kNumEdges; ++k) d += a.op(k) != b.op(k);
  return d;
}

}  // namespace aimc::nas::search::internal
