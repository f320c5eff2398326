// The translation unit that owns the tests' precompiled header
// (tests/CMakeLists.txt, target vigil_test_pch); every test reuses it.
