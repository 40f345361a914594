#include "nas/crossnas/space_size.h"

#include <cmath>
#include <vector>

#include "gtest/gtest.h"
#include "nas/crossnas/arch_genotype.h"
#include "nas/crossnas/qpim_genotype.h"

namespace aimc::nas::crossnas {
namespace {

TEST(SpaceSizeTest, SpecNumbers) {
  // crossnas_spec.md §2.4 [D].
  const ArchSpaceOptions c10 = Cifar10ArchSpace();
  EXPECT_EQ(NominalArchCount(c10), 48'427'560u);
  EXPECT_EQ(LegalArchCount(c10), 44'415'630u);
  EXPECT_EQ(LegalArchCountsByDepth(c10),
            (std::vector<uint64_t>{9, 81, 729, 6561, 58'806, 521'964, 4'566'456, 39'261'024}));
  EXPECT_EQ(RawGenotypeCount(c10), 214'358'881u);
  EXPECT_EQ(QpimConfigsPerArch(5), 59'049u * 32);
  // 32 * Σ 81^n ≈ 6.0e16 and per-conv bits ≈ 8.3e28, both without the cap.
  const double joint = static_cast<double>(JointSpaceSize(c10, false, false));
  EXPECT_NEAR(joint / 1e16, 6.0, 0.05);
  double want = 0;
  for (int n = 1; n <= 8; ++n) want += std::pow(81.0, n);
  EXPECT_DOUBLE_EQ(joint, 32 * want);
  EXPECT_NEAR(static_cast<double>(JointSpaceSize(c10, true, false)) / 1e28, 8.3, 0.05);
  EXPECT_EQ(Count128ToString(JointSpaceSize(c10, false, false)), "60037854118799616");
  // The cap: per-block joint count = 32 Σ_arch 9^depth.
  uint64_t capped = 0, power = 1;
  for (uint64_t c : LegalArchCountsByDepth(c10)) capped += c * (power *= 9);
  EXPECT_EQ(JointSpaceSize(c10, false, true), static_cast<Count128>(capped) * 32);
}

TEST(SpaceSizeTest, ClosedFormEqualsEnumeration) {
  for (bool res2 : {false, true}) {
    for (int slots = 1; slots <= 5; ++slots) {
      for (int cap : {0, 1, 2, 4}) {
        ArchSpaceOptions o;
        o.max_blocks = slots;
        o.max_downsampling_blocks = cap;
        o.res_stride2 = res2;
        EXPECT_EQ(LegalArchCountsByDepth(o), EnumerateLegalArchCountsByDepth(o))
            << slots << " slots, cap " << cap << ", res2 " << res2;
      }
    }
  }
}

TEST(SpaceSizeTest, CodeLegalRawCountByBruteForce) {
  ArchSpaceOptions o;
  o.max_blocks = 4;
  o.max_downsampling_blocks = 2;
  uint64_t count = 0;
  for (int code = 0; code < 11 * 11 * 11 * 11; ++code) {
    std::vector<int> genes;
    for (int c = code, i = 0; i < 4; ++i, c /= 11) genes.push_back(c % 11);
    if (IsSkipGene(genes[0])) continue;
    if (ArchGenotype::FromGenes(genes, 4)->NumDownsamplingBlocks(false) <= 2) ++count;
  }
  EXPECT_EQ(CodeLegalRawGenotypeCount(o), count);
}

TEST(SpaceSizeTest, Cifar100CapCountsStride2Res) {
  // Σ_v C(n,v) 6^v 3^(n-v) over v <= 4; n = 5: 9^5 - 6^5.
  EXPECT_EQ(LegalArchCountsByDepth(Cifar100ArchSpace())[4], 59'049u - 7'776u);
}

TEST(SpaceSizeTest, Table1Rows) {
  const std::vector<Table1Row> rows = Table1Rows(Cifar10ArchSpace());
  ASSERT_EQ(rows.size(), 8u);
  EXPECT_EQ(rows[0].choices, "1-8");
  EXPECT_EQ(rows[1].choices, "VGG, MVGG, RES");
  EXPECT_EQ(rows[2].choices, "32, 64, 128");
  EXPECT_EQ(rows[5].choices, "32, 64, 128, 256");
  EXPECT_EQ(rows[6].choices, "4, 6, 8, 10");
  EXPECT_EQ(rows[7].choices, "1, 2");
}

}  // namespace
}  // namespace aimc::nas::crossnas
