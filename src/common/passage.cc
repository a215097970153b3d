#include "stemma/passage.h"

#include <utility>

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

Passage ReversePassage(const Passage& passage) {
  Passage reversed = passage;
  std::swap(reversed.a, reversed.b);
  for (Edit& edit : reversed.edits) {
    std::swap(edit.a, edit.b);
    std::swap(edit.a_tokens, edit.b_tokens);
    if (edit.op == EditOp::kInsert) {
      edit.op = EditOp::kDelete;
    } else if (edit.op == EditOp::kDelete) {
      edit.op = EditOp::kInsert;
    }
  }
  return reversed;
}

}  // namespace stemma
