// Tests of the CrossNAS pipeline on a tiny synthetic 3x32x32 dataset (T0 shrunk further: 2
// slots, rho 1/8, 1 epoch, P 4): the stage 1-2 run into a temp store, the resumed rerun (no
// training, no new evaluations, the same report apart from its "time " lines), the disk
// cache shared across w, stages 1-4 end to end with their resume and a killed stage-4
// search, and bad configs. Also the real-data load when
// ../shared/data/cifar10_subset is present (skipped with a message otherwise).
#include "experiments/crossnas/pipeline.h"

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/testing/shared_data.h"
#include "experiments/crossnas/crossnas_testing.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "training/data/dataset.h"

namespace aimc::experiments::crossnas {
namespace {

using ::testing::HasSubstr;
using testing_data::Bands;
using testing_data::FreshDir;
using training::Dataset;

PipelineConfig TinyConfig(const std::string& store) {
  PipelineConfig c = T0PipelineConfig();
  c.store_dir = store;
  c.train_images = 96;
  c.val_images = 32;
  c.max_blocks = 2;
  c.batch_size = 32;
  c.search.population_size = 4;
  c.search.num_mutations = 2;
  c.search.num_crossovers = 2;
  c.search.top_k = 3;
  c.search.num_cycles = 1;
  c.num_cal_images = 32;
  c.stages = 2;
  c.log = nullptr;
  return c;
}

// Stages 1-4 with every stage-3/4 size at its smallest.
PipelineConfig TinyFourStageConfig(const std::string& store) {
  PipelineConfig c = TinyConfig(store);
  c.stages = 4;
  c.qpim.batch_size = 32;
  c.qpim.search.population_size = 4;
  c.qpim.search.num_mutations = 2;
  c.qpim.search.num_crossovers = 2;
  c.qpim.search.top_k = 3;
  c.qpim.search.num_cycles = 1;
  c.qpim.num_cal_images = 32;
  c.qpim.num_pim_images = 32;
  c.qpim.test_images = 32;
  return c;
}

absl::StatusOr<PipelineData> FourStageData(const PipelineConfig& c) {
  absl::StatusOr<PipelineData> data = SplitPipelineData(c, Bands(160));
  if (data.ok()) data->test = Bands(48, 777);
  return data;
}

// The report without the lines that may differ between a run and its rerun.
std::string StableLines(const std::string& report) {
  std::string out;
  for (absl::string_view line : absl::StrSplit(report, '\n')) {
    if (!absl::StartsWith(line, "time ")) absl::StrAppend(&out, line, "\n");
  }
  return out;
}

TEST(PipelineTest, RunsEndToEndThenResumesWithoutWork) {
  const std::string store = FreshDir("pipeline_e2e");
  const PipelineConfig config = TinyConfig(store);
  absl::StatusOr<PipelineData> data = SplitPipelineData(config, Bands(160));
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->train->size(), 96);
  EXPECT_EQ(data->val->size(), 32);

  absl::StatusOr<PipelineReport> first = RunArchStagesOnData(config, *data);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->supernet_epochs_trained_now, 1);
  EXPECT_FALSE(first->supernet_resumed);
  EXPECT_GT(first->new_accuracy_evaluations, 0);
  EXPECT_EQ(first->search_cycles_run_now, 2);
  ASSERT_FALSE(first->top_k.empty());
  EXPECT_LE(first->top_k.size(), 3u);
  EXPECT_EQ(first->best.genes, first->top_k[0].genes);
  EXPECT_GT(first->best.energy_mj, 0);
  EXPECT_NEAR(first->best.edp_mj_ms, first->best.energy_mj * first->best.latency_ms, 1e-12);
  const std::string text = FormatReport(*first);
  std::printf("%s", text.c_str());
  EXPECT_THAT(text, HasSubstr("scale: tier t0"));
  EXPECT_THAT(text, HasSubstr("machine: "));
  EXPECT_THAT(text, HasSubstr("paper w=0.99"));
  EXPECT_THAT(text, HasSubstr("stages 1-2 only"));
  EXPECT_FALSE(first->qpim.has_value());

