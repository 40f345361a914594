#include "nas/cell.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"

namespace aimc::nas {
namespace {

// Indexed by op code.
constexpr std::array<absl::string_view, kNumOps> kOpNames = {"skip_connect", "none", "nor_conv_3x3",
                                                             "nor_conv_1x1", "avg_pool_3x3"};

// The NB201 list order, used in error messages.
constexpr absl::string_view kExpectedOps =
    "none, skip_connect, nor_conv_1x1, nor_conv_3x3, avg_pool_3x3";

// 5^(5-k): the weight of tuple position k in the lexicographic index.
constexpr std::array<int, kNumEdges> kPositionWeight = {3125, 625, 125, 25, 5, 1};

// Number of tokens before group g (1..3) in string order.
constexpr int FirstTokenOfGroup(int group) { return group * (group - 1) / 2; }

// Shows a character in an error message; the end of the text is "end of text".
std::string Describe(absl::string_view text, size_t pos) {
  if (pos >= text.size()) return "end of text";
  return absl::StrCat("'", text.substr(pos, 1), "'");
}

absl::Status StructureError(size_t pos, absl::string_view what) {
  return absl::InvalidArgumentError(absl::StrCat("cell string: char ", pos, ": ", what));
}

// Parses token `token` (0-based in string order) that must read node `source`.
absl::StatusOr<Op> ParseToken(absl::string_view tok, int token, int source) {
  const std::string prefix = absl::StrCat("cell string: token ", token + 1, " '", tok, "': ");
  const size_t tilde = tok.rfind('~');
  if (tilde == absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(prefix, "expected 'op~source' (missing '~')"));
  }
  const absl::string_view name = tok.substr(0, tilde);
  const absl::string_view src = tok.substr(tilde + 1);
  absl::StatusOr<Op> op = ParseOpName(name);
  if (!op.ok()) return absl::InvalidArgumentError(absl::StrCat(prefix, op.status().message()));
  if (src.size() != 1 || src[0] != '0' + source) {
    return absl::InvalidArgumentError(absl::StrCat(prefix, "wrong source node '", src, "' (token ",
                                                   token + 1, " must read node ", source, ")"));
  }
  return *op;
}

// Parses group `group` (1..3, the inputs of node `group`) starting at `*pos`,
// which must be its opening '|'; leaves `*pos` after its closing '|'.
absl::Status ParseGroup(absl::string_view text, int group, size_t* pos,
                        std::array<Op, kNumEdges>* ops) {
  if (*pos >= text.size() || text[*pos] != '|') {
    return StructureError(
        *pos, absl::StrCat("expected '|' to open group ", group, ", got ", Describe(text, *pos)));
  }
  ++*pos;
  for (int source = 0; source < group; ++source) {
    const int token = FirstTokenOfGroup(group) + source;
    const size_t end = text.find('|', *pos);
    if (end == absl::string_view::npos) {
      return absl::InvalidArgumentError(absl::StrCat("cell string: token ", token + 1, " '",
                                                     text.substr(*pos), "': missing closing '|'"));
    }
    ASSIGN_OR_RETURN((*ops)[kStringSlotPosition[token]],
                     ParseToken(text.substr(*pos, end - *pos), token, source));
    *pos = end + 1;
  }
  return absl::OkStatus();
}

}  // namespace

absl::string_view OpName(Op op) { return kOpNames[OpCode(op)]; }

absl::StatusOr<Op> ParseOpName(absl::string_view name) {
  for (Op op : kAllOps) {
    if (name == OpName(op)) return op;
  }
  return absl::InvalidArgumentError(
      absl::StrCat("unknown op '", name, "' (expected one of ", kExpectedOps, ")"));
}

absl::StatusOr<Cell> Cell::FromCodes(absl::Span<const int> codes) {
  if (codes.size() != kNumEdges) {
    return absl::InvalidArgumentError(
        absl::StrCat("cell codes: expected ", kNumEdges, " op codes, got ", codes.size()));
  }
  std::array<Op, kNumEdges> ops;
  for (int k = 0; k < kNumEdges; ++k) {
    if (codes[k] < 0 || codes[k] >= kNumOps) {
      return absl::InvalidArgumentError(absl::StrCat("cell codes: position ", k, " '", codes[k],
                                                     "': op code out of range (expected 0..4)"));
    }
    ops[k] = static_cast<Op>(codes[k]);
  }
  return Cell(ops);
}

absl::StatusOr<Cell> Cell::FromLexIndex(int lex_index) {
  if (lex_index < 0 || lex_index >= kNumCells) {
    return absl::InvalidArgumentError(
        absl::StrCat("cell index: ", lex_index, " out of range (expected 0..", kNumCells - 1, ")"));
  }
  return AllCells()[lex_index];
}

