// Inventory::load_jsonl: a JSON-lines file -> an Inventory.
//
// The file is read in blocks of whole lines (so peak memory is the loaded
// assets plus one block, not the whole file); each block's lines are parsed
// in parallel on all cores, then added in file order, so ids, duplicates and
// error order are deterministic. Every bad line is reported.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <filesystem>
#include <thread>
#include <vector>

#include "inventory/inventory.h"
#include "inventory/inventory_impl.h"

namespace vigil {

namespace {

constexpr size_t kBlockBytes = 32u << 20;

struct Line {
  std::string_view text;
  size_t number;  // 1-based
};

bool skipped(std::string_view line) {
  size_t i = line.find_first_not_of(" \t");
  return i == std::string_view::npos || line[i] == '#';
}

// Parses `lines` on `threads` workers; results[i] belongs to lines[i], and
// hashes[i] is hash_text of its id (hashed here, in parallel, so adding
// to the index in file order is a probe).
// GCC 12 at -O2 reports a false -Wfree-nonheap-object when it inlines the
// destruction of the moved-from Result<Asset> temporary (its variant) below.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wfree-nonheap-object"
std::vector<std::optional<Result<Asset>>> parse_all(const std::vector<Line>& lines, unsigned threads,
                                                    std::vector<uint64_t>& hashes) {
  std::vector<std::optional<Result<Asset>>> results(lines.size());
  hashes.assign(lines.size(), 0);
  auto work = [&](size_t begin, size_t end) {
    for (size_t i = begin; i < end; ++i) {
      results[i].emplace(Asset::parse(lines[i].text));
      if (results[i]->ok()) hashes[i] = hash_text(results[i]->value().id);
    }
  };
  if (threads <= 1 || lines.size() < 64) {
    work(0, lines.size());
    return results;
  }
  // Lines differ in size: workers take small chunks as they go, so none
  // idles while another finishes a larger half.
  constexpr size_t kChunk = 256;
  std::atomic<size_t> next{0};
  auto worker = [&] {
    for (size_t begin; (begin = next.fetch_add(kChunk)) < lines.size();)
      work(begin, std::min(lines.size(), begin + kChunk));
  };
  std::vector<std::thread> pool;
  for (unsigned t = 0; t < threads; ++t) pool.emplace_back(worker);
  for (std::thread& t : pool) t.join();
  return results;
}
#pragma GCC diagnostic pop

}  // namespace

Result<Inventory> Inventory::load_jsonl(const std::string& path) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"), &std::fclose);
  if (!file) {
    Error e;
    e.file = path;
    e.message = path + ": cannot open inventory: " + std::strerror(errno);
    return e;
  }
  unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  std::error_code size_error;
  const size_t file_size = static_cast<size_t>(std::filesystem::file_size(path, size_error));
  size_t read_so_far = 0;  // size_error (not a regular file): read block by block
  Inventory inventory;
  Impl& s = *inventory.impl_;
  std::vector<size_t> line_of;  // asset index -> line number, for duplicate messages
  std::string messages;
  Error first_error;
  size_t bad_lines = 0;
  auto report = [&](size_t line, size_t column, const std::string& message) {
    if (bad_lines++ == 0) {
      first_error.file = path;
      first_error.line = static_cast<int>(line);
      first_error.column = static_cast<int>(column);
    } else {
      messages.push_back('\n');
    }
    messages += path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
  };

  std::string block;
  std::vector<uint64_t> hashes;
  size_t line_number = 0;
  bool eof = false;
  while (!eof) {
    // Refill: keep the unfinished last line, append the next chunk.
    // At most a block, and no more than the file still holds (plus a page,
    // so the short read that ends it comes at once): a small inventory does
    // not zero-fill a 32 MiB buffer. A file that grows while read is read on.
    size_t kept = block.size();
    size_t remaining = file_size > read_so_far ? file_size - read_so_far : 0;
    size_t want = size_error ? kBlockBytes : std::min(kBlockBytes, remaining + 4096);
    block.resize(kept + want);
    size_t got = std::fread(block.data() + kept, 1, want, file.get());
    block.resize(kept + got);
    read_so_far += got;
    if (got < want) {
      if (std::ferror(file.get())) {
        Error e;
        e.file = path;
        e.message = path + ": read error: " + std::strerror(errno);
        return e;
      }
      eof = true;
    }
    std::vector<Line> lines;
    size_t start = 0;
    for (;;) {
      size_t nl = block.find('\n', start);
      if (nl == std::string::npos && !eof) break;
      size_t end = nl == std::string::npos ? block.size() : nl;
      std::string_view text(block.data() + start, end - start);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      ++line_number;
      if (!skipped(text)) lines.push_back({text, line_number});
      if (nl == std::string::npos) {
        start = block.size();
        break;
      }
      start = nl + 1;
    }
    std::vector<std::optional<Result<Asset>>> results = parse_all(lines, threads, hashes);
    s.by_id.reserve(s.by_id.size() + results.size());
    for (size_t i = 0; i < results.size(); ++i) {
      Result<Asset>& result = *results[i];
      if (!result.ok()) {
        report(lines[i].number, result.error().offset + 1, result.error().message);
        continue;
      }
      Asset& asset = result.value();
      uint32_t dup = s.find_id(asset.id, hashes[i]);
      if (dup != IdIndex::npos) {
        report(lines[i].number, 1,
               "duplicate asset id \"" + std::string(asset.id) + "\" (first defined at " + path + ":" +
                   std::to_string(line_of[dup]) + "); ids must be unique");
        continue;
      }
      line_of.push_back(lines[i].number);
      // As Inventory::add, without hashing the id again (checked above).
      s.assets.push_back(std::move(asset));
      s.by_id.insert(hashes[i], uint32_t(s.assets.size() - 1));
    }
    results.clear();
    block.erase(0, start);
  }
  if (bad_lines > 0) {
    first_error.message = messages + "\n" + std::to_string(bad_lines) + " bad line(s) in " + path +
                          "; fix them (or remove them) and load again";
    return first_error;
  }
  inventory.finalize();
  inventory.set_coverage(Coverage::of_assets(inventory));
  return inventory;
}

}  // namespace vigil
