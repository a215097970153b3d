#include "ingest/warc/http_payload.h"

#include <brotli/decode.h>
#include <zlib.h>

#include <algorithm>
#include <memory>

#include "ingest/warc/ascii.h"

namespace stemma::ingest {
namespace {

constexpr size_t kOutputChunk = 1 << 16;

// The next line of `text` from *position (without "\r\n" or "\n"), or false if no line end.
bool NextLine(std::string_view text, size_t* position, std::string_view* line) {
  const size_t end = text.find('\n', *position);
  if (end == std::string_view::npos) return false;
  *line = text.substr(*position, end - *position);
  if (!line->empty() && line->back() == '\r') line->remove_suffix(1);
  *position = end + 1;
  return true;
}

Status TooLarge() {
  return Status::Unsupported("decoded body larger than " + std::to_string(kMaxBodyBytes >> 20) +
                             " MiB");
}

// One zlib/gzip/raw deflate stream (and, for gzip, any members after it).
Result<std::string> Inflate(std::string_view data, int window_bits, bool* truncated) {
  z_stream stream{};
  if (inflateInit2(&stream, window_bits) != Z_OK) return Status::IoError("cannot initialise zlib");
  std::unique_ptr<z_stream, int (*)(z_stream*)> closer(&stream, inflateEnd);
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  stream.avail_in = static_cast<uInt>(data.size());
  std::string out;
  char chunk[kOutputChunk];
  for (;;) {
    stream.next_out = reinterpret_cast<Bytef*>(chunk);
    stream.avail_out = sizeof(chunk);
    const int code = inflate(&stream, Z_NO_FLUSH);
    out.append(chunk, sizeof(chunk) - stream.avail_out);
    if (out.size() > kMaxBodyBytes) return TooLarge();
    if (code == Z_STREAM_END) {
      const bool another_member =
          stream.avail_in >= 2 && stream.next_in[0] == 0x1f && stream.next_in[1] == 0x8b;
      if (!another_member) return out;
      inflateReset(&stream);
      continue;
    }
    if (code == Z_OK) continue;
    if (out.empty()) {
      return Status::Corruption(std::string("does not inflate: ") +
                                (stream.msg != nullptr ? stream.msg : "no data"));
    }
    *truncated = true;  // cut short (Z_BUF_ERROR) or damaged after a good start: keep the start
    return out;
  }
}

Result<std::string> Unbrotli(std::string_view data, bool* truncated) {
  std::unique_ptr<BrotliDecoderState, void (*)(BrotliDecoderState*)> state(
      BrotliDecoderCreateInstance(nullptr, nullptr, nullptr), BrotliDecoderDestroyInstance);
  if (state == nullptr) return Status::IoError("cannot initialise brotli");
  size_t available_in = data.size();
  const uint8_t* next_in = reinterpret_cast<const uint8_t*>(data.data());
  std::string out;
  uint8_t chunk[kOutputChunk];
  for (;;) {
    size_t available_out = sizeof(chunk);
    uint8_t* next_out = chunk;
    const BrotliDecoderResult code = BrotliDecoderDecompressStream(
        state.get(), &available_in, &next_in, &available_out, &next_out, nullptr);
    out.append(reinterpret_cast<char*>(chunk), sizeof(chunk) - available_out);
    if (out.size() > kMaxBodyBytes) return TooLarge();
    if (code == BROTLI_DECODER_RESULT_SUCCESS) return out;
    if (code == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT) continue;
    if (out.empty()) {
      const char* reason = code == BROTLI_DECODER_RESULT_ERROR
                               ? BrotliDecoderErrorString(BrotliDecoderGetErrorCode(state.get()))
                               : "cut short";
      return Status::Corruption(std::string("does not decode as brotli: ") + reason);
    }
    *truncated = true;
    return out;
  }
}

// A body that was sent as it is although a coding was declared: HTML or text, not binary.
bool LooksUncoded(std::string_view data) {
  data = Trim(data);
  return !data.empty() && data.front() == '<';
}

// Undoes chunked transfer coding. A body that does not start with a chunk size is returned as
// it is (a server that said chunked and was not).
Status Dechunk(std::string_view body, std::string* out, bool* truncated) {
  size_t position = 0;
  for (;;) {
    std::string_view line;
    const size_t line_start = position;
    if (!NextLine(body, &position, &line)) {
      if (line_start == 0) {
        out->assign(body);  // not even a chunk size line: not chunked
        return Status::Ok();
      }
      *truncated = true;  // no last chunk: the body was cut short
      return Status::Ok();
    }
    line = Trim(line.substr(0, line.find(';')));
    uint64_t size = 0;
    bool valid = !line.empty() && line.size() <= 15;
    for (char c : line) {
      const int digit = c >= '0' && c <= '9'   ? c - '0'
                        : c >= 'a' && c <= 'f' ? c - 'a' + 10
                        : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                               : -1;
      valid &= digit >= 0;
      size = size * 16 + static_cast<uint64_t>(std::max(digit, 0));
    }
    if (!valid) {
      if (line_start == 0) {
        out->assign(body);
        return Status::Ok();
      }
      return Status::Corruption("bad chunk size \"" + std::string(line.substr(0, 20)) +
                                "\" at body byte " + std::to_string(line_start));
    }
    if (size == 0) return Status::Ok();  // trailers, if any, are ignored
    if (size > body.size() - position) {
      out->append(body.substr(position));
      *truncated = true;
      return Status::Ok();
    }
    out->append(body.substr(position, size));
    position += size;
    if (body.substr(position, 2) == "\r\n") {
      position += 2;
    } else if (body.substr(position, 1) == "\n") {
      position += 1;
    }
  }
}

std::string Parameter(std::string_view content_type, std::string_view wanted) {
  size_t position = content_type.find(';');
  while (position != std::string_view::npos) {
    const size_t next = content_type.find(';', position + 1);
    std::string_view parameter =
        content_type.substr(position + 1, next == std::string_view::npos ? std::string_view::npos
                                                                         : next - position - 1);
    const size_t equals = parameter.find('=');
    if (equals != std::string_view::npos && Lower(Trim(parameter.substr(0, equals))) == wanted) {
      std::string_view value = Trim(parameter.substr(equals + 1));
      if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
          value.back() == value.front()) {
        value = value.substr(1, value.size() - 2);
      }
      return std::string(Trim(value));
    }
    position = next;
  }
  return "";
}

}  // namespace

