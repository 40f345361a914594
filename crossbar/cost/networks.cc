#include "crossbar/cost/networks.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status_macros.h"

namespace aimc::crossbar::cost {
namespace {

// Appends layers, tracking the current C x H x W and the producer index.
class Builder {
 public:
  Builder(std::string name, int channels, int size) : c_(channels), h_(size), w_(size) {
    net_.name = std::move(name);
  }
  int last() const { return last_; }
  std::vector<int> From(int p) const { return p < 0 ? std::vector<int>{} : std::vector<int>{p}; }
  int AddConv(const std::string& name, int c_out, int k, int s, int p, LayerBits bits, int from) {
    return Add(Conv(name, c_, c_out, k, s, p, h_, w_, bits, From(from)));
  }
  int Conv3(const std::string& name, int c_out, int s = 1, LayerBits bits = {}) {
    return AddConv(name, c_out, 3, s, 1, bits, last_);
  }
  int MaxPool(const std::string& name, LayerBits bits = {}) {
    return Add(Pool(name, c_, 2, 2, 0, h_, w_, bits, From(last_)));
  }
  int Add(Layer l) {
    c_ = l.out_channels;
    h_ = l.OutHeight();
    w_ = l.OutWidth();
    net_.layers.push_back(std::move(l));
    return last_ = net_.layers.size() - 1;
  }
  // Sets the current shape to that of layer `index` (for shortcut branches).
  void Restore(int index, int c, int h, int w) {
    last_ = index;
    c_ = c;
    h_ = h;
    w_ = w;
  }
  int c() const { return c_; }
  int h() const { return h_; }
  int w() const { return w_; }
  int Fc(const std::string& name, int out, LayerBits bits = {}) {
    return Add(cost::Fc(name, c_ * h_ * w_, out, bits, From(last_)));
  }
  Network Take() { return std::move(net_); }