  // The same command again: the checkpoint and the search state answer everything.
  absl::StatusOr<PipelineReport> second = RunArchStagesOnData(config, *data);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->supernet_resumed);
  EXPECT_EQ(second->supernet_epochs_trained_now, 0);
  EXPECT_EQ(second->search_cycles_run_now, 0);
  EXPECT_EQ(second->new_accuracy_evaluations, 0);
  EXPECT_EQ(StableLines(FormatReport(*second)), StableLines(text));

  // Another w: a new search (own state) on the same supernet; candidates seen by the
  // first search come from the shared evaluation cache.
  PipelineConfig other = config;
  other.accuracy_weight = 0.8;
  absl::StatusOr<PipelineReport> third = RunArchStagesOnData(other, *data);
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_TRUE(third->supernet_resumed);
  EXPECT_EQ(third->supernet_epochs_trained_now, 0);
  EXPECT_EQ(third->search_cycles_run_now, 2);
  EXPECT_GT(third->disk_cache_hits, 0);  // the same seed draws the same cycle-0 population
}

TEST(PipelineTest, AKilledSearchResumesFromTheCacheAndState) {
  const std::string store = FreshDir("pipeline_kill");
  PipelineConfig config = TinyConfig(store);
  absl::StatusOr<PipelineData> data = SplitPipelineData(config, Bands(160));
  ASSERT_TRUE(data.ok()) << data.status();
  // Uninterrupted reference in another store.
  PipelineConfig reference = config;
  reference.store_dir = FreshDir("pipeline_kill_ref");
  absl::StatusOr<PipelineReport> straight = RunArchStagesOnData(reference, *data);
  ASSERT_TRUE(straight.ok()) << straight.status();
  // "Killed" after cycle 0 (the same store with fewer cycles), then the full command.
  config.search.num_cycles = 0;
  ASSERT_TRUE(RunArchStagesOnData(config, *data).ok());
  config.search.num_cycles = 1;
  absl::StatusOr<PipelineReport> resumed = RunArchStagesOnData(config, *data);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->search_cycles_run_now, 1);
  ASSERT_EQ(resumed->top_k.size(), straight->top_k.size());
  for (size_t i = 0; i < straight->top_k.size(); ++i) {
    EXPECT_EQ(resumed->top_k[i].genes, straight->top_k[i].genes);
    EXPECT_EQ(resumed->top_k[i].accuracy_pct, straight->top_k[i].accuracy_pct);
  }
  // Killed inside cycle 0, before its first state save: the search restarts, and every
  // candidate it draws again is answered by the evaluation cache file.
  for (const auto& entry : std::filesystem::directory_iterator(config.store_dir)) {
    if (entry.path().extension() == ".state") std::filesystem::remove(entry.path());
  }
  absl::StatusOr<PipelineReport> restarted = RunArchStagesOnData(config, *data);
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  EXPECT_EQ(restarted->search_cycles_run_now, 2);
  EXPECT_EQ(restarted->new_accuracy_evaluations, 0);
  EXPECT_EQ(restarted->disk_cache_hits, 8);
  EXPECT_EQ(restarted->best.genes, straight->best.genes);
  EXPECT_EQ(restarted->best_fitness_per_cycle, straight->best_fitness_per_cycle);
}

