// Edits that real copies carry and that evenly spaced edits hide: edits at
// random positions (so they cluster), and OCR damage at the character level.
//
// Every function keeps a passage's first word and last two unedited (see
// Editable), so that a planted case still begins and ends on copied words.
// All randomness comes from the Random passed in: the same seed gives the
// same text on every machine.
#ifndef STEMMA_TESTS_PAN_NOISE_H_
#define STEMMA_TESTS_PAN_NOISE_H_

#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "pan/pan_words.h"

namespace stemma::pan {

// A word unlike the one given, from other text (substituted and inserted words).
using ForeignWordSource = std::function<std::string(std::string_view unlike)>;

// Lower-cases a capitalised word, or capitalises or upper-cases a lower-case one.
void ChangeCase(std::string& word, Random& random);

// Removes a final comma or full stop, or adds one.
void ChangePunctuation(std::string& word, Random& random);

// Edits at random positions: each editable word is edited with probability
// 1 / words_per_edit, and edited again with the same probability (so a word
// may carry two or three edits, and neighbours are edited together as often
// as chance has it). Each edit is, equally likely, a substitution, a deletion,
// an insertion before the word, a change of case or a change of punctuation.
std::vector<Word> RandomPositionEdits(const std::vector<Word>& words, int words_per_edit,
                                      const ForeignWordSource& foreign_word, Random& random);

// OCR damage at a rate drawn from 1-3% of letters: a damaged letter is, in
// eight cases of ten, replaced by one OCR confuses it with ("e" -> "c",
// "h" -> "b", "rn" <-> "m", "l" -> "1"...), else lost or followed by a stray
// mark. Besides, about one word in sixty is split by a stray space, one in
// sixty joined to the next, and one long word in a hundred broken by a hyphen
// at a line end ("gov-\nernment").
std::vector<Word> OcrNoise(const std::vector<Word>& words, Random& random);

}  // namespace stemma::pan

#endif  // STEMMA_TESTS_PAN_NOISE_H_
