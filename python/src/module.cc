// _stemma: the thin pybind11 layer under the `stemma` Python package.
//
// It turns the public C++ API into plain Python values (dicts, tuples, str) and
// leaves the idiomatic classes to the package (python/stemma). Rules:
//   - every call that works on text or on a corpus releases the GIL;
//   - a non-OK Status becomes one of the package's exceptions (stemma.Error and
//     its subclasses), with the engine's message;
//   - results stay C++ vectors inside small sequence objects, converted one item
//     at a time when Python asks for it, through the JSON of include/stemma/json.h;
//   - texts from the corpus are decoded as UTF-8 with U+FFFD for invalid bytes.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <tbb/global_control.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <type_traits>
#include <utility>
#include <vector>

#include "stemma/compare.h"
#include "stemma/corpus.h"
#include "stemma/document.h"
#include "stemma/input.h"
#include "stemma/json.h"
#include "stemma/options.h"
#include "stemma/passage.h"
#include "stemma/provenance.h"
#include "stemma/status.h"

namespace py = pybind11;

namespace stemma::python {
namespace {

// A non-OK Status on its way to Python.
struct StatusError {
  Status status;
};

// The exception classes, made once in the module's init.
struct Exceptions {
  PyObject* error = nullptr;
  PyObject* invalid_argument = nullptr;
  PyObject* not_found = nullptr;
  PyObject* io_error = nullptr;
  PyObject* corruption = nullptr;
  PyObject* unsupported = nullptr;
};
Exceptions exceptions;

PyObject* ExceptionFor(Status::Code code) {
  switch (code) {
    case Status::Code::kInvalidArgument:
      return exceptions.invalid_argument;
    case Status::Code::kNotFound:
      return exceptions.not_found;
    case Status::Code::kIoError:
      return exceptions.io_error;
    case Status::Code::kCorruption:
      return exceptions.corruption;
    case Status::Code::kUnsupported:
      return exceptions.unsupported;
    case Status::Code::kBusy:  // another writer holds the corpus: the message says which
    case Status::Code::kDeadlineExceeded:  // Only the server sets deadlines.
    case Status::Code::kOk:
      break;
  }
  return exceptions.error;
}

void ThrowIfError(const Status& status) {
  if (!status.ok()) throw StatusError{status};
}

template <typename T>
T ValueOrThrow(Result<T>&& result) {
  if (!result.ok()) throw StatusError{result.status()};
  return std::move(result).value();
}

// UTF-8 to str; invalid bytes (a stored text may hold them) read as U+FFFD.
py::str Str(std::string_view text) {
  PyObject* object =
      PyUnicode_DecodeUTF8(text.data(), static_cast<Py_ssize_t>(text.size()), "replace");
  if (object == nullptr) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(object);
}

// A result as Python values: the dict (or list) its JSON reads as. The JSON
// comes from include/stemma/json.h, as the command's --json and the HTTP API
// do, so the three give the same keys and values by construction.
py::object FromJson(const std::string& text) {
  // Kept for the life of the process: json is imported once and never unloaded.
  static PyObject* const loads =
      py::object(py::module_::import("json").attr("loads")).release().ptr();
  return py::reinterpret_borrow<py::function>(loads)(Str(text));
}

std::string ToJson(const Passage& passage) { return json::PassageJson(passage); }
std::string ToJson(const TracedPassage& traced) { return json::TracedPassageJson(traced); }
std::string ToJson(const FamilySummary& family) { return json::FamilySummaryJson(family); }
std::string ToJson(const FamilyNode& node) { return json::FamilyNodeJson(node); }
std::string ToJson(const ReportPassage& passage) { return json::ReportPassageJson(passage); }
std::string ToJson(const OutletSummary& outlet) { return json::OutletSummaryJson(outlet); }

// A result's items, kept in C++ and converted to dicts one at a time.
template <typename T>
struct Sequence {
  std::vector<T> items;
};

template <typename T>
void BindSequence(py::module_& m, const char* name) {
  py::class_<Sequence<T>, std::shared_ptr<Sequence<T>>>(m, name)
      .def("__len__", [](const Sequence<T>& self) { return self.items.size(); })
      .def("__getitem__", [](const Sequence<T>& self, py::ssize_t index) {
        const auto size = static_cast<py::ssize_t>(self.items.size());
        if (index < 0) index += size;
        if (index < 0 || index >= size) throw py::index_error("index out of range");
        return FromJson(ToJson(self.items[static_cast<size_t>(index)]));
      });
}

template <typename T>
py::list DictsOf(const std::vector<T>& items, std::string (*to_json)(const T&)) {
  py::list out;
  for (const T& item : items) out.append(FromJson(to_json(item)));
  return out;
}

template <typename T>
std::shared_ptr<Sequence<T>> MakeSequence(std::vector<T>&& items) {
  auto sequence = std::make_shared<Sequence<T>>();
  sequence->items = std::move(items);
  return sequence;
}

// Compare() validates them (a bad one raises as any error does).
CompareOptions MakeCompareOptions(int min_tokens, int ngram, int window, bool letters) {
  CompareOptions options;
  options.align.min_tokens = min_tokens;
  options.fingerprint.ngram = ngram;
  options.fingerprint.window = window;
  options.letters.enabled = letters;
  return options;
}

std::shared_ptr<Sequence<Passage>> CompareTexts(std::string a, std::string b, int min_tokens,
                                                int ngram, int window, bool letters) {
  const CompareOptions options = MakeCompareOptions(min_tokens, ngram, window, letters);
  std::optional<Result<std::vector<Passage>>> passages;
  {
    py::gil_scoped_release release;
    passages.emplace(Compare(a, b, options));
  }
  return MakeSequence(ValueOrThrow(std::move(*passages)));
}

// Documents pulled from a Python iterator of tuples
// (external_id, url, outlet, title, published_at, language, text, metadata_json, origin),
// holding the GIL only while pulling. An exception raised by the iterator aborts the
// add and is raised again once the add has returned.
class IteratorStream : public DocumentStream {
 public:
  explicit IteratorStream(py::object iterator) : iterator_(std::move(iterator)) {}

