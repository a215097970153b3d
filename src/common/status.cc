#include "stemma/status.h"

namespace stemma {

std::string Status::ToString() const {
  switch (code_) {
    case Code::kOk:
      return "OK";
    case Code::kInvalidArgument:
      return "invalid argument: " + message_;
    case Code::kNotFound:
      return "not found: " + message_;
    case Code::kIoError:
      return "I/O error: " + message_;
    case Code::kCorruption:
      return "corrupt data: " + message_;
    case Code::kUnsupported:
      return "unsupported: " + message_;
    case Code::kDeadlineExceeded:
      return "deadline exceeded: " + message_;
    case Code::kBusy:
      return "busy: " + message_;
  }
  return message_;
}

}  // namespace stemma
