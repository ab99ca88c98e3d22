// Changed files of a pull request and the lines of its diff on the RIGHT (head) side.
import { appendAll } from '../util/arrays.js';

/** Inclusive line range on the head side of a diff hunk (context and added lines). */
export interface LineRange {
  start: number;
  end: number;
}

export interface ChangedFile {
  /** Repository-relative path on the head side, forward slashes. */
  path: string;
  /** Path on the base side when the file was renamed. */
  previousPath?: string;
  status: 'added' | 'modified' | 'removed' | 'renamed' | 'copied' | 'changed' | 'unchanged';
  /** Head-side ranges of the hunks; undefined when the diff text is not known (binary or too large). */
  hunks?: LineRange[];
  /**
   * Head-side lines the change adds or edits, plus the line after a deletion: the hunks
   * without their context. Undefined when not known.
   */
  edited?: LineRange[];
}

const HUNK_HEADER = /^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@/;

/** Head-side line ranges of a unified diff patch (the `patch` field of the pull-request files API). */
export function parsePatch(patch: string): LineRange[] {
  const ranges: LineRange[] = [];
  for (const line of patch.split('\n')) {
    const match = HUNK_HEADER.exec(line);
    if (!match) continue;
    const start = Number(match[1]);
    const length = match[2] === undefined ? 1 : Number(match[2]);
    if (length > 0) ranges.push({ start, end: start + length - 1 });
  }
  return ranges;
}

/** The edited lines of a patch: added lines, and the head-side line that follows a deletion. */
export function parseEdited(patch: string): LineRange[] {
  const ranges: LineRange[] = [];
  const mark = (start: number, end: number): void => {
    const last = ranges[ranges.length - 1];
    if (last && start <= last.end + 1) last.end = Math.max(last.end, end);
    else ranges.push({ start, end });
  };
  const headerOnly = !patch.includes('\n');
  let right = 0;
  let inHunk = false;
  for (const line of patch.split('\n')) {
    const match = HUNK_HEADER.exec(line);
    if (match) {
      const start = Number(match[1]);
      const length = match[2] === undefined ? 1 : Number(match[2]);
      // "+N,0": the deletion sits after head line N.
      right = length === 0 ? start + 1 : start;
      // A git diff --unified=0 header alone: the head-side range is the edit.
      if (headerOnly) mark(right, length === 0 ? right : start + length - 1);
      inHunk = true;
      continue;
    }
    if (!inHunk) continue;
    if (line.startsWith('+')) mark(right, right++);
    else if (line.startsWith('-')) mark(right, right);
    else if (line.startsWith(' ')) right++;
  }
  return ranges;
}

export const inRanges = (ranges: LineRange[] | undefined, line: number): boolean =>
  !!ranges?.some((range) => line >= range.start && line <= range.end);

/** Parses `git diff --unified=0 BASE...HEAD` output into changed files with hunks. */
export function parseGitDiff(text: string): ChangedFile[] {
  const files: ChangedFile[] = [];
  let current: ChangedFile | undefined;
  let oldPath: string | undefined;
  for (const line of text.split('\n')) {
    if (line.startsWith('diff --git ')) {
      current = undefined;
      oldPath = undefined;
      continue;
    }
    if (line.startsWith('--- ')) {
      const name = line.slice(4);
      oldPath = name === '/dev/null' ? undefined : stripPrefix(unquoteGitPath(name));
      continue;
    }
    if (line.startsWith('+++ ')) {
      const name = line.slice(4);
      if (name === '/dev/null') {
        current = undefined; // deleted: nothing on the head side
        if (oldPath) files.push({ path: oldPath, status: 'removed', hunks: [] });
        continue;
      }
      const path = stripPrefix(unquoteGitPath(name));
      current = {
        path,
        status: oldPath === undefined ? 'added' : oldPath !== path ? 'renamed' : 'modified',
        ...(oldPath !== undefined && oldPath !== path ? { previousPath: oldPath } : {}),
        hunks: [],
      };
      files.push(current);
      continue;
    }
    if (current && line.startsWith('@@')) {
      appendAll(current.hunks!, parsePatch(line));
      // With --unified=0 the hunk header alone says which lines changed.
      appendAll((current.edited ??= []), parseEdited(line));
    }
  }
  return files;
}

// git ends an unquoted name that has a space with a tab.
const stripPrefix = (name: string): string => name.replace(/\t$/, '').replace(/^[ab]\//, '');

/** Undoes git's C-style quoting of unusual path names ("a\tb", octal UTF-8 bytes). */
export function unquoteGitPath(name: string): string {
  if (!name.startsWith('"') || !name.endsWith('"') || name.length < 2) return name.replace(/\t$/, '');
  const body = name.slice(1, -1);
  const parts: Buffer[] = [];
  const simple: Record<string, number> = { n: 10, t: 9, r: 13, '"': 34, '\\': 92, a: 7, b: 8, f: 12, v: 11 };
  for (let i = 0; i < body.length;) {
    const slash = body.indexOf('\\', i);
    const end = slash < 0 ? body.length : slash;
    // Text between escapes is copied whole, so characters outside the BMP (surrogate pairs) stay intact.
    if (end > i) parts.push(Buffer.from(body.slice(i, end), 'utf8'));
    if (slash < 0) break;
    const next = body[slash + 1] ?? '';
    if (/[0-7]/.test(next)) {
      parts.push(Buffer.from([parseInt(body.slice(slash + 1, slash + 4), 8)]));
      i = slash + 4;
    } else {
      parts.push(Buffer.from([simple[next] ?? next.charCodeAt(0)]));
      i = slash + 2;
    }
  }
  return Buffer.concat(parts).toString('utf8');
}
