/**
 * YAML/JSON reader that keeps exact positions.
 *
 * Values are plain JS data (objects, arrays, strings, numbers, booleans, null). Every object and
 * array produced by a parse is registered in a per-parse WeakMap with its own location and the
 * locations of its keys and values, so builders can ask "where is property X of this object".
 * CloudFormation short-form tags (`!Ref`, `!GetAtt`, ...) are turned into their long form when
 * `cfnTags` is on. Unknown local tags (e.g. `!Tags`) are tolerated: the value is kept as if
 * untagged and a warning with its position is returned (the parser reports it as unverified).
 *
 * Valid YAML in the common subset is read by the fast path (yaml-cst.ts, from the `yaml` lexer's
 * tokens); everything else, including every malformed file, by the `yaml` Composer, so messages
 * and positions of errors are the Composer's. Both give identical values and positions.
 */
import { Composer, Parser, isAlias, isMap, isPair, isScalar, isSeq } from 'yaml';
import type { Alias, Document, Node as YamlNode, Range } from 'yaml';
import type { InputError, Loc, ParsedFile } from '../model/types.js';
import { appendAll } from '../util/arrays.js';
import type { Limits } from '../engine/types.js';
import { readYamlFast, setProperty, type FastSink } from './yaml-cst.js';

export interface PositionInfo {
  /** The whole object/array. */
  loc: Loc;
  /** Locations of mapping keys. */
  keys: Map<string, Loc>;
  /** Locations of values, by property name or array index. */
  values: Map<string | number, Loc>;
}

export interface SourceWarning {
  line: number;
  column: number;
  message: string;
}

export interface YamlSource {
  file: string;
  /** Root value of each document (undefined for an empty document). */
  documents: unknown[];
  /** Location of each document's root value. */
  rootLocs: (Loc | undefined)[];
  errors: InputError[];
  warnings: SourceWarning[];
  /** Offsets [start, end) of string scalars, in document order (for comment detection). */
  stringRanges: [number, number][];
  info(container: unknown): PositionInfo | undefined;
  /** Location of `container[key]` (the value), or of the container when unknown. */
  locOf(container: unknown, key?: string | number): Loc | undefined;
  /** Location of the mapping key `key` in `container`. */
  keyLocOf(container: unknown, key: string): Loc | undefined;
  /** 1-based line of an offset. */
  position(offset: number): { line: number; column: number };
  /** Offset of a 1-based line and column (the inverse of position). */
  offsetOf(line: number, column: number): number;
  /** Text with the BOM removed (offsets refer to it). */
  text: string;
}

export interface YamlSourceOptions {
  limits: Pick<Limits, 'maxAliasCount' | 'maxDepth' | 'maxDocuments'>;
  /** Convert CloudFormation short-form tags to the long form. */
  cfnTags?: boolean;
  /** Always use the `yaml` Composer, never the fast path (differential tests). */
  composerOnly?: boolean;
}

/** Short-form tag → long-form key (CloudFormation intrinsic functions and condition functions). */
const CFN_TAGS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  '!GetAtt': 'Fn::GetAtt',
  '!Sub': 'Fn::Sub',
  '!Join': 'Fn::Join',
  '!Select': 'Fn::Select',
  '!Split': 'Fn::Split',
  '!If': 'Fn::If',
  '!Equals': 'Fn::Equals',
  '!And': 'Fn::And',
  '!Or': 'Fn::Or',
  '!Not': 'Fn::Not',
  '!FindInMap': 'Fn::FindInMap',
  '!GetAZs': 'Fn::GetAZs',
  '!ImportValue': 'Fn::ImportValue',
  '!Base64': 'Fn::Base64',
  '!Cidr': 'Fn::Cidr',
  '!Transform': 'Fn::Transform',
  '!Length': 'Fn::Length',
  '!ToJsonString': 'Fn::ToJsonString',
};

const CFN_TAGS_LOWER = new Map(Object.entries(CFN_TAGS).map(([tag, name]) => [tag.toLowerCase(), name]));

class LimitError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

/** Placeholder location of a collection whose end is not read yet (replaced on close). */
const PENDING_LOC: Loc = { file: '', line: 0, column: 0, endLine: 0, endColumn: 0 };

