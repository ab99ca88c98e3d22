// Line helpers for whole-line edits.
import type { TextEdit } from './types.js';

export const splitLines = (text: string): string[] => text.split(/\r?\n/);

/** Leading spaces of a line. */
export const indentOf = (line: string): string => /^[ \t]*/.exec(line)![0];

/** The edit applied to the text (the file's line ending is kept), or undefined when the lines changed since. */
export function applyEdit(text: string, edit: TextEdit): string | undefined {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = splitLines(text);
  if (edit.startLine < 1 || edit.endLine > lines.length || edit.startLine > edit.endLine) return undefined;
  if (lines.slice(edit.startLine - 1, edit.endLine).join('\n') !== edit.original) return undefined;
  lines.splice(edit.startLine - 1, edit.endLine - edit.startLine + 1, ...edit.replacement.split('\n'));
  return lines.join(eol);
}

/** An edit that inserts `added` lines after line `line` (the suggestion replaces that line with itself plus the new lines). */
export function insertAfter(file: string, lines: string[], line: number, added: string[], lastLine?: string): TextEdit {
  const original = lines[line - 1]!;
  return { file, startLine: line, endLine: line, original, replacement: [lastLine ?? original, ...added].join('\n') };
}

/** An edit that inserts `added` lines before line `line`. */
export function insertBefore(file: string, lines: string[], line: number, added: string[]): TextEdit {
  const original = lines[line - 1]!;
  return { file, startLine: line, endLine: line, original, replacement: [...added, original].join('\n') };
}

/**
 * An edit that replaces `from` with `to` on one of the lines `first`..`last` (the first occurrence, as a whole token),
 * or undefined when the text is not there.
 */
export function replaceOnLines(file: string, lines: string[], first: number, last: number, from: string, to: string): TextEdit | undefined {
  const escaped = from.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const token = new RegExp(`(^|[\\s"':=\\[,])${escaped}(?=$|[\\s"',\\]}])`);
  for (let n = Math.max(1, first); n <= Math.min(last, lines.length); n++) {
    const line = lines[n - 1]!;
    const match = token.exec(line);
    if (!match) continue;
    const at = match.index + match[1]!.length;
    return { file, startLine: n, endLine: n, original: line, replacement: line.slice(0, at) + to + line.slice(at + from.length) };
  }
  return undefined;
}

/** The last line at or before `line` that is not blank or a comment. */
export function lastContentLine(lines: string[], line: number, comment = /^\s*(#|\/\/|$)/): number {
  let n = Math.min(line, lines.length);
  while (n > 1 && comment.test(lines[n - 1]!)) n--;
  return n;
}
