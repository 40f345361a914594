#include "training/crossnas/spos_regime.h"

#include <torch/torch.h>

#include "absl/strings/str_cat.h"
#include "common/random_cursor.h"
#include "common/status_macros.h"
#include "nas/crossnas/path_sampling.h"
#include "networks/crossnas/supernet.h"
#include "networks/network.h"

namespace aimc::training::crossnas {
namespace {

using networks::crossnas::CrossNasSupernetImpl;

absl::StatusOr<CrossNasSupernetImpl*> AsSupernet(networks::Network& network,
                                                 const nas::crossnas::ArchSpaceOptions& space) {
  auto* supernet = dynamic_cast<CrossNasSupernetImpl*>(network.get());
  if (supernet == nullptr) {
    return absl::InvalidArgumentError("SposRegime: the network is not a CrossNasSupernet");
  }
  const nas::crossnas::ArchSpaceOptions& own = supernet->arch_space();
  if (own.max_blocks != space.max_blocks ||
      own.max_downsampling_blocks != space.max_downsampling_blocks ||
      own.res_stride2 != space.res_stride2) {
    return absl::InvalidArgumentError(absl::StrCat(
        "SposRegime: the supernet serves max_blocks ", own.max_blocks, ", max_downsampling ",
        own.max_downsampling_blocks, ", res_stride2 ", own.res_stride2, "; the regime samples ",
        space.max_blocks, ", ", space.max_downsampling_blocks, ", ", space.res_stride2));
  }
  return supernet;
}

}  // namespace

SposRegime::SposRegime(const nas::crossnas::ArchSpaceOptions& space, double width_scale)
    : space_(space), width_scale_(width_scale) {
  AIMC_CHECK(nas::crossnas::ValidateArchSpaceOptions(space).ok());
}

std::string SposRegime::Fingerprint() const {
  return absl::StrCat("spos{dmax=", space_.max_blocks, ",max_down=", space_.max_downsampling_blocks,
                      ",res_stride2=", space_.res_stride2 ? 1 : 0, ",rho=", width_scale_, "}");
}

absl::Status SposRegime::Prepare(networks::Network& network) {
  return AsSupernet(network, space_).status();
}

nas::crossnas::ArchGenotype SposRegime::PathForStep(const StepContext& step) const {
  RandomCursor cursor(step.StepStream(kSposPathPurpose));
  return nas::crossnas::SampleSposPath(space_, cursor);
}

absl::Status SposRegime::BeforeStep(networks::Network& network, const StepContext& step) {
  ASSIGN_OR_RETURN(CrossNasSupernetImpl * supernet, AsSupernet(network, space_));
  // Parameters off the path get a zero gradient rather than none: the
  // optimizer then steps (weight decay, momentum) every parameter in every
  // step, before and after a resume alike. A resumed network starts without
  // gradients, so otherwise the paths used before the checkpoint would be
  // decayed in the uninterrupted run and skipped in the resumed one.
  for (torch::Tensor& p : supernet->parameters()) {
    if (!p.grad().defined()) p.mutable_grad() = torch::zeros_like(p);
  }
  RETURN_IF_ERROR(supernet->SetPath(PathForStep(step)));
  supernet->SetDropoutStream(step.StepStream(kSposDropoutPurpose));
  return absl::OkStatus();
}

}  // namespace aimc::training::crossnas
