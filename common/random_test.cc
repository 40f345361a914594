#include "common/random.h"

#include <Random123/philox.h>

#include <cmath>
#include <vector>

#include "common/parallel.h"
#include "gtest/gtest.h"

namespace aimc {
namespace {

constexpr StreamKey kKey{.seed = 0x123456789abcdefULL, .entity = 7, .instance = 3, .draw = 11};

// Our lane-batched Philox must be Random123's philox4x32 (10 rounds) exactly.
TEST(RandomStreamTest, MatchesRandom123Philox4x32) {
  const RandomStream stream(kKey);
  std::vector<uint32_t> bits(4 * 1000 + 3);
  stream.FillBits(5, absl::MakeSpan(bits));
  r123::Philox4x32 philox;
  const r123::Philox4x32::key_type key = {
      {static_cast<uint32_t>(kKey.seed), static_cast<uint32_t>(kKey.seed >> 32)}};
  for (uint64_t i = 0; i < bits.size(); ++i) {
    const uint64_t n = 5 + i;
    const r123::Philox4x32::ctr_type ctr = {
        {static_cast<uint32_t>(n / 4), kKey.draw, kKey.instance, kKey.entity}};
    const auto out = philox(ctr, key);
    ASSERT_EQ(bits[i], out.v[n % 4]) << "number " << n;
    if (n % 4 == 0) {
      const auto block = stream.Block(n / 4);
      for (int w = 0; w < 4; ++w) ASSERT_EQ(block[w], out.v[w]);
    }
  }
}

TEST(RandomStreamTest, NumberDependsOnlyOnKeyAndIndex) {
  const RandomStream stream(kKey);
  std::vector<float> whole(10000);
  stream.FillNormal(0, absl::MakeSpan(whole));
  // Any split into pieces, in any order, gives the same numbers.
  std::vector<float> pieces(whole.size());
  const size_t cuts[] = {0, 1, 7, 256, 257, 1000, 4097, 9999, 10000};
  for (int c = 7; c >= 0; --c) {
    stream.FillNormal(cuts[c], absl::MakeSpan(pieces).subspan(cuts[c], cuts[c + 1] - cuts[c]));
  }
  EXPECT_EQ(whole, pieces);
  // And so does a parallel fill with 2 threads and an odd grain.
  std::vector<float> parallel(whole.size());
  ParallelFor(parallel.size(), 2, 3, [&](int64_t b, int64_t e) {
    stream.FillNormal(b, absl::MakeSpan(parallel).subspan(b, e - b));
  });
  EXPECT_EQ(whole, parallel);
}

TEST(RandomStreamTest, KeysGiveDifferentStreams) {
  std::vector<float> a(64), b(64);
  RandomStream(kKey).FillUniform(0, absl::MakeSpan(a));
  for (const StreamKey other :
       {StreamKey{kKey.seed + 1, 7, 3, 11}, StreamKey{kKey.seed, 8, 3, 11},
        StreamKey{kKey.seed, 7, 4, 11}, StreamKey{kKey.seed, 7, 3, 12}}) {
    RandomStream(other).FillUniform(0, absl::MakeSpan(b));
    EXPECT_NE(a, b);
  }
}

// Moments of 2^20 normals. Standard errors: mean 1/sqrt(n) ~ 0.001, variance
// sqrt(2/n) ~ 0.0014, 4th moment sqrt(96/n) ~ 0.0096; tolerances are 5 SE
// (false-failure rate < 1e-6 per check; the seed is fixed so the test is
// deterministic).
TEST(RandomStreamTest, NormalMoments) {
  const int n = 1 << 20;
  std::vector<float> z(n);
  RandomStream(kKey).FillNormal(0, absl::MakeSpan(z));
  double m1 = 0, m2 = 0, m3 = 0, m4 = 0, tail = 0;
  for (float v : z) {
    ASSERT_TRUE(std::isfinite(v));
    m1 += v;
    m2 += v * v;
    m3 += v * v * v;
    m4 += double{v} * v * v * v;
    tail += std::abs(v) > 3.0f;
  }
  m1 /= n, m2 /= n, m3 /= n, m4 /= n, tail /= n;
  EXPECT_NEAR(m1, 0.0, 5 / std::sqrt(n));
  EXPECT_NEAR(m2, 1.0, 5 * std::sqrt(2.0 / n));
  EXPECT_NEAR(m3, 0.0, 5 * std::sqrt(15.0 / n));
  EXPECT_NEAR(m4, 3.0, 5 * std::sqrt(96.0 / n));
  // P(|z| > 3) = 0.0026998; binomial SE sqrt(p(1-p)/n) = 5.1e-5.
  EXPECT_NEAR(tail, 0.0026998, 5 * 5.1e-5);
}

TEST(RandomStreamTest, UniformIsInOpenUnitIntervalAndFlat) {
  const int n = 1 << 20;
  std::vector<float> u(n);
  RandomStream(kKey).FillUniform(0, absl::MakeSpan(u));
  std::vector<int> bins(16, 0);
  for (float v : u) {
    ASSERT_GT(v, 0.0f);
    ASSERT_LT(v, 1.0f);
    ++bins[static_cast<int>(v * 16)];
  }
  // Each bin ~ Binomial(n, 1/16): SE = sqrt(n/16 * 15/16) = 248; 5 SE.
  for (int b : bins) EXPECT_NEAR(b, n / 16.0, 5 * 248.0);
}

}  // namespace
}  // namespace aimc
