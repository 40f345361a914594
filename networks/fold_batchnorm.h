// Folding BatchNorm into the conv before it, as PyTorch's eval-mode fusion
// does before quantization (nas_spec.md §4.3): every ConvBn block (the
// ReLU?→Conv→BN of NB201, the ResNets' conv + BN) under a module gets
// W' = W·γ/√(var+ε), b' = β − γ·μ/√(var+ε) from the BN's running statistics,
// and then skips its BN. The folded conv stays a replaceable layer
// (layer_registry.h), same name, now a biased torch::nn::Conv2d, and its
// LayerSpec says bias = true; the BN's parameters and buffers are gone from
// the module ("<block>.bn.*"). In eval mode the folded network computes what
// the unfolded one did (to float rounding); in training mode it no longer
// normalises by batch statistics. BatchNorms not directly after a conv of a
// ConvBn block (NB201's head_bn, after the last cell's sum) stay as they are.
// LeNet-5 has none. Returns a Status. Thread-compatible.
#ifndef AIMC_NETWORKS_FOLD_BATCHNORM_H_
#define AIMC_NETWORKS_FOLD_BATCHNORM_H_

#include <torch/nn/module.h>

#include "absl/status/status.h"

namespace aimc::networks {

// Folds every ConvBn block under `root` (root included); already folded
// blocks are left alone, so a second call changes nothing. FailedPrecondition
// if a block's conv has been replaced by a module that is not a Conv2d (fold
// before converting layers to analog or fake-quantized ones); blocks before it
// are folded by then. Not retained.
absl::Status FoldBatchNorms(torch::nn::Module& root);

}  // namespace aimc::networks

#endif  // AIMC_NETWORKS_FOLD_BATCHNORM_H_
