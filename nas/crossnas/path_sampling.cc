#include "nas/crossnas/path_sampling.h"

#include <cmath>
#include <vector>

#include "common/status_macros.h"

namespace aimc::nas::crossnas {

ArchGenotype SampleSposPath(const ArchSpaceOptions& options, RandomCursor& rng) {
  std::vector<int> types;
  while (true) {
    const int depth = 1 + rng.UniformInt(options.max_blocks);
    types.assign(depth, 0);
    int down = 0;
    for (int& t : types) {
      t = rng.UniformInt(kNumBlockTypes);
      const BlockType type = static_cast<BlockType>(t);
      if (type == BlockType::kVgg || (options.res_stride2 && type == BlockType::kRes)) ++down;
    }
    if (down <= options.max_downsampling_blocks) break;
  }
  std::vector<int> genes(options.max_blocks, kSkipGene);
  for (int slot = 0; slot < options.max_blocks; ++slot) {
    const int channel_index = rng.UniformInt(static_cast<int>(kChannelChoices.size()));
    if (slot < static_cast<int>(types.size())) {
      genes[slot] = BlockGene(static_cast<BlockType>(types[slot]), channel_index);
    }
  }
  absl::StatusOr<ArchGenotype> genotype = ArchGenotype::FromGenes(genes, options.max_blocks);
  AIMC_CHECK(genotype.ok());
  return *genotype;
}

std::vector<double> ExactDepthProbabilities(const ArchSpaceOptions& options) {
  // P(a type down-samples): VGG, plus RES under stride 2.
  const double p = options.res_stride2 ? 2.0 / 3.0 : 1.0 / 3.0;
  std::vector<double> accept(options.max_blocks);
  double total = 0;
  for (int n = 1; n <= options.max_blocks; ++n) {
    double a = 0;
    double binom = 1;  // C(n, v)
    for (int v = 0; v <= n; ++v) {
      if (v <= options.max_downsampling_blocks)
        a += binom * std::pow(p, v) * std::pow(1 - p, n - v);
      binom = binom * (n - v) / (v + 1);
    }
    accept[n - 1] = a;
    total += a;
  }
  for (double& a : accept) a /= total;
  return accept;
}

}  // namespace aimc::nas::crossnas