  Result<bool> Next(DocumentInput* document) override {
    py::gil_scoped_acquire gil;
    try {
      PyObject* raw = PyIter_Next(iterator_.ptr());
      if (raw == nullptr) {
        if (PyErr_Occurred()) throw py::error_already_set();
        return false;
      }
      const auto item = py::reinterpret_steal<py::tuple>(raw);
      if (item.size() != 9) throw py::value_error("a document record is a tuple of 9 fields");
      *document = DocumentInput();
      document->external_id = item[0].cast<std::string>();
      document->url = item[1].cast<std::string>();
      document->outlet = item[2].cast<std::string>();
      document->title = item[3].cast<std::string>();
      if (!item[4].is_none()) document->published_at = item[4].cast<std::string>();
      document->language = item[5].cast<std::string>();
      document->text = item[6].cast<std::string>();
      document->metadata_json = item[7].cast<std::string>();
      document->origin = item[8].cast<std::string>();
      if (document->published_at.has_value() && !IsIsoDate(*document->published_at)) {
        PyErr_SetString(exceptions.invalid_argument,
                        (document->origin + ": \"published_at\" is not an ISO 8601 date: '" +
                         *document->published_at + "'")
                            .c_str());
        throw py::error_already_set();
      }
      return true;
    } catch (py::error_already_set& error) {
      error_.emplace(std::move(error));
    } catch (const py::builtin_exception& error) {
      error.set_error();
      error_.emplace();
    } catch (const std::exception& error) {
      PyErr_SetString(PyExc_RuntimeError, error.what());
      error_.emplace();
    }
    return Status::InvalidArgument("the Python input raised an exception");
  }

  // Raises the iterator's exception, if there was one (with the GIL held).
  void RaiseIfFailed() {
    if (error_.has_value()) {
      py::error_already_set error = std::move(*error_);
      error_.reset();
      throw error;
    }
  }

