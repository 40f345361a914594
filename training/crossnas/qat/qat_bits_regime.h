// CrossNAS stage 3 training regimes for networks/crossnas/quant QuantNets
// (crossnas_spec.md §5.1-5.2): the mixed-precision QAT supernet, whose every
// step trains the network at an i.i.d. uniform (WB, AB) ∈ choices² per bit
// group (the head stays at 9/9, §10.6), and the fixed-map QAT of the final
// fine-tune of the winner. Both put the network in QuantMode::kQat in
// Prepare (FailedPrecondition for a network that is not a QuantNet); the
// loss is the default cross-entropy. Bits are drawn from the step's stream
// (StepContext::StepStream(kBitSamplingPurpose)), so a resumed run samples
// the same maps; the α ranges and BN statistics are network buffers,
// checkpointed by the trainer. Thread-compatible.
#ifndef AIMC_TRAINING_CROSSNAS_QAT_QAT_BITS_REGIME_H_
#define AIMC_TRAINING_CROSSNAS_QAT_QAT_BITS_REGIME_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/types/span.h"
#include "nas/crossnas/qpim_genotype.h"
#include "training/regime.h"

namespace aimc::training::crossnas {

using nas::crossnas::BlockBits;

// StepStream purpose of the bit sampling (SPOS path sampling would use 0).
inline constexpr uint32_t kBitSamplingPurpose = 1;

// The map MixedPrecisionQatRegime trains at this step: group g's WB then AB,
// each choices[UniformInt(|choices|)], read in order from one RandomCursor
// over step.StepStream(kBitSamplingPurpose). REQUIRES: choices non-empty.
std::vector<BlockBits> SampleBlockBits(const StepContext& step, int num_groups,
                                       absl::Span<const int> choices);

class MixedPrecisionQatRegime : public TrainingRegime {
 public:
  // bit_choices: each in 2..16 (checked in Prepare; §2.1: 5, 7, 9).
  explicit MixedPrecisionQatRegime(std::vector<int> bit_choices = {5, 7, 9});

  // "crossnas_qat_mixed{5,7,9}".
  std::string Fingerprint() const override;
  absl::Status Prepare(networks::Network& network) override;
  absl::Status BeforeStep(networks::Network& network, const StepContext& step) override;

 private:
  std::vector<int> bit_choices_;
};

class FixedBitsQatRegime : public TrainingRegime {
 public:
  // One entry per bit group of the network (checked by Prepare).
  explicit FixedBitsQatRegime(std::vector<BlockBits> bits);

  // "crossnas_qat_fixed{9/9,7/5}".
  std::string Fingerprint() const override;
  // kQat and SetBits(bits); its InvalidArgument for a wrong map.
  absl::Status Prepare(networks::Network& network) override;
  // SetBits again (an evaluation between steps may have changed them).
  absl::Status BeforeStep(networks::Network& network, const StepContext& step) override;

 private:
  std::vector<BlockBits> bits_;
};

}  // namespace aimc::training::crossnas

#endif  // AIMC_TRAINING_CROSSNAS_QAT_QAT_BITS_REGIME_H_
