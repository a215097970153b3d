// Status and Result<T>: how every stemma library call reports failure.
//
// The library never throws. A call that can fail returns a Status (or a
// Result<T> holding either a value or a non-OK Status); the edges (the
// command line, later the server and Python) turn it into a message.
// Both types are plain values: copyable, and safe to use from any thread.
#ifndef STEMMA_STATUS_H_
#define STEMMA_STATUS_H_

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace stemma {

class [[nodiscard]] Status {
 public:
  enum class Code {
    kOk = 0,
    kInvalidArgument,   // the caller passed something unusable (options, input)
    kNotFound,          // a named file or record does not exist
    kIoError,           // the operating system refused a read or a write
    kCorruption,        // stored or given data is malformed
    kUnsupported,       // valid, but stemma cannot handle it (e.g. too large)
    kDeadlineExceeded,  // the caller's deadline passed before the work was done
    kBusy,              // another writer holds the corpus: the same call can succeed later
  };

  Status() = default;  // OK

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message) {
    return Status(Code::kInvalidArgument, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(Code::kNotFound, std::move(message));
  }
  static Status IoError(std::string message) { return Status(Code::kIoError, std::move(message)); }
  static Status Corruption(std::string message) {
    return Status(Code::kCorruption, std::move(message));
  }
  static Status Unsupported(std::string message) {
    return Status(Code::kUnsupported, std::move(message));
  }
  static Status DeadlineExceeded(std::string message) {
    return Status(Code::kDeadlineExceeded, std::move(message));
  }
  static Status Busy(std::string message) { return Status(Code::kBusy, std::move(message)); }

  bool ok() const { return code_ == Code::kOk; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // "OK", or the code's name and the message, e.g. "IO error: a.txt: No such file".
  std::string ToString() const;

 private:
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  Code code_ = Code::kOk;
  std::string message_;
};

// Either a T or the Status explaining why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}        // NOLINT: implicit by design
  Result(Status status) : state_(std::move(status)) {  // NOLINT: implicit by design
    assert(!std::get<Status>(state_).ok() && "a Result holds a value or an error");
  }

  bool ok() const { return std::holds_alternative<T>(state_); }
  Status status() const { return ok() ? Status::Ok() : std::get<Status>(state_); }

  const T& value() const& { return std::get<T>(state_); }
  T& value() & { return std::get<T>(state_); }
  T&& value() && { return std::get<T>(std::move(state_)); }

  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

 private:
  std::variant<T, Status> state_;
};

}  // namespace stemma

#define STEMMA_CONCAT_INNER_(a, b) a##b
#define STEMMA_CONCAT_(a, b) STEMMA_CONCAT_INNER_(a, b)

// Returns from the enclosing function if `expr` (a Status) is not OK.
#define STEMMA_RETURN_IF_ERROR(expr)                 \
  do {                                               \
    ::stemma::Status stemma_status_ = (expr);        \
    if (!stemma_status_.ok()) return stemma_status_; \
  } while (0)

// `lhs = value of expr` (a Result), or returns its Status from the enclosing function.
#define STEMMA_ASSIGN_OR_RETURN(lhs, expr) \
  STEMMA_ASSIGN_OR_RETURN_IMPL_(STEMMA_CONCAT_(stemma_result_, __LINE__), lhs, expr)
#define STEMMA_ASSIGN_OR_RETURN_IMPL_(result, lhs, expr) \
  auto result = (expr);                                  \
  if (!result.ok()) return result.status();              \
  lhs = std::move(result).value()

#endif  // STEMMA_STATUS_H_