 private:
  py::object iterator_;
  std::optional<py::error_already_set> error_;
};

// A corpus opened from Python. The engine's Corpus is used by one thread at a
// time; the mutex makes two Python threads sharing one object take turns.
class PyCorpus {
 public:
  explicit PyCorpus(const std::string& path) {
    py::gil_scoped_release release;
    auto opened = Corpus::Open(path);
    if (!opened.ok()) {
      py::gil_scoped_acquire gil;
      throw StatusError{opened.status()};
    }
    corpus_ = std::move(opened).value();
  }

  static void Create(const std::string& path, int ngram, int window, int max_df) {
    CorpusOptions options;
    options.fingerprint.ngram = ngram;
    options.fingerprint.window = window;
    options.max_document_frequency = max_df;
    Status status;
    {
      py::gil_scoped_release release;
      status = Corpus::Create(path, options);
    }
    ThrowIfError(status);
  }

  py::dict Add(py::object iterator, const std::string& command, int threads) {
    IteratorStream stream(std::move(iterator));
    std::vector<std::pair<std::string, uint32_t>> duplicates;
    std::mutex duplicates_mutex;
    AddCallbacks callbacks;
    callbacks.on_duplicate = [&](const DocumentInput& document, uint32_t existing) {
      std::lock_guard lock(duplicates_mutex);
      duplicates.emplace_back(document.external_id.empty() ? document.origin : document.external_id,
                              existing);
    };
    std::optional<Result<AddStats>> stats;
    {
      py::gil_scoped_release release;
      Corpus& corpus = Lock();
      std::lock_guard lock(mutex_, std::adopt_lock);
      owner_ = std::this_thread::get_id();
      stats.emplace(corpus.Add(stream, callbacks, command, threads));
      owner_ = std::thread::id();
    }
    stream.RaiseIfFailed();
    const AddStats added = ValueOrThrow(std::move(*stats));
    py::dict out = FromJson(json::AddStatsJson(added));
    py::list duplicate_list;
    for (const auto& [name, existing] : duplicates) {
      duplicate_list.append(py::make_tuple(Str(name), existing));
    }
    out["duplicate_of"] = std::move(duplicate_list);
    return out;
  }

  py::tuple Trace(std::string text, int min_tokens) {
    AlignOptions align;
    align.min_tokens = min_tokens;
    ThrowIfError(Validate(align));
    auto result = Run([&](Corpus& corpus) { return corpus.Trace(text, align); });
    return py::make_tuple(MakeSequence(std::move(result.passages)), result.characters,
                          result.covered_characters);
  }

  std::shared_ptr<Sequence<FamilySummary>> Families(size_t limit) {
    return MakeSequence(Run([&](Corpus& corpus) { return corpus.Families(limit); }));
  }

  py::tuple Family(uint32_t id) {
    FamilyTree tree = Run([&](Corpus& corpus) { return corpus.Family(id); });
    return py::make_tuple(tree.id, MakeSequence(std::move(tree.nodes)));
  }

  py::tuple ReportOn(std::string text, std::string title) {
    Report report = Run([&](Corpus& corpus) { return corpus.ReportOn(text, title); });
    return py::make_tuple(MakeSequence(std::move(report.passages)), report.characters,
                          report.covered_characters, report.article);
  }

  std::shared_ptr<Sequence<OutletSummary>> Outlets() {
    return MakeSequence(
        Run([&](Corpus& corpus) { return corpus.Outlets([](uint64_t, uint64_t) {}); }));
  }

  py::object Stats() {
    return FromJson(json::CorpusStatsJson(Run([&](Corpus& corpus) { return corpus.Stats(); })));
  }

  py::str Text(uint32_t id) {
    return Str(Run([&](Corpus& corpus) { return corpus.Text(id); }));
  }

  // A page of stored documents, as GET /v1/documents answers it.
  py::object Documents(const DocumentQuery& query) {
    return FromJson(json::DocumentPageJson(
        Run([&](Corpus& corpus) { return corpus.Documents(query); }), query));
  }

