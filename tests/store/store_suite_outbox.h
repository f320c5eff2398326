// Store suite cases (included by store_suite.h): the notification outbox —
// idempotency keys, due order, attempts and abandonment, and messages
// enqueued inside a scan's transaction (all or nothing with the scan).
#pragma once

namespace vigil::store::testing {

inline OutboxMessage outbox_message(const std::string& key, int64_t due_ms) {
  OutboxMessage m;
  m.key = key;
  m.channel = "email";
  m.kind = "violations-opened";
  m.payload = R"({"key":")" + key + R"("})";
  m.created = at_ms(kT0);
  m.next_attempt = at_ms(due_ms);
  return m;
}

TEST_P(StoreSuite, OutboxKeysAreUniqueAndDueMessagesComeEarliestFirst) {
  auto added =
      store_->enqueue_messages({outbox_message("b", kT0 + 20), outbox_message("a", kT0 + 10)});
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(*added, 2u);
  EXPECT_EQ(*store_->enqueue_messages({outbox_message("a", kT0), outbox_message("c", kT0 + 30)}),
            1u);

  auto due = store_->due_messages(at_ms(kT0 + 20), 0);
  ASSERT_TRUE(due.ok());
  ASSERT_EQ(due->size(), 2u);
  EXPECT_EQ((*due)[0].key, "a");  // the first "a" stays, due at +10
  EXPECT_EQ((*due)[1].key, "b");
  EXPECT_EQ((*due)[0].payload, R"({"key":"a"})");

  ASSERT_TRUE(store_->mark_message_sent((*due)[0].id, at_ms(kT0 + 21)).ok());
  ASSERT_TRUE(store_->mark_message_failed((*due)[1].id, "server down", at_ms(kT0 + 100)).ok());
  EXPECT_EQ(store_->due_messages(at_ms(kT0 + 99), 0)->size(),
            1u);  // "c" at +30; "b" waits until +100
  auto later = store_->due_messages(at_ms(kT0 + 100), 1);
  ASSERT_EQ(later->size(), 1u);
  EXPECT_EQ((*later)[0].key, "c");

  ASSERT_TRUE(store_->mark_message_failed((*due)[1].id, "still down", std::nullopt).ok());
  auto all = store_->outbox_messages(0);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  // Newest first: c, then a (enqueued after b in the same call), then b.
  EXPECT_EQ((*all)[0].key, "c");
  EXPECT_EQ((*all)[1].key, "a");
  const OutboxMessage& b = (*all)[2];
  EXPECT_EQ(b.attempts, 2);
  EXPECT_EQ(b.last_error, "still down");
  EXPECT_TRUE(b.abandoned);
  EXPECT_FALSE(b.sent);
  const OutboxMessage& a = (*all)[1];
  EXPECT_EQ(a.sent, at_ms(kT0 + 21));
  EXPECT_EQ(a.attempts, 1);
  EXPECT_FALSE(store_->mark_message_sent(999999, at_ms(kT0)).ok());
}

TEST_P(StoreSuite, OutboxMessagesOfAScanCommitWithIt) {
  ScanChanges ok;
  ok.asset_versions = {asset("a", 1)};
  ok.outbox = {outbox_message("scan:1:opened", kT0)};
  scan(kT0, ok);
  EXPECT_EQ(store_->outbox_messages(0)->size(), 1u);

  // A scan whose write fails enqueues nothing.
  int64_t id = begin(kT0 + 1000);
  ScanChanges bad = changes(id, kT0 + 1500);
  ViolationUpdate unknown_id;
  unknown_id.id = 424242;
  unknown_id.to = ViolationStatus::Closed;
  unknown_id.reason = "fixed";
  bad.violation_updates = {unknown_id};
  bad.outbox = {outbox_message("scan:2:opened", kT0 + 1000)};
  EXPECT_FALSE(store_->apply_scan(bad).ok());
  auto rows = store_->outbox_messages(0);
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].key, "scan:1:opened");
}

}  // namespace vigil::store::testing
