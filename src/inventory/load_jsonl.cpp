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

// The file, a block of whole lines at a time. The lines next() returns view
// the block: they stay valid until the following call.
class LineBlocks {
 public:
  static Result<LineBlocks> open(const std::string& path) {
    LineBlocks blocks(path);
    if (!blocks.file_) {
      Error e;
      e.file = path;
      e.message = path + ": cannot open inventory: " + std::strerror(errno);
      return e;
    }
    blocks.file_size_ = static_cast<size_t>(std::filesystem::file_size(path, blocks.size_error_));
    return blocks;
  }

  // The next block's lines to load (blank and '#' lines skipped) into
  // `lines`; false once the file is done (the last lines may come with it).
  Result<bool> next(std::vector<Line>& lines) {
    block_.erase(0, consumed_);
    if (Status read = refill(); !read.ok()) return read.error();
    split(lines);
    return !eof_;
  }

 private:
  explicit LineBlocks(const std::string& path)
      : path_(path), file_(std::fopen(path.c_str(), "rb"), &std::fclose) {}

  // Keeps the unfinished last line, appends the next chunk: at most a block,
  // and no more than the file still holds (plus a page, so the short read
  // that ends it comes at once): a small inventory does not zero-fill a
  // 32 MiB buffer. A file that grows while read is read on; one that is not
  // a regular file (size_error_) is read block by block.
  Status refill() {
    size_t kept = block_.size();
    size_t remaining = file_size_ > read_so_far_ ? file_size_ - read_so_far_ : 0;
    size_t want = size_error_ ? kBlockBytes : std::min(kBlockBytes, remaining + 4096);
    block_.resize(kept + want);
    size_t got = std::fread(block_.data() + kept, 1, want, file_.get());
    block_.resize(kept + got);
    read_so_far_ += got;
    if (got < want) {
      if (std::ferror(file_.get())) {
        Error e;
        e.file = path_;
        e.message = path_ + ": read error: " + std::strerror(errno);
        return e;
      }
      eof_ = true;
    }
    return Status::Ok();
  }

  // The block's whole lines (all of it at the end of the file); consumed_
  // marks where the unfinished one starts.
  void split(std::vector<Line>& lines) {
    lines.clear();
    size_t start = 0;
    for (;;) {
      size_t nl = block_.find('\n', start);
      if (nl == std::string::npos && !eof_) break;
      size_t end = nl == std::string::npos ? block_.size() : nl;
      std::string_view text(block_.data() + start, end - start);
      if (!text.empty() && text.back() == '\r') text.remove_suffix(1);
      ++line_number_;
      if (!skipped(text)) lines.push_back({text, line_number_});
      if (nl == std::string::npos) {
        start = block_.size();
        break;
      }
      start = nl + 1;
    }
    consumed_ = start;
  }

  std::string path_;
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> file_;
  std::error_code size_error_;
  size_t file_size_ = 0, read_so_far_ = 0;
  std::string block_;
  size_t consumed_ = 0;
  size_t line_number_ = 0;
  bool eof_ = false;
};

// Every bad line, as one Error at the first one's position.
class LineErrors {
 public:
  explicit LineErrors(const std::string& path) : path_(path) {}

  void report(size_t line, size_t column, const std::string& message) {
    if (count_++ == 0) {
      first_.file = path_;
      first_.line = static_cast<int>(line);
      first_.column = static_cast<int>(column);
    } else {
      messages_.push_back('\n');
    }
    messages_ += path_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message;
  }
  bool any() const { return count_ > 0; }
  Error error() const {
    Error e = first_;
    e.message = messages_ + "\n" + std::to_string(count_) + " bad line(s) in " + path_ +
                "; fix them (or remove them) and load again";
    return e;
  }

 private:
  std::string path_;
  Error first_;
  std::string messages_;
  size_t count_ = 0;
};

}  // namespace

Result<Inventory> Inventory::load_jsonl(const std::string& path) {
  auto blocks = LineBlocks::open(path);
  if (!blocks.ok()) return blocks.error();
  const unsigned threads = std::max(1u, std::thread::hardware_concurrency());
  Inventory inventory;
  Impl& s = *inventory.impl_;
  LineErrors errors(path);
  std::vector<size_t> line_of;  // asset index -> line number, for duplicate messages
  std::vector<Line> lines;
  std::vector<uint64_t> hashes;
  for (bool more = true; more;) {
    auto read = blocks->next(lines);
    if (!read.ok()) return read.error();
    more = read.value();
    std::vector<std::optional<Result<Asset>>> results = parse_all(lines, threads, hashes);
    s.by_id.reserve(s.by_id.size() + results.size());
    for (size_t i = 0; i < results.size(); ++i) {
      Result<Asset>& result = *results[i];
      if (!result.ok()) {
        errors.report(lines[i].number, result.error().offset + 1, result.error().message);
        continue;
      }
      Asset& asset = result.value();
      if (uint32_t dup = s.find_id(asset.id, hashes[i]); dup != IdIndex::npos) {
        errors.report(lines[i].number, 1,
                      "duplicate asset id \"" + std::string(asset.id) + "\" (first defined at " +
                          path + ":" + std::to_string(line_of[dup]) + "); ids must be unique");
        continue;
      }
      line_of.push_back(lines[i].number);
      s.append(std::move(asset), hashes[i]);  // the id's absence was checked above
    }
  }
  if (errors.any()) return errors.error();
  inventory.finalize();
  inventory.set_coverage(Coverage::of_assets(inventory));
  return inventory;
}

}  // namespace vigil
