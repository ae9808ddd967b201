/**
 * Python's str semantics where the password validators depend on them: code
 * points (not UTF-16 units), `str.lower()` without JavaScript's final-sigma
 * rule, `str.strip()`/`str.isdigit()` with Python's character classes, and
 * difflib's `SequenceMatcher.quick_ratio()`.
 */

/** `len(s)`: code points. */
export function pyLen(text: string): number {
  let length = 0;
  for (const _ of text) length++;
  return length;
}

/** `s.lower()`: per code point, so Σ is always σ (JavaScript would give ς at the end of a word). */
export function pyLower(text: string): string {
  let out = '';
  for (const char of text) out += char.toLowerCase();
  return out;
}

/** The characters Python's `str.isspace()` accepts (JavaScript's trim() differs: it strips U+FEFF, keeps U+001C-U+001F and U+0085). */
const PY_WHITESPACE = new Set(
  [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680, 0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005,
    0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000].map((code) => String.fromCharCode(code)),
);

/** `s.strip()`. */
export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && PY_WHITESPACE.has(text[start])) start++;
  while (end > start && PY_WHITESPACE.has(text[end - 1])) end--;
  return text.slice(start, end);
}

/**
 * `str.isdigit()`: decimal digits (\p{Nd}) plus the characters whose
 * Numeric_Type is Digit (superscripts, circled digits...), as in Python 3.
 */
const PY_DIGIT = new RegExp(
  '^(?:\\p{Nd}|[\\u00b2\\u00b3\\u00b9\\u1369-\\u1371\\u19da\\u2070\\u2074-\\u2079\\u2080-\\u2089\\u2460-\\u2468\\u2474-\\u247c' +
    '\\u2488-\\u2490\\u24ea\\u24f5-\\u24fd\\u24ff\\u2776-\\u277e\\u2780-\\u2788\\u278a-\\u2792' +
    '\\u{10a40}-\\u{10a43}\\u{10e60}-\\u{10e68}\\u{11052}-\\u{1105a}\\u{1f100}-\\u{1f10a}])+$',
  'u',
);

export function pyIsDigit(text: string): boolean {
  return PY_DIGIT.test(text);
}

/** `re.split(r'\W+', s)` for str patterns: a word character is a letter, a number or `_`. */
export function pySplitNonWord(text: string): string[] {
  return text.split(/[^\p{L}\p{N}_]+/u);
}

/** `SequenceMatcher(a=a, b=b).quick_ratio()`: 2·|multiset intersection| / (len(a) + len(b)), 1.0 when both are empty. */
export function quickRatio(a: string, b: string): number {
  const counts = new Map<string, number>();
  let lengthB = 0;
  for (const char of b) {
    counts.set(char, (counts.get(char) ?? 0) + 1);
    lengthB++;
  }
  let matches = 0;
  let lengthA = 0;
  for (const char of a) {
    lengthA++;
    const left = counts.get(char);
    if (left) {
      counts.set(char, left - 1);
      matches++;
    }
  }
  const length = lengthA + lengthB;
  return length ? (2 * matches) / length : 1;
}
