// Helpers for the WARC tests: building archives in memory and reading them back whole.
#ifndef STEMMA_INGEST_WARC_TEST_UTIL_H_
#define STEMMA_INGEST_WARC_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <zlib.h>

#include <fstream>
#include <string>
#include <vector>

#include "ingest/warc/warc_reader.h"

namespace stemma::ingest::testing_util {

inline std::string Gzip(std::string_view data, int window_bits = 15 + 16) {
  z_stream stream{};
  deflateInit2(&stream, 6, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, data.size()) + 64, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

inline std::string WarcRecordText(
    std::string_view type, std::string_view uri, std::string_view block,
    std::string_view content_type = "application/http; msgtype=response") {
  std::string record = "WARC/1.0\r\nWARC-Type: " + std::string(type) + "\r\n";
  if (!uri.empty()) record += "WARC-Target-URI: <" + std::string(uri) + ">\r\n";
  record += "WARC-Date: 2024-05-01T10:20:30Z\r\nWARC-Record-ID: <urn:uuid:test>\r\n";
  if (!content_type.empty()) record += "Content-Type: " + std::string(content_type) + "\r\n";
  record += "Content-Length: " + std::to_string(block.size()) + "\r\n\r\n";
  record.append(block);
  record += "\r\n\r\n";
  return record;
}

inline std::string HttpText(std::string_view status_and_headers, std::string_view body) {
  return std::string(status_and_headers) + "\r\n\r\n" + std::string(body);
}

inline std::string WriteFile(const std::string& name, std::string_view bytes) {
  const std::string path = ::testing::TempDir() + "/warc_test_" + name;
  std::ofstream(path, std::ios::binary)
      .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  return path;
}

struct ReadResult {
  std::vector<WebRecord> records;
  std::vector<Status> errors;
};

// Reads to the end, as `stemma add` will: errors are collected and reading goes on.
inline ReadResult ReadAll(const std::string& path) {
  ReadResult result;
  Result<WarcReader> reader = WarcReader::Open(path);
  if (!reader.ok()) {
    result.errors.push_back(reader.status());
    return result;
  }
  WebRecord record;
  for (int guard = 0; guard < 100000; ++guard) {
    Result<bool> next = reader->Next(&record);
    if (!next.ok()) {
      result.errors.push_back(next.status());
      continue;
    }
    if (!*next) break;
    result.records.push_back(record);
  }
  return result;
}

}  // namespace stemma::ingest::testing_util

#endif  // STEMMA_INGEST_WARC_TEST_UTIL_H_
