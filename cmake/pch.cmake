# Build speed (CI builds from scratch on 2 cores): every library target
# precompiles cmake/pch/common.h, and all test executables share one
# precompiled cmake/pch/tests.h (tests/CMakeLists.txt). -Winvalid-pch makes
# a header that could not be used visible instead of silently slow.
add_compile_options(-Winvalid-pch)

function(vigil_precompile target)
  target_precompile_headers(${target} PRIVATE ${PROJECT_SOURCE_DIR}/cmake/pch/common.h)
endfunction()
