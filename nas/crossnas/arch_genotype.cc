#include "nas/crossnas/arch_genotype.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/status_macros.h"

namespace aimc::nas::crossnas {
namespace {

constexpr absl::string_view kBlockNames[] = {"VGG", "MVGG", "RES"};

// "VGG-32" -> gene; `index` is 1-based for messages.
absl::StatusOr<int> ParseBlockToken(absl::string_view token, int index) {
  const std::string upper = absl::AsciiStrToUpper(token);
  if (upper == "SKIP") return kSkipGene;
  const std::vector<absl::string_view> parts = absl::StrSplit(upper, '-');
  if (parts.size() != 2) {
    return absl::InvalidArgumentError(
        absl::StrCat("block ", index, " \"", token, "\": expected BLOCK-K (e.g. RES-64) or skip"));
  }
  int type = -1;
  for (int t = 0; t < kNumBlockTypes; ++t) {
    if (parts[0] == kBlockNames[t]) type = t;
  }
  if (type < 0) {
    return absl::InvalidArgumentError(absl::StrCat("block ", index, " \"", token,
                                                   "\": unknown block type \"", parts[0],
                                                   "\"; valid: VGG, MVGG, RES"));
  }
  int channels = 0;
  int channel_index = -1;
  if (absl::SimpleAtoi(parts[1], &channels)) {
    for (int c = 0; c < 3; ++c) {
      if (kChannelChoices[c] == channels) channel_index = c;
    }
  }
  if (channel_index < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("block ", index, " \"", token, "\": channels must be 32, 64 or 128"));
  }
  return BlockGene(static_cast<BlockType>(type), channel_index);
}

absl::StatusOr<std::vector<int>> ParseGeneList(absl::string_view text) {
  absl::string_view inner = text;
  if (!absl::ConsumePrefix(&inner, "[") || !absl::ConsumeSuffix(&inner, "]")) {
    return absl::InvalidArgumentError(
        absl::StrCat("gene list \"", text, "\": expected [g1,g2,...] with g in 0..10"));
  }
  std::vector<int> genes;
  if (absl::StripAsciiWhitespace(inner).empty()) return genes;
  for (absl::string_view token : absl::StrSplit(inner, ',')) {
    token = absl::StripAsciiWhitespace(token);
    int gene = 0;
    if (!absl::SimpleAtoi(token, &gene)) {
      return absl::InvalidArgumentError(
          absl::StrCat("gene ", genes.size() + 1, " \"", token, "\": not an integer"));
    }
    genes.push_back(gene);
  }
  return genes;
}

}  // namespace

absl::string_view BlockTypeName(BlockType type) { return kBlockNames[static_cast<int>(type)]; }

ArchSpaceOptions Cifar10ArchSpace() { return ArchSpaceOptions{}; }

ArchSpaceOptions Cifar100ArchSpace() {
  ArchSpaceOptions options;
  options.res_stride2 = true;
  return options;
}

absl::Status ValidateArchSpaceOptions(const ArchSpaceOptions& options) {
  if (options.max_blocks < 1 || options.max_blocks > 16) {
    return absl::InvalidArgumentError(
        absl::StrCat("max_blocks: must be 1..16, got ", options.max_blocks));
  }
  if (options.max_downsampling_blocks < 0) {
    return absl::InvalidArgumentError(absl::StrCat("max_downsampling_blocks: must be >= 0, got ",
                                                   options.max_downsampling_blocks));
  }
  return absl::OkStatus();
}

absl::StatusOr<ArchGenotype> ArchGenotype::FromGenes(absl::Span<const int> genes, int num_slots) {
  if (static_cast<int>(genes.size()) > num_slots) {
    return absl::InvalidArgumentError(
        absl::StrCat("too many blocks: ", genes.size(), " genes, at most ", num_slots, " slots"));
  }
  std::vector<int> padded(genes.begin(), genes.end());
  for (size_t i = 0; i < padded.size(); ++i) {
    if (padded[i] < 0 || padded[i] >= kNumArchGeneStates) {
      return absl::InvalidArgumentError(
          absl::StrCat("gene ", i + 1, ": must be 0..10, got ", padded[i]));
    }
  }
  padded.resize(num_slots, kSkipGene);
  return ArchGenotype(std::move(padded));
}

int ArchGenotype::depth() const {
  int n = 0;
  for (int g : genes_) n += IsSkipGene(g) ? 0 : 1;
  return n;
}

