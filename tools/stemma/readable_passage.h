// One passage for a person to read: where it is in both texts, its text,
// and what the second text changed, marked in the style of wdiff:
// [-deleted-] {+inserted+}, and [-old-]{+new+} for a substitution.
#ifndef STEMMA_TOOLS_READABLE_PASSAGE_H_
#define STEMMA_TOOLS_READABLE_PASSAGE_H_

#include <ostream>
#include <string_view>

#include "stemma/passage.h"

namespace stemma::cli {

struct ReadableContext {
  std::string_view a_name;
  std::string_view b_name;
  std::string_view a_text;
  std::string_view b_text;
  bool color = false;  // ANSI colours for deletions and insertions
};

void PrintReadablePassage(std::ostream& out, const Passage& passage, size_t number, size_t total,
                          const ReadableContext& context);

}  // namespace stemma::cli

#endif  // STEMMA_TOOLS_READABLE_PASSAGE_H_
