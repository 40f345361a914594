// CrossNAS stage-4 quantisation + PIM genotype (crossnas_spec.md §2.4, §7,
// §10.5, §10.6): per active block a (weight bits WB, activation bits AB) pair
// from {5,7,9}^2 covering every conv, BN and pool of the block; the head is
// fixed at 9/9; crossbar size X in {32,64,128,256} (square, cells), ADC
// resolution in {4,6,8,10} bits mapped to MNSIM ADC_Choice {4->7, 6->6, 8->2,
// 10->1} [R §10.5], DAC resolution in {1,2} bits.
// Gene encoding (L + 2 genes, as the code's but with Table 1's ADC states):
//   genes 0..L-1: 9 states, WB = {5,7,9}[g / 3], AB = {5,7,9}[g % 3];
//   gene L: 8 states, X = {32,64,128,256}[g % 4], DAC = {1,2}[g / 4] (the
//           code's illegal 9th state is left out of the space);
//   gene L+1: 4 states, ADC bits = {4,6,8,10}[g].
// String form "9/9,7/5,5/5;xbar=256,adc=8,dac=2" (WB/AB per block, in order).
// Errors are InvalidArgument naming the field and value. Thread-safe (values).
#ifndef AIMC_NAS_CROSSNAS_QPIM_GENOTYPE_H_
#define AIMC_NAS_CROSSNAS_QPIM_GENOTYPE_H_

#include <array>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/span.h"
#include "nas/crossnas/arch_genotype.h"

namespace aimc::nas::crossnas {

inline constexpr std::array<int, 3> kBitChoices = {5, 7, 9};
inline constexpr std::array<int, 4> kCrossbarChoices = {32, 64, 128, 256};
inline constexpr std::array<int, 4> kAdcBitChoices = {4, 6, 8, 10};
inline constexpr std::array<int, 2> kDacBitChoices = {1, 2};
inline constexpr int kNumBitGeneStates = 9;
inline constexpr int kNumCrossbarDacGeneStates = 8;
inline constexpr int kNumAdcGeneStates = 4;
inline constexpr int kNumPimConfigs = kNumCrossbarDacGeneStates * kNumAdcGeneStates;  // 32
inline constexpr int kImageInputBits = 9;  // the network input, 1/255 at 9 bits (§5.2)

struct BlockBits {
  int weight_bits = 9;      // WB; crossbar slices are WB - 1
  int activation_bits = 9;  // AB of the block's conv/BN outputs
  friend bool operator==(const BlockBits& a, const BlockBits& b) {
    return a.weight_bits == b.weight_bits && a.activation_bits == b.activation_bits;
  }
};
inline constexpr BlockBits kHeadBits = {9, 9};  // §10.6: head (pool + fc) fixed

struct QpimGenotype {
  std::vector<BlockBits> block_bits;  // one per active block, input side first
  int crossbar_size = 256;            // X: rows = columns, in cells
  int adc_bits = 8;
  int dac_bits = 2;
  friend bool operator==(const QpimGenotype& a, const QpimGenotype& b) {
    return a.block_bits == b.block_bits && a.crossbar_size == b.crossbar_size &&
           a.adc_bits == b.adc_bits && a.dac_bits == b.dac_bits;
  }
};

// The stage-1 preset "crossnas_stage1" (§4.1 [R]): 9/9 everywhere, X 256,
// ADC 8 b (MNSIM choice 2), DAC 2 b.
QpimGenotype Stage1PimConfig(int num_blocks);

// MNSIM ADC_Choice for Table 1's bit widths; InvalidArgument otherwise.
absl::StatusOr<int> MnsimAdcChoice(int adc_bits);

// OK, or InvalidArgument naming the field: 1..16 blocks, bits in {5,7,9},
// X in {32,64,128,256}, ADC in {4,6,8,10}, DAC in {1,2}. `num_blocks` < 0
// accepts any block count in 1..16, otherwise it must match.
absl::Status CheckQpimGenotype(const QpimGenotype& g, int num_blocks = -1);

// Genes <-> genotype. FromGenes: InvalidArgument for a wrong length (L + 2)
// or a gene outside its state range. ToGenes REQUIRES CheckQpimGenotype ok.
absl::StatusOr<QpimGenotype> QpimFromGenes(absl::Span<const int> genes, int num_blocks);
std::vector<int> QpimToGenes(const QpimGenotype& g);

std::string QpimToString(const QpimGenotype& g);
// Parses the string form and checks it (CheckQpimGenotype with num_blocks).
absl::StatusOr<QpimGenotype> ParseQpimGenotype(absl::string_view text, int num_blocks = -1);

// A block of the architecture with its bits: what the cost model needs per
// layer (w, a_in, a_out; crossnas_spec.md §6.4). input_bits is the producer's
// AB, kImageInputBits for the first block.
struct QuantizedBlock {
  BlockSpec block;
  int weight_bits = 9;
  int activation_bits = 9;
  int input_bits = 9;
};
// InvalidArgument when the bit map's length differs from the arch's depth.
absl::StatusOr<std::vector<QuantizedBlock>> ToQuantizedBlockList(const ArchGenotype& arch,
                                                                 const ArchSpaceOptions& options,
                                                                 const QpimGenotype& qpim);

}  // namespace aimc::nas::crossnas

#endif  // AIMC_NAS_CROSSNAS_QPIM_GENOTYPE_H_