  // Watches and alerts (stemma/watch.h), as `stemma watch list|alerts --json` print them.
  void AddWatch(const std::string& name, const std::string& kind, const std::string& text,
                uint32_t document, const std::string& outlet, int min_tokens) {
    WatchSpec spec{name, WatchKind::kText, text, document, outlet, min_tokens, ""};
    if (!WatchKindNamed(kind, &spec.kind))
      throw StatusError{Status::InvalidArgument("kind must be text, document or outlet")};
    ThrowIfError(Write([&](Corpus& corpus) { return corpus.AddWatch(spec); }));
  }
  void RemoveWatch(const std::string& name) {
    ThrowIfError(Write([&](Corpus& corpus) { return corpus.RemoveWatch(name); }));
  }
  py::list Watches() {
    return DictsOf(Run([&](Corpus& corpus) { return corpus.Watches(); }), json::WatchJson);
  }
  py::list Alerts(uint64_t since, size_t limit) {
    return DictsOf(Run([&](Corpus& corpus) { return corpus.Alerts(since, limit); }),
                   json::AlertJson);
  }

  void Compact() {
    ThrowIfError(Write([](Corpus& corpus) { return corpus.Compact(); }));
  }

  void Close() {
    py::gil_scoped_release release;
    std::lock_guard lock(mutex_);
    corpus_.reset();
  }

 private:
  // The corpus, with mutex_ held (call without the GIL).
  // A call from inside add() (its records iterator) on the same thread is refused:
  // waiting for the add would wait forever.
  Corpus& Lock() {
    if (owner_.load() == std::this_thread::get_id()) {
      py::gil_scoped_acquire gil;
      throw StatusError{
          Status::InvalidArgument("the corpus is busy in add() (called from its records?)")};
    }
    mutex_.lock();
    if (corpus_ == nullptr) {
      mutex_.unlock();
      py::gil_scoped_acquire gil;
      throw StatusError{Status::InvalidArgument("the corpus is closed")};
    }
    return *corpus_;
  }

  // Runs `call` on the corpus without the GIL and returns its value, or throws.
  template <typename Call, typename Value = std::remove_cvref_t<
                               decltype(std::declval<Call>()(std::declval<Corpus&>()).value())>>
  Value Run(Call&& call) {
    std::optional<Result<Value>> result;
    {
      py::gil_scoped_release release;
      Corpus& corpus = Lock();
      std::lock_guard lock(mutex_, std::adopt_lock);
      result.emplace(call(corpus));
    }
    return ValueOrThrow(std::move(*result));
  }

  // A call that returns a Status, with the GIL released.
  template <typename Call>
  Status Write(Call&& call) {
    py::gil_scoped_release release;
    Corpus& corpus = Lock();
    std::lock_guard lock(mutex_, std::adopt_lock);
    return call(corpus);
  }

