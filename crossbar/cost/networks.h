// Networks for the cost model: MNSIM 2.0's bundled CIFAR-10 AlexNet, VGG16 and
// ResNet18 (pim_cost_model.md §1; 9/9 bits; ResNet18 with a pool after the 3x3
// stem, 3x3 stride-2 shortcut convs and fc 2048->512->10), and the CrossNAS
// block list -> layer list translation (crossnas_spec.md §2.2-2.3, §6.4 with
// the [R] choices: correct MVGG/RES mapping, no dummy first pool, the AAP head
// as a 2x2-output pool, head fcs 4K->200->50->classes at 9/9 bits; CIFAR-100:
// one fc 4K->100 and stride-2 RES). Errors: InvalidArgument. Thread-safe.
#ifndef AIMC_CROSSBAR_COST_NETWORKS_H_
#define AIMC_CROSSBAR_COST_NETWORKS_H_

#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "crossbar/cost/layer.h"

namespace aimc::crossbar::cost {

Network AlexNet();
Network Vgg16();
Network ResNet18();
// "alexnet", "vgg16" or "resnet18"; NotFound lists them.
absl::StatusOr<Network> BundledNetwork(absl::string_view name);

enum class BlockType { kVgg, kMvgg, kRes };

struct CrossNasBlock {
  BlockType type = BlockType::kVgg;
  int out_channels = 32;    // K: 32, 64 or 128 in the paper's space (any >= 1 here)
  int weight_bits = 9;      // WB of every conv in the block
  int activation_bits = 9;  // AB: output bits of the block's layers
};

// num_classes 100 selects the CIFAR-100 form. Input 3x32x32, image at 9 bits.
// InvalidArgument for an empty list, bad bits, or > 4 down-sampling blocks.
absl::StatusOr<Network> CrossNasNetwork(const std::vector<CrossNasBlock>& blocks,
                                        int num_classes = 10);

// "TYPE:K[:WB:AB],..." with TYPE in VGG, MVGG, RES (case-insensitive), e.g.
// "VGG:32,RES:64:7:5,MVGG:128". WB, AB default 9.
absl::StatusOr<std::vector<CrossNasBlock>> ParseCrossNasBlocks(absl::string_view text);

}  // namespace aimc::crossbar::cost

#endif  // AIMC_CROSSBAR_COST_NETWORKS_H_
