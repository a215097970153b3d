// Watches: tell me when a tracked text reappears, and where it was changed.
//
// A watch is kept in a corpus's catalogue. Each `add` (command, HTTP upload,
// Python) checks its new documents against every watch and records an alert
// per (watch, new document) in the same transaction as the documents: a
// crash never loses or duplicates one. A text watch fires when a new
// document carries a passage of its text; a document watch when a new
// document shares a passage with the stored document; an outlet watch when a
// new document of another outlet shares a passage with an earlier document
// of that outlet. Passages shorter than the watch's min_tokens (matched
// tokens) do not count.
#ifndef STEMMA_WATCH_H_
#define STEMMA_WATCH_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "stemma/document.h"
#include "stemma/passage.h"
#include "stemma/provenance.h"

namespace stemma {

enum class WatchKind { kText, kDocument, kOutlet };

// "text", "document", "outlet"; and back (false for any other name).
std::string_view WatchKindName(WatchKind kind);
bool WatchKindNamed(std::string_view name, WatchKind* kind);

struct WatchSpec {
  std::string name;  // unique in the corpus
  WatchKind kind = WatchKind::kText;
  std::string text;       // kText: the watched text (UTF-8)
  uint32_t document = 0;  // kDocument: the watched document's id
  std::string outlet;     // kOutlet: the watched outlet
  int min_tokens = 20;
  // Where `stemma serve` posts each alert (http://...; empty: nowhere). The
  // body is the alert's JSON; X-Stemma-Signature is "sha256=" and the hex
  // HMAC-SHA256 of the body keyed with the corpus's access token.
  std::string webhook;
};

struct Watch {
  WatchSpec spec;
  uint64_t created_run = 0;  // documents of later runs are checked against it
  uint64_t alerts = 0;       // alerts recorded so far
};

// A passage between the watched text and the new document: byte ranges in
// the watched text (of the watch, or of watched_document) and in the document.
struct AlertPassage {
  uint32_t watched_document = 0;  // 0 for a text watch
  ByteRange watched;
  ByteRange document;
  uint32_t matched_tokens = 0;
};

struct Alert {
  uint64_t id = 0;  // increasing in the order alerts were recorded
  std::string watch;
  CorpusDocument document;  // the new document
  std::vector<AlertPassage> passages;
  // What the document changed from the watched text (as `report` names
  // them), attribution_dropped among them.
  std::vector<Change> changes;
};

}  // namespace stemma

#endif  // STEMMA_WATCH_H_