/** Offsets of line starts, for offset → line/column. */
function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * Reads a YAML/JSON input into `parsed` with `build`: reader warnings become unverified notes,
 * reader errors end the read, and anything thrown becomes one error at line 1 ("cannot read the WHAT").
 */
export function readYamlInput(
  parsed: ParsedFile,
  text: string,
  options: YamlSourceOptions,
  what: string,
  build: (source: YamlSource) => void,
): ParsedFile {
  const file = parsed.file;
  try {
    const source = parseYamlSource(file, text, options);
    for (const warning of source.warnings) parsed.unverified.push({ file, line: warning.line, reason: warning.message });
    if (source.errors.length > 0) {
      appendAll(parsed.errors, source.errors);
      return parsed;
    }
    build(source);
  } catch (error) {
    parsed.entities = [];
    parsed.errors.push({
      file,
      line: 1,
      column: 1,
      message: `cannot read the ${what}: ${(error as Error)?.message ?? String(error)}`.slice(0, 500),
    });
  }
  return parsed;
}

export function parseYamlSource(file: string, rawText: string, options: YamlSourceOptions): YamlSource {
  const text = rawText.charCodeAt(0) === 0xfeff ? rawText.slice(1) : rawText;
  const starts = lineStarts(text);
  const infos = new WeakMap<object, PositionInfo>();
  const documents: unknown[] = [];
  const rootLocs: (Loc | undefined)[] = [];
  const errors: InputError[] = [];
  const warnings: SourceWarning[] = [];
  const stringRanges: [number, number][] = [];
  const { maxAliasCount, maxDepth, maxDocuments } = options.limits;
  // Nodes produced while expanding aliases: bounded so a small file cannot blow up in memory.
  const maxExpandedNodes = Math.max(100_000, text.length);

  /** 0-based index of the line holding `offset`; reads are mostly in order, so the last line is tried first. */
  let lastLine = 0;
  const lineIndex = (offset: number): number => {
    const next = starts[lastLine + 1];
    if (starts[lastLine]! <= offset && (next === undefined || offset < next)) return lastLine;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid]! <= offset) low = mid;
      else high = mid - 1;
    }
    lastLine = low;
    return low;
  };

  const position = (offset: number): { line: number; column: number } => {
    const index = lineIndex(offset);
    return { line: index + 1, column: offset - starts[index]! + 1 };
  };

  /** Loc of [start, end): end column is one past the last character (SARIF convention). */
  const locFromRange = (start: number, end: number): Loc => {
    let last = Math.max(start, end - 1);
    while (last > start && isSpaceAt(text, last)) last--;
    const from = lineIndex(start);
    const to = lineIndex(last);
    return { file, line: from + 1, column: start - starts[from]! + 1, endLine: to + 1, endColumn: last - starts[to]! + 2 };
  };

  const nodeLoc = (node: { range?: Range | null } | null | undefined): Loc =>
    node?.range ? locFromRange(node.range[0], node.range[1]) : locFromRange(0, 0);

  const register = (target: object, loc: Loc): PositionInfo => {
    const info: PositionInfo = { loc, keys: new Map(), values: new Map() };
    infos.set(target, info);
    return info;
  };

  /** Like nodeLoc, but starts at a local tag written before the node (`!Ref X` starts at `!`). */
  const tagAwareLoc = (node: YamlNode & { tag?: string }): Loc => {
    const range = node?.range;
    if (!range || !node.tag || !node.tag.startsWith('!') || node.tag.startsWith('!!')) return nodeLoc(node);
    const tagStart = text.lastIndexOf(node.tag, range[0]);
    if (tagStart === -1 || !/^\s*$/.test(text.slice(tagStart + node.tag.length, range[0]))) return nodeLoc(node);
    return locFromRange(tagStart, Math.max(range[1], tagStart + node.tag.length));
  };

  const addError = (offset: number, message: string) => {
    const pos = position(Math.min(Math.max(offset, 0), text.length));
    if (errors.length >= MAX_ERRORS) return;
    if (errors.some((e) => e.line === pos.line && e.column === pos.column)) return;
    errors.push({ file, line: pos.line, column: pos.column, message });
  };

  const tooDeep = flowNestingOffset(text, maxDepth);
  if (tooDeep !== -1) {
    addError(tooDeep, `nesting deeper than ${maxDepth} levels`);
    return result();
  }
  // JSON files: JSON's stricter syntax (YAML accepts trailing commas, comments, bare words) and a
  // dedicated reader, two orders of magnitude faster than the YAML composer on large templates.
  if (looksLikeJson(file, text)) {
    try {
      const root = readJson();
      documents.push(root.value);
      rootLocs.push(root.loc);
    } catch (error) {
      if (!(error instanceof LimitError)) throw error;
      addError(error.offset, error.message);
      documents.push(undefined);
      rootLocs.push(undefined);
    }
    return result();
  }

  // Fast path for the common valid subset; anything else (and every error) goes to the Composer.
  if (maxDocuments >= 1 && !options.composerOnly && readFast()) return result();

  try {
    const parser = new Parser();
    const composer = new Composer({
      version: '1.2',
      schema: 'core',
      uniqueKeys: true,
      strict: true,
      prettyErrors: false,
    });
    let count = 0;
    for (const doc of composer.compose(parser.parse(text))) {
      count++;
      if (count > maxDocuments) {
        addError(doc.range?.[0] ?? text.length, `more than ${maxDocuments} YAML documents in one file`);
        break;
      }
      const fatal = doc.errors.filter((e) => e.code !== 'TAG_RESOLVE_FAILED' || !options.cfnTags);
      if (fatal.length > 0) {
        for (const e of fatal) addError(e.pos[0], cleanMessage(e.message));
        documents.push(undefined);
        rootLocs.push(undefined);
        continue;
      }
      for (const w of doc.warnings) {
        if (w.code === 'TAG_RESOLVE_FAILED' && options.cfnTags) continue;
        const pos = position(w.pos[0]);
        warnings.push({ line: pos.line, column: pos.column, message: cleanMessage(w.message) });
      }
      try {
        const value = convertDocument(doc as unknown as Document);
        documents.push(value);
        rootLocs.push(doc.contents ? nodeLoc(doc.contents as YamlNode) : undefined);
      } catch (error) {
        if (error instanceof LimitError) addError(error.offset, error.message);
        else throw error;
        documents.push(undefined);
        rootLocs.push(undefined);
      }
    }
  } catch (error) {
    // Stack overflow on absurd nesting, or any other failure of the YAML library.
    const message = error instanceof RangeError ? `nesting too deep to parse (${error.message})` : `cannot parse: ${String(error)}`;
    addError(0, message);
  }

  /** Positioned JSON reader (nesting was bounded by flowNestingOffset, so recursion is safe). */
  function readJson(): { value: unknown; loc: Loc } {
    let i = 0;
    const fail = (offset: number, message: string): never => {
      throw new LimitError(message, offset);
    };
    const skipSpace = () => {
      for (;;) {
        const c = text.charCodeAt(i);
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++;
        else return;
      }
    };
    const readString = (): string => {
      const start = i;
      let j = i + 1;
      for (;;) {
        const quote = text.indexOf('"', j);
        if (quote === -1) return fail(text.length, 'invalid JSON: Unterminated string');
        let slashes = 0;
        for (let k = quote - 1; k > start && text[k] === '\\'; k--) slashes++;
        if (slashes % 2 === 0) {
          j = quote;
          break;
        }
        j = quote + 1;
      }
      const raw = text.slice(start, j + 1);
      i = j + 1;
      const bad = /[\u0000-\u001f]/.exec(raw);
      if (bad) fail(start + bad.index, 'invalid JSON: Bad control character in string literal');
      if (!raw.includes('\\')) return raw.slice(1, -1);
      try {
        return JSON.parse(raw) as string;
      } catch {
        return fail(start, 'invalid JSON: Bad escaped character');
      }
    };
    const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
    const readValue = (depth: number): { value: unknown; start: number; end: number } => {
      skipSpace();
      const start = i;
      if (depth > maxDepth) fail(start, `nesting deeper than ${maxDepth} levels`);
      const c = text[i];
      if (c === '"') {
        const value = readString();
        stringRanges.push([start, i]);
        return { value, start, end: i };
      }
      if (c === '{') {
        i++;
        const obj: Record<string, unknown> = {};
        const info = register(obj, locFromRange(start, start + 1));
        skipSpace();
        if (text[i] === '}') i++;
        else {
          for (;;) {
            skipSpace();
            if (text[i] !== '"') fail(i, 'invalid JSON: Expected double-quoted property name');
            const keyStart = i;
            const key = readString();
            const keyEnd = i;
            skipSpace();
            if (text[i] !== ':') fail(i, "invalid JSON: Expected ':' after property name");
            i++;
            const item = readValue(depth + 1);
            if (Object.prototype.hasOwnProperty.call(obj, key)) fail(keyStart, 'Map keys must be unique');
            setProperty(obj, key, item.value);
            info.keys.set(key, locFromRange(keyStart, keyEnd));
            info.values.set(key, locFromRange(item.start, item.end));
            skipSpace();
            if (text[i] === ',') {
              i++;
              continue;
            }
            if (text[i] === '}') {
              i++;
              break;
            }
            fail(i, "invalid JSON: Expected ',' or '}' after property value");
          }
        }
        info.loc = locFromRange(start, i);
        return { value: obj, start, end: i };
      }
      if (c === '[') {
        i++;
        const arr: unknown[] = [];
        const info = register(arr, locFromRange(start, start + 1));
        skipSpace();
        if (text[i] === ']') i++;
        else {
          for (;;) {
            const item = readValue(depth + 1);
            info.values.set(arr.length, locFromRange(item.start, item.end));
            arr.push(item.value);
            skipSpace();
            if (text[i] === ',') {
              i++;
              continue;
            }
            if (text[i] === ']') {
              i++;
              break;
            }
            fail(i, "invalid JSON: Expected ',' or ']' after array element");
          }
        }
        info.loc = locFromRange(start, i);
        return { value: arr, start, end: i };
      }
      LITERAL.lastIndex = i;
      const match = LITERAL.exec(text);
      if (!match) return fail(i, `invalid JSON: unexpected character ${JSON.stringify(c ?? 'end of input')}`);
      i += match[0].length;
      let value: unknown = JSON.parse(match[0]);
      // Huge integers keep their digits, as in the YAML reader.
      if (typeof value === 'number' && /^-?\d+$/.test(match[0]) && !Number.isSafeInteger(value)) value = match[0];
      return { value, start, end: i };
    };
    const root = readValue(1);
    skipSpace();
    if (i < text.length) fail(i, 'invalid JSON: Unexpected non-whitespace character after JSON');
    return { value: root.value, loc: locFromRange(root.start, root.end) };
  }

  /** Reads the text with the fast path; false (nothing recorded) when it must use the Composer. */
  function readFast(): boolean {
    const warningCount = warnings.length;
    const sink: FastSink<PositionInfo> = {
      open: () => ({ loc: PENDING_LOC, keys: new Map(), values: new Map() }),
      key: (entries, key, start, end) => entries.keys.set(key, locFromRange(start, end)),
      value: (entries, key, start, end, tag) =>
        entries.values.set(key, tag === undefined ? locFromRange(start, end) : tagLoc(tag, start, end)),
      close: (entries, target, start, end, tag) => {
        entries.loc = tag === undefined ? locFromRange(start, end) : tagLoc(tag, start, end);
        infos.set(target, entries);
      },
      plainNumber: keepDigits,
      applyTag: (tag, value, start, end) => applyCfnTag(tag, value, tagLoc(tag, start, end)),
    };
    const fast = readYamlFast(text, { cfnTags: options.cfnTags === true, maxDepth }, sink);
    if (!fast) {
      warnings.length = warningCount;
      return false;
    }
    documents.push(fast.document.value);
    rootLocs.push(locFromRange(fast.document.start, fast.document.end));
    for (const range of fast.stringRanges) stringRanges.push(range);
    return true;
  }

  /** tagAwareLoc for a node range [start, end) written after `tag`. */
  function tagLoc(tag: string, start: number, end: number): Loc {
    const tagStart = text.lastIndexOf(tag, start);
    if (tagStart === -1 || !/^\s*$/.test(text.slice(tagStart + tag.length, start))) return locFromRange(start, end);
    return locFromRange(tagStart, Math.max(end, tagStart + tag.length));
  }

  /** Keeps digits that a number would change: leading zeros (account IDs), huge integers. */
  function keepDigits(value: number, source: string): unknown {
    if (/^[-+]?0\d/.test(source) || (Number.isInteger(value) && !Number.isSafeInteger(value))) return source;
    return value;
  }

  /** CloudFormation short form → long form, registered at the tag's location. */
  function applyCfnTag(tag: string, value: unknown, loc: Loc): unknown {
    // Matched without regard to case: published AWS samples use e.g. `!if`.
    const longName = CFN_TAGS[tag] ?? CFN_TAGS_LOWER.get(tag.toLowerCase());
    if (!longName) {
      warnings.push({
        line: loc.line,
        column: loc.column,
        message: `unknown tag ${tag}: value kept as written`,
      });
      return value;
    }
    let inner = value;
    if (longName === 'Fn::GetAtt' && typeof value === 'string') {
      const dot = value.indexOf('.');
      inner = dot === -1 ? [value] : [value.slice(0, dot), value.slice(dot + 1)];
      const arrInfo = register(inner as object, loc);
      (inner as unknown[]).forEach((_, i) => arrInfo.values.set(i, loc));
    }
    if ((longName === 'Ref' || longName === 'Condition') && (value === null || value === undefined)) inner = '';
    const wrapper: Record<string, unknown> = { [longName]: inner };
    const info = register(wrapper, loc);
    info.keys.set(longName, loc);
    info.values.set(longName, loc);
    return wrapper;
  }

  function cleanMessage(message: string): string {
    return message.split('\n')[0]!.replace(/ at line \d+, column \d+.*$/, '');
  }

  function convertDocument(doc: Document): unknown {
    const anchors = new Map<string, YamlNode>();
    let aliasCount = 0;
    let expandedNodes = 0;
    let outerAliasOffset = 0;

    const convert = (node: unknown, depth: number, inAlias: boolean): { value: unknown; loc: Loc } => {
      if (depth > maxDepth) {
        throw new LimitError(`nesting deeper than ${maxDepth} levels`, (node as YamlNode)?.range?.[0] ?? 0);
      }
      if (inAlias && ++expandedNodes > maxExpandedNodes) {
        throw new LimitError('alias expansion is too large', outerAliasOffset);
      }
      if (isAlias(node)) {
        const alias = node as Alias;
        // Errors inside an expansion point at the alias written in the document, not the anchor.
        if (!inAlias) outerAliasOffset = alias.range?.[0] ?? 0;
        aliasCount++;
        if (aliasCount > maxAliasCount) {
          throw new LimitError(`more than ${maxAliasCount} alias expansions (possible billion-laughs document)`, outerAliasOffset);
        }
        const target = anchors.get(alias.source);
        if (!target) throw new LimitError(`unknown alias *${alias.source}`, alias.range?.[0] ?? 0);
        const expanded = convert(target, depth, true);
        return { value: expanded.value, loc: nodeLoc(alias) };
      }
      const yamlNode = node as YamlNode & { anchor?: string; tag?: string };
      if (yamlNode && yamlNode.anchor && !inAlias) anchors.set(yamlNode.anchor, yamlNode);
      const loc = tagAwareLoc(yamlNode);
      let value: unknown;
      if (isMap(yamlNode)) {
        const obj: Record<string, unknown> = {};
        const info = register(obj, loc);
        for (const pair of yamlNode.items) {
          if (!isPair(pair)) continue;
          const keyNode = pair.key as YamlNode | null;
          let key: string;
          if (keyNode === null || keyNode === undefined) key = '';
          else if (isScalar(keyNode)) key = keyNode.value === null ? '' : String(keyNode.value);
          else throw new LimitError('complex mapping keys are not supported', keyNode.range?.[0] ?? 0);
          if (keyNode && isScalar(keyNode) && keyNode.anchor && !inAlias) anchors.set(keyNode.anchor, keyNode);
          const keyLoc = keyNode ? nodeLoc(keyNode) : loc;
          const converted =
            pair.value === null || pair.value === undefined ? { value: null, loc: keyLoc } : convert(pair.value, depth + 1, inAlias);
          setProperty(obj, key, converted.value);
          info.keys.set(key, keyLoc);
          info.values.set(key, converted.loc);
        }
        value = obj;
      } else if (isSeq(yamlNode)) {
        const arr: unknown[] = [];
        const info = register(arr, loc);
        yamlNode.items.forEach((item, index) => {
          const converted = convert(item, depth + 1, inAlias);
          arr.push(converted.value);
          info.values.set(index, converted.loc);
        });
        value = arr;
      } else if (isScalar(yamlNode)) {
        value = yamlNode.value;
        if (typeof value === 'bigint') value = Number(value);
        if (typeof value === 'number' && yamlNode.type === 'PLAIN' && yamlNode.range) {
          value = keepDigits(value, text.slice(yamlNode.range[0], yamlNode.range[1]).trim());
        }
        if (typeof value === 'string' && yamlNode.range && !inAlias) {
          stringRanges.push([yamlNode.range[0], yamlNode.range[1]]);
        }
      } else {
        value = null;
      }
      const tag = yamlNode?.tag;
      if (options.cfnTags && tag && tag.startsWith('!') && !tag.startsWith('!!')) {
        value = applyCfnTag(tag, value, loc);
      }
      return { value, loc };
    };

    if (doc.contents === null || doc.contents === undefined) return undefined;
    return convert(doc.contents, 1, false).value;
  }

  return result();

  function info(container: unknown): PositionInfo | undefined {
    return container !== null && typeof container === 'object' ? infos.get(container) : undefined;
  }

  function result(): YamlSource {
    return {
      file,
      documents,
      rootLocs,
      errors,
      warnings,
      stringRanges,
      text,
      info,
      position,
      offsetOf: (line, column) => starts[line - 1]! + column - 1,
      locOf(container, key) {
        const i = info(container);
        if (!i) return undefined;
        if (key === undefined) return i.loc;
        return i.values.get(key) ?? i.loc;
      },
      keyLocOf(container, key) {
        const i = info(container);
        return i?.keys.get(key) ?? i?.loc;
      },
    };
  }
}

