// Store suite cases (included by store_suite.h): the job queue of several
// processes — claim order, reconcile jobs waiting for their run's collect
// jobs, leases taken over when they expire, the attempts bound, and only
// the holder renewing or finishing a job.
#pragma once

namespace vigil::store::testing {

inline JobRecord job(const std::string& run, const std::string& kind, int64_t ms = kT0) {
  JobRecord j;
  j.run = run;
  j.kind = kind;
  j.source = "prod";
  j.payload = {{"part", kind}};
  j.created = at_ms(ms);
  return j;
}

TEST_P(StoreSuite, JobsAreClaimedInOrderAndReconcileWaitsForItsCollectJobs) {
  auto ids = store_->enqueue_jobs(
      {job("r1", "collect"), job("r1", "collect"), job("r1", "reconcile"), job("r2", "scan")});
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  ASSERT_EQ(ids->size(), 4u);
  const Time lease = at_ms(kT0 + 60'000);

  auto first = store_->claim_job("w1", at_ms(kT0), lease);
  ASSERT_TRUE(first.ok()) << first.error().message;
  ASSERT_TRUE(first->has_value());
  EXPECT_EQ((*first)->id, (*ids)[0]);
  EXPECT_EQ((*first)->state, "running");
  EXPECT_EQ((*first)->worker, "w1");
  EXPECT_EQ((*first)->attempts, 1);
  EXPECT_EQ((*first)->payload, nlohmann::json({{"part", "collect"}}));

  auto second = store_->claim_job("w2", at_ms(kT0), lease);
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->id, (*ids)[1]);
  // The reconcile job of r1 waits: r2's scan job comes next.
  auto third = store_->claim_job("w3", at_ms(kT0), lease);
  ASSERT_TRUE(third.ok() && third->has_value());
  EXPECT_EQ((*third)->id, (*ids)[3]);
  auto none = store_->claim_job("w4", at_ms(kT0), lease);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  ASSERT_TRUE(store_->finish_job((*ids)[0], "w1", "done", "part one", "", at_ms(kT0 + 5)).ok());
  EXPECT_FALSE(store_->claim_job("w4", at_ms(kT0 + 5), lease)->has_value());  // one still running
  ASSERT_TRUE(store_->finish_job((*ids)[1], "w2", "failed", "", "throttled", at_ms(kT0 + 6)).ok());
  auto reconcile = store_->claim_job("w4", at_ms(kT0 + 6), lease);
  ASSERT_TRUE(reconcile.ok() && reconcile->has_value());
  EXPECT_EQ((*reconcile)->kind, "reconcile");

  auto run = store_->jobs({.run = "r1", .unfinished_only = false, .with_results = true});
  ASSERT_TRUE(run.ok()) << run.error().message;
  ASSERT_EQ(run->size(), 3u);
  EXPECT_EQ((*run)[0].state, "done");
  EXPECT_EQ((*run)[0].result, "part one");
  EXPECT_EQ((*run)[1].state, "failed");
  EXPECT_EQ((*run)[1].error, "throttled");
  EXPECT_EQ((*run)[2].state, "running");
  EXPECT_EQ(store_->jobs({.run = "r1"})->at(0).result, "");  // results only when asked
  auto unfinished = store_->jobs({.run = "", .unfinished_only = true});
  ASSERT_EQ(unfinished->size(), 2u);  // r1's reconcile and r2's scan

  // The reconcile finished: the run's parts are emptied; a week later the
  // run's jobs are gone.
  ASSERT_TRUE(
      store_->finish_job((*reconcile)->id, "w4", "done", "recorded", "", at_ms(kT0 + 7)).ok());
  run = store_->jobs({.run = "r1", .unfinished_only = false, .with_results = true});
  EXPECT_EQ((*run)[0].result, "");
  EXPECT_EQ((*run)[2].result, "recorded");
  auto later = store_->claim_job("w5", at_ms(kT0 + 8) + kJobsKept, at_ms(kT0 + 9) + kJobsKept);
  ASSERT_TRUE(later.ok() && later->has_value());
  EXPECT_EQ((*later)->run, "r2");  // r2's scan job, its lease long expired, taken over
  EXPECT_TRUE(store_->jobs({.run = "r1"})->empty());
}

TEST_P(StoreSuite, AnExpiredLeaseIsTakenOverAndOnlyItsHolderMayFinishTheJob) {
  JobRecord j = job("r1", "scan");
  j.max_attempts = 2;
  auto ids = store_->enqueue_jobs({j});
  ASSERT_TRUE(ids.ok()) << ids.error().message;
  int64_t id = (*ids)[0];

  ASSERT_TRUE(store_->claim_job("w1", at_ms(kT0), at_ms(kT0 + 100))->has_value());
  // Renewed before it expired: not claimable at +150.
  ASSERT_TRUE(store_->renew_job(id, "w1", at_ms(kT0 + 200)).ok());
  EXPECT_FALSE(store_->claim_job("w2", at_ms(kT0 + 150), at_ms(kT0 + 1000))->has_value());
  // w1 stops renewing (it died): w2 takes the job over after the lease.
  auto taken = store_->claim_job("w2", at_ms(kT0 + 201), at_ms(kT0 + 300));
  ASSERT_TRUE(taken.ok() && taken->has_value());
  EXPECT_EQ((*taken)->worker, "w2");
  EXPECT_EQ((*taken)->attempts, 2);

  // The old holder has lost it: it can neither renew nor finish.
  Status renew = store_->renew_job(id, "w1", at_ms(kT0 + 400));
  ASSERT_FALSE(renew.ok());
  EXPECT_EQ(renew.error().kind, Error::Kind::Conflict);
  Status finish = store_->finish_job(id, "w1", "done", "late", "", at_ms(kT0 + 250));
  ASSERT_FALSE(finish.ok());
  EXPECT_EQ(finish.error().kind, Error::Kind::Conflict);

  // w2 dies too: with max_attempts reached the job fails instead of being taken again.
  EXPECT_FALSE(store_->claim_job("w3", at_ms(kT0 + 301), at_ms(kT0 + 400))->has_value());
  auto failed = store_->jobs({.run = "r1"});
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ(failed->at(0).state, "failed");
  EXPECT_NE(failed->at(0).error.find("lost by its worker (w2) 2 times"), std::string::npos)
      << failed->at(0).error;
  ASSERT_TRUE(failed->at(0).finished.has_value());
  // A finished job is no one's.
  EXPECT_EQ(store_->finish_job(id, "w2", "done", "", "", at_ms(kT0 + 302)).error().kind,
            Error::Kind::Conflict);
  EXPECT_EQ(store_->finish_job(id, "w2", "queued", "", "", at_ms(kT0 + 302)).error().kind,
            Error::Kind::InvalidInput);
}

TEST_P(StoreSuite, LeadershipIsHeldUntilTheStoreCloses) {
  auto led = store_->try_leadership();
  ASSERT_TRUE(led.ok()) << led.error().message;
  EXPECT_TRUE(*led);
  EXPECT_TRUE(*store_->try_leadership());  // already held
}

}  // namespace vigil::store::testing
