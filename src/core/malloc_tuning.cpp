// Allocator settings for a long-running server (malloc_tuning.h).
#include "core/malloc_tuning.h"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace vigil {

void keep_freed_memory_for_reuse() {
#if defined(__GLIBC__)
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_MMAP_THRESHOLD, 16 << 20);
#endif
}

}  // namespace vigil
