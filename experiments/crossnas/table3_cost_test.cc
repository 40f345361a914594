#include "experiments/crossnas/table3_cost.h"

#include <cmath>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_format.h"
#include "crossbar/cost/cost_model.h"
#include "crossbar/cost/networks.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aimc::experiments::crossnas {
namespace {

using ::testing::HasSubstr;

Table3Row Made(const char* name, double e, double l, double edp) {
  Table3Row r;
  r.name = name;
  r.ours = CostValues{e, l, edp, 100};
  return r;
}

TEST(Table3CostTest, OneRowPerNetAndRatiosFromTheLibrary) {
  const absl::StatusOr<Table3Report> r = BuildTable3Report("");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows.size(), 5u);  // 3 baselines + 2 paper-only CrossNAS rows
  const absl::StatusOr<crossbar::cost::CostConfig> config = Table3Config();
  ASSERT_TRUE(config.ok()) << config.status();
  const crossbar::cost::Network nets[] = {crossbar::cost::AlexNet(), crossbar::cost::Vgg16(),
                                          crossbar::cost::ResNet18()};
  const char* names[] = {"AlexNet", "VGG16", "ResNet18"};
  for (int i = 0; i < 3; ++i) {
    const Table3Row& row = r->rows[i];
    EXPECT_EQ(row.name, names[i]);
    ASSERT_TRUE(row.ours.has_value() && row.paper.has_value());
    const absl::StatusOr<crossbar::cost::NetworkCost> c =
        crossbar::cost::EvaluateNetwork(nets[i], *config);
    ASSERT_TRUE(c.ok()) << c.status();
    EXPECT_DOUBLE_EQ(row.ours->energy_mj, c->energy_mj());
    EXPECT_DOUBLE_EQ(row.ours->latency_ms, c->latency_ms());
    EXPECT_DOUBLE_EQ(row.ours->edp_mj_ms, c->edp_mj_ms());
    EXPECT_DOUBLE_EQ(row.ours->area_mm2, c->area_mm2());
    EXPECT_DOUBLE_EQ(Ratio(row.ours->edp_mj_ms, row.paper->edp_mj_ms),
                     c->edp_mj_ms() / row.paper->edp_mj_ms);
    EXPECT_THAT(r->text,
                HasSubstr(absl::StrFormat(" %.3f\n", c->area_mm2() / row.paper->area_mm2)));
  }
  EXPECT_FALSE(r->rows[3].ours.has_value());
  EXPECT_THAT(r->text, HasSubstr("cost at full width (paper scale); no accuracy"));
  EXPECT_THAT(r->text, HasSubstr("not run (needs the supernet/QAT, issue 13)"));
  ASSERT_EQ(r->checks.size(), 2u);
  EXPECT_EQ(r->checks[1].id, "T3b");
  EXPECT_TRUE(r->checks[1].pass) << r->checks[1].measured;
}

TEST(Table3CostTest, RatioIsOursOverPaper) {
  EXPECT_DOUBLE_EQ(Ratio(2.0, 4.0), 0.5);
  EXPECT_TRUE(std::isnan(Ratio(1.0, 0.0)));
}

TEST(Table3CostTest, ChecksEvaluateBothWaysOnMadeUpNumbers) {
  std::vector<Table3Row> good = {Made("AlexNet", 1, 1, 1), Made("VGG16", 2, 5, 10),
                                 Made("ResNet18", 2, 2, 4)};
  std::vector<Check> c = Table3Checks(good);
  ASSERT_EQ(c.size(), 2u);
  EXPECT_TRUE(c[0].pass) << c[0].measured;
  EXPECT_TRUE(c[1].pass) << c[1].measured;

  // ResNet18 above VGG16 fails T3a; an EDP that is not E x L fails T3b.
  std::vector<Table3Row> bad = {Made("AlexNet", 1, 1, 1), Made("VGG16", 2, 2, 4),
                                Made("ResNet18", 2, 5, 11)};
  c = Table3Checks(bad);
  EXPECT_FALSE(c[0].pass);
  EXPECT_FALSE(c[1].pass);

  // AlexNet not lowest fails T3a; a missing baseline fails it too.
  std::vector<Table3Row> alex_high = {Made("AlexNet", 5, 1, 5), Made("VGG16", 2, 5, 10),
                                      Made("ResNet18", 2, 2, 4)};
  EXPECT_FALSE(Table3Checks(alex_high)[0].pass);
  EXPECT_FALSE(Table3Checks({Made("AlexNet", 1, 1, 1)})[0].pass);

  // The paper rows satisfy E x L = EDP to their rounding.
  EXPECT_TRUE(Table3Checks(PaperTable3Rows())[1].pass);
}

TEST(Table3CostTest, GenotypesAddRows) {
  const absl::StatusOr<Table3Report> r = BuildTable3Report("VGG:32,RES:64;MVGG:128:7:5");
  ASSERT_TRUE(r.ok()) << r.status();
  ASSERT_EQ(r->rows.size(), 7u);
  EXPECT_EQ(r->rows[5].name, "CrossNAS VGG:32,RES:64");
  EXPECT_EQ(r->rows[6].name, "CrossNAS MVGG:128:7:5");
  EXPECT_TRUE(r->rows[6].ours.has_value());
  EXPECT_FALSE(r->rows[6].paper.has_value());
}

TEST(Table3CostTest, BadGenotypesAreInvalidArgument) {
  absl::StatusOr<Table3Report> r = BuildTable3Report("VGG:32;FOO:64");
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("entry 2"));
  EXPECT_THAT(r.status().message(), HasSubstr("FOO"));

  r = BuildTable3Report("VGG:32;;RES:64");
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("entry 2 is empty"));

  r = BuildTable3Report("VGG:32:0:9");
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(r.status().message(), HasSubstr("entry 1"));
}

}  // namespace
}  // namespace aimc::experiments::crossnas
