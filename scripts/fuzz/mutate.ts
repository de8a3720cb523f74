/** Seeded input mutations for the fuzzers: the same seed gives the same cases (replayable). */
export type Rand = () => number;

export const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
export const int = (rand: Rand, max: number): number => Math.floor(rand() * max);

// Values that have broken parsers before: boundaries, encodings, controls, formula and markup
// prefixes, number edge cases, the IP forms the privacy scan looks for.
export const INTERESTING: readonly string[] = [
  '',
  ' ',
  '\u0000',
  '\r\n',
  '\t',
  '"',
  '""',
  "'",
  ',',
  ';',
  '\\',
  '\u202e',
  '\ud800',
  '\ufeff',
  '😀',
  '=cmd|/c calc!A1',
  '+1',
  '-1',
  '@SUM(1)',
  '<script>alert(1)</script>',
  '"><svg onload=alert(1)>',
  'javascript:alert(1)',
  'data:text/html,x',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  '9007199254740993',
  '4294967296',
  '0x7f000001',
  '::ffff:127.0.0.1',
  '255.255.255.255',
  '0.0.0.0/0',
  '::/0',
  '2001:db8::/129',
  '1.2.3.4/33',
  'x'.repeat(3000),
];

/** One random edit of a string: flip, insert, delete, duplicate, truncate or splice a value in. */
export function mutateString(rand: Rand, s: string): string {
  const at = s.length === 0 ? 0 : int(rand, s.length);
  switch (int(rand, 7)) {
    case 0: // flip one character's low bits
      return s.length === 0
        ? String.fromCharCode(int(rand, 0x10000))
        : s.slice(0, at) +
            String.fromCharCode(s.charCodeAt(at) ^ (1 << int(rand, 8))) +
            s.slice(at + 1);
    case 1: // insert an interesting value
      return s.slice(0, at) + pick(rand, INTERESTING) + s.slice(at);
    case 2: // delete a run
      return s.slice(0, at) + s.slice(at + 1 + int(rand, 8));
    case 3: // duplicate a run
      return s.slice(0, at) + s.slice(at, at + 1 + int(rand, 16)) + s.slice(at);
    case 4: // truncate
      return s.slice(0, at);
    case 5: // random printable and control bytes
      return (
        s.slice(0, at) +
        Array.from({ length: 1 + int(rand, 6) }, () => String.fromCharCode(int(rand, 128))).join(
          '',
        ) +
        s.slice(at)
      );
    default: // replace a delimited field with an interesting value
      return s.replace(/[^,;\t\n"{}:]+/, () => pick(rand, INTERESTING));
  }
}

/** 1–4 mutations in a row. */
export function mutate(rand: Rand, s: string): string {
  let out = s;
  for (let n = 1 + int(rand, 4); n > 0; n--) out = mutateString(rand, out);
  return out;
}