  std::mutex mutex_;
  std::atomic<std::thread::id> owner_;  // the thread inside Add(), if any
  std::unique_ptr<Corpus> corpus_;
};

// The engine's worker threads, process-wide (as `stemma add --threads`): 0 = one per core.
std::optional<tbb::global_control> thread_limit;

void SetThreads(int threads) {
  if (threads < 0) throw StatusError{Status::InvalidArgument("threads: must be 0 or more")};
  thread_limit.reset();
  if (threads > 0) {
    thread_limit.emplace(tbb::global_control::max_allowed_parallelism,
                         static_cast<size_t>(threads));
  }
}

PyObject* NewException(py::module_& m, const char* name, PyObject* bases, const char* doc) {
  const std::string qualified = std::string("stemma.") + name;
  PyObject* type = PyErr_NewExceptionWithDoc(qualified.c_str(), doc, bases, nullptr);
  if (type == nullptr) throw py::error_already_set();
  m.add_object(name, py::handle(type));
  return type;
}

void AddExceptions(py::module_& m) {
  exceptions.error = NewException(m, "Error", PyExc_Exception, "Any error the engine reports.");
  const auto bases = [](PyObject* other) {
    return py::make_tuple(py::handle(exceptions.error), py::handle(other)).release().ptr();
  };
  exceptions.invalid_argument =
      NewException(m, "InvalidArgumentError", bases(PyExc_ValueError),
                   "An unusable argument or input (options, text, records).");
  exceptions.not_found = NewException(m, "NotFoundError", bases(PyExc_LookupError),
                                      "A named file, corpus or record does not exist.");
  exceptions.io_error = NewException(m, "IoError", bases(PyExc_OSError),
                                     "The operating system refused a read or a write.");
  exceptions.corruption =
      NewException(m, "CorruptionError", exceptions.error, "Stored or given data is malformed.");
  exceptions.unsupported = NewException(m, "UnsupportedError", exceptions.error,
                                        "Valid, but stemma cannot handle it (e.g. too large).");
  py::register_exception_translator([](std::exception_ptr pointer) {
    try {
      if (pointer) std::rethrow_exception(pointer);
    } catch (const StatusError& error) {
      PyErr_SetString(ExceptionFor(error.status.code()), error.status.message().c_str());
    }
  });
}

}  // namespace
}  // namespace stemma::python

PYBIND11_MODULE(_stemma, m) {
  using namespace stemma;
  using namespace stemma::python;
  m.doc() = "The C++ layer of the stemma package; use `import stemma`.";
  AddExceptions(m);

  BindSequence<Passage>(m, "Passages");
  BindSequence<TracedPassage>(m, "TracedPassages");
  BindSequence<FamilySummary>(m, "FamilySummaries");
  BindSequence<FamilyNode>(m, "FamilyNodes");
  BindSequence<ReportPassage>(m, "ReportPassages");
  BindSequence<OutletSummary>(m, "OutletSummaries");

  m.def("compare", &CompareTexts, py::arg("a"), py::arg("b"), py::arg("min_tokens"),
        py::arg("ngram"), py::arg("window"), py::arg("letters"),
        "Every passage two UTF-8 texts share (a Passages sequence of dicts).");

  m.def("set_threads", &SetThreads, py::arg("threads"),
        "The most threads the engine uses for one call (0: one per core).");

  py::class_<PyCorpus>(m, "Corpus")
      .def(py::init<const std::string&>(), py::arg("path"))
      .def_static("create", &PyCorpus::Create, py::arg("path"), py::arg("ngram"), py::arg("window"),
                  py::arg("max_document_frequency"))
      .def("add", &PyCorpus::Add, py::arg("records"), py::arg("command"), py::arg("threads"))
      .def("trace", &PyCorpus::Trace, py::arg("text"), py::arg("min_tokens"))
      .def("families", &PyCorpus::Families, py::arg("limit"))
      .def("family", &PyCorpus::Family, py::arg("id"))
      .def("report", &PyCorpus::ReportOn, py::arg("text"), py::arg("title"))
      .def("outlets", &PyCorpus::Outlets)
      .def("stats", &PyCorpus::Stats)
      .def("text", &PyCorpus::Text, py::arg("id"))
      .def(
          "documents",
          [](PyCorpus& self, std::string contains, std::string outlet, std::string from,
             std::string to, size_t limit, size_t offset) {
            return self.Documents({std::move(outlet), std::move(from), std::move(to),
                                   std::move(contains), limit, offset});
          },
          py::arg("q"), py::arg("outlet"), py::arg("from_"), py::arg("to"), py::arg("limit"),
          py::arg("offset"))
      .def("compact", &PyCorpus::Compact)
      .def("add_watch", &PyCorpus::AddWatch, py::arg("name"), py::arg("kind"), py::arg("text"),
           py::arg("document"), py::arg("outlet"), py::arg("min_tokens"))
      .def("remove_watch", &PyCorpus::RemoveWatch, py::arg("name"))
      .def("watches", &PyCorpus::Watches)
      .def("alerts", &PyCorpus::Alerts, py::arg("since"), py::arg("limit"))
      .def("close", &PyCorpus::Close);
}