Result<std::string> DecodeContent(std::string_view coding, std::string_view data, bool* truncated) {
  const std::string name = Lower(Trim(coding));
  Result<std::string> decoded = Status::Unsupported("unknown content coding \"" + name + "\"");
  if (name.empty() || name == "identity" || name == "none") return std::string(data);
  if (name == "gzip" || name == "x-gzip") {
    decoded = Inflate(data, 15 + 32, truncated);
  } else if (name == "deflate") {
    decoded = Inflate(data, 15 + 32, truncated);  // zlib-wrapped, as the RFC says
    if (!decoded.ok() && decoded.status().code() == Status::Code::kCorruption) {
      decoded = Inflate(data, -15, truncated);  // raw deflate, as some servers send
    }
  } else if (name == "br") {
    decoded = Unbrotli(data, truncated);
  } else {
    return decoded;
  }
  if (!decoded.ok() && decoded.status().code() == Status::Code::kCorruption && LooksUncoded(data)) {
    return std::string(data);
  }
  if (!decoded.ok()) {
    return Status(decoded.status().code() == Status::Code::kCorruption
                      ? Status::Corruption(name + " body " + decoded.status().message())
                      : decoded.status());
  }
  return decoded;
}

namespace {

// "HTTP/1.1 200 OK" (the reason phrase may be missing): the status code.
Result<int> ReadStatusLine(std::string_view block, size_t* position) {
  std::string_view line;
  if (!NextLine(block, position, &line)) {
    line = block.substr(0, std::min<size_t>(block.size(), 200));
    *position = block.size();
  }
  const std::string_view status_line = Trim(line);
  const size_t space = status_line.find(' ');
  const std::string_view code = space == std::string_view::npos
                                    ? std::string_view()
                                    : Trim(status_line.substr(space + 1)).substr(0, 3);
  if (!status_line.starts_with("HTTP/") || code.size() != 3 ||
      !std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Status::Corruption("bad HTTP status line \"" + std::string(status_line.substr(0, 60)) +
                              "\"");
  }
  return (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0');
}

// The header lines up to the blank one (folded lines joined), names lowercased.
void ReadHeaders(std::string_view block, size_t* position,
                 std::vector<std::pair<std::string, std::string>>* headers) {
  std::string_view line;
  for (;;) {
    if (!NextLine(block, position, &line)) {  // no blank line: the rest is one last header
      line = block.substr(*position);
      *position = block.size();
    }
    if (line.empty()) break;
    if ((line.front() == ' ' || line.front() == '\t') && !headers->empty()) {
      headers->back().second.append(" ").append(Trim(line));
      continue;
    }
    const size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    headers->emplace_back(Lower(Trim(line.substr(0, colon))),
                          std::string(Trim(line.substr(colon + 1))));
  }
  if (*position > block.size()) *position = block.size();
}

// The body with its transfer coding (chunked) and content codings undone.
Result<std::string> DecodeBody(std::string_view body, std::string_view transfer_coding,
                               std::string_view content_coding, bool* truncated) {
  std::string decoded;
  if (transfer_coding.find("chunked") != std::string_view::npos) {
    STEMMA_RETURN_IF_ERROR(Dechunk(body, &decoded, truncated));
  } else {
    decoded.assign(body);
  }
  // Codings are listed in the order they were applied: undo them from the last.
  std::vector<std::string_view> codings;
  for (size_t start = 0; start <= content_coding.size();) {
    const size_t comma = std::min(content_coding.find(',', start), content_coding.size());
    const std::string_view coding = Trim(content_coding.substr(start, comma - start));
    if (!coding.empty()) codings.push_back(coding);
    start = comma + 1;
  }
  for (auto it = codings.rbegin(); it != codings.rend(); ++it) {
    STEMMA_ASSIGN_OR_RETURN(decoded, DecodeContent(*it, decoded, truncated));
  }
  if (decoded.size() > kMaxBodyBytes) return TooLarge();
  return decoded;
}

}  // namespace

Result<HttpResponse> ParseHttpResponse(std::string_view block) {
  HttpResponse response;
  size_t position = 0;
  STEMMA_ASSIGN_OR_RETURN(response.status, ReadStatusLine(block, &position));
  ReadHeaders(block, &position, &response.headers);
  std::string transfer_coding, content_coding, content_type;
  for (const auto& [name, value] : response.headers) {
    if (name == "transfer-encoding") transfer_coding = Lower(value);
    if (name == "content-encoding")
      content_coding = content_coding.empty() ? value : content_coding + "," + value;
    if (name == "content-type" && content_type.empty()) content_type = value;
  }
  response.content_type =
      Lower(Trim(std::string_view(content_type).substr(0, content_type.find(';'))));
  response.charset = Parameter(content_type, "charset");
  STEMMA_ASSIGN_OR_RETURN(response.body, DecodeBody(block.substr(position), transfer_coding,
                                                    content_coding, &response.body_truncated));
  return response;
}

}  // namespace stemma::ingest
