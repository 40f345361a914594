#include "training/regime.h"

#include <utility>

#include <torch/nn/functional/loss.h>
#include <torch/types.h>

#include "absl/strings/str_cat.h"
#include "common/status_macros.h"
#include "networks/network.h"

namespace aimc::training {
namespace {

constexpr absl::string_view kInnerPrefix = "inner__";

class PrefixedWriter : public RegimeStateWriter {
 public:
  explicit PrefixedWriter(RegimeStateWriter& base) : base_(base) {}
  void WriteInt64(absl::string_view key, int64_t value) override {
    base_.WriteInt64(absl::StrCat(kInnerPrefix, key), value);
  }
  void WriteDouble(absl::string_view key, double value) override {
    base_.WriteDouble(absl::StrCat(kInnerPrefix, key), value);
  }
  void WriteString(absl::string_view key, absl::string_view value) override {
    base_.WriteString(absl::StrCat(kInnerPrefix, key), value);
  }
  void WriteTensor(absl::string_view key, const at::Tensor& value) override {
    base_.WriteTensor(absl::StrCat(kInnerPrefix, key), value);
  }

 private:
  RegimeStateWriter& base_;
};

class PrefixedReader : public RegimeStateReader {
 public:
  explicit PrefixedReader(RegimeStateReader& base) : base_(base) {}
  bool Has(absl::string_view key) override { return base_.Has(absl::StrCat(kInnerPrefix, key)); }
  absl::StatusOr<int64_t> ReadInt64(absl::string_view key) override {
    return base_.ReadInt64(absl::StrCat(kInnerPrefix, key));
  }
  absl::StatusOr<double> ReadDouble(absl::string_view key) override {
    return base_.ReadDouble(absl::StrCat(kInnerPrefix, key));
  }
  absl::StatusOr<std::string> ReadString(absl::string_view key) override {
    return base_.ReadString(absl::StrCat(kInnerPrefix, key));
  }
  absl::Status ReadTensor(absl::string_view key, at::Tensor* value) override {
    return base_.ReadTensor(absl::StrCat(kInnerPrefix, key), value);
  }

 private:
  RegimeStateReader& base_;
};

}  // namespace

absl::Status TrainingRegime::Loss(networks::Network& network, const at::Tensor& images,
                                  const at::Tensor& labels, const StepContext& step,
                                  at::Tensor* loss, at::Tensor* logits) {
  *logits = network->forward(images);
  *loss = torch::nn::functional::cross_entropy(*logits, labels);
  return absl::OkStatus();
}

WrappedRegime::WrappedRegime(std::unique_ptr<TrainingRegime> inner) : inner_(std::move(inner)) {
  AIMC_CHECK(inner_ != nullptr);
}

absl::Status WrappedRegime::Prepare(networks::Network& network) {
  return inner_->Prepare(network);
}

absl::Status WrappedRegime::BeforeStep(networks::Network& network, const StepContext& step) {
  return inner_->BeforeStep(network, step);
}

absl::Status WrappedRegime::Loss(networks::Network& network, const at::Tensor& images,
                                 const at::Tensor& labels, const StepContext& step,
                                 at::Tensor* loss, at::Tensor* logits) {
  return inner_->Loss(network, images, labels, step, loss, logits);
}

absl::Status WrappedRegime::AfterStep(networks::Network& network, const StepContext& step) {
  return inner_->AfterStep(network, step);
}

absl::Status WrappedRegime::SaveState(RegimeStateWriter& writer) const {
  PrefixedWriter inner_writer(writer);
  return inner_->SaveState(inner_writer);
}

absl::Status WrappedRegime::LoadState(RegimeStateReader& reader) {
  PrefixedReader inner_reader(reader);
  return inner_->LoadState(inner_reader);
}

}  // namespace aimc::training
