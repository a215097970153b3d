#include "stemma/provenance.h"

namespace stemma {

std::string_view ChangeKindName(ChangeKind kind) {
  switch (kind) {
    case ChangeKind::kAttributionDropped:
      return "attribution_dropped";
    case ChangeKind::kAttributionAdded:
      return "attribution_added";
    case ChangeKind::kAttributionChanged:
      return "attribution_changed";
    case ChangeKind::kSubstitution:
      return "substitution";
    case ChangeKind::kSentenceInserted:
      return "sentence_inserted";
    case ChangeKind::kSentenceDeleted:
      return "sentence_deleted";
    case ChangeKind::kHeadlineChanged:
      return "headline_changed";
  }
  return "unknown";
}

}  // namespace stemma
