# Writes a C++ source holding the files under ROOT as byte arrays
# (stemma::server::kEmbeddedWebFiles), so that `stemma serve` carries its web
# page inside the binary. Run as: cmake -DROOT=... -DOUTPUT=... -P embed_files.cmake
file(GLOB_RECURSE files RELATIVE "${ROOT}" "${ROOT}/*")
list(SORT files)
set(arrays "")
set(table "")
set(index 0)
foreach(name IN LISTS files)
  file(READ "${ROOT}/${name}" hex HEX)
  string(LENGTH "${hex}" hex_length)
  math(EXPR size "${hex_length} / 2")
  string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," bytes "${hex}")
  string(APPEND arrays "const unsigned char kFile${index}[] = {${bytes}0};\n")
  string(APPEND table "    {\"${name}\", kFile${index}, ${size}},\n")
  math(EXPR index "${index} + 1")
endforeach()
set(content "// Generated from web/ by cmake/embed_files.cmake; do not edit.
#include \"server/static_files.h\"

namespace stemma::server {
namespace {
${arrays}}  // namespace

const EmbeddedFile kEmbeddedWebFiles[] = {
${table}    {\"\", nullptr, 0}};
const unsigned long kEmbeddedWebFileCount = ${index};

}  // namespace stemma::server
")
# Rewritten only when it changes, so that an unchanged page rebuilds nothing.
if(EXISTS "${OUTPUT}")
  file(READ "${OUTPUT}" old)
endif()
if(NOT old STREQUAL content)
  file(WRITE "${OUTPUT}" "${content}")
endif()
