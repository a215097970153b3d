# bible_eval: verse-keeping figures for one Bible book, KJV against WEB, under
# engine options given on the command line (see bible_eval.cc). It reuses
# stemma_bible from tests/bible, which exists only when the tests are built.
if(TARGET stemma_bible)
  add_executable(bible_eval ${CMAKE_CURRENT_LIST_DIR}/bible_eval.cc)
  target_link_libraries(bible_eval PRIVATE stemma_bible CLI11::CLI11 stemma_cli)
else()
  message(STATUS "bible_eval skipped: it needs STEMMA_BUILD_TESTS=ON (for stemma_bible)")
endif()