 private:
  Network net_;
  int c_, h_, w_, last_ = -1;
};

// A residual basic block as MNSIM lists it: conv1, conv2, [shortcut], sum.
void ResidualBlock(Builder& b, const std::string& name, int c_out, int stride, int shortcut_k,
                   LayerBits in_bits, LayerBits bits) {
  const int in = b.last(), c = b.c(), h = b.h(), w = b.w();
  LayerBits first = bits;
  first.input_bits = in_bits.output_bits;
  b.AddConv(name + ".conv1", c_out, 3, stride, 1, first, in);
  LayerBits second = bits;
  second.input_bits = bits.output_bits;
  const int main = b.Conv3(name + ".conv2", c_out, 1, second);
  const int c2 = b.c(), h2 = b.h(), w2 = b.w();
  int shortcut = in;
  if (shortcut_k > 0) {
    b.Restore(in, c, h, w);
    shortcut = b.AddConv(name + ".shortcut", c_out, shortcut_k, stride, shortcut_k / 2, first, in);
  }
  std::vector<int> inputs = {main};
  if (shortcut >= 0) inputs.push_back(shortcut);
  b.Add(ElementSum(name + ".sum", c2, h2, w2, bits, inputs));
}

}  // namespace

Network AlexNet() {
  Builder b("alexnet", 3, 32);
  b.Conv3("conv1", 64, 2);
  b.MaxPool("pool1");
  b.Conv3("conv2", 192);
  b.MaxPool("pool2");
  b.Conv3("conv3", 384);
  b.Conv3("conv4", 256);
  b.Conv3("conv5", 256);
  b.MaxPool("pool3");
  b.Fc("fc1", 512);
  b.Fc("fc2", 10);
  return b.Take();
}

Network Vgg16() {
  Builder b("vgg16", 3, 32);
  const int widths[5] = {64, 128, 256, 512, 512}, convs[5] = {2, 2, 3, 3, 3};
  int n = 0;
  for (int stage = 0; stage < 5; ++stage) {
    for (int i = 0; i < convs[stage]; ++i) b.Conv3(absl::StrCat("conv", ++n), widths[stage]);
    if (stage < 4) b.MaxPool(absl::StrCat("pool", stage + 1));
  }
  b.Fc("fc", 10);
  return b.Take();
}

Network ResNet18() {
  Builder b("resnet18", 3, 32);
  b.Conv3("conv1", 64);
  b.MaxPool("pool1");
  const int widths[4] = {64, 128, 256, 512};
  for (int stage = 0; stage < 4; ++stage) {
    for (int i = 0; i < 2; ++i) {
      const bool down = stage > 0 && i == 0;
      ResidualBlock(b, absl::StrCat("layer", stage + 1, ".", i), widths[stage], down ? 2 : 1,
                    down ? 3 : 0, LayerBits{}, LayerBits{});
    }
  }
  b.Fc("fc1", 512);
  b.Fc("fc2", 10);
  return b.Take();
}

absl::StatusOr<Network> BundledNetwork(absl::string_view name) {
  if (name == "alexnet") return AlexNet();
  if (name == "vgg16") return Vgg16();
  if (name == "resnet18") return ResNet18();
  return absl::NotFoundError(
      absl::StrCat("unknown network '", name, "' (known: alexnet, resnet18, vgg16)"));
}

absl::StatusOr<Network> CrossNasNetwork(const std::vector<CrossNasBlock>& blocks, int num_classes) {
  if (blocks.empty()) return absl::InvalidArgumentError("blocks: need at least one block");
  if (num_classes < 1) {
    return absl::InvalidArgumentError(absl::StrCat("num_classes: must be >= 1, got ", num_classes));
  }
  const bool cifar100 = num_classes == 100;
  Builder b("crossnas", 3, 32);
  LayerBits prev{9, 9, 9};  // the image
  int downsampling = 0;
  for (size_t i = 0; i < blocks.size(); ++i) {
    const CrossNasBlock& blk = blocks[i];
    const std::string name = absl::StrCat("b", i + 1);
    for (int bits : {blk.weight_bits, blk.activation_bits}) {
      if (bits < 2 || bits > 16) {
        return absl::InvalidArgumentError(
            absl::StrCat("blocks[", i, "]: bits must be 2..16, got ", bits));
      }
    }
    const LayerBits bits{blk.weight_bits, blk.activation_bits, blk.activation_bits};
    LayerBits first = bits;
    first.input_bits = prev.output_bits;
    if (blk.type == BlockType::kRes) {
      const int stride = cifar100 ? 2 : 1;
      downsampling += stride == 2;
      ResidualBlock(b, name, blk.out_channels, stride, 1, prev, bits);
    } else {
      b.AddConv(name + ".conv1", blk.out_channels, 3, 1, 1, first, b.last());
      LayerBits second = bits;
      second.input_bits = bits.output_bits;
      b.Conv3(name + ".conv2", blk.out_channels, 1, second);
      if (blk.type == BlockType::kVgg) {
        ++downsampling;
        LayerBits pool = bits;
        pool.input_bits = bits.output_bits;
        b.MaxPool(name + ".pool", pool);
      }
    }
    if (downsampling > 4) {
      return absl::InvalidArgumentError(
          absl::StrCat("blocks: at most 4 down-sampling blocks (the map must stay >= 2x2), block ",
                       i + 1, " is the ", downsampling, "th"));
    }
    prev = bits;
  }
  b.Add(AdaptivePool("head.aap", b.c(), 2, b.h(), b.w(), LayerBits{9, prev.output_bits, 9},
                     b.From(b.last())));
  if (cifar100) {
    b.Fc("head.fc", 100);
  } else {
    b.Fc("head.fc1", 200);
    b.Fc("head.fc2", 50);
    b.Fc("head.fc3", num_classes);
  }
  Network net = b.Take();
  RETURN_IF_ERROR(Validate(net));
  return net;
}

absl::StatusOr<std::vector<CrossNasBlock>> ParseCrossNasBlocks(absl::string_view text) {
  std::vector<CrossNasBlock> out;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipWhitespace())) {
    const std::vector<std::string> parts = absl::StrSplit(absl::StripAsciiWhitespace(item), ':');
    const auto bad = [&](absl::string_view why) {
      return absl::InvalidArgumentError(absl::StrCat(
          "blocks: '", item, "': ", why, " (expected TYPE:K[:WB:AB], TYPE = VGG, MVGG or RES)"));
    };
    if (parts.size() != 2 && parts.size() != 4) return bad("wrong number of fields");
    CrossNasBlock blk;
    const std::string type = absl::AsciiStrToUpper(parts[0]);
    if (type == "VGG") {
      blk.type = BlockType::kVgg;
    } else if (type == "MVGG") {
      blk.type = BlockType::kMvgg;
    } else if (type == "RES") {
      blk.type = BlockType::kRes;
    } else {
      return bad("unknown block type");
    }
    if (!absl::SimpleAtoi(parts[1], &blk.out_channels) || blk.out_channels < 1) {
      return bad("K must be an integer >= 1");
    }
    if (parts.size() == 4 && (!absl::SimpleAtoi(parts[2], &blk.weight_bits) ||
                              !absl::SimpleAtoi(parts[3], &blk.activation_bits))) {
      return bad("WB and AB must be integers");
    }
    out.push_back(blk);
  }
  if (out.empty()) return absl::InvalidArgumentError("blocks: empty block list");
  return out;
}

}  // namespace aimc::crossbar::cost
