#include "nas/crossnas/qpim_genotype.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"

namespace aimc::nas::crossnas {
namespace {

template <size_t N>
int IndexOf(const std::array<int, N>& choices, int value) {
  for (size_t i = 0; i < N; ++i) {
    if (choices[i] == value) return static_cast<int>(i);
  }
  return -1;
}

template <size_t N>
std::string ChoiceList(const std::array<int, N>& choices) {
  return absl::StrJoin(choices, ", ");
}

absl::StatusOr<int> ParseInt(absl::string_view field, absl::string_view text) {
  int value = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(text), &value)) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": \"", text, "\" is not an integer"));
  }
  return value;
}

absl::StatusOr<BlockBits> ParseBlockBits(absl::string_view token, int index) {
  const std::vector<absl::string_view> parts = absl::StrSplit(token, '/');
  if (parts.size() != 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("block ", index, " bits \"", token, "\": expected WB/AB, e.g. 9/7"));
  }
  BlockBits bits;
  ASSIGN_OR_RETURN(bits.weight_bits, ParseInt(absl::StrCat("block ", index, " WB"), parts[0]));
  ASSIGN_OR_RETURN(bits.activation_bits, ParseInt(absl::StrCat("block ", index, " AB"), parts[1]));
  return bits;
}

}  // namespace

QpimGenotype Stage1PimConfig(int num_blocks) {
  QpimGenotype g;
  g.block_bits.assign(num_blocks, BlockBits{9, 9});
  g.crossbar_size = 256;
  g.adc_bits = 8;
  g.dac_bits = 2;
  return g;
}

absl::StatusOr<int> MnsimAdcChoice(int adc_bits) {
  switch (adc_bits) {
    case 4:
      return 7;
    case 6:
      return 6;
    case 8:
      return 2;
    case 10:
      return 1;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("adc_bits: must be one of 4, 6, 8, 10, got ", adc_bits));
  }
}

absl::Status CheckQpimGenotype(const QpimGenotype& g, int num_blocks) {
  const int n = static_cast<int>(g.block_bits.size());
  if (num_blocks >= 0 && n != num_blocks) {
    return absl::InvalidArgumentError(
        absl::StrCat("block_bits: ", n, " blocks, the architecture has ", num_blocks));
  }
  if (n < 1 || n > 16) {
    return absl::InvalidArgumentError(absl::StrCat("block_bits: must have 1..16 blocks, got ", n));
  }
  for (int i = 0; i < n; ++i) {
    const BlockBits& b = g.block_bits[i];
    if (IndexOf(kBitChoices, b.weight_bits) < 0 || IndexOf(kBitChoices, b.activation_bits) < 0) {
      return absl::InvalidArgumentError(absl::StrCat("block ", i + 1, " bits ", b.weight_bits, "/",
                                                     b.activation_bits, ": WB and AB must be ",
                                                     ChoiceList(kBitChoices)));
    }
  }
  if (IndexOf(kCrossbarChoices, g.crossbar_size) < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "xbar: must be one of ", ChoiceList(kCrossbarChoices), ", got ", g.crossbar_size));
  }
  if (IndexOf(kAdcBitChoices, g.adc_bits) < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("adc: must be one of ", ChoiceList(kAdcBitChoices), ", got ", g.adc_bits));
  }
  if (IndexOf(kDacBitChoices, g.dac_bits) < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("dac: must be one of ", ChoiceList(kDacBitChoices), ", got ", g.dac_bits));
  }
  return absl::OkStatus();
}

absl::StatusOr<QpimGenotype> QpimFromGenes(absl::Span<const int> genes, int num_blocks) {
  if (num_blocks < 1 || static_cast<int>(genes.size()) != num_blocks + 2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "quantisation+PIM genes: expected ", num_blocks + 2, " (blocks + 2), got ", genes.size()));
  }
  QpimGenotype g;
  for (int i = 0; i < num_blocks; ++i) {
    if (genes[i] < 0 || genes[i] >= kNumBitGeneStates) {
      return absl::InvalidArgumentError(
          absl::StrCat("bit gene ", i + 1, ": must be 0..8, got ", genes[i]));
    }
    g.block_bits.push_back({kBitChoices[genes[i] / 3], kBitChoices[genes[i] % 3]});
  }
  const int xd = genes[num_blocks];
  const int adc = genes[num_blocks + 1];
  if (xd < 0 || xd >= kNumCrossbarDacGeneStates) {
    return absl::InvalidArgumentError(absl::StrCat("crossbar/DAC gene: must be 0..7, got ", xd));
  }
  if (adc < 0 || adc >= kNumAdcGeneStates) {
    return absl::InvalidArgumentError(absl::StrCat("ADC gene: must be 0..3, got ", adc));
  }
  g.crossbar_size = kCrossbarChoices[xd % 4];
  g.dac_bits = kDacBitChoices[xd / 4];
  g.adc_bits = kAdcBitChoices[adc];
  return g;
}

