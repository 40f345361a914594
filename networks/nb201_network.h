// The NAS-Bench-201 macro network of one cell (../shared/docs/nas_spec.md
// §1.3-1.4): stem Conv3x3(in->C)+BN (no ReLU), N cells, reduction block C->2C,
// N cells, block 2C->4C, N cells, BN-ReLU-global average pool-Linear(4C, K);
// each cell has its own weights. C=16, N=5, K=10, 3 input channels is the
// benchmark's network: ParamCount() = nas::ParamCount (§1.5) for every cell,
// plus 9·C per input channel beyond 3. Layer names (layer_registry.h):
// "stem.conv", "cells.<i>.edge_<src>_<dst>.conv" (nor_conv edges; i counts
// cells and reductions as NB201's TinyNetwork), "cells.<i>.conv_a.conv",
// ".conv_b.conv", ".downsample", "classifier". Create* return StatusOr.
// Thread-compatible.
#ifndef AIMC_NETWORKS_NB201_NETWORK_H_
#define AIMC_NETWORKS_NB201_NETWORK_H_

#include <cstdint>
#include <vector>

#include <torch/nn/modules/container/any.h>
#include <torch/nn/pimpl.h>
#include <torch/types.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nas/cell.h"
#include "networks/network.h"

namespace aimc::networks {

struct Nb201Config {
  int stem_channels = 16;    // C, 1..1024: stage widths C, 2C, 4C
  int cells_per_stage = 5;   // N, 1..64
  int num_classes = 10;      // K, 1..100000
  int input_channels = 3;    // 1..64: 3 for CIFAR-10, 1 (or 3, replicated) for Fashion-MNIST
  uint64_t init_seed = 0;    // the RandomStream seed of the initial weights
};

// InvalidArgument naming the field, e.g. "Nb201Config.stem_channels: must be
// 1..1024, got 0".
absl::Status ValidateNb201Config(const Nb201Config& config);

class Nb201NetworkImpl : public NetworkImpl {
 public:
  // REQUIRES: ValidateNb201Config(config).ok() (checked). Prefer
  // CreateNb201Network, which returns errors instead.
  Nb201NetworkImpl(const nas::Cell& cell, const Nb201Config& config);

  // x: [batch, input_channels, H, W] with H, W >= 4 (two stride-2 stages);
  // 32x32 for CIFAR. Returns [batch, num_classes] logits.
  torch::Tensor forward(torch::Tensor x) override;

  const nas::Cell& cell() const { return cell_; }
  const Nb201Config& config() const { return config_; }

 private:
  nas::Cell cell_;
  Nb201Config config_;
  torch::nn::AnyModule stem_;
  std::vector<torch::nn::AnyModule> body_;  // cells and reduction blocks, in order
  torch::nn::AnyModule head_bn_;
  int classifier_;
};

TORCH_MODULE(Nb201Network);

// The network of `cell` (nas/cell.h). InvalidArgument for a bad config, or
// Internal if LibTorch throws.
absl::StatusOr<Nb201Network> CreateNb201Network(const nas::Cell& cell,
                                                const Nb201Config& config = {});

// `cell` in either text form nas::ParseCell accepts: the NB201 cell string or
// the op tuple "(2,2,0,2,2,3)". A bad cell is nas::ParseCell's
// InvalidArgument.
absl::StatusOr<Nb201Network> CreateNb201Network(absl::string_view cell,
                                                const Nb201Config& config = {});

}  // namespace aimc::networks

#endif  // AIMC_NETWORKS_NB201_NETWORK_H_
