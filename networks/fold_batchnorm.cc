#include "networks/fold_batchnorm.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "networks/internal/conv_bn.h"

namespace aimc::networks {

absl::Status FoldBatchNorms(torch::nn::Module& root) {
  std::vector<std::pair<std::string, internal::ConvBnImpl*>> blocks;
  if (auto* self = dynamic_cast<internal::ConvBnImpl*>(&root)) blocks.emplace_back("", self);
  for (const auto& item : root.named_modules("", /*include_self=*/false)) {
    if (auto* block = dynamic_cast<internal::ConvBnImpl*>(item.value().get())) {
      blocks.emplace_back(item.key(), block);
    }
  }
  for (const auto& [name, block] : blocks) {
    const absl::Status status = block->FoldBatchNorm();
    if (!status.ok()) {
      return absl::Status(status.code(), absl::StrCat("FoldBatchNorms: block '", name, "': ",
                                                      status.message()));
    }
  }
  return absl::OkStatus();
}

}  // namespace aimc::networks