std::vector<int> QpimToGenes(const QpimGenotype& g) {
  AIMC_CHECK(CheckQpimGenotype(g).ok());
  std::vector<int> genes;
  for (const BlockBits& b : g.block_bits) {
    genes.push_back(3 * IndexOf(kBitChoices, b.weight_bits) +
                    IndexOf(kBitChoices, b.activation_bits));
  }
  genes.push_back(IndexOf(kCrossbarChoices, g.crossbar_size) +
                  4 * IndexOf(kDacBitChoices, g.dac_bits));
  genes.push_back(IndexOf(kAdcBitChoices, g.adc_bits));
  return genes;
}

std::string QpimToString(const QpimGenotype& g) {
  std::vector<std::string> bits;
  for (const BlockBits& b : g.block_bits) {
    bits.push_back(absl::StrCat(b.weight_bits, "/", b.activation_bits));
  }
  return absl::StrCat(absl::StrJoin(bits, ","), ";xbar=", g.crossbar_size, ",adc=", g.adc_bits,
                      ",dac=", g.dac_bits);
}

absl::StatusOr<QpimGenotype> ParseQpimGenotype(absl::string_view text, int num_blocks) {
  const std::vector<absl::string_view> halves = absl::StrSplit(text, ';');
  if (halves.size() != 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("quantisation+PIM \"", text, "\": expected WB/AB,...;xbar=X,adc=A,dac=D"));
  }
  QpimGenotype g;
  int index = 0;
  for (absl::string_view token : absl::StrSplit(halves[0], ',')) {
    ASSIGN_OR_RETURN(BlockBits bits, ParseBlockBits(absl::StripAsciiWhitespace(token), ++index));
    g.block_bits.push_back(bits);
  }
  bool seen[3] = {false, false, false};
  for (absl::string_view field : absl::StrSplit(halves[1], ',')) {
    const std::vector<absl::string_view> kv = absl::StrSplit(field, '=');
    const std::string key =
        kv.size() == 2 ? absl::AsciiStrToLower(absl::StripAsciiWhitespace(kv[0])) : "";
    int* target = nullptr;
    int which = -1;
    if (key == "xbar") target = &g.crossbar_size, which = 0;
    if (key == "adc") target = &g.adc_bits, which = 1;
    if (key == "dac") target = &g.dac_bits, which = 2;
    if (target == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat("quantisation+PIM field \"", field, "\": expected xbar=X, adc=A or dac=D"));
    }
    if (seen[which]) {
      return absl::InvalidArgumentError(absl::StrCat("quantisation+PIM: ", key, " given twice"));
    }
    seen[which] = true;
    ASSIGN_OR_RETURN(*target, ParseInt(key, kv[1]));
  }
  constexpr const char* kFieldNames[] = {"xbar", "adc", "dac"};
  for (int i = 0; i < 3; ++i) {
    if (!seen[i]) {
      return absl::InvalidArgumentError(
          absl::StrCat("quantisation+PIM \"", text, "\": missing ", kFieldNames[i]));
    }
  }
  RETURN_IF_ERROR(CheckQpimGenotype(g, num_blocks));
  return g;
}

absl::StatusOr<std::vector<QuantizedBlock>> ToQuantizedBlockList(const ArchGenotype& arch,
                                                                 const ArchSpaceOptions& options,
                                                                 const QpimGenotype& qpim) {
  RETURN_IF_ERROR(CheckQpimGenotype(qpim, arch.depth()));
  std::vector<QuantizedBlock> out;
  int input_bits = kImageInputBits;
  const std::vector<BlockSpec> blocks = ToBlockList(arch, options);
  for (size_t i = 0; i < blocks.size(); ++i) {
    QuantizedBlock q;
    q.block = blocks[i];
    q.weight_bits = qpim.block_bits[i].weight_bits;
    q.activation_bits = qpim.block_bits[i].activation_bits;
    q.input_bits = input_bits;
    input_bits = q.activation_bits;
    out.push_back(q);
  }
  return out;
}

}  // namespace aimc::nas::crossnas
