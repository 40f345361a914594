#include "common/report_table.h"

#include <string>

#include "gtest/gtest.h"

namespace aimc {
namespace {

TEST(ReportTableTest, MeanAndSampleStdOverInstancesInFirstSeenOrder) {
  ReportTable table;
  for (double v : {1.0, 2.0, 3.0}) {
    table.Add("programmed", std::nullopt, "w_err", v);
    table.Add("drifted", 60.0, "alpha", 2 * v);
  }
  const auto rows = table.Rows();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].quantity, "w_err");
  EXPECT_DOUBLE_EQ(rows[0].mean, 2.0);
  EXPECT_DOUBLE_EQ(rows[0].sd, 1.0);  // sample std of 1, 2, 3
  EXPECT_EQ(rows[1].instances, 3);
  EXPECT_EQ(table.Csv({"pcm", "pair", "exact"}),
            "pcm,pair,exact,programmed,,w_err,2,1,3\n"
            "pcm,pair,exact,drifted,60,alpha,4,2,3\n");
}

TEST(ReportTableTest, OneInstanceHasEmptySd) {
  ReportTable table;
  table.Add("unprogrammed", std::nullopt, "rel_err", 0.25);
  EXPECT_EQ(table.Csv({"ideal"}), "ideal,unprogrammed,,rel_err,0.25,,1\n");
  EXPECT_NE(table.Text().find("rel_err"), std::string::npos);
}

// The test binary links no BLAS, so the line must say so rather than guess.
TEST(MachineDescriptionTest, NamesThreadsCpuAndBlas) {
  const std::string line = MachineDescription(3);
  EXPECT_EQ(line.rfind("3 thread(s) on ", 0), 0u) << line;
  EXPECT_NE(line.find("hardware threads, "), std::string::npos) << line;
  EXPECT_NE(line.find("BLAS: no OpenBLAS loaded"), std::string::npos) << line;
}

}  // namespace
}  // namespace aimc
