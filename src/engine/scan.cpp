// scan(): every enabled policy against every asset of its type, in parallel,
// with findings in a fixed order (asset order, then policy load order).
//
// The number of evaluations of each asset is known before the scan (the
// policies of its type), so a prefix sum gives every asset its range of
// slots in one pre-sized findings vector: workers write their findings in
// place, with no per-chunk vectors, no growth and no merge. Work is cut into
// contiguous chunks of assets, more chunks than workers so that a slow chunk
// (many rules, many related lookups) does not hold the others back; workers
// take the next chunk from an atomic counter (one increment per chunk,
// nothing shared per evaluation). Chunks write disjoint ranges, so the
// thread count never changes the output.
#include "engine/scan.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <span>
#include <thread>

namespace vigil {
namespace {

using MessageChunks = std::vector<std::deque<std::string>>;

// Applicable policies of consecutive assets, cached across neighbours of the
// same type (connectors emit by type).
class PolicyLookup {
 public:
  explicit PolicyLookup(const PolicySet& policies) : policies_(policies) {}
  std::span<const CompiledPolicy* const> operator()(std::string_view type) {
    if (!have_ || type != last_type_) {
      applicable_ = policies_.for_type(type);
      last_type_ = type;
      have_ = true;
    }
    return applicable_;
  }

 private:
  const PolicySet& policies_;
  std::string_view last_type_;
  std::span<const CompiledPolicy* const> applicable_;
  bool have_ = false;
};

// Evaluates assets [begin, end), writing their findings from `out` on.
void evaluate_chunk(const Inventory& inventory, const PolicySet& policies, const cel::Value& now,
                    size_t begin, size_t end, Finding* out, std::deque<std::string>& messages) {
  PolicyLookup lookup(policies);
  std::string message;
  for (size_t i = begin; i < end; ++i) {
    const Asset& asset = inventory.at(i);
    for (const CompiledPolicy* policy : lookup(asset.type)) {
      message.clear();
      FindingStatus status = evaluate_policy_status(*policy, asset, inventory, now, message);
      std::string_view text;
      if (status == FindingStatus::Violation && policy->message.empty()) {
        text = policy->policy.title;
      } else if (status != FindingStatus::Compliant) {
        text = messages.emplace_back(message);
      }
      *out++ = Finding{policy, &asset, status, text};
    }
  }
}

}  // namespace

ScanResult scan(const Inventory& inventory, const PolicySet& policies, const ScanOptions& options) {
  auto started = std::chrono::steady_clock::now();
  const cel::Value now = options.now.kind() == cel::Kind::Null ? cel::Value::timestamp_at(std::chrono::system_clock::now())
                                                              : options.now;

  const size_t count = inventory.size();
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, threads);
  if (count < threads) threads = std::max<size_t>(1, count);

  // first[i]: index of asset i's first finding; first[count]: the total.
  std::vector<size_t> first(count + 1);
  {
    PolicyLookup lookup(policies);
    size_t total = 0;
    for (size_t i = 0; i < count; ++i) {
      first[i] = total;
      total += lookup(inventory.at(i).type).size();
    }
    first[count] = total;
  }

  // Chunks: about 8 per worker, but never tiny (the per-chunk cost is an
  // atomic increment and a message deque).
  constexpr size_t kMinChunk = 256;
  size_t chunk_count =
      std::max<size_t>(1, std::min<size_t>(size_t{threads} * 8, count / kMinChunk));
  if (count == 0) chunk_count = 0;
  const size_t chunk_size = chunk_count ? (count + chunk_count - 1) / chunk_count : 0;
  if (chunk_size) chunk_count = (count + chunk_size - 1) / chunk_size;

  ScanResult result;
  result.assets = count;
  result.evaluations = first[count];
  result.findings.resize(first[count]);
  auto messages = std::make_shared<MessageChunks>(chunk_count);
  Finding* findings = result.findings.data();

  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t c = next.fetch_add(1); c < chunk_count; c = next.fetch_add(1)) {
      size_t begin = c * chunk_size;
      size_t end = std::min(count, begin + chunk_size);
      evaluate_chunk(inventory, policies, now, begin, end, findings + first[begin], (*messages)[c]);
    }
  };

  if (threads <= 1 || chunk_count <= 1) {
    worker();
  } else {
    std::vector<std::thread> pool;
    unsigned workers = static_cast<unsigned>(std::min<size_t>(threads, chunk_count));
    pool.reserve(workers - 1);
    for (unsigned t = 1; t < workers; ++t) pool.emplace_back(worker);
    worker();  // the calling thread works too
    for (auto& th : pool) th.join();
  }

  result.message_storage = std::move(messages);
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace vigil
