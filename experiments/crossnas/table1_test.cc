#include "experiments/crossnas/table1.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aimc::experiments::crossnas {
namespace {

using ::testing::HasSubstr;

TEST(Table1Test, EveryCheckPasses) {
  const Table1Report r = BuildTable1Report();
  ASSERT_EQ(r.checks.size(), 7u);
  for (const Check& c : r.checks) EXPECT_TRUE(c.pass) << c.id << " " << c.measured;
  EXPECT_THAT(r.text, HasSubstr("44,415,630"));
  EXPECT_THAT(r.text, HasSubstr("60,037,854,118,799,616"));
  EXPECT_THAT(r.text, HasSubstr("VGG, MVGG, RES"));
}

TEST(Table1Test, WithThousands) {
  EXPECT_EQ(WithThousands("0"), "0");
  EXPECT_EQ(WithThousands("999"), "999");
  EXPECT_EQ(WithThousands("1000"), "1,000");
  EXPECT_EQ(WithThousands("44415630"), "44,415,630");
}

}  // namespace
}  // namespace aimc::experiments::crossnas
