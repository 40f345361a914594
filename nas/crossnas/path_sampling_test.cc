#include "nas/crossnas/path_sampling.h"

#include <cmath>
#include <map>
#include <vector>

#include "common/random.h"
#include "common/random_cursor.h"
#include "gtest/gtest.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/space_size.h"

namespace aimc::nas::crossnas {
namespace {

// Upper 0.999 quantile of chi-square with k degrees of freedom (Wilson-
// Hilferty; within 1 % of the exact quantile for k >= 2). Each test below is
// one fixed-seed draw, so it is deterministic; at a fresh seed it would fail
// with probability 1e-3 per statistic.
double ChiSquare999(int k) {
  const double z = 3.0902;  // Phi^-1(0.999)
  const double a = 2.0 / (9.0 * k);
  return k * std::pow(1 - a + z * std::sqrt(a), 3);
}

double ChiSquare(const std::vector<double>& observed, const std::vector<double>& expected) {
  double chi2 = 0;
  for (size_t i = 0; i < observed.size(); ++i) {
    chi2 += (observed[i] - expected[i]) * (observed[i] - expected[i]) / expected[i];
  }
  return chi2;
}

TEST(PathSamplingTest, ExactDepthProbabilities) {
  // P(types legal | n): 1 for n <= 4, 1 - 1/243, 1 - 13/729, 1 - 99/2187, 1 - 577/6561.
  const std::vector<double> p = ExactDepthProbabilities(Cifar10ArchSpace());
  const double z = 4 + (1 - 1 / 243.0) + (1 - 13 / 729.0) + (1 - 99 / 2187.0) + (1 - 577 / 6561.0);
  EXPECT_NEAR(p[0], 1 / z, 1e-12);
  EXPECT_NEAR(p[7], (1 - 577 / 6561.0) / z, 1e-12);
  double sum = 0;
  for (double x : p) sum += x;
  EXPECT_NEAR(sum, 1, 1e-12);
}

TEST(PathSamplingTest, DepthTypeAndWidthFrequencies) {
  const ArchSpaceOptions options = Cifar10ArchSpace();
  RandomCursor rng(RandomStream(StreamKey{20250528, 0, 0, 0}));
  constexpr int kSamples = 60'000;
  std::vector<double> depth(8, 0), width(3, 0);
  std::vector<std::vector<double>> vgg_by_depth(8, std::vector<double>(2, 0));  // VGG, other
  for (int s = 0; s < kSamples; ++s) {
    const ArchGenotype g = SampleSposPath(options, rng);
    ASSERT_TRUE(g.IsCanonical());
    ASSERT_TRUE(IsArchLegal(g, options)) << g.ToString();
    depth[g.depth() - 1] += 1;
    for (int gene : g.ActiveGenes()) {
      width[gene % 3] += 1;
      vgg_by_depth[g.depth() - 1][GeneBlockType(gene) == BlockType::kVgg ? 0 : 1] += 1;
    }
  }
  std::vector<double> want_depth;
  for (double p : ExactDepthProbabilities(options)) want_depth.push_back(p * kSamples);
  EXPECT_LT(ChiSquare(depth, want_depth), ChiSquare999(7));
  double blocks = width[0] + width[1] + width[2];
  EXPECT_LT(ChiSquare(width, {blocks / 3, blocks / 3, blocks / 3}), ChiSquare999(2));
  // Given depth n the type sequence is uniform over the legal ones, so the VGG
  // share is E[v] / n with v ~ Binomial(n, 1/3) truncated at 4.
  for (int n = 1; n <= 8; ++n) {
    double num = 0, den = 0, binom = 1;
    for (int v = 0; v <= std::min(n, 4); ++v) {
      const double w = binom * std::pow(2.0, n - v);
      num += v * w;
      den += w;
      binom = binom * (n - v) / (v + 1);
    }
    const double p_vgg = num / (n * den);
    const double total = vgg_by_depth[n - 1][0] + vgg_by_depth[n - 1][1];
    // Blocks of one architecture are dependent (the cap couples them); scale
    // the binomial variance by n as a conservative design effect.
    EXPECT_LT(ChiSquare(vgg_by_depth[n - 1], {p_vgg * total, (1 - p_vgg) * total}) / n,
              ChiSquare999(1))
        << "depth " << n;
  }
}

TEST(PathSamplingTest, UniformOverArchitecturesWithinEachDepthAtDmax3) {
  // D_max = 3 (T0) never rejects: P(arch) = (1/3) 9^-n for each of the 819.
  ArchSpaceOptions options;
  options.max_blocks = 3;
  RandomCursor rng(RandomStream(StreamKey{7, 0, 0, 0}));
  constexpr int kSamples = 200'000;
  std::map<std::vector<int>, double> counts;
  for (int s = 0; s < kSamples; ++s) counts[SampleSposPath(options, rng).genes()] += 1;
  ASSERT_EQ(counts.size(), LegalArchCount(options));  // every architecture seen
  std::vector<double> observed, expected;
  for (const auto& [genes, count] : counts) {
    const ArchGenotype g = *ArchGenotype::FromGenes(genes, 3);
    observed.push_back(count);
    expected.push_back(kSamples / 3.0 / std::pow(9.0, g.depth()));
  }
  EXPECT_LT(ChiSquare(observed, expected), ChiSquare999(static_cast<int>(counts.size()) - 1));
}

TEST(PathSamplingTest, SameCursorPositionSameSample) {
  RandomCursor a(RandomStream(StreamKey{3, 0, 0, 0}));
  RandomCursor b(RandomStream(StreamKey{3, 0, 0, 0}));
  for (int i = 0; i < 100; ++i) EXPECT_EQ(SampleSposPath({}, a), SampleSposPath({}, b));
  RandomCursor c(a.stream(), a.position());
  EXPECT_EQ(SampleSposPath({}, a), SampleSposPath({}, c));
}

}  // namespace
}  // namespace aimc::nas::crossnas
