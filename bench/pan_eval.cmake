# pan_eval: PAN text-alignment figures (precision, recall, granularity,
# plagdet) on the generated corpus of edited reuse, overall and per
# obfuscation kind, under engine options given on the command line (see
# pan_eval.cc). It reuses stemma_pan from tests/pan, which exists only when the
# tests are built.
if(TARGET stemma_pan)
  add_executable(pan_eval ${CMAKE_CURRENT_LIST_DIR}/pan_eval.cc)
  target_link_libraries(pan_eval PRIVATE stemma_pan stemma_engine CLI11::CLI11 stemma_cli)
  target_compile_definitions(pan_eval PRIVATE STEMMA_SHARED_DIR="${STEMMA_SHARED_DIR}"
                                              STEMMA_BINARY_DIR="${CMAKE_BINARY_DIR}")
else()
  message(STATUS "pan_eval skipped: it needs STEMMA_BUILD_TESTS=ON (for stemma_pan)")
endif()
