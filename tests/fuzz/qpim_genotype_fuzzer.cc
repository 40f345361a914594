// Fuzzes the CrossNAS quantisation + PIM genotype parser (nas/crossnas/
// qpim_genotype.h ParseQpimGenotype, any block count). Asserts: a parsed
// genotype passes CheckQpimGenotype, prints (QpimToString) to text that parses
// back to it, and its genes (QpimToGenes) decode (QpimFromGenes) back to it.
#include <cstdint>
#include <string>
#include <vector>

#include "nas/crossnas/qpim_genotype.h"
#include "tests/fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto g = aimc::nas::crossnas::ParseQpimGenotype(aimc::fuzz::AsView(data, size));
  if (!g.ok()) return 0;
  FUZZ_CHECK(aimc::nas::crossnas::CheckQpimGenotype(*g).ok(), "parsed genotype fails its check");
  const std::string text = aimc::nas::crossnas::QpimToString(*g);
  const auto again = aimc::nas::crossnas::ParseQpimGenotype(text);
  FUZZ_CHECK(again.ok() && *again == *g, text);
  const int num_blocks = static_cast<int>(g->block_bits.size());
  const auto decoded =
      aimc::nas::crossnas::QpimFromGenes(aimc::nas::crossnas::QpimToGenes(*g), num_blocks);
  FUZZ_CHECK(decoded.ok() && *decoded == *g, text);
  return 0;
}
