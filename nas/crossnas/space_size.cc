#include "nas/crossnas/space_size.h"

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/status_macros.h"
#include "nas/crossnas/qpim_genotype.h"

namespace aimc::nas::crossnas {
namespace {

// Per block type: how many "variants" it contributes (channel choices times
// bit maps) and whether it down-samples.
struct TypeWeight {
  Count128 variants;
  bool downsamples;
};

std::vector<TypeWeight> TypeWeights(const ArchSpaceOptions& options, Count128 vgg_bits,
                                    Count128 mvgg_bits, Count128 res_bits) {
  const Count128 widths = kChannelChoices.size();
  return {{widths * vgg_bits, true},
          {widths * mvgg_bits, false},
          {widths * res_bits, options.res_stride2}};
}

// Σ over sequences of length n = 1..D_max of the product of the variants, per
// depth; with_cap drops sequences with more down-sampling blocks than allowed.
std::vector<Count128> SequenceSums(const ArchSpaceOptions& options,
                                   const std::vector<TypeWeight>& types, bool with_cap) {
  const int max_down = with_cap ? options.max_downsampling_blocks : options.max_blocks;
  std::vector<Count128> ways(max_down + 1, 0);  // ways[v]: sequences with v down-sampling blocks
  ways[0] = 1;
  std::vector<Count128> per_depth;
  for (int n = 1; n <= options.max_blocks; ++n) {
    std::vector<Count128> next(max_down + 1, 0);
    for (int v = 0; v <= max_down; ++v) {
      for (const TypeWeight& t : types) {
        const int nv = v + (t.downsamples ? 1 : 0);
        if (nv <= max_down) next[nv] += ways[v] * t.variants;
      }
    }
    ways = next;
    Count128 total = 0;
    for (Count128 w : ways) total += w;
    per_depth.push_back(total);
  }
  return per_depth;
}

}  // namespace

std::string Count128ToString(Count128 value) {
  if (value == 0) return "0";
  std::string digits;
  while (value > 0) {
    digits.push_back(static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  }
  std::reverse(digits.begin(), digits.end());
  return digits;
}

uint64_t NominalArchCount(const ArchSpaceOptions& options) {
  uint64_t total = 0, power = 1;
  for (int n = 1; n <= options.max_blocks; ++n) total += (power *= kNumBlockGenes);
  return total;
}

std::vector<uint64_t> LegalArchCountsByDepth(const ArchSpaceOptions& options) {
  std::vector<uint64_t> out;
  for (Count128 c : SequenceSums(options, TypeWeights(options, 1, 1, 1), /*with_cap=*/true)) {
    out.push_back(static_cast<uint64_t>(c));
  }
  return out;
}

uint64_t LegalArchCount(const ArchSpaceOptions& options) {
  uint64_t total = 0;
  for (uint64_t c : LegalArchCountsByDepth(options)) total += c;
  return total;
}

uint64_t RawGenotypeCount(const ArchSpaceOptions& options) {
  uint64_t power = 1;
  for (int n = 0; n < options.max_blocks; ++n) power *= kNumArchGeneStates;
  return power;
}

uint64_t CodeLegalRawGenotypeCount(const ArchSpaceOptions& options) {
  // Gene 1 is a block; the other D_max - 1 genes are blocks or one of 2 skip
  // codes. Count by the number of down-sampling genes among all blocks.
  const int max_down = options.max_downsampling_blocks;
  const std::vector<TypeWeight> types = TypeWeights(options, 1, 1, 1);
  std::vector<Count128> ways(max_down + 2, 0);
  ways[0] = 1;
  for (int slot = 0; slot < options.max_blocks; ++slot) {
    std::vector<Count128> next(max_down + 2, 0);
    for (int v = 0; v <= max_down; ++v) {
      if (slot > 0) next[v] += ways[v] * (kNumArchGeneStates - kNumBlockGenes);  // skips
      for (const TypeWeight& t : types) {
        const int nv = v + (t.downsamples ? 1 : 0);
        if (nv <= max_down) next[nv] += ways[v] * t.variants;
      }
    }
    ways = next;
  }
  Count128 total = 0;
  for (int v = 0; v <= max_down; ++v) total += ways[v];
  return static_cast<uint64_t>(total);
}

std::vector<uint64_t> EnumerateLegalArchCountsByDepth(const ArchSpaceOptions& options) {
  AIMC_CHECK(options.max_blocks <= 6);
  std::set<std::vector<int>> seen;
  std::vector<uint64_t> per_depth(options.max_blocks, 0);
  std::vector<int> genes(options.max_blocks, 0);
  const uint64_t total = RawGenotypeCount(options);
  for (uint64_t code = 0; code < total; ++code) {
    uint64_t c = code;
    for (int& g : genes) {
      g = static_cast<int>(c % kNumArchGeneStates);
      c /= kNumArchGeneStates;
    }
    absl::StatusOr<ArchGenotype> raw = ArchGenotype::FromGenes(genes, options.max_blocks);
    AIMC_CHECK(raw.ok());
    const ArchGenotype canonical = raw->Canonical();
    if (!IsArchLegal(canonical, options)) continue;
    if (seen.insert(canonical.genes()).second) ++per_depth[canonical.depth() - 1];
  }
  return per_depth;
}

uint64_t QpimConfigsPerArch(int num_blocks) {
  uint64_t n = kNumPimConfigs;
  for (int i = 0; i < num_blocks; ++i) n *= kNumBitGeneStates;
  return n;
}

Count128 JointSpaceSize(const ArchSpaceOptions& options, bool per_conv_bits, bool with_cap) {
  const Count128 pair = kBitChoices.size() * kBitChoices.size();  // (WB, AB): 9
  const Count128 two = per_conv_bits ? pair * pair : pair;
  const Count128 three = per_conv_bits ? pair * pair * pair : pair;
  Count128 total = 0;
  for (Count128 c : SequenceSums(options, TypeWeights(options, two, two, three), with_cap)) {
    total += c;
  }
  return total * kNumPimConfigs;
}

std::vector<Table1Row> Table1Rows(const ArchSpaceOptions& options) {
  std::vector<std::string> types;
  for (int t = 0; t < kNumBlockTypes; ++t) {
    types.push_back(std::string(BlockTypeName(static_cast<BlockType>(t))));
  }
  return {
      {"architecture", "number of blocks n", absl::StrCat("1-", options.max_blocks)},
      {"architecture", "block type", absl::StrJoin(types, ", ")},
      {"architecture", "output channels K per block", absl::StrJoin(kChannelChoices, ", ")},
      {"quantisation", "weight bits WB", absl::StrJoin(kBitChoices, ", ")},
      {"quantisation", "activation bits AB", absl::StrJoin(kBitChoices, ", ")},
      {"PIM", "crossbar size (square)", absl::StrJoin(kCrossbarChoices, ", ")},
      {"PIM", "ADC resolution (bits)", absl::StrJoin(kAdcBitChoices, ", ")},
      {"PIM", "DAC resolution (bits)", absl::StrJoin(kDacBitChoices, ", ")},
  };
}

}  // namespace aimc::nas::crossnas
