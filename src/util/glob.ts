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

/** One unit of a path segment pattern: a literal, `?`, a bracket class, or `*`. */
type Token = { kind: 'star' } | { kind: 'one'; test: (c: string) => boolean };

/** Brace alternatives (`{a,b}`, nested) expanded at most this far; beyond, braces are literal. */
const MAX_BRACE_EXPANSIONS = 256;

function expandBraces(pattern: string, budget = { left: MAX_BRACE_EXPANSIONS }): string[] | undefined {
  // The first top-level `{...}` with a comma.
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '\\') {
      i++;
      continue;
    }
    if (pattern[i] !== '{') continue;
    let depth = 0;
    const commas: number[] = [];
    let end = -1;
    for (let j = i; j < pattern.length; j++) {
      const c = pattern[j];
      if (c === '\\') j++;
      else if (c === '{') depth++;
      else if (c === '}' && --depth === 0) {
        end = j;
        break;
      } else if (c === ',' && depth === 1) commas.push(j);
    }
    if (end < 0 || !commas.length) continue;
    const bounds = [i, ...commas, end];
    const out: string[] = [];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const alternative = pattern.slice(0, i) + pattern.slice(bounds[k]! + 1, bounds[k + 1]) + pattern.slice(end + 1);
      const expanded = expandBraces(alternative, budget);
      if (!expanded) return undefined;
      out.push(...expanded);
      if ((budget.left -= expanded.length) < 0) return undefined;
    }
    return out;
  }
  return [pattern];
}

function segmentTokens(segment: string): Token[] {
  const tokens: Token[] = [];
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') {
      if (tokens.at(-1)?.kind !== 'star') tokens.push({ kind: 'star' });
    } else if (c === '?') tokens.push({ kind: 'one', test: () => true });
    else if (c === '\\' && i + 1 < segment.length) {
      const literal = segment[++i]!;
      tokens.push({ kind: 'one', test: (t) => t === literal });
    } else if (c === '[' && segment.indexOf(']', i + 2) > 0) {
      const close = segment.indexOf(']', i + 2);
      let body = segment.slice(i + 1, close);
      const negated = body[0] === '!' || body[0] === '^';
      if (negated) body = body.slice(1);
      const ranges: [string, string][] = [];
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === '-' && k + 2 < body.length) {
          ranges.push([body[k]!, body[k + 2]!]);
          k += 2;
        } else ranges.push([body[k]!, body[k]!]);
      }
      tokens.push({ kind: 'one', test: (t) => ranges.some(([lo, hi]) => t >= lo && t <= hi) !== negated });
      i = close;
    } else tokens.push({ kind: 'one', test: (t) => t === c });
  }
  return tokens;
}

/**
 * The classic one-backtrack-point wildcard match: every non-star unit matches exactly one item, so on
 * a mismatch only the last star takes one more item. O(pattern × text), never exponential.
 */
function starMatch<P, T>(pattern: P[], text: T[], isStar: (p: P) => boolean, one: (p: P, t: T) => boolean): boolean {
  let pi = 0;
  let ti = 0;
  let star = -1;
  let mark = 0;
  while (ti < text.length) {
    if (pi < pattern.length && isStar(pattern[pi]!)) {
      star = pi++;
      mark = ti;
    } else if (pi < pattern.length && one(pattern[pi]!, text[ti]!)) {
      pi++;
      ti++;
    } else if (star >= 0) {
      pi = star + 1;
      ti = ++mark;
    } else return false;
  }
  while (pi < pattern.length && isStar(pattern[pi]!)) pi++;
  return pi === pattern.length;
}

type Segment = 'globstar' | Token[];

function compilePathGlob(pattern: string): (segments: string[]) => boolean {
  let p = pattern.replace(/\\\//g, '/').replace(/^(\.\/)+/, '');
  if (p.endsWith('/')) p += '**';
  const segments: Segment[] = p
    .split('/')
    .filter((s, i, all) => s !== '' || i === all.length - 1)
    .map((s) => (s === '**' ? 'globstar' : segmentTokens(s)));
  const charTokens = (tokens: Token[], text: string): boolean =>
    starMatch(
      tokens,
      [...text],
      (t) => t.kind === 'star',
      (t, c) => t.kind === 'one' && t.test(c),
    );
  return (text) =>
    starMatch(
      segments,
      text,
      (s) => s === 'globstar',
      (s, t) => s !== 'globstar' && charTokens(s, t),
    );
}

/**
 * Matcher for file globs (config include/exclude and overrides, the paths input): `**` as a whole
 * segment matches any number of folders, `*` any run within a segment (dot files too), `?` one
 * character, `[a-z]` / `[!a]` a class, `{a,b}` alternatives, `\x` a literal, a trailing `/` the
 * folder and everything under it, a leading `!` negates. Every match is O(pattern × path): a hostile
 * pattern such as `**\/*a*a*a*a*a*a*b` cannot backtrack exponentially, as regular-expression
 * translations (picomatch) do.
 */
export function pathGlobMatcher(patterns: readonly string[]): (file: string) => boolean {
  const matchers = patterns.flatMap((raw) => {
    const negated = raw.startsWith('!') && !raw.startsWith('!(');
    const body = negated ? raw.slice(1) : raw;
    const compiled = (expandBraces(body) ?? [body]).map(compilePathGlob);
    const test = (segments: string[]) => compiled.some((m) => m(segments));
    return [negated ? (segments: string[]) => !test(segments) : test];
  });
  if (!matchers.length) return () => false;
  return (file) => {
    const segments = file.replace(/^(\.\/)+/, '').split('/');
    return matchers.some((m) => m(segments));
  };
}