std::vector<int> ArchGenotype::ActiveGenes() const {
  std::vector<int> active;
  for (int g : genes_) {
    if (!IsSkipGene(g)) active.push_back(g);
  }
  return active;
}

ArchGenotype ArchGenotype::Canonical() const {
  std::vector<int> genes = ActiveGenes();
  genes.resize(genes_.size(), kSkipGene);
  return ArchGenotype(std::move(genes));
}

int ArchGenotype::NumDownsamplingBlocks(bool res_stride2) const {
  int n = 0;
  for (int g : genes_) {
    if (IsSkipGene(g)) continue;
    const BlockType type = GeneBlockType(g);
    if (type == BlockType::kVgg || (res_stride2 && type == BlockType::kRes)) ++n;
  }
  return n;
}

std::string ArchGenotype::ToString() const {
  size_t end = genes_.size();
  while (end > 0 && IsSkipGene(genes_[end - 1])) --end;
  std::vector<std::string> tokens;
  for (size_t i = 0; i < end; ++i) {
    const int g = genes_[i];
    tokens.push_back(IsSkipGene(g)
                         ? std::string("skip")
                         : absl::StrCat(BlockTypeName(GeneBlockType(g)), "-", GeneChannels(g)));
  }
  return absl::StrJoin(tokens, ",");
}

std::string ArchGenotype::GenesString() const {
  return absl::StrCat("[", absl::StrJoin(genes_, ","), "]");
}

absl::StatusOr<ArchGenotype> ParseArchGenotype(absl::string_view text,
                                               const ArchSpaceOptions& options) {
  RETURN_IF_ERROR(ValidateArchSpaceOptions(options));
  const absl::string_view trimmed = absl::StripAsciiWhitespace(text);
  std::vector<int> genes;
  if (absl::StartsWith(trimmed, "[")) {
    ASSIGN_OR_RETURN(genes, ParseGeneList(trimmed));
  } else if (!trimmed.empty()) {
    int index = 0;
    for (absl::string_view token : absl::StrSplit(trimmed, ',')) {
      ASSIGN_OR_RETURN(const int gene, ParseBlockToken(absl::StripAsciiWhitespace(token), ++index));
      genes.push_back(gene);
    }
  }
  absl::StatusOr<ArchGenotype> genotype = ArchGenotype::FromGenes(genes, options.max_blocks);
  if (!genotype.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("architecture \"", text, "\": ", genotype.status().message()));
  }
  return genotype;
}

absl::Status CheckArchLegal(const ArchGenotype& genotype, const ArchSpaceOptions& options) {
  if (genotype.num_slots() != options.max_blocks) {
    return absl::InvalidArgumentError(absl::StrCat("architecture ", genotype.GenesString(), ": ",
                                                   genotype.num_slots(), " slots, the space has ",
                                                   options.max_blocks));
  }
  if (genotype.depth() == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("architecture ", genotype.GenesString(), ": no block (all skips)"));
  }
  const int down = genotype.NumDownsamplingBlocks(options.res_stride2);
  if (down > options.max_downsampling_blocks) {
    return absl::InvalidArgumentError(
        absl::StrCat("architecture ", genotype.ToString(), ": ", down, " down-sampling blocks (",
                     options.res_stride2 ? "VGG and stride-2 RES" : "VGG", "), at most ",
                     options.max_downsampling_blocks, " allowed"));
  }
  return absl::OkStatus();
}

std::vector<BlockSpec> ToBlockList(const ArchGenotype& genotype, const ArchSpaceOptions& options,
                                   int input_channels, int input_size) {
  std::vector<BlockSpec> blocks;
  int channels = input_channels;
  int size = input_size;
  for (int g : genotype.ActiveGenes()) {
    BlockSpec b;
    b.type = GeneBlockType(g);
    b.in_channels = channels;
    b.out_channels = GeneChannels(g);
    b.stride = (b.type == BlockType::kRes && options.res_stride2) ? 2 : 1;
    b.max_pool = b.type == BlockType::kVgg;
    b.in_size = size;
    // 3x3 conv, padding 1, stride 2: ceil(size / 2); 2x2/2 max-pool: floor.
    b.out_size = b.stride == 2 ? (size + 1) / 2 : (b.max_pool ? size / 2 : size);
    blocks.push_back(b);
    channels = b.out_channels;
    size = b.out_size;
  }
  return blocks;
}

}  // namespace aimc::nas::crossnas
