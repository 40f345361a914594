#include "training/crossnas/qat/qat_bits_regime.h"

#include <memory>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/random_cursor.h"
#include "common/status_macros.h"
#include "networks/crossnas/quant/quant_net.h"
#include "networks/network.h"

namespace aimc::training::crossnas {

using networks::crossnas::AsQuantNet;
using networks::crossnas::QuantMode;
using networks::crossnas::QuantNetImpl;

std::vector<BlockBits> SampleBlockBits(const StepContext& step, int num_groups,
                                       absl::Span<const int> choices) {
  RandomCursor cursor(step.StepStream(kBitSamplingPurpose));
  const int n = static_cast<int>(choices.size());
  std::vector<BlockBits> bits(num_groups);
  for (BlockBits& b : bits) {
    b.weight_bits = choices[cursor.UniformInt(n)];
    b.activation_bits = choices[cursor.UniformInt(n)];
  }
  return bits;
}

MixedPrecisionQatRegime::MixedPrecisionQatRegime(std::vector<int> bit_choices)
    : bit_choices_(std::move(bit_choices)) {}

std::string MixedPrecisionQatRegime::Fingerprint() const {
  return absl::StrCat("crossnas_qat_mixed{", absl::StrJoin(bit_choices_, ","), "}");
}

absl::Status MixedPrecisionQatRegime::Prepare(networks::Network& network) {
  if (bit_choices_.empty()) {
    return absl::InvalidArgumentError("MixedPrecisionQatRegime: bit_choices is empty");
  }
  for (int b : bit_choices_) {
    if (b < 2 || b > 16) {
      return absl::InvalidArgumentError(
          absl::StrCat("MixedPrecisionQatRegime: bit_choices must be 2..16, got ", b));
    }
  }
  ASSIGN_OR_RETURN(std::shared_ptr<QuantNetImpl> net,
                   AsQuantNet(network, "MixedPrecisionQatRegime"));
  net->SetMode(QuantMode::kQat);
  return absl::OkStatus();
}

absl::Status MixedPrecisionQatRegime::BeforeStep(networks::Network& network,
                                                 const StepContext& step) {
  ASSIGN_OR_RETURN(std::shared_ptr<QuantNetImpl> net,
                   AsQuantNet(network, "MixedPrecisionQatRegime"));
  net->SetMode(QuantMode::kQat);
  return net->SetBits(SampleBlockBits(step, net->num_bit_groups(), bit_choices_));
}

FixedBitsQatRegime::FixedBitsQatRegime(std::vector<BlockBits> bits) : bits_(std::move(bits)) {}

std::string FixedBitsQatRegime::Fingerprint() const {
  return absl::StrCat("crossnas_qat_fixed{",
                      absl::StrJoin(bits_, ",",
                                    [](std::string* out, const BlockBits& b) {
                                      absl::StrAppend(out, b.weight_bits, "/", b.activation_bits);
                                    }),
                      "}");
}

absl::Status FixedBitsQatRegime::Prepare(networks::Network& network) {
  ASSIGN_OR_RETURN(std::shared_ptr<QuantNetImpl> net, AsQuantNet(network, "FixedBitsQatRegime"));
  net->SetMode(QuantMode::kQat);
  return net->SetBits(bits_);
}

absl::Status FixedBitsQatRegime::BeforeStep(networks::Network& network, const StepContext&) {
  ASSIGN_OR_RETURN(std::shared_ptr<QuantNetImpl> net, AsQuantNet(network, "FixedBitsQatRegime"));
  net->SetMode(QuantMode::kQat);
  return net->SetBits(bits_);
}

}  // namespace aimc::training::crossnas
