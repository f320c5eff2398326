# The dashboard (web/, Svelte + Vite; docs/dashboard.md), built by npm at
# build time and embedded in the binary by src/web.
#
# vigil_web_assets(OUTPUT_CPP): a custom command that runs `npm run build`
# in web/ into <build>/web/dist whenever a file of web/src, web/public,
# web/index.html, web/vite.config.js, web/package.json or
# web/package-lock.json changes, then writes OUTPUT_CPP (every file of the
# build with its content type, ETag and gzip'd copy) with
# tools/web/embed_assets.cmake.
#
# Configuring fails, naming scripts/install-deps.sh, when npm is missing or
# web/node_modules is absent or older than web/package-lock.json.
set(VIGIL_WEB_DIR ${PROJECT_SOURCE_DIR}/web)
set(VIGIL_WEB_DIST ${CMAKE_BINARY_DIR}/web/dist)
find_program(VIGIL_NPM npm)
if(NOT VIGIL_NPM)
  message(FATAL_ERROR "npm (Node.js 20) is needed to build the dashboard (web/): run "
                      "`bash scripts/install-deps.sh`")
endif()
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${VIGIL_WEB_DIR}/package-lock.json)
set(installed ${VIGIL_WEB_DIR}/node_modules/.package-lock.json)  # written by npm ci
if(NOT EXISTS ${installed})
  message(FATAL_ERROR "web/node_modules is missing: run `bash scripts/install-deps.sh` (it runs "
                      "`npm ci` in web/), then configure again")
endif()
if(${VIGIL_WEB_DIR}/package-lock.json IS_NEWER_THAN ${installed})
  message(FATAL_ERROR "web/node_modules is older than web/package-lock.json: run "
                      "`bash scripts/install-deps.sh` (it runs `npm ci` in web/)")
endif()

function(vigil_web_assets output_cpp)
  file(GLOB_RECURSE sources CONFIGURE_DEPENDS ${VIGIL_WEB_DIR}/src/* ${VIGIL_WEB_DIR}/public/*)
  add_custom_command(
    OUTPUT ${output_cpp}
    COMMAND ${VIGIL_NPM} run --silent build -- --outDir ${VIGIL_WEB_DIST} --emptyOutDir
            --logLevel warn
    COMMAND ${CMAKE_COMMAND} -DDIST=${VIGIL_WEB_DIST} -DOUTPUT=${output_cpp}
            -P ${PROJECT_SOURCE_DIR}/tools/web/embed_assets.cmake
    COMMAND ${CMAKE_COMMAND} -E touch ${output_cpp}
    WORKING_DIRECTORY ${VIGIL_WEB_DIR}
    DEPENDS ${sources} ${VIGIL_WEB_DIR}/index.html ${VIGIL_WEB_DIR}/vite.config.js
            ${VIGIL_WEB_DIR}/package.json ${VIGIL_WEB_DIR}/package-lock.json
            ${PROJECT_SOURCE_DIR}/tools/web/embed_assets.cmake
    COMMENT "Building the dashboard (npm run build in web/) and embedding it"
    VERBATIM)
endfunction()
