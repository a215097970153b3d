// Bible books read through the SWORD frontend `diatheke`, as documents whose
// verse boundaries are known: ground truth for aligning rewritten text.
//
// diatheke prints one verse per line, "Book C:V: text" (book names may hold
// spaces: "Song of Solomon", "I Samuel"); poetry wraps a verse onto further
// lines, and the output ends with a line "(module)". ParseDiatheke() accepts
// both `-f plain` and the default markup output: tags are dropped, XML
// entities decoded, the KJV paragraph mark "¶" removed and every run of
// whitespace (line breaks included) collapsed to one space. JoinVerses() then
// builds one document per translation: the verse texts joined by "\n", with
// no references in the text and each verse's byte range recorded.
//
// Parsing and joining are pure functions, safe from many threads; the
// functions that run diatheke spawn a process through popen().
#ifndef STEMMA_TESTS_BIBLE_BIBLE_TEXT_H_
#define STEMMA_TESTS_BIBLE_BIBLE_TEXT_H_

#include <string>
#include <string_view>
#include <vector>

#include "stemma/passage.h"
#include "stemma/status.h"

namespace stemma::bible {

// The SWORD modules of the two translations compared (Debian packages
// sword-text-kjv and sword-text-web).
inline constexpr std::string_view kKjvModule = "engKJV2006eb";
inline constexpr std::string_view kWebModule = "engWEB2015eb";

struct Verse {
  std::string reference;  // "Ruth 1:1"
  std::string text;       // plain text, single-spaced, no reference
};

struct VerseSpan {
  std::string reference;
  ByteRange bytes;  // the verse's text in BibleDocument::text
};

// One translation of a book as a single text.
struct BibleDocument {
  std::string text;               // verse texts joined by "\n"
  std::vector<VerseSpan> verses;  // in text order
};

// The verses of one diatheke output. Corruption if text precedes the first
// verse reference; an output with no verses gives an empty list.
Result<std::vector<Verse>> ParseDiatheke(std::string_view output);

// Plain text of one fragment of diatheke output: tags dropped, entities
// decoded, "¶" removed, whitespace collapsed and trimmed.
std::string CleanVerseText(std::string_view raw);

BibleDocument JoinVerses(const std::vector<Verse>& verses);

// OK if diatheke runs and has `module`; NotFound naming what is missing.
Status CheckDiatheke(std::string_view module);

// The raw output of `diatheke -b module -f plain -k book`.
Result<std::string> RunDiatheke(std::string_view module, std::string_view book);

// RunDiatheke + ParseDiatheke + JoinVerses; NotFound if the book has no verses.
Result<BibleDocument> LoadBook(std::string_view module, std::string_view book);

}  // namespace stemma::bible

#endif  // STEMMA_TESTS_BIBLE_BIBLE_TEXT_H_