std::array<int, kNumEdges> Cell::Codes() const {
  std::array<int, kNumEdges> codes;
  for (int k = 0; k < kNumEdges; ++k) codes[k] = OpCode(ops_[k]);
  return codes;
}

Cell Cell::WithOp(int position, Op op) const {
  Cell cell = *this;
  cell.ops_[position] = op;
  return cell;
}

int Cell::CountOp(Op op) const {
  int n = 0;
  for (Op o : ops_) n += (o == op);
  return n;
}

int Cell::LexIndex() const {
  int index = 0;
  for (int k = 0; k < kNumEdges; ++k) index += OpCode(ops_[k]) * kPositionWeight[k];
  return index;
}

std::string Cell::ToString() const {
  std::string out;
  out.reserve(96);
  for (int group = 1; group <= 3; ++group) {
    if (group > 1) out += '+';
    out += '|';
    for (int source = 0; source < group; ++source) {
      const int token = FirstTokenOfGroup(group) + source;
      absl::StrAppend(&out, OpName(ops_[kStringSlotPosition[token]]), "~", source, "|");
    }
  }
  return out;
}

std::string Cell::ToTupleString() const {
  return absl::StrCat("(", absl::StrJoin(Codes(), ","), ")");
}

std::ostream& operator<<(std::ostream& os, const Cell& cell) { return os << cell.ToTupleString(); }

absl::StatusOr<Cell> ParseCellString(absl::string_view text) {
  std::array<Op, kNumEdges> ops;
  size_t pos = 0;
  for (int group = 1; group <= 3; ++group) {
    if (group > 1) {
      if (pos >= text.size()) {
        return StructureError(
            pos, absl::StrCat("wrong group count: text ends after group ", group - 1, " of 3"));
      }
      if (text[pos] != '+') {
        return StructureError(
            pos, absl::StrCat("expected '+' after group ", group - 1, " (node ", group - 1, " has ",
                              group - 1, " input(s)), got ", Describe(text, pos)));
      }
      ++pos;
    }
    RETURN_IF_ERROR(ParseGroup(text, group, &pos, &ops));
  }
  if (pos < text.size()) {
    if (text[pos] == '+') {
      return StructureError(pos, "wrong group count: more than 3 groups");
    }
    return StructureError(
        pos, absl::StrCat("trailing characters after group 3: '", text.substr(pos), "'"));
  }
  return Cell(ops);
}

absl::StatusOr<Cell> ParseCellTuple(absl::string_view text) {
  absl::string_view body = absl::StripAsciiWhitespace(text);
  const bool open = absl::ConsumePrefix(&body, "(");
  const bool close = absl::ConsumeSuffix(&body, ")");
  if (open != close) {
    return absl::InvalidArgumentError(
        absl::StrCat("cell tuple '", text, "': unbalanced '", open ? "(" : ")", "'"));
  }
  const std::vector<absl::string_view> tokens = absl::StrSplit(body, ',');
  if (tokens.size() != kNumEdges) {
    return absl::InvalidArgumentError(absl::StrCat("cell tuple '", text, "': expected ", kNumEdges,
                                                   " comma-separated op codes, got ",
                                                   tokens.size()));
  }
  std::array<Op, kNumEdges> ops;
  for (int k = 0; k < kNumEdges; ++k) {
    const absl::string_view tok = absl::StripAsciiWhitespace(tokens[k]);
    int code = 0;
    if (!absl::SimpleAtoi(tok, &code)) {
      return absl::InvalidArgumentError(absl::StrCat("cell tuple: position ", k, " '", tok,
                                                     "': not an integer op code (expected 0..4)"));
    }
    if (code < 0 || code >= kNumOps) {
      return absl::InvalidArgumentError(absl::StrCat("cell tuple: position ", k, " '", tok,
                                                     "': op code out of range (expected 0..4)"));
    }
    ops[k] = static_cast<Op>(code);
  }
  return Cell(ops);
}

absl::StatusOr<Cell> ParseCell(absl::string_view text) {
  const absl::string_view stripped = absl::StripAsciiWhitespace(text);
  if (!stripped.empty() && stripped[0] == '|') return ParseCellString(stripped);
  return ParseCellTuple(stripped);
}

absl::Span<const Cell> AllCells() {
  static const std::vector<Cell>* const cells = [] {
    auto* all = new std::vector<Cell>();
    all->reserve(kNumCells);
    for (int index = 0; index < kNumCells; ++index) {
      std::array<Op, kNumEdges> ops;
      int rest = index;
      for (int k = kNumEdges - 1; k >= 0; --k) {
        ops[k] = static_cast<Op>(rest % kNumOps);
        rest /= kNumOps;
      }
      all->push_back(Cell(ops));
    }
    return all;
  }();
  return *cells;
}

}  // namespace aimc::nas