/** A `.json` file, or a text whose first token is `{"` / `[` (JSON, not a YAML flow mapping with bare keys). */
function looksLikeJson(file: string, text: string): boolean {
  const start = /^\s*/.exec(text)![0].length;
  const first = text[start];
  if (first !== '{' && first !== '[') return false;
  return file.toLowerCase().endsWith('.json') || /^\{\s*("|\})/.test(text.slice(start, start + 64));
}

/** `\s` at an offset, without a regex for ASCII. */
function isSpaceAt(text: string, index: number): boolean {
  const c = text.charCodeAt(index);
  if (c < 0x80) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  return /\s/.test(text[index]!);
}

/** Parse errors kept per file: the first ones explain the problem, the rest are echoes. */
const MAX_ERRORS = 5;

/**
 * Offset of the first flow bracket nested deeper than `maxDepth` (outside quotes and comments),
 * or -1. Guards the YAML library's recursive composer against stack exhaustion.
 */
function flowNestingOffset(text: string, maxDepth: number): number {
  let depth = 0;
  // Jumps between the characters that matter instead of visiting every character.
  const interesting = /[[\]{}"'#]/g;
  for (let match = interesting.exec(text); match !== null; match = interesting.exec(text)) {
    const i = match.index;
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return i;
    } else if (c === 0x5d || c === 0x7d) {
      if (depth > 0) depth--;
    } else if (c === 0x22 || c === 0x27) {
      // Skip a quoted scalar (double quotes honour backslash escapes, single quotes double up).
      const quote = text[i]!;
      let j = i + 1;
      while (j < text.length) {
        if (quote === '"' && text[j] === '\\') j += 2;
        else if (text[j] === quote) {
          if (quote === "'" && text[j + 1] === "'") j += 2;
          else break;
        } else j++;
      }
      if (j + 1 >= text.length) break;
      interesting.lastIndex = j + 1;
    } else if (i === 0 || isSpaceAt(text, i - 1)) {
      // A comment, to the end of its line.
      const end = text.indexOf('\n', i);
      if (end === -1) break;
      interesting.lastIndex = end + 1;
    }
  }
  return -1;
}

/** Builders set input-derived keys with the readers' own setter. */
export { setProperty };

export const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

/** Own property (never inherited, e.g. `constructor`). */
export function getOwn(obj: unknown, key: string): unknown {
  return isPlainObject(obj) && Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
}

export function hasOwn(obj: unknown, key: string): boolean {
  return isPlainObject(obj) && Object.prototype.hasOwnProperty.call(obj, key);
}

/** Rule IDs look like HP010. */
export const isRuleId = (value: unknown): value is string => typeof value === 'string' && /^HP\d{3}$/.test(value);

/** A real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Text of a scalar (string, number, boolean), else undefined. */
export const scalarText = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;
