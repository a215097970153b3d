#include "stemma/passage.h"

namespace stemma {

std::string_view EditOpName(EditOp op) {
  switch (op) {
    case EditOp::kEqual:
      return "equal";
    case EditOp::kInsert:
      return "insert";
    case EditOp::kDelete:
      return "delete";
    case EditOp::kSubstitute:
      return "substitute";
  }
  return "unknown";
}

}  // namespace stemma
