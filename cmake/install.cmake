# Installing vigil (`cmake --install build --prefix P`) and packaging it
# (`cpack -G DEB` in the build folder). GNUInstallDirs places:
#   P/bin/vigil                        the command (install rule in src/cli)
#   P/share/vigil/policies, frameworks the built-in pack and its catalogues,
#                                      found at run time relative to the
#                                      binary (cli/source_input.h)
#   P/share/doc/vigil                  README.md and docs/ (README's links hold)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/policies ${PROJECT_SOURCE_DIR}/frameworks
        DESTINATION ${CMAKE_INSTALL_DATADIR}/vigil)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The Debian package: /usr/bin/vigil and the rest under /usr/share; its
# Depends come from dpkg-shlibdeps (the libraries the binary links).
# `cpack` and `ninja install` package what is built and never start a build
# of every target themselves (cpack runs the preinstall target, which would
# otherwise depend on `all`): build first.
set(CMAKE_SKIP_INSTALL_ALL_DEPENDENCY ON)
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME vigil)
set(CPACK_PACKAGE_VENDOR "The Vigil project")
set(CPACK_PACKAGE_CONTACT "Vigil maintainers <vigil@vigil.dev>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "continuous cloud security compliance")
set(CPACK_DEBIAN_PACKAGE_DESCRIPTION "continuous cloud security compliance
Vigil evaluates policies (YAML files with CEL conditions) over an inventory
of cloud assets collected from AWS, reports every violation, tracks
violations and exceptions over time in a SQLite store and scores compliance
against frameworks such as the CIS AWS Foundations Benchmark.")
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${CPACK_PACKAGE_CONTACT}")
set(CPACK_DEBIAN_PACKAGE_SECTION admin)
set(CPACK_DEBIAN_PACKAGE_HOMEPAGE "https://vigil.dev")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)  # vigil_0.1.0_amd64.deb
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)  # the debug info stays in the build folder
include(CPack)
