// Readable lines shared by the provenance commands.
#ifndef STEMMA_TOOLS_PROVENANCE_TEXT_H_
#define STEMMA_TOOLS_PROVENANCE_TEXT_H_

#include <string>

#include "stemma/provenance.h"

namespace stemma::cli {

// "#12 Global Times 2022-01-10 (gt-1234)"
std::string DocumentName(const CorpusDocument& document);

// One line: what changed, quoted, e.g. `attribution dropped: "said Wang"` or
// `substitution: "Chinese nationals" -> "foreign nationals"`.
std::string DescribeChange(const Change& change);

}  // namespace stemma::cli

#endif  // STEMMA_TOOLS_PROVENANCE_TEXT_H_
