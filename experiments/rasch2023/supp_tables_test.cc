// Supp. Tables 2, 4 and 6 on made-up errors: every check passes in a world
// shaped like the paper's and fails in one where the finding is inverted.
#include "experiments/rasch2023/supp_tables.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"

namespace aimc::experiments::rasch2023 {
namespace {

// Two inference trials at each time, mean `m[k]` ± 0.1.
DriftErrors Errors(const std::vector<double>& times, const std::vector<double>& m) {
  DriftErrors e;
  e.times_s = times;
  for (double v : m) e.errors_pct.push_back({v - 0.1, v + 0.1});
  return e;
}

DriftErrors Four(double a, double b, double c, double d) {
  return Errors(PaperTimesS(), {a, b, c, d});
}

void ExpectChecks(const Report& r, bool pass) {
  ASSERT_FALSE(r.checks.empty());
  for (const Check& c : r.checks) EXPECT_EQ(c.pass, pass) << c.id << ": " << c.measured;
}

Table2Net PaperLikeTable2() {
  Table2Net n{"R20", {}};
  n.rows[kT2Joshi] = {Four(6.8, 7.3, 7.8, 9.6)};
  n.rows[kT2Ours] = {Four(6.8, 7.1, 7.5, 8.4), Four(6.7, 7.0, 7.5, 8.3)};
  n.rows[kT2Fp] = {Four(10.0, 11.9, 14.3, 22.6)};
  n.rows[kT2OnlyOut] = {Four(7.0, 7.4, 8.0, 10.3)};
  n.rows[kT2OnlyShort] = {Four(7.0, 7.6, 8.2, 10.5)};
  n.rows[kT2NoNoise] = {Four(7.4, 8.0, 8.7, 11.4)};
  return n;
}

TEST(SuppTablesTest, Table2HoldsInThePapersWorldAndFailsInverted) {
  const Report r = Table2Report({PaperLikeTable2()});
  ExpectChecks(r, true);
  ASSERT_EQ(r.rows.size(), static_cast<size_t>(kT2Rows));
  EXPECT_DOUBLE_EQ(r.rows[kT2Ours].cells[3].paper, 8.36);
  EXPECT_EQ(r.rows[kT2Ours].cells[3].ours.n, 4);  // 2 training x 2 inference trials
  EXPECT_NEAR(r.rows[kT2Ours].cells[3].ours.mean, 8.35, 1e-12);

  Table2Net inv = PaperLikeTable2();
  // Ours worst of all, and the FP gap shrinking.
  inv.rows[kT2Ours] = {Four(9.0, 12.0, 14.5, 23.0)};
  const Report bad = Table2Report({inv});
  ExpectChecks(bad, false);
  // The CSV has one line per number, plus the header and the checks.
  const std::string csv = FormatReport(r, true);
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1 + kT2Rows * 4 + 4);
  EXPECT_NE(csv.find("supp_table2_hwa,R20,fmnist,\"HWA (this paper's, ours)\",1 y,"
                     "test_error_pct,8.36,8.35,"),
            std::string::npos)
      << csv;
}

TEST(SuppTablesTest, Table4And6Verdicts) {
  const std::vector<double> t = {1.0, 86400.0};
  Table4Net good{"L5", 10.0, {Errors(t, {11.0, 11.5})}, {Errors(t, {11.5, 12.5})}};
  ExpectChecks(Table4Report({good}), true);
  Table4Net bad{"L5", 10.0, {Errors(t, {11.0, 30.0})}, {Errors(t, {40.0, 29.0})}};
  ExpectChecks(Table4Report({bad}), false);
  // A* of ReRAM 1 d: 100 (90 - 12.5) / (90 - 10).
  EXPECT_NEAR(Table4Report({good}).rows[0].cells[5].ours.mean, 96.875, 1e-9);

  Table6Net g6{"R20", 5.8, Four(13.0, 16.0, 17.5, 30.0), Four(10.0, 12.0, 14.0, 22.0)};
  ExpectChecks(Table6Report({g6}), true);
  Table6Net b6{"R20", 5.8, Four(9.0, 11.0, 13.0, 20.0), Four(10.0, 12.0, 14.0, 22.0)};
  ExpectChecks(Table6Report({b6}), false);
}

// Table 5: errors[type][eval] over strengths {1, 3}; P best on both, C near
// P, ReRAM worse than PCM (the paper's world), then the inverse.
Table5Net Table5World(double c, double p, double r, double reram_extra) {
  Table5Net n{"R20", 5.8, {1, 3}, {}};
  const double base[kT5Types] = {c, p, r};
  for (int t = 0; t < kT5Types; ++t) {
    for (int e = 0; e < kT5Evals; ++e) {
      const double shift = e == kT5Reram ? reram_extra : 0;
      // Strength 3 is the better one.
      n.errors[t][e] = {{Errors({86400.0}, {base[t] + shift + 1.0})},
                        {Errors({86400.0}, {base[t] + shift})}};
    }
  }
  return n;
}

TEST(SuppTablesTest, Table5Verdicts) {
  const Report good = Table5Report({Table5World(7.5, 7.4, 7.7, 0.6)});
  ExpectChecks(good, true);
  ASSERT_EQ(good.rows.size(), 1u);
  EXPECT_NEAR(good.rows[0].cells[1].ours.mean, 8.0, 1e-12);  // ReRAM: P at s = 3
  EXPECT_DOUBLE_EQ(good.rows[0].cells[1].paper, 7.93);
  ExpectChecks(Table5Report({Table5World(9.0, 8.0, 7.0, -0.6)}), false);
  EXPECT_EQ(Fig1CurvesReport({Table5World(7.5, 7.4, 7.7, 0.6)}).rows.size(),
            static_cast<size_t>(int{kT5Types} * int{kT5Evals}));
}

TEST(SuppTablesTest, Table7SelectionAndVerdicts) {
  // The second candidate is best on average although the first wins at 1 s.
  EXPECT_EQ(SelectByMeanOverTimes({{Four(6.0, 9.0, 10.0, 12.0)}, {Four(6.5, 7.0, 7.5, 8.0)}}), 1u);
  Table7Net n;
  n.net = "L5";
  n.errors[kT7Column] = {Four(14, 14.2, 14.4, 14.8)};
  n.errors[kT7Tile4] = {Four(14.5, 15, 15.5, 16.5)};
  n.errors[kT7Tile16] = {Four(14.2, 14.6, 15, 15.5)};
  ExpectChecks(Table7Report({n}), true);
  std::swap(n.errors[kT7Column], n.errors[kT7Tile4]);  // column worst, tile-4 best
  ExpectChecks(Table7Report({n}), false);
}

// Global ranking across the chosen layers; other layers untouched.
TEST(SuppTablesTest, TopColumnMasksRankAcrossLayers) {
  const std::vector<std::vector<double>> scores = {{0.5, 0.1}, {9.0, 9.0}, {0.3, 0.7, 0.2}};
  using Masks = std::vector<std::vector<bool>>;
  EXPECT_EQ(TopColumnMasks(scores, {0, 2}, 2, true),
            Masks({{true, false}, {false, false}, {false, true, false}}));
  EXPECT_EQ(TopColumnMasks(scores, {0, 2}, 2, false),
            Masks({{false, true}, {false, false}, {false, false, true}}));
  EXPECT_EQ(TopColumnMasks(scores, {0, 2}, 99, true),
            Masks({{true, true}, {false, false}, {true, true, true}}));
  EXPECT_EQ(TopColumnMasks(scores, {}, 3, true),
            Masks({{false, false}, {false, false}, {false, false, false}}));
}

// Errors (FP 10 %): the paper's pattern, then a ranking that does not help.
TEST(SuppTablesTest, Table8Verdicts) {
  auto net = [](std::vector<double> errors) {
    Table8Net n{"R20", 10.0, {}};
    for (int c = 0; c < kT8Columns; ++c) n.errors[c] = {Errors({3600.0}, {errors[c]})};
    return n;
  };
  const Report good = Table8Report({net({14.0, 12.5, 12.0, 11.2, 11.0, 12.8})});
  ExpectChecks(good, true);
  // A* of "max": 100 (90 - 11) / (90 - 10).
  EXPECT_NEAR(good.rows[0].cells[kT8Max].ours.mean, 98.75, 1e-9);
  ExpectChecks(Table8Report({net({14.0, 11.0, 12.5, 13.0, 11.0, 12.0})}), false);
}

}  // namespace
}  // namespace aimc::experiments::rasch2023