TEST(PipelineTest, StagesOneToFourRunThenResumeWithoutWork) {
  const PipelineConfig config = TinyFourStageConfig(FreshDir("pipeline_s4"));
  absl::StatusOr<PipelineData> data = FourStageData(config);
  ASSERT_TRUE(data.ok()) << data.status();
  absl::StatusOr<PipelineReport> first = RunArchStagesOnData(config, *data);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(first->qpim.has_value());
  const QpimStagesReport& q = *first->qpim;
  EXPECT_EQ(q.genotype, first->best.genotype);
  EXPECT_EQ(q.fp_epochs_now, 1);
  EXPECT_EQ(q.qat_epochs_now, 1);
  EXPECT_EQ(q.finetune_epochs_now, 1);
  EXPECT_GT(q.new_pim_evaluations, 0);
  ASSERT_FALSE(q.top_k.empty());
  EXPECT_LE(q.top_k.size(), 3u);
  EXPECT_EQ(q.best.qpim, q.top_k[0].qpim);
  EXPECT_GT(q.best.energy_mj, 0);
  EXPECT_GT(q.area_mm2, 0);
  EXPECT_EQ(q.test_images, 32);
  for (double acc : {q.final_pim_accuracy_pct, q.final_qat_accuracy_pct, q.sanity_adc4_pct,
                     q.sanity_adc10_pct, q.sanity_dac1_pct}) {
    EXPECT_GE(acc, 0);
    EXPECT_LE(acc, 100);
  }
  // DAC 2 b feeds 2 input bits per cycle: fewer cycles than 1 b, so less energy and latency.
  EXPECT_LT(q.sanity_dac2_energy_mj, q.sanity_dac1_energy_mj);
  EXPECT_LT(q.sanity_dac2_latency_ms, q.sanity_dac1_latency_ms);
  const std::string text = FormatReport(*first);
  std::printf("%s", text.c_str());
  EXPECT_THAT(text, HasSubstr("stages 1-4"));
  EXPECT_THAT(text, HasSubstr("ours w=0.99 stage 4"));
  EXPECT_THAT(text, HasSubstr("stage-4 top-"));
  EXPECT_THAT(text, HasSubstr("sanity (spec 9.5 item 7"));

  absl::StatusOr<PipelineReport> second = RunArchStagesOnData(config, *data);
  ASSERT_TRUE(second.ok()) << second.status();
  ASSERT_TRUE(second->qpim.has_value());
  EXPECT_EQ(second->qpim->fp_epochs_now, 0);
  EXPECT_EQ(second->qpim->qat_epochs_now, 0);
  EXPECT_EQ(second->qpim->finetune_epochs_now, 0);
  EXPECT_EQ(second->qpim->new_pim_evaluations, 0);
  EXPECT_EQ(StableLines(FormatReport(*second)), StableLines(text));
}

TEST(PipelineTest, AKilledStageFourSearchResumesAsAnUninterruptedOne) {
  PipelineConfig config = TinyFourStageConfig(FreshDir("pipeline_s4_kill"));
  absl::StatusOr<PipelineData> data = FourStageData(config);
  ASSERT_TRUE(data.ok()) << data.status();
  PipelineConfig reference = config;
  reference.store_dir = FreshDir("pipeline_s4_ref");
  absl::StatusOr<PipelineReport> straight = RunArchStagesOnData(reference, *data);
  ASSERT_TRUE(straight.ok()) << straight.status();
  // "Killed" after stage-4 cycle 0, then the full command: cycle 1's candidates are scored
  // in a new process, from the QAT supernet's buffers as in the uninterrupted run.
  config.qpim.search.num_cycles = 0;
  ASSERT_TRUE(RunArchStagesOnData(config, *data).ok());
  config.qpim.search.num_cycles = 1;
  absl::StatusOr<PipelineReport> resumed = RunArchStagesOnData(config, *data);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  ASSERT_TRUE(straight->qpim.has_value() && resumed->qpim.has_value());
  const QpimStagesReport &a = *straight->qpim, &b = *resumed->qpim;
  ASSERT_EQ(a.top_k.size(), b.top_k.size());
  for (size_t i = 0; i < a.top_k.size(); ++i) {
    EXPECT_EQ(a.top_k[i].qpim, b.top_k[i].qpim);
    EXPECT_EQ(a.top_k[i].accuracy_pct, b.top_k[i].accuracy_pct);
  }
  EXPECT_EQ(a.best_fitness_per_cycle, b.best_fitness_per_cycle);
  EXPECT_EQ(a.final_pim_accuracy_pct, b.final_pim_accuracy_pct);
}

