/**
 * Cheap text helpers for large Terraform plan JSON: syntax-error positions, a depth and
 * top-level-key scan, and line/column of offsets. Nothing here builds a positioned tree
 * or per-line string arrays, so memory stays linear in the input.
 */

const QUOTE = 34; // "
const BACKSLASH = 92;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const COLON = 58;
const COMMA = 44;

const isWhitespace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * 1-based line and column of each offset (offsets need not be sorted). One pass: the next line break
 * is searched once and kept across offsets, so a one-line plan (`terraform show -json`) costs
 * O(text + offsets), not O(text × offsets).
 */
export function lineColumns(text: string, offsets: readonly number[]): { line: number; column: number }[] {
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a]! - offsets[b]!);
  const out = new Array<{ line: number; column: number }>(offsets.length);
  let line = 1;
  let lineStart = 0;
  let next = text.indexOf('\n');
  for (const i of order) {
    const target = Math.max(0, Math.min(offsets[i]!, text.length));
    while (next !== -1 && next < target) {
      line++;
      lineStart = next + 1;
      next = text.indexOf('\n', lineStart);
    }
    out[i] = { line, column: target - lineStart + 1 };
  }
  return out;
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  return lineColumns(text, [offset])[0]!;
}

/** Offset just past the closing quote of the string starting at `start` (valid JSON assumed). */
function stringEnd(text: string, start: number): number {
  let j = text.indexOf('"', start + 1);
  while (j !== -1) {
    let slashes = 0;
    for (let k = j - 1; text.charCodeAt(k) === BACKSLASH; k--) slashes++;
    if (slashes % 2 === 0) return j + 1;
    j = text.indexOf('"', j + 1);
  }
  return text.length;
}

export interface StructureScan {
  /** Offset of the bracket that went deeper than the limit. */
  tooDeepAt?: number;
  /** Offsets of the top-level object's keys, in text order. */
  topLevelKeys: { key: string; offset: number }[];
}

/** One pass over valid JSON: nesting depth check and top-level key offsets. */
export function scanStructure(text: string, maxDepth: number): StructureScan {
  const topLevelKeys: { key: string; offset: number }[] = [];
  const n = text.length;
  let depth = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      const end = stringEnd(text, i);
      if (depth === 1) {
        let k = end;
        while (k < n && isWhitespace(text.charCodeAt(k))) k++;
        if (text.charCodeAt(k) === COLON) {
          try {
            topLevelKeys.push({ key: JSON.parse(text.slice(i, end)) as string, offset: i });
          } catch {
            /* not reachable for valid JSON */
          }
        }
      }
      i = end;
      continue;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      depth++;
      if (depth > maxDepth) return { tooDeepAt: i, topLevelKeys };
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
    i++;
  }
  return { topLevelKeys };
}

/**
 * Offset of the first `"address": "<addr>"` pair per wanted address within [start, end),
 * with the end offset of the address value.
 */
export function addressOffsets(
  text: string,
  start: number,
  end: number,
  wanted?: ReadonlySet<string>,
): Map<string, { start: number; end: number }> {
  const found = new Map<string, { start: number; end: number }>();
  const pattern = /"address"\s*:\s*"((?:[^"\\]|\\.)*)"/g;
  pattern.lastIndex = start;
  for (let m = pattern.exec(text); m && m.index < end; m = pattern.exec(text)) {
    let address = m[1]!;
    if (address.includes('\\')) {
      try {
        address = JSON.parse(`"${address}"`) as string;
      } catch {
        continue;
      }
    }
    if ((wanted && !wanted.has(address)) || found.has(address)) continue;
    found.set(address, { start: m.index, end: m.index + m[0].length });
    if (wanted && found.size === wanted.size) break;
  }
  return found;
}

/**
 * Offset of the first JSON syntax error, for messages from JSON.parse that carry no position.
 * An iterative validator (no recursion, so deep input cannot overflow the stack).
 */
export function locateJsonError(text: string): number {
  const n = text.length;
  const stack: number[] = []; // OPEN_BRACE or OPEN_BRACKET
  let i = 0;
  const skipWs = (): void => {
    while (i < n && isWhitespace(text.charCodeAt(i))) i++;
  };
  const scanString = (): boolean => {
    i++;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        i++;
        return true;
      }
      if (c < 0x20) return false;
      if (c === BACKSLASH) {
        const e = text[i + 1];
        if (e === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
            i += 2;
            return false;
          }
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else {
          i++;
          return false;
        }
      } else i++;
    }
    return false;
  };
  const scanNumber = (): boolean => {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = i;
    const r = m.exec(text);
    if (!r || r[0] === '-' || r[0].length === 0) return false;
    i += r[0].length;
    return true;
  };
  // true / false / null; on a mismatch, i is left on the first wrong character (as V8 reports it).
  const scanLiteral = (): boolean => {
    const word = text[i] === 't' ? 'true' : text[i] === 'f' ? 'false' : text[i] === 'n' ? 'null' : undefined;
    if (!word) return false;
    for (let k = 0; k < word.length; k++, i++) if (text[i] !== word[k]) return false;
    return true;
  };
  // State machine (no recursion): expecting a value, a member key, or what follows a value.
  let state: 'value' | 'key' | 'after' = 'value';
  for (;;) {
    skipWs();
    if (state === 'value') {
      if (i >= n) return n;
      const c = text.charCodeAt(i);
      if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        stack.push(c);
        i++;
        skipWs();
        if (text.charCodeAt(i) === (c === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET)) {
          stack.pop();
          i++;
          state = 'after';
        } else state = c === OPEN_BRACE ? 'key' : 'value';
        continue;
      }
      const ok = c === QUOTE ? scanString() : c === 45 || (c >= 48 && c <= 57) ? scanNumber() : scanLiteral();
      if (!ok) return Math.min(i, n);
      state = 'after';
    } else if (state === 'key') {
      if (text.charCodeAt(i) !== QUOTE || !scanString()) return Math.min(i, n);
      skipWs();
      if (text.charCodeAt(i) !== COLON) return Math.min(i, n);
      i++;
      state = 'value';
    } else {
      const top = stack[stack.length - 1];
      if (top === undefined) return i < n ? i : -1;
      if (i >= n) return n;
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        state = top === OPEN_BRACE ? 'key' : 'value';
      } else if ((top === OPEN_BRACE && c === CLOSE_BRACE) || (top === OPEN_BRACKET && c === CLOSE_BRACKET)) {
        stack.pop();
        i++;
      } else return i;
    }
  }
}

/** Offset of a JSON.parse failure: V8's "position N", else our own scan. */
export function jsonErrorOffset(text: string, message: string): number {
  const m = /position (\d+)/.exec(message);
  if (m) return Math.min(Number(m[1]), text.length);
  if (/Unexpected end of JSON input/.test(message)) return text.length;
  const located = locateJsonError(text);
  return located < 0 ? 0 : located;
}
