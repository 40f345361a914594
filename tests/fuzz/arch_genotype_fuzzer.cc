// Fuzzes the CrossNAS architecture genotype parser (nas/crossnas/
// arch_genotype.h ParseArchGenotype, both forms) in the CIFAR-10 and the
// 3-slot space, plus CheckArchLegal. Asserts: a parsed genotype's GenesString
// parses back to it, its ToString to it with every skip as kSkipGene (the
// names form has one "skip"; genes 9 and 10 are both skips), and its
// canonical form is canonical.
#include <cstdint>
#include <string>
#include <vector>

#include "nas/crossnas/arch_genotype.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

using aimc::nas::crossnas::ArchGenotype;
using aimc::nas::crossnas::ArchSpaceOptions;

void FuzzIn(absl::string_view text, const ArchSpaceOptions& options) {
  const auto g = aimc::nas::crossnas::ParseArchGenotype(text, options);
  if (!g.ok()) return;
  aimc::nas::crossnas::CheckArchLegal(*g, options).IgnoreError();
  FUZZ_CHECK(g->Canonical().IsCanonical(), g->GenesString());
  const std::string genes = g->GenesString();
  const auto from_genes = aimc::nas::crossnas::ParseArchGenotype(genes, options);
  FUZZ_CHECK(from_genes.ok() && *from_genes == *g, genes);
  std::vector<int> one_skip = g->genes();
  for (int& gene : one_skip) {
    if (aimc::nas::crossnas::IsSkipGene(gene)) gene = aimc::nas::crossnas::kSkipGene;
  }
  const std::string names = g->ToString();
  const auto from_names = aimc::nas::crossnas::ParseArchGenotype(names, options);
  FUZZ_CHECK(from_names.ok() && from_names->genes() == one_skip, names);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text = aimc::fuzz::AsView(data, size);
  FuzzIn(text, aimc::nas::crossnas::Cifar10ArchSpace());
  ArchSpaceOptions small;
  small.max_blocks = 3;
  small.res_stride2 = true;
  FuzzIn(text, small);
  return 0;
}
