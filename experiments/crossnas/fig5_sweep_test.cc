// Tests of the Fig. 5 sweep's pure functions on hand-built points: the CSV (bits, X, ADC,
// DAC parsed from the map), the Fig. 6 text, each §9.5 check passing on a sweep that has the
// property and failing on one that breaks it, a missing input named, and the plot file.
#include "experiments/crossnas/fig5_sweep.h"

#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aimc::experiments::crossnas {
namespace {

using ::testing::HasSubstr;

SweepPoint Point(double w, double acc, double edp, const std::string& arch,
                 const std::string& qpim) {
  SweepPoint p;
  p.w = w;
  p.accuracy_pct = acc;
  p.edp_mj_ms = edp;
  p.energy_mj = edp;
  p.latency_ms = 1;
  p.architecture = arch;
  p.qpim = qpim;
  p.top_k_qpim = {qpim, qpim};
  p.qat_accuracy_pct = acc;
  p.adc10_pct = acc + 0.5;
  p.adc4_pct = acc - 20;
  p.dac1_pct = acc;
  p.dac2_energy_mj = 1;
  p.dac1_energy_mj = 1.5;
  p.dac2_latency_ms = 1;
  p.dac1_latency_ms = 1.1;
  return p;
}

// A sweep with every §9.5 property, and baselines in the paper's EDP order.
std::vector<SweepPoint> GoodSweep() {
  return {Point(0.99, 60, 0.30, "RES-64,VGG-32", "9/9,9/7;xbar=256,adc=8,dac=2"),
          Point(0.9, 59, 0.20, "VGG-32,RES-64", "7/7,7/7;xbar=256,adc=8,dac=2"),
          Point(0.8, 58, 0.10, "VGG-32", "7/5;xbar=256,adc=6,dac=2")};
}

std::vector<BaselineRow> Baselines() {
  std::vector<BaselineRow> rows(3);
  rows[0].model = "AlexNet";
  rows[0].cost.edp_mj_ms = 0.27;
  rows[1].model = "VGG16";
  rows[1].cost.edp_mj_ms = 7.4;
  rows[2].model = "ResNet18";
  rows[2].cost.edp_mj_ms = 2.96;
  return rows;
}

bool Passes(const std::vector<Check>& checks, const std::string& id) {
  for (const Check& c : checks) {
    if (c.id == id) return c.pass;
  }
  ADD_FAILURE() << "no check " << id;
  return false;
}

TEST(Fig5SweepTest, CsvAndFig6Text) {
  absl::StatusOr<std::string> csv = SweepCsv(GoodSweep());
  ASSERT_TRUE(csv.ok()) << csv.status();
  EXPECT_THAT(*csv, HasSubstr("w,accuracy_pct,energy_mj"));
  EXPECT_THAT(*csv, HasSubstr("0.8,58.00,0.1,1,0.1,0,\"VGG-32\",\"7/5\",256,6,2,0.00\n"));
  EXPECT_THAT(Fig6Text(GoodSweep()), HasSubstr("9/9 9/7; X 256, ADC 8 b, DAC 2 b"));
  std::vector<SweepPoint> bad = GoodSweep();
  bad[1].qpim = "7/7;xbar=100";
  EXPECT_EQ(SweepCsv(bad).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(SweepCsv(bad).status().message(), HasSubstr("w=0.9"));
}

TEST(Fig5SweepTest, ChecksPassOnTheirPropertyAndFailWithout) {
  const std::vector<Check> good = SweepChecks(GoodSweep(), Baselines());
  for (const char* id : {"F5a", "F5b", "F5c", "F5d", "F5e", "F5f"}) {
    EXPECT_TRUE(Passes(good, id)) << id;
  }
  std::vector<SweepPoint> s = GoodSweep();
  s[0].edp_mj_ms = 0.15;  // only 1.5x the w 0.8 EDP
  EXPECT_FALSE(Passes(SweepChecks(s, Baselines()), "F5a"));
  s = GoodSweep();
  s[0].accuracy_pct = 70;  // gap 12 > 5
  EXPECT_FALSE(Passes(SweepChecks(s, Baselines()), "F5a"));

  s = GoodSweep();
  s[2].edp_mj_ms = 0.5;  // EDP rises at w 0.8 above both: 1 inversion, allowed...
  EXPECT_TRUE(Passes(SweepChecks(s, Baselines()), "F5b"));
  s[2].accuracy_pct = 65;  // ...but F5c (0.8 < 0.99) breaks
  EXPECT_FALSE(Passes(SweepChecks(s, Baselines()), "F5c"));
  s.push_back(Point(0.7, 66, 0.9, "VGG-32", "7/5;xbar=256,adc=6,dac=2"));  // 2 inversions
  EXPECT_FALSE(Passes(SweepChecks(s, Baselines()), "F5b"));

  EXPECT_FALSE(Passes(SweepChecks(GoodSweep(), {}), "F5c"));  // baselines missing
  s = GoodSweep();
  s[2].top_k_qpim = {"7/5;xbar=64,adc=10,dac=1", "7/5;xbar=64,adc=10,dac=1"};
  EXPECT_FALSE(Passes(SweepChecks(s, Baselines()), "F5d"));
  s = GoodSweep();
  s[2].architecture = "RES-32";
  EXPECT_FALSE(Passes(SweepChecks(s, Baselines()), "F5e"));
  s = GoodSweep();
  s[1].adc4_pct = s[1].adc10_pct - 1;  // ADC 4 b barely lower
  EXPECT_FALSE(Passes(SweepChecks(s, Baselines()), "F5f"));
}

TEST(Fig5SweepTest, WritesThePlot) {
  const char* tmp = std::getenv("TEST_TMPDIR");
  const std::string path = absl::StrCat(tmp != nullptr ? tmp : "/tmp", "/fig5_test.png");
  const absl::Status s = WriteFig5Plot(GoodSweep(), Baselines(), path, "test");
  if (absl::IsFailedPrecondition(s)) GTEST_SKIP() << s;  // no gnuplot on this machine
  ASSERT_TRUE(s.ok()) << s;
  EXPECT_GT(std::filesystem::file_size(path), 1000u);
}

}  // namespace
}  // namespace aimc::experiments::crossnas
