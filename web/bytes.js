// The server speaks in byte offsets into UTF-8 text; the page holds
// JavaScript strings (UTF-16). A Utf8Text keeps the encoded bytes once and
// cuts them by byte range, so offsets are never converted one by one.

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8');

export class Utf8Text {
  constructor(text) {
    this.bytes = encoder.encode(text);
  }

  get byteLength() {
    return this.bytes.length;
  }

  // The text of [begin, end), clamped to the text. A range edge inside a
  // character (it should not happen) decodes to U+FFFD rather than failing.
  slice(begin, end) {
    const from = clamp(begin, 0, this.bytes.length);
    const to = clamp(end, from, this.bytes.length);
    return decoder.decode(this.bytes.subarray(from, to));
  }
}

function clamp(value, low, high) {
  return Math.min(Math.max(Number(value) || 0, low), high);
}

// Characters as the server counts them: code points.
export function countCharacters(text) {
  let count = 0;
  for (const _ of text) count += 1;
  return count;
}

// The union of half-open ranges [[b, e]...], sorted and merged.
export function mergeRanges(ranges) {
  const sorted = ranges.filter(([b, e]) => e > b).sort((x, y) => x[0] - y[0]);
  const merged = [];
  for (const [begin, end] of sorted) {
    const last = merged[merged.length - 1];
    if (last && begin <= last[1]) last[1] = Math.max(last[1], end);
    else merged.push([begin, end]);
  }
  return merged;
}

// Cuts [0, length) at every edge of the given ranges into runs, each with
// the indexes of the ranges covering it: [{begin, end, covering: [i...]}].
// Runs covered by nothing are included, so the runs tile the whole text.
export function cutIntoRuns(length, ranges) {
  const edges = new Set([0, length]);
  for (const [begin, end] of ranges) {
    edges.add(clamp(begin, 0, length));
    edges.add(clamp(end, 0, length));
  }
  const sorted = [...edges].sort((a, b) => a - b);
  const runs = [];
  for (let index = 0; index + 1 < sorted.length; index += 1) {
    const begin = sorted[index];
    const end = sorted[index + 1];
    const covering = [];
    ranges.forEach(([b, e], rangeIndex) => {
      if (b <= begin && end <= e) covering.push(rangeIndex);
    });
    runs.push({ begin, end, covering });
  }
  return runs;
}