TEST(PipelineTest, BadConfigsNameTheField) {
  PipelineConfig c = TinyConfig("/tmp/unused");
  c.epochs = -1;
  EXPECT_EQ(ValidatePipelineConfig(c).code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ValidatePipelineConfig(c).message(), HasSubstr("PipelineConfig.epochs"));
  c = TinyConfig("/tmp/unused");
  c.accuracy_weight = 1.5;
  EXPECT_THAT(ValidatePipelineConfig(c).message(), HasSubstr("PipelineConfig.accuracy_weight"));
  c = TinyConfig("");
  EXPECT_THAT(ValidatePipelineConfig(c).message(), HasSubstr("PipelineConfig.store_dir"));
  c = TinyConfig("/tmp/unused");
  c.data_dir = "";
  absl::StatusOr<PipelineData> missing = LoadPipelineData(c);
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(missing.status().message(), HasSubstr("PipelineConfig.data_dir"));
  EXPECT_THAT(missing.status().message(), HasSubstr("--data_dir"));
  c.data_dir = "/nonexistent/cifar";
  EXPECT_THAT(LoadPipelineData(c).status().message(), HasSubstr("--data_dir"));
  c = TinyConfig("/tmp/unused");
  EXPECT_EQ(SplitPipelineData(c, Bands(100)).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(TierPipelineConfig("t9").status().code(), absl::StatusCode::kNotFound);
  c = TinyConfig("/tmp/unused");
  c.stages = 3;
  EXPECT_THAT(ValidatePipelineConfig(c).message(), HasSubstr("PipelineConfig.stages"));
  c = TinyFourStageConfig("/tmp/unused");
  c.qpim.num_pim_images = 0;
  EXPECT_THAT(ValidatePipelineConfig(c).message(), HasSubstr("QpimStagesConfig.num_pim_images"));
  c.qpim.num_pim_images = 32;
  c.qpim.qat_lr = -1;
  EXPECT_THAT(ValidatePipelineConfig(c).message(), HasSubstr("QpimStagesConfig.qat_lr"));
  absl::StatusOr<PipelineData> no_test = SplitPipelineData(c, Bands(160));
  ASSERT_TRUE(no_test.ok());
  c.qpim.qat_lr = 8e-4;
  EXPECT_THAT(RunArchStagesOnData(c, *no_test).status().message(), HasSubstr("test"));
}

TEST(PipelineTest, TiersAndTheRealSubsetSplit) {
  const PipelineConfig t1 = T1PipelineConfig();
  EXPECT_EQ(t1.train_images + t1.val_images, 4660);
  EXPECT_EQ(t1.epochs, 120);
  EXPECT_EQ(t1.max_blocks, 8);
  EXPECT_EQ(t1.num_cal_images, 1024);
  EXPECT_EQ(t1.qpim.fp_epochs, 60);
  EXPECT_EQ(t1.qpim.qat_epochs, 30);
  EXPECT_EQ(t1.qpim.num_pim_images, 256);
  EXPECT_EQ(t1.qpim.num_cal_images, 512);
  EXPECT_EQ(t1.qpim.test_images, 932);
  absl::StatusOr<std::string> train_bin = test_util::FindSharedDataFile("cifar10_subset/train.bin");
  if (!train_bin.ok()) {
    GTEST_SKIP() << "real-data split not checked: " << train_bin.status();
  }
  const std::string dir = std::filesystem::path(*train_bin).parent_path().string();
  PipelineConfig c = t1;
  c.data_dir = dir;
  c.store_dir = "/tmp/unused";
  absl::StatusOr<PipelineData> data = LoadPipelineData(c);
  ASSERT_TRUE(data.ok()) << data.status();
  EXPECT_EQ(data->train->size(), 3960);
  EXPECT_EQ(data->val->size(), 700);
  EXPECT_THAT(data->description, HasSubstr("subset"));
  ASSERT_TRUE(data->test.has_value());
  EXPECT_EQ(data->test->size(), 932);
}

}  // namespace
}  // namespace aimc::experiments::crossnas
