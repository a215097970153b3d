// Design. Both generators walk the passage's words once and build the
// planted words, so an edit never moves a word's offset in its source (the
// ground truth is the passage's first and last source words). OCR confusions
// are a small table of the misreadings seen in the 1916 pages of
// ../shared/data (c/e, h/b, n/u, rn/m, l/1/i, t/f...), applied to letters
// only, so punctuation and spacing are damaged by the split and join steps
// alone. Rates are per letter and per word; a passage draws its letter rate
// once, so some passages are clean and some badly read, as pages are.
#include "pan/noise.h"

#include <array>
#include <utility>

namespace stemma::pan {
namespace {

enum class RandomEdit { kSubstitute, kDelete, kInsert, kCase, kPunctuation };

// A misreading of one letter (lower case); several per letter where OCR
// confuses it with several.
struct Confusion {
  char letter;
  std::string_view reading;
};
constexpr std::array<Confusion, 30> kConfusions = {{
    {'a', "o"}, {'a', "s"}, {'b', "h"},  {'c', "e"},  {'d', "cl"}, {'e', "c"},
    {'e', "o"}, {'f', "t"}, {'g', "q"},  {'h', "b"},  {'h', "li"}, {'i', "l"},
    {'i', "1"}, {'l', "1"}, {'l', "i"},  {'m', "rn"}, {'n', "u"},  {'n', "ri"},
    {'o', "e"}, {'o', "0"}, {'r', "n"},  {'s', "a"},  {'s', "8"},  {'t', "f"},
    {'t', "l"}, {'u', "n"}, {'u', "ii"}, {'v', "y"},  {'w', "vv"}, {'y', "v"},
}};
constexpr std::string_view kStrayMarks = ".,'-i";

bool IsAsciiLetter(char c) { return IsAsciiUpper(c) || IsAsciiLower(c); }

// One misreading of `letter`, keeping its case where the reading is a letter.
std::string Misread(char letter, Random& random) {
  const char lower = ToLower(letter);
  std::vector<std::string_view> readings;
  for (const Confusion& confusion : kConfusions) {
    if (confusion.letter == lower) readings.push_back(confusion.reading);
  }
  std::string reading(readings.empty() ? std::string_view("i")
                                       : readings[random.Below(readings.size())]);
  if (IsAsciiUpper(letter)) reading[0] = ToUpper(reading[0]);
  return reading;
}

// The word with each letter damaged with probability per_million / 1e6.
std::string DamageLetters(std::string_view word, uint32_t per_million, Random& random) {
  std::string out;
  for (size_t at = 0; at < word.size(); ++at) {
    const char c = word[at];
    if (!IsAsciiLetter(c) || !random.Chance(per_million)) {
      out += c;
      continue;
    }
    // "rn" read as "m" takes two letters at once.
    if (ToLower(c) == 'r' && at + 1 < word.size() && word[at + 1] == 'n' && random.Below(2) == 0) {
      out += 'm';
      ++at;
      continue;
    }
    const size_t kind = random.Below(10);
    if (kind < 8) {
      out += Misread(c, random);
    } else if (kind == 8) {
      continue;  // the letter is lost
    } else {
      out += c;
      out += kStrayMarks[random.Below(kStrayMarks.size())];
    }
  }
  return out;
}

size_t CountLetters(std::string_view word) {
  size_t letters = 0;
  for (char c : word) letters += IsAsciiLetter(c);
  return letters;
}

// Splits `word` before its byte `at`, the first part followed by `space`.
void SplitAt(const Word& word, size_t at, std::string_view first_suffix, std::string_view space,
             std::vector<Word>& out) {
  out.push_back(
      {word.begin, word.text.substr(0, at) + std::string(first_suffix), std::string(space)});
  out.push_back({kForeign, word.text.substr(at), word.space_after});
}

// An interior position of a word's letters, or 0 when it has too few.
size_t InteriorCut(std::string_view word, Random& random) {
  std::vector<size_t> cuts;
  for (size_t at = 1; at < word.size(); ++at) {
    if (IsAsciiLetter(word[at - 1]) && IsAsciiLetter(word[at])) cuts.push_back(at);
  }
  return cuts.size() < 3 ? 0 : cuts[1 + random.Below(cuts.size() - 2)];
}

void ApplyRandomEdit(RandomEdit edit, Word& word, const ForeignWordSource& foreign_word,
                     Random& random, std::vector<Word>& out) {
  switch (edit) {
    case RandomEdit::kSubstitute:
      word = {kForeign, foreign_word(word.text), word.space_after};
      return;
    case RandomEdit::kDelete:
      word.text.clear();  // dropped when the word is emitted
      return;
    case RandomEdit::kInsert:
      out.push_back({kForeign, foreign_word(word.text), " "});
      return;
    case RandomEdit::kCase:
      ChangeCase(word.text, random);
      return;
    case RandomEdit::kPunctuation:
      ChangePunctuation(word.text, random);
      return;
  }
}

}  // namespace

void ChangeCase(std::string& word, Random& random) {
  const auto letter = std::find_if(word.begin(), word.end(), IsAsciiLetter);
  if (letter == word.end()) return;
  if (IsAsciiUpper(*letter)) {
    std::transform(word.begin(), word.end(), word.begin(), ToLower);
  } else if (random.Below(2) == 0) {
    *letter = ToUpper(*letter);
  } else {
    std::transform(word.begin(), word.end(), word.begin(), ToUpper);
  }
}

void ChangePunctuation(std::string& word, Random& random) {
  const bool has_stop = word.size() >= 2 && (word.back() == ',' || word.back() == '.') &&
                        IsAsciiAlnum(word[word.size() - 2]);
  if (has_stop) {
    word.pop_back();
  } else if (!word.empty() && IsAsciiAlnum(word.back())) {
    word += random.Below(2) == 0 ? ',' : '.';
  }
}

std::vector<Word> RandomPositionEdits(const std::vector<Word>& words, int words_per_edit,
                                      const ForeignWordSource& foreign_word, Random& random) {
  std::vector<Word> out;
  const size_t per_edit = static_cast<size_t>(words_per_edit);
  for (size_t index = 0; index < words.size(); ++index) {
    Word word = words[index];
    if (Editable(index, words.size())) {
      while (!word.text.empty() && random.Below(per_edit) == 0) {
        ApplyRandomEdit(static_cast<RandomEdit>(random.Below(5)), word, foreign_word, random, out);
      }
    }
    // A deleted word is left out; the previous word's space stays.
    if (!word.text.empty()) out.push_back(std::move(word));
  }
  return out;
}

std::vector<Word> OcrNoise(const std::vector<Word>& words, Random& random) {
  const uint32_t letter_rate = static_cast<uint32_t>(random.Between(10000, 30000));
  std::vector<Word> out;
  for (size_t index = 0; index < words.size(); ++index) {
    Word word = words[index];
    if (!Editable(index, words.size())) {
      out.push_back(std::move(word));
      continue;
    }
    word.text = DamageLetters(word.text, letter_rate, random);
    const size_t step = random.Below(120);
    const size_t cut = InteriorCut(word.text, random);
    if (step < 2 && cut > 0) {
      SplitAt(word, cut, "", " ", out);  // "gov ernment"
    } else if (step < 3 && cut > 0 && CountLetters(word.text) >= 6) {
      SplitAt(word, cut, "-", "\n", out);  // "gov-\nernment"
    } else if (step < 5 && index + 2 < words.size()) {
      word.space_after.clear();  // joined to the next word
      out.push_back(std::move(word));
    } else {
      out.push_back(std::move(word));
    }
  }
  return out;
}

}  // namespace stemma::pan
