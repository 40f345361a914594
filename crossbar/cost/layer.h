// Value-type description of a network for the PIM cost model
// (pim_cost_model.md §2): conv, fc, pooling (incl. an adaptive pool given by
// its output size, crossnas_spec.md §6.4) and element_sum, each with its own
// bits (weight, input activation, output activation; crossnas_spec.md §6.4).
// Layers are in topological order; `inputs` index earlier layers (empty = the
// network input image). Shapes are channels x height x width. Validate returns
// InvalidArgument naming the layer and field. Thread-compatible (plain values).
#ifndef AIMC_CROSSBAR_COST_LAYER_H_
#define AIMC_CROSSBAR_COST_LAYER_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace aimc::crossbar::cost {

enum class LayerKind { kConv, kFc, kPool, kElementSum };
absl::string_view LayerKindName(LayerKind kind);  // "conv", "fc", "pooling", "element_sum"

// Per-layer precisions, bits. MNSIM's Weightbit / Inputbit / outputbit.
struct LayerBits {
  int weight_bits = 9;  // conv/fc only; w-1 crossbar slices with pos/neg pairs
  int input_bits = 9;   // the producer's output bits (9 for the image)
  int output_bits = 9;  // buffer writes, transfers, merges
};

struct Layer {
  std::string name;
  LayerKind kind = LayerKind::kConv;
  int in_channels = 0;   // conv/pool/element_sum: C_in; fc: inputs I
  int out_channels = 0;  // conv: C_out; fc: outputs O; pool/element_sum: = in_channels
  int kernel = 1;        // square window; fc/element_sum: 1
  int stride = 1;
  int pad = 0;
  int in_height = 1;  // fc: 1
  int in_width = 1;
  bool adaptive = false;  // pool built by AdaptivePool (for reports only)
  LayerBits bits;
  std::vector<int> inputs;  // producer layer indices; empty = the image

  int OutHeight() const;  // floor((H + 2p - k)/s) + 1; fc: 1
  int OutWidth() const;
  int OutputPixels() const { return OutHeight() * OutWidth(); }
};

Layer Conv(std::string name, int in_channels, int out_channels, int kernel, int stride, int pad,
           int in_height, int in_width, LayerBits bits, std::vector<int> inputs);
Layer Fc(std::string name, int in_features, int out_features, LayerBits bits,
         std::vector<int> inputs);
Layer Pool(std::string name, int channels, int kernel, int stride, int pad, int in_height,
           int in_width, LayerBits bits, std::vector<int> inputs);
// An adaptive average pool to out x out (crossnas_spec.md §6.4 [R]: the 2x2
// AAP head), as the fixed window PyTorch uses: stride = floor(H/out),
// kernel = H - (out-1) stride. REQUIRES: H, W >= out (else Validate fails).
Layer AdaptivePool(std::string name, int channels, int out, int in_height, int in_width,
                   LayerBits bits, std::vector<int> inputs);
Layer ElementSum(std::string name, int channels, int height, int width, LayerBits bits,
                 std::vector<int> inputs);

struct Network {
  std::string name;
  std::vector<Layer> layers;
};

// Ranges (sizes >= 1, bits 1..16, pad < kernel), producer indices earlier than
// the layer, and shape agreement with each producer (fc: I = C H W of it).
absl::Status Validate(const Network& network);

}  // namespace aimc::crossbar::cost

#endif  // AIMC_CROSSBAR_COST_LAYER_H_
