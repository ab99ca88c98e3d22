/**
 * Links plan entities to the `resource "TYPE" "NAME" {` line of the .tf file that declares them,
 * following local module calls (`module "vpc" { source = "./modules/vpc" }`).
 */
import { posix } from 'node:path';
import type { Loc, ParsedFile } from '../model/types.js';
import { parseAddress } from './terraform-refs.js';

interface TfDirectory {
  /** `aws_subnet.private` / `data.aws_subnet.x` → declaration locations. */
  resources: Map<string, Loc>;
  /** Module call name → the local directory its source points to (undefined: registry, git...). */
  modules: Map<string, string | undefined>;
}

export interface TfSourceIndex {
  dirs: Map<string, TfDirectory>;
  /** Directories some module call points to (so they are modules, not roots). */
  moduleTargets: Set<string>;
}

const normalizeDir = (dir: string): string => {
  const normalized = posix.normalize(dir).replace(/\/+$/, '');
  return normalized === '' ? '.' : normalized;
};

/** Ranges of /* *\/ comments, so commented-out blocks are not indexed. */
function blockComments(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (let start = text.indexOf('/*'); start !== -1; start = text.indexOf('/*', start + 2)) {
    const lineStart = text.lastIndexOf('\n', start) + 1;
    const linePrefix = text.slice(lineStart, start);
    if (/#|\/\/|"/.test(linePrefix)) continue; // inside a line comment or string
    const end = text.indexOf('*/', start + 2);
    ranges.push([start, end === -1 ? text.length : end + 2]);
    if (end === -1) break;
    start = end;
  }
  return ranges;
}

/** The body of the block whose `{` is at `open`, skipping strings and comments. */
function blockBody(text: string, open: number): string {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"'; i++) if (text[i] === '\\') i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const nl = text.indexOf('\n', i);
      i = nl === -1 ? text.length : nl;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return text.slice(open + 1, i);
  }
  return text.slice(open + 1);
}

export function indexTfSources(files: { file: string; text: string }[]): TfSourceIndex {
  const index: TfSourceIndex = { dirs: new Map(), moduleTargets: new Set() };
  for (const { file, text } of files) {
    if (typeof text !== 'string') continue;
    const dir = normalizeDir(posix.dirname(file));
    let entry = index.dirs.get(dir);
    if (!entry) index.dirs.set(dir, (entry = { resources: new Map(), modules: new Map() }));
    const comments = blockComments(text);
    // Block labels are quoted strings or bare identifiers (HCL allows both).
    const header =
      /^([ \t]*)(resource|data|module)[ \t]+(?:"([^"\n]+)"|([A-Za-z_][\w-]*))(?:[ \t]+(?:"([^"\n]+)"|([A-Za-z_][\w-]*)))?[ \t]*\{/gm;
    let line = 1;
    let lineFrom = 0;
    let comment = 0; // headers and comment ranges both come in text order
    for (let m = header.exec(text); m; m = header.exec(text)) {
      while (comment < comments.length && comments[comment]![1] <= m.index) comment++;
      if (comment < comments.length && comments[comment]![0] <= m.index) continue;
      for (let nl = text.indexOf('\n', lineFrom); nl !== -1 && nl < m.index; nl = text.indexOf('\n', lineFrom)) {
        line++;
        lineFrom = nl + 1;
      }
      const [, indent, keyword, firstQuoted, firstBare, secondQuoted, secondBare] = m;
      const first = firstQuoted ?? firstBare;
      const second = secondQuoted ?? secondBare;
      const column = indent!.length + 1;
      const loc: Loc = { file, line, column, endLine: line, endColumn: m.index - lineFrom + m[0].length + 1 };
      if (keyword === 'module') {
        if (second !== undefined) continue;
        const body = blockBody(text, m.index + m[0].length - 1);
        const source = /^[ \t]*source[ \t]*=[ \t]*"([^"\n]*)"/m.exec(body)?.[1];
        const local = source !== undefined && /^\.\.?\//.test(source) ? normalizeDir(posix.join(dir, source)) : undefined;
        if (!entry.modules.has(first!)) entry.modules.set(first!, local);
        if (local) index.moduleTargets.add(local);
      } else if (second !== undefined) {
        const key = `${keyword === 'data' ? 'data.' : ''}${first}.${second}`;
        if (!entry.resources.has(key)) entry.resources.set(key, loc);
      }
    }
  }
  return index;
}

/**
 * Sets `sourceLoc` of the plan's entities. With several candidate root directories, prefers the
 * plan's own folder; leaves the entity alone when the declaration is not found or is ambiguous.
 */
export function linkTfSources(parsed: ParsedFile, index: TfSourceIndex): void {
  for (const entity of parsed.entities) {
    if (entity.sourceKind !== 'terraform-plan') continue;
    const loc = tfDeclaration(entity.name, parsed.file, index);
    if (loc) entity.sourceLoc = loc;
  }
}

/** The declaration of a plan address (`module.vpc.aws_subnet.private[0]`) in the indexed .tf files, when unambiguous. */
export function tfDeclaration(name: string, planFile: string, index: TfSourceIndex): Loc | undefined {
  const planDir = normalizeDir(posix.dirname(planFile));
  {
    const address = parseAddress(name);
    if (!address) return undefined;
    const local = `${address.mode === 'data' ? 'data.' : ''}${address.type}.${address.name}`;
    const matches: { root: string; loc: Loc }[] = [];
    for (const root of index.dirs.keys()) {
      let dir: string | undefined = root;
      for (const step of address.module) {
        dir = index.dirs.get(dir)?.modules.get(step.name);
        if (!dir) break;
      }
      const loc = dir ? index.dirs.get(dir)?.resources.get(local) : undefined;
      if (loc) matches.push({ root, loc });
    }
    const distinct = (list: { loc: Loc }[]): Loc[] => [...new Map(list.map((m) => [`${m.loc.file}:${m.loc.line}`, m.loc])).values()];
    let chosen = distinct(matches);
    if (chosen.length > 1) {
      const sameFolder = distinct(matches.filter((m) => m.root === planDir));
      const roots = distinct(matches.filter((m) => !index.moduleTargets.has(m.root)));
      chosen = sameFolder.length ? sameFolder : roots;
    }
    return chosen.length === 1 ? chosen[0] : undefined;
  }
}

/** The last line of the block whose header is on `line` (1-based), or `line` when it cannot be found. */
export function blockEndLine(text: string, line: number): number {
  let offset = 0;
  for (let n = 1; n < line && offset !== -1; n++) offset = text.indexOf('\n', offset) + 1 || -1;
  if (offset === -1) return line;
  const open = text.indexOf('{', offset);
  if (open === -1) return line;
  const body = blockBody(text, open);
  const close = open + 1 + body.length;
  return line + (text.slice(offset, close).match(/\n/g)?.length ?? 0);
}
