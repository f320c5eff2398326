// scan(): every enabled policy against every asset of its type, in parallel,
// with findings in a fixed order (asset order, then policy load order).
//
// Work is cut into contiguous chunks of assets, more chunks than workers so
// that a slow chunk (many rules, many related lookups) does not hold the
// others back. Workers take the next chunk from an atomic counter and write
// into that chunk's own slot; slots are concatenated in chunk order at the
// end, so the thread count never changes the output.
#include "engine/scan.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>

namespace vigil {
namespace {

struct ChunkOutput {
  std::vector<Finding> findings;
  size_t evaluations = 0;
};

cel::Value current_time() {
  using namespace std::chrono;
  auto since_epoch = system_clock::now().time_since_epoch();
  auto secs = duration_cast<seconds>(since_epoch);
  auto nanos = duration_cast<nanoseconds>(since_epoch - secs);
  return cel::Value::timestamp(secs.count(), static_cast<int32_t>(nanos.count()));
}

void evaluate_chunk(const Inventory& inventory, const PolicySet& policies, const cel::Value& now,
                    size_t begin, size_t end, ChunkOutput& out) {
  // Consecutive assets often share a type (connectors emit by type), so the
  // policy lookup is cached across neighbours.
  std::string_view last_type;
  std::span<const CompiledPolicy* const> applicable;
  bool have_lookup = false;
  for (size_t i = begin; i < end; ++i) {
    const Asset& asset = inventory.at(i);
    if (!have_lookup || asset.type != last_type) {
      applicable = policies.for_type(asset.type);
      last_type = asset.type;
      have_lookup = true;
    }
    for (const CompiledPolicy* policy : applicable) {
      Evaluation e = evaluate_policy(*policy, asset, inventory, now);
      out.findings.push_back(Finding{policy, &asset, e.status, std::move(e.message)});
      ++out.evaluations;
    }
  }
}

}  // namespace

ScanResult scan(const Inventory& inventory, const PolicySet& policies, const ScanOptions& options) {
  auto started = std::chrono::steady_clock::now();
  const cel::Value now = options.now.kind() == cel::Kind::Null ? current_time() : options.now;

  const size_t count = inventory.size();
  unsigned threads = options.threads ? options.threads : std::thread::hardware_concurrency();
  threads = std::max(1u, threads);
  if (count < threads) threads = std::max<size_t>(1, count);

  // Chunks: about 8 per worker, but never tiny (the per-chunk cost is a
  // vector and an atomic increment).
  constexpr size_t kMinChunk = 256;
  size_t chunk_count =
      std::max<size_t>(1, std::min<size_t>(size_t{threads} * 8, count / kMinChunk));
  if (count == 0) chunk_count = 0;
  const size_t chunk_size = chunk_count ? (count + chunk_count - 1) / chunk_count : 0;
  if (chunk_size) chunk_count = (count + chunk_size - 1) / chunk_size;

  std::vector<ChunkOutput> outputs(chunk_count);
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t c = next.fetch_add(1); c < chunk_count; c = next.fetch_add(1)) {
      size_t begin = c * chunk_size;
      size_t end = std::min(count, begin + chunk_size);
      evaluate_chunk(inventory, policies, now, begin, end, outputs[c]);
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

  ScanResult result;
  result.assets = count;
  size_t total = 0;
  for (const auto& o : outputs) total += o.findings.size();
  result.findings.reserve(total);
  for (auto& o : outputs) {
    result.evaluations += o.evaluations;
    std::move(o.findings.begin(), o.findings.end(), std::back_inserter(result.findings));
  }
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return result;
}

}  // namespace vigil
