#include "training/quantization/testing/trained_model.h"

#include <filesystem>
#include <memory>
#include <utility>

#include "common/status_macros.h"
#include "common/testing/shared_data.h"
#include "training/data/cifar10.h"
#include "training/data/transforms.h"
#include "training/evaluate.h"
#include "training/trainer.h"

namespace aimc::training::testing {

absl::StatusOr<TrainedModel> TrainTinyCifarModel() {
  ASSIGN_OR_RETURN(const std::string file,
                   test_util::FindSharedDataFile("cifar10_subset/train.bin"));
  const std::string dir = std::filesystem::path(file).parent_path().string();
  ASSIGN_OR_RETURN(const Dataset train32, LoadCifar10(dir, Split::kTrain));
  ASSIGN_OR_RETURN(const Dataset test32, LoadCifar10(dir, Split::kTest));
  ASSIGN_OR_RETURN(Dataset train, Downscale(train32, 2));
  ASSIGN_OR_RETURN(Dataset test, Downscale(test32, 2));

  networks::Nb201Config config;
  config.stem_channels = 4;
  config.cells_per_stage = 1;
  config.init_seed = 1;
  const std::string cell = "(2,2,0,2,2,3)";
  ASSIGN_OR_RETURN(networks::Nb201Network nb201, networks::CreateNb201Network(cell, config));
  networks::Network fp = networks::AsNetwork(nb201);

  AugmentConfig eval_augment;
  eval_augment.normalization = MeasureNormalization(train);
  AugmentConfig train_augment = eval_augment;
  train_augment.crop_padding = 2;
  train_augment.random_flip = true;

  TrainerConfig tc;
  tc.schedule.epochs = 2;
  tc.logging.log = nullptr;
  tc.batch_size = 128;
  tc.seed = 2;
  tc.num_threads = 1;
  tc.augment = train_augment;
  ASSIGN_OR_RETURN(std::unique_ptr<Trainer> trainer, Trainer::Create(fp, &train, tc));
  RETURN_IF_ERROR(trainer->Train());
  fp->eval();
  EvalConfig ec;
  ec.augment = eval_augment;
  ASSIGN_OR_RETURN(const EvalResult eval, Evaluate(fp, test, ec));
  return TrainedModel{.train = std::move(train),
                      .test = std::move(test),
                      .cell = cell,
                      .config = config,
                      .train_augment = train_augment,
                      .eval_augment = eval_augment,
                      .fp = fp,
                      .fp_accuracy_pct = eval.mean_accuracy_pct};
}

absl::StatusOr<networks::Network> CopyOf(const TrainedModel& model) {
  ASSIGN_OR_RETURN(networks::Nb201Network nb201,
                   networks::CreateNb201Network(model.cell, model.config));
  networks::Network copy = networks::AsNetwork(nb201);
  RETURN_IF_ERROR(networks::CopyModuleState(*model.fp.ptr(), *copy));
  copy->eval();
  return copy;
}

}  // namespace aimc::training::testing
