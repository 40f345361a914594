// Draws the search code needs beyond RandomCursor's integers: 53-bit uniform
// doubles, Bernoulli trials, standard normals (Box-Muller on two uniforms, our
// own transform: style.md §6) and samples of distinct cells. All from the
// caller's cursor, which each call advances by a deterministic number of words.
// No call returns a Status. Thread-compatible: pure apart from the cursor.
#ifndef AIMC_NAS_SEARCH_INTERNAL_DRAWS_H_
#define AIMC_NAS_SEARCH_INTERNAL_DRAWS_H_

#include <vector>

#include "common/random_cursor.h"
#include "nas/cell.h"

namespace aimc::nas::search::internal {

// Uniform in [0, 1) on a 2^-53 grid; two words.
double UniformDouble(RandomCursor& rng);

// True with probability p (p <= 0: never, p >= 1: always, no draw then).
bool Bernoulli(RandomCursor& rng, double p);

// A standard normal: Box-Muller's cosine branch on two UniformDouble draws.
double StandardNormal(RandomCursor& rng);

// `count` distinct cells, uniformly without replacement (partial Fisher-Yates
// over the lexicographic indices). REQUIRES: 0 <= count <= kNumCells.
std::vector<Cell> SampleDistinctCells(int count, RandomCursor& rng);

// naszilla's NB201 mutation (§3.2b, §3.4): each of the 6 ops independently,
// with probability 1/4, becomes one of the other 4 ops uniformly; the child may
// equal the parent.
Cell MutatePerEdge(const Cell& parent, RandomCursor& rng);

// Number of positions where a and b differ (0..6).
int HammingDistance(const Cell& a, const Cell& b);

}  // namespace aimc::nas::search::internal

#endif  // AIMC_NAS_SEARCH_INTERNAL_DRAWS_H_
