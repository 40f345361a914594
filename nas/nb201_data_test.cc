// Real-data checks against the NB201 CIFAR-10 table in ../shared/data
// (shared/data/README.md, nas_spec.md §1.2, §1.5-1.6). Skips with a message
// naming the places tried when the folder is absent.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/file.h"
#include "gtest/gtest.h"
#include "nas/cell.h"
#include "nas/cell_graph.h"
#include "nas/primitives.h"
#include "common/testing/shared_data.h"

namespace aimc::nas {
namespace {

struct Row {
  int arch_index;  // NB201's API index (the CSV's `index` column)
  std::string arch;
  Cell cell;
  double accuracy_pct;
};

// Parses the CSV (CRLF or LF); errors name the line.
absl::StatusOr<std::vector<Row>> ParseCsv(absl::string_view text) {
  std::vector<Row> rows;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(text, '\n')) {
    ++line_number;
    line = absl::StripTrailingAsciiWhitespace(line);
    if (line_number == 1) {
      if (line != "index,arch,cifar10_test_accuracy") {
        return absl::InvalidArgumentError(absl::StrCat("unexpected header '", line, "'"));
      }
      continue;
    }
    if (line.empty()) continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(line, ',');
    Row row;
    if (fields.size() != 3 || !absl::SimpleAtoi(fields[0], &row.arch_index) ||
        !absl::SimpleAtod(fields[2], &row.accuracy_pct)) {
      return absl::InvalidArgumentError(absl::StrCat("line ", line_number, ": '", line, "'"));
    }
    row.arch = std::string(fields[1]);
    absl::StatusOr<Cell> cell = ParseCellString(row.arch);
    if (!cell.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("line ", line_number, ": ", cell.status().message()));
    }
    row.cell = *cell;
    rows.push_back(std::move(row));
  }
  return rows;
}

struct Table {
  std::string skip_reason;  // non-empty when the data folder is absent
  absl::StatusOr<std::vector<Row>> rows = std::vector<Row>();
};

const Table& LoadTable() {
  static const Table* const table = [] {
    auto* t = new Table();
    const absl::StatusOr<std::string> path =
        test_util::FindSharedDataFile("nas_bench_201/cifar10_test_accuracy.csv");
    if (!path.ok()) {
      t->skip_reason = std::string(path.status().message());
      return t;
    }
    const absl::StatusOr<std::string> text = ReadFile(*path);
    t->rows = text.ok() ? ParseCsv(*text) : text.status();
    return t;
  }();
  return *table;
}

class Nb201DataTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const Table& table = LoadTable();
    if (!table.skip_reason.empty()) GTEST_SKIP() << table.skip_reason;
    ASSERT_TRUE(table.rows.ok()) << table.rows.status();
    rows_ = &*table.rows;
  }

  const std::vector<Row>& rows() const { return *rows_; }

 private:
  const std::vector<Row>* rows_ = nullptr;
};

// Accuracy in hundredths of a percent, as printed with 2 decimals.
int64_t Hundredths(double accuracy_pct) { return std::llround(accuracy_pct * 100); }

TEST_F(Nb201DataTest, EveryStringParsesAndIndexesConsistently) {
  ASSERT_EQ(rows().size(), kNumCells);
  std::vector<bool> seen_lex(kNumCells);
  std::vector<bool> seen_arch_index(kNumCells);
  for (const Row& row : rows()) {
    const int lex = row.cell.LexIndex();
    ASSERT_EQ(row.cell.ToString(), row.arch);
    ASSERT_EQ(AllCells()[lex], row.cell) << row.arch;
    ASSERT_EQ(*Cell::FromLexIndex(lex), row.cell);
    ASSERT_EQ(*ParseCellTuple(row.cell.ToTupleString()), row.cell);
    ASSERT_FALSE(seen_lex[lex]) << "duplicate cell " << row.arch;
    seen_lex[lex] = true;
    ASSERT_TRUE(row.arch_index >= 0 && row.arch_index < kNumCells) << row.arch_index;
    ASSERT_FALSE(seen_arch_index[row.arch_index]) << row.arch_index;
    seen_arch_index[row.arch_index] = true;
  }
}

// nas_spec.md §1.2 / §1.6: the 10.00 % cells are exactly the disconnected ones
// under the tuple's path blueprint; NASLib's swapped blueprint catches 81.
TEST_F(Nb201DataTest, TenPercentCellsAreExactlyTheDisconnectedOnes) {
  int ten_percent = 0;
  int naslib_blocked = 0;
  int naslib_blocked_at_ten = 0;
  for (const Row& row : rows()) {
    const bool at_ten = Hundredths(row.accuracy_pct) == 1000;
    EXPECT_EQ(at_ten, IsDisconnected(row.cell)) << row.arch << " " << row.accuracy_pct;
    ten_percent += at_ten;
    bool blocked = true;
    for (int path = 0; path < kNumPaths; ++path) {
      bool has_none = false;
      for (int k : PathBlueprintPositions(PathBlueprint::kNaslibCompat, path)) {
        has_none = has_none || row.cell.op(k) == Op::kNone;
      }
      blocked = blocked && has_none;
    }
    naslib_blocked += blocked;
    naslib_blocked_at_ten += blocked && at_ten;
  }
  EXPECT_EQ(ten_percent, 341);
  EXPECT_EQ(naslib_blocked, 341);
  EXPECT_EQ(naslib_blocked_at_ten, 81);
}

// shared/data/README.md and nas_spec.md §1.5: best 94.37 % (a tie, broken by
// the first NB201 index), median 90.745 %, quartiles 87.62 / 92.185 %.
TEST_F(Nb201DataTest, BestAndMedianAccuracy) {
  std::vector<Row> by_index = rows();
  std::sort(by_index.begin(), by_index.end(),
            [](const Row& a, const Row& b) { return a.arch_index < b.arch_index; });
  const Row* best = &by_index[0];
  std::vector<int> tied;
  int above_94 = 0;
  for (const Row& row : by_index) {
    if (row.accuracy_pct > best->accuracy_pct) best = &row;
    above_94 += row.accuracy_pct > 94.0;
  }
  for (const Row& row : by_index) {
    if (row.accuracy_pct == best->accuracy_pct) tied.push_back(row.arch_index);
  }
  EXPECT_EQ(Hundredths(best->accuracy_pct), 9437);
  EXPECT_EQ(best->cell.ToTupleString(), "(2,2,0,2,2,3)");
  EXPECT_EQ(best->arch_index, 6111);
  EXPECT_EQ(tied, (std::vector<int>{6111, 13714}));
  EXPECT_EQ(ParamCount(best->cell), 1073466);
  EXPECT_EQ(above_94, 42);

  std::vector<double> accuracy;
  for (const Row& row : rows()) accuracy.push_back(row.accuracy_pct);
  std::sort(accuracy.begin(), accuracy.end());
  // n = 15,625 is odd, and 0.25 (n - 1), 0.75 (n - 1) are whole: no interpolation.
  EXPECT_NEAR(accuracy[kNumCells / 2], 90.745, 1e-9);
  EXPECT_NEAR(accuracy[(kNumCells - 1) / 4], 87.62, 1e-9);
  EXPECT_NEAR(accuracy[3 * (kNumCells - 1) / 4], 92.185, 1e-9);
}

}  // namespace
}  // namespace aimc::nas
