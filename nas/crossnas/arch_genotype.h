// CrossNAS stage-1 architecture genotype (crossnas_spec.md §2.2-§2.4, §10.11,
// §10.12): one gene per block slot, g in 0..10. For g <= 8 the block type is
// g / 3 (0 VGG, 1 MVGG, 2 RES) and the width is {32, 64, 128}[g % 3] output
// channels; g = 9 or 10 is a skip (identity, width carried forward).
// Canonical form [R §10.11]: the non-skip genes packed in order into the first
// slots, skips (always 9) at the end; dedupe on it. Legality is a property of
// the canonical form: at least one block, at most `max_downsampling_blocks`
// down-sampling blocks (VGG always, RES when it has stride 2, §2.3 [R]).
// String forms: block list "RES-128,VGG-128,MVGG-64" (skip slots as "skip",
// trailing skips omitted) or the code's gene list "[8,2,1,9,9]". Parse errors
// are InvalidArgument naming the token. Thread-safe: values and pure functions.
#ifndef AIMC_NAS_CROSSNAS_ARCH_GENOTYPE_H_
#define AIMC_NAS_CROSSNAS_ARCH_GENOTYPE_H_

#include <array>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"

namespace aimc::nas::crossnas {

enum class BlockType { kVgg = 0, kMvgg = 1, kRes = 2 };
inline constexpr int kNumBlockTypes = 3;
inline constexpr std::array<int, 3> kChannelChoices = {32, 64, 128};
inline constexpr int kNumArchGeneStates = 11;  // 9 blocks + 2 skip codes
inline constexpr int kNumBlockGenes = 9;       // genes 0..8 are blocks
inline constexpr int kSkipGene = 9;            // canonical skip code (10 is one too)

// "VGG", "MVGG", "RES".
absl::string_view BlockTypeName(BlockType type);

// Which space the genotype lives in. Defaults are CIFAR-10 at full scale.
struct ArchSpaceOptions {
  // D_max: number of block slots = genes per genotype. 8 in the paper, 3 at T0.
  int max_blocks = 8;
  // At most this many down-sampling blocks (32 / 2^4 = 2 before the 2x2 pool).
  int max_downsampling_blocks = 4;
  // RES blocks use stride 2 (CIFAR-100, §2.3) and then count as down-sampling.
  bool res_stride2 = false;
};
// CIFAR-10 (RES stride 1) and CIFAR-100 (RES stride 2), both D_max = 8.
ArchSpaceOptions Cifar10ArchSpace();
ArchSpaceOptions Cifar100ArchSpace();
// Checks max_blocks in 1..16 and max_downsampling_blocks >= 0.
absl::Status ValidateArchSpaceOptions(const ArchSpaceOptions& options);

inline bool IsSkipGene(int gene) { return gene >= kNumBlockGenes; }
inline BlockType GeneBlockType(int gene) { return static_cast<BlockType>(gene / 3); }
inline int GeneChannels(int gene) { return kChannelChoices[gene % 3]; }
// REQUIRES: channel_index in 0..2.
inline int BlockGene(BlockType type, int channel_index) {
  return static_cast<int>(type) * 3 + channel_index;
}

// One block of the plain block list the cost model and the supernet consume.
// Shapes at full width (3x32x32 input); sizes are H = W in pixels.
struct BlockSpec {
  BlockType type = BlockType::kVgg;
  int in_channels = 3;
  int out_channels = 32;
  int stride = 1;         // the first 3x3 conv and RES's 1x1 shortcut
  bool max_pool = false;  // VGG: a 2x2/2 max-pool after the second conv
  int in_size = 32;
  int out_size = 32;
  bool downsamples() const { return stride == 2 || max_pool; }
};

class ArchGenotype {
 public:
  // From the code's genes, padded with skips to `num_slots`. InvalidArgument
  // for a gene outside 0..10 or more than num_slots genes.
  static absl::StatusOr<ArchGenotype> FromGenes(absl::Span<const int> genes, int num_slots);

  const std::vector<int>& genes() const { return genes_; }
  int num_slots() const { return static_cast<int>(genes_.size()); }
  // Number of non-skip genes.
  int depth() const;
  // The non-skip genes in slot order (the active blocks).
  std::vector<int> ActiveGenes() const;
  // Same length; non-skips packed first, then kSkipGene.
  ArchGenotype Canonical() const;
  bool IsCanonical() const { return *this == Canonical(); }
  // Down-sampling blocks under `res_stride2`.
  int NumDownsamplingBlocks(bool res_stride2) const;

  // "RES-128,VGG-128": each slot as BLOCK-K or "skip", trailing skips omitted;
  // "" for a genotype of skips only.
  std::string ToString() const;
  // "[8,2,9,9]": every gene.
  std::string GenesString() const;

  friend bool operator==(const ArchGenotype& a, const ArchGenotype& b) {
    return a.genes_ == b.genes_;
  }

 private:
  explicit ArchGenotype(std::vector<int> genes) : genes_(std::move(genes)) {}
  std::vector<int> genes_;
};

// Parses either form; `options.max_blocks` slots. Block names are case-
// insensitive; channels must be 32, 64 or 128. Errors name the bad token and
// its position, e.g. `block 2 "RES-96": channels must be 32, 64 or 128`.
absl::StatusOr<ArchGenotype> ParseArchGenotype(absl::string_view text,
                                               const ArchSpaceOptions& options = {});

// OK, or InvalidArgument naming the rule broken (no block; too many
// down-sampling blocks; wrong slot count). Judged on the canonical form.
absl::Status CheckArchLegal(const ArchGenotype& genotype, const ArchSpaceOptions& options);
inline bool IsArchLegal(const ArchGenotype& g, const ArchSpaceOptions& options) {
  return CheckArchLegal(g, options).ok();
}

// The active blocks in order with their shapes (§2.2-§2.3): slot 1 takes the
// `input_channels` x `input_size`^2 image; a VGG block halves the size
// (max-pool), a stride-2 RES block (options.res_stride2) too.
std::vector<BlockSpec> ToBlockList(const ArchGenotype& genotype, const ArchSpaceOptions& options,
                                   int input_channels = 3, int input_size = 32);

}  // namespace aimc::nas::crossnas

#endif  // AIMC_NAS_CROSSNAS_ARCH_GENOTYPE_H_
