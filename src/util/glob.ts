/**
 * Glob with `*` (any run, possibly empty) and `?` (one character), everything else literal; IAM actions and
 * resources, config resource patterns. O(pattern × text): on a mismatch only the last `*` takes one more character.
 */
export function globMatches(pattern: string, text: string, ignoreCase = false): boolean {
  const p = ignoreCase ? pattern.toLowerCase() : pattern;
  const t = ignoreCase ? text.toLowerCase() : text;
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < t.length) {
    // `*` first: a pattern star facing a `*` in the text (a pattern compared with a pattern) stays a wildcard.
    if (pi < p.length && p[pi] === '*') {
      star = pi++;
      mark = ti;
    } else if (pi < p.length && (p[pi] === '?' || p[pi] === t[ti])) {
      pi++;
      ti++;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < p.length && p[pi] === '*') pi++;
  return pi === p.length;
}
