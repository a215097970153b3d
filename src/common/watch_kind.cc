#include "stemma/watch.h"

namespace stemma {

std::string_view WatchKindName(WatchKind kind) {
  switch (kind) {
    case WatchKind::kText:
      return "text";
    case WatchKind::kDocument:
      return "document";
    case WatchKind::kOutlet:
      return "outlet";
  }
  return "text";
}

bool WatchKindNamed(std::string_view name, WatchKind* kind) {
  for (const WatchKind each : {WatchKind::kText, WatchKind::kDocument, WatchKind::kOutlet}) {
    if (name == WatchKindName(each)) {
      *kind = each;
      return true;
    }
  }
  return false;
}

}  // namespace stemma
