// Precompiled once for all test executables (tests/CMakeLists.txt): the
// common headers plus GoogleTest and GoogleMock.
#pragma once

#include "common.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
