#include "nas/search/table_objective.h"

#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"
#include "nas/cell.h"

namespace aimc::nas::search {
namespace {

// A complete CSV in the shared-data format: value = lexicographic index / 100,
// NB201 index = 15624 - lexicographic index; CRLF line ends.
std::string FullCsv(int skip_lex = -1) {
  std::string text = "index,arch,my_metric\r\n";
  for (const Cell& cell : AllCells()) {
    const int lex = cell.LexIndex();
    if (lex == skip_lex) continue;
    absl::StrAppend(&text, kNumCells - 1 - lex, ",", cell.ToString(), ",", lex / 100.0, "\r\n");
  }
  return text;
}

TEST(TableObjectiveTest, ParsesTheSharedDataFormat) {
  absl::StatusOr<TableObjective> table = ParseNb201Csv(FullCsv(), "t.csv");
  ASSERT_TRUE(table.ok()) << table.status();
  EXPECT_EQ(table->name(), "my_metric");
  EXPECT_DOUBLE_EQ(table->value(AllCells()[1234]), 12.34);
  EXPECT_EQ(table->values().size(), kNumCells);
}

TEST(TableObjectiveTest, ErrorsNameTheSourceAndLine) {
  EXPECT_EQ(ParseNb201Csv("index,arch\n", "t.csv").status().message(),
            "t.csv:1: expected the header index,arch,<metric> in 'index,arch'");
  const std::string bad_op = "index,arch,m\n0,|conv~0|+|none~0|none~1|+|none~0|none~1|none~2|,1\n";
  const absl::Status status = ParseNb201Csv(bad_op, "t.csv").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(status.message(), "t.csv:2: cell string: token 1")) << status;
  EXPECT_EQ(ParseNb201Csv("index,arch,m\n0,x\n", "t.csv").status().message(),
            "t.csv:2: expected 3 fields: integer index, cell string, finite number in '0,x'");
  const std::string cell = AllCells()[0].ToString();
  EXPECT_EQ(ParseNb201Csv(absl::StrCat("index,arch,m\n0,", cell, ",1\n1,", cell, ",2\n"), "t.csv")
                .status()
                .message(),
            absl::StrCat("t.csv:3: repeated cell in '1,", cell, ",2'"));
}

TEST(TableObjectiveTest, MissingCellsAreDataLoss) {
  const absl::Status status = ParseNb201Csv(FullCsv(/*skip_lex=*/77), "t.csv").status();
  EXPECT_EQ(status.code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(status.message(), "t.csv: 15624 cells, expected 15625 (truncated file?)");
}

TEST(TableObjectiveTest, CreateChecksSizeAndFiniteness) {
  EXPECT_EQ(TableObjective::Create("m", {1, 2}).status().code(),
            absl::StatusCode::kInvalidArgument);
  std::vector<double> values(kNumCells, 1.0);
  values[5] = NAN;
  EXPECT_FALSE(TableObjective::Create("m", values).ok());
}

TEST(TableObjectiveTest, ReadMissingFileIsNotFound) {
  EXPECT_EQ(ReadNb201Csv("/nonexistent/table.csv").status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace aimc::nas::search
