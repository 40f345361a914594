// SPOS training of the CrossNAS supernet (crossnas_spec.md §3.1, [R] the
// code's depth-uniform path sampling): before every step the regime draws one
// path with nas::crossnas::SampleSposPath from a RandomCursor over
// step.StepStream(kSposPathPurpose) and activates it, and points the head's
// dropout at step.StepStream(kSposDropoutPurpose). Everything else is the
// default regime's (cross-entropy), so the supernet trains with the unchanged
// training/trainer.h. The path and the masks depend only on (seed, global
// step), and BeforeStep gives every parameter without a gradient a zero one
// (so the optimizer's weight decay and momentum step all paths every step,
// identically before and after a resume, whose fresh network has no
// gradients): a resumed run is bit-identical without regime state. Errors:
// Prepare/BeforeStep return InvalidArgument if the network is not a
// CrossNasSupernet or serves another space. No LibTorch in this header.
// Thread-compatible.
#ifndef AIMC_TRAINING_CROSSNAS_SPOS_REGIME_H_
#define AIMC_TRAINING_CROSSNAS_SPOS_REGIME_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "nas/crossnas/arch_genotype.h"
#include "training/regime.h"

namespace aimc::training::crossnas {

// StepContext::StepStream purposes (draw = kRegimeDrawBase + purpose).
inline constexpr uint32_t kSposPathPurpose = 40;
inline constexpr uint32_t kSposDropoutPurpose = 41;

class SposRegime : public TrainingRegime {
 public:
  // `space`: the supernet's arch_space() (checked in Prepare); `width_scale`
  // only enters the fingerprint. REQUIRES: ValidateArchSpaceOptions(space).ok().
  SposRegime(const nas::crossnas::ArchSpaceOptions& space, double width_scale);

  // "spos{dmax=3,max_down=4,res_stride2=0,rho=0.125}".
  std::string Fingerprint() const override;
  absl::Status Prepare(networks::Network& network) override;
  absl::Status BeforeStep(networks::Network& network, const StepContext& step) override;

  // The path step `step` trains (what BeforeStep activates).
  nas::crossnas::ArchGenotype PathForStep(const StepContext& step) const;

 private:
  nas::crossnas::ArchSpaceOptions space_;
  double width_scale_;
};

}  // namespace aimc::training::crossnas

#endif  // AIMC_TRAINING_CROSSNAS_SPOS_REGIME_H_
