// Allocator settings for a long-running server (`vigil serve`).
//
// glibc returns memory at the top of each thread's heap to the kernel once
// more than M_TRIM_THRESHOLD (128 KiB) is free there, and serves every
// allocation of 128 KiB or more with its own mmap. An API thread that builds
// a 30-100 KB answer and frees it then pays a madvise and page faults per
// request: measured with perf on the 1M-asset store, the summary route
// spent ~30% of its CPU there (394 -> 270 us a request with this tuning).
//
// Contract: keep_freed_memory_for_reuse() raises both thresholds (trim:
// 64 MiB per heap; mmap: 16 MiB), so a server's steady-state allocations are
// reused instead of returned. The cost is memory the process keeps: at most
// the trim threshold per heap above what it uses. Call once, at start,
// before threads; it changes process-wide settings (mallopt) and is a no-op
// on a C library that is not glibc.
#pragma once

namespace vigil {

void keep_freed_memory_for_reuse();

}  // namespace vigil
