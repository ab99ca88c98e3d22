/**
 * Fast path of the YAML reader: builds plain values straight from the `yaml` package's lexer
 * tokens, without the Parser's token objects or the Composer's Document nodes.
 *
 * It accepts the common, valid subset of YAML found in templates and cluster specs (block and
 * flow collections, plain/quoted/block scalars, local tags, anchors without aliases, comments,
 * one document). Anything else, and anything the Composer would report as an error or warning,
 * returns `undefined` so the caller reads the file with the Composer instead: the results of both
 * paths are identical (test/parsers/yaml-differential.test.ts).
 *
 * Node ranges follow the Composer's: [start, value end, node end (trailing comment, newline)].
 */
import { CST, Lexer } from 'yaml';

/**
 * Receives the values and ranges produced by the fast path (see yaml-source.ts). `E` records the
 * entry positions of one collection.
 */
export interface FastSink<E> {
  /** A mapping or sequence is being read: a record for its entries. */
  open(): E;
  key(entries: E, key: string, start: number, end: number): void;
  value(entries: E, key: string | number, start: number, end: number, tag: string | undefined): void;
  /** Registers the collection with its range, once its last entry is read (tag: its local tag). */
  close(entries: E, target: object, start: number, end: number, tag: string | undefined): void;
  /** Converts a resolved scalar to the value kept (numbers that would lose digits stay text). */
  plainNumber(value: number, source: string): unknown;
  /** Applies a local tag to a converted value (CloudFormation short forms); [start, end) is the node's range. */
  applyTag(tag: string, value: unknown, start: number, end: number): unknown;
}

export interface FastDocument {
  value: unknown;
  /** Range of the root node (not tag-aware, as the Composer path). */
  start: number;
  end: number;
}

export interface FastResult {
  document: FastDocument;
  /** Offsets [start, end) of string scalars, in document order. */
  stringRanges: [number, number][];
}

// Token kinds.
const NEWLINE = 1;
const SPACE = 2;
const COMMENT = 3;
const SEQ_ITEM = 4;
const MAP_VALUE = 5;
const FLOW_MAP_START = 6;
const FLOW_MAP_END = 7;
const FLOW_SEQ_START = 8;
const FLOW_SEQ_END = 9;
const COMMA = 10;
const ANCHOR = 11;
const TAG = 12;
const PLAIN = 13;
const SINGLE_QUOTED = 14;
const DOUBLE_QUOTED = 15;
const BLOCK_HEADER = 16;
const BLOCK_BODY = 17;
const DOC_START = 18;
const END = 19;

/** Thrown to leave the fast path; the caller then uses the Composer. */
class Unsupported extends Error {}
const UNSUPPORTED = new Unsupported('unsupported by the fast YAML path');

interface NodeResult {
  value: unknown;
  start: number;
  /** End of the value (the Composer's range[1]). */
  end: number;
  /** End including trailing comment/newline (the Composer's range[2]). */
  nodeEnd: number;
  tag: string | undefined;
}

/**
 * Reads a single-document YAML text. Returns undefined when the text is outside the supported
 * subset (the caller falls back to the Composer).
 */
export function readYamlFast<E>(text: string, options: { cfnTags: boolean; maxDepth: number }, sink: FastSink<E>): FastResult | undefined {
  try {
    return new FastReader(text, options, sink).read();
  } catch (error) {
    if (error instanceof Unsupported || error instanceof RangeError) return undefined;
    throw error;
  }
}

class FastReader<E> {
  // Tokens, in typed arrays (no garbage-collector scanning); their text is sliced when needed.
  private kinds = new Uint8Array(0);
  private offsets = new Int32Array(0);
  /** Column of each token (0-based). */
  private cols = new Int32Array(0);
  /** Indexes of scalar tokens that span lines. */
  private readonly multiLine = new Set<number>();
  private p = 0;
  private readonly stringRanges: [number, number][] = [];

  constructor(
    private readonly text: string,
    private readonly options: { cfnTags: boolean; maxDepth: number },
    private readonly sink: FastSink<E>,
  ) {}

  read(): FastResult | undefined {
    this.tokenize();
    this.skipTrivia();
    if (this.kinds[this.p] === DOC_START) {
      // `---` alone on its line (a comment may follow).
      this.p++;
      this.skipSpaces();
      const k = this.kinds[this.p];
      if (k !== NEWLINE && k !== COMMENT && k !== END) throw UNSUPPORTED;
      this.skipTrivia();
    }
    if (this.kinds[this.p] === END || this.kinds[this.p] === DOC_START) throw UNSUPPORTED;
    const root = this.node(-1, 1, true, true);
    this.skipTrivia();
    if (this.kinds[this.p] !== END) throw UNSUPPORTED;
    return { document: { value: root.value, start: root.start, end: root.end }, stringRanges: this.stringRanges };
  }

  private tokenize(): void {
    // A carriage return outside CRLF is a line break to some readers and text to others.
    if (this.text.includes('\r') && /\r(?!\n)/.test(this.text)) throw UNSUPPORTED;
    const { multiLine, text } = this;
    let capacity = 64 + (text.length >> 2);
    let kinds = new Uint8Array(capacity);
    let offsets = new Int32Array(capacity);
    let cols = new Int32Array(capacity);
    let count = 0;
    const hasTabs = text.includes('\t');
    let offset = 0;
    let lineStart = 0;
    /** First line break at or after `offset` (one search per line, not per token). */
    let nextBreak = text.indexOf('\n');
    if (nextBreak === -1) nextBreak = text.length;
    let scalarNext = false;
    let afterHeader = false;
    for (const source of new Lexer().lex(this.text)) {
      let kind: number;
      const c = source.charCodeAt(0);
      if (scalarNext) {
        scalarNext = false;
        kind = afterHeader ? BLOCK_BODY : PLAIN;
        afterHeader = false;
      } else if (c === 0x02)
        continue; // doc-mode: zero width
      else if (c === 0x1f) {
        scalarNext = true;
        continue;
      } else if (source === '\n' || source === '\r\n') kind = NEWLINE;
      else if (source === '') continue;
      else if (c === 0x20) {
        if (hasTabs && source.includes('\t')) throw UNSUPPORTED;
        kind = SPACE;
      } else if (c === 0x23) kind = COMMENT;
      else if (source.length === 1) {
        switch (source) {
          case '-':
            kind = SEQ_ITEM;
            break;
          case ':':
            kind = MAP_VALUE;
            break;
          case '{':
            kind = FLOW_MAP_START;
            break;
          case '}':
            kind = FLOW_MAP_END;
            break;
          case '[':
            kind = FLOW_SEQ_START;
            break;
          case ']':
            kind = FLOW_SEQ_END;
            break;
          case ',':
            kind = COMMA;
            break;
          case '|':
          case '>':
            kind = BLOCK_HEADER;
            break;
          case '"':
          case "'":
            throw UNSUPPORTED; // unterminated quote
          default:
            throw UNSUPPORTED; // `?`, `&`/`!`/`*` alone, tab, BOM, control characters
        }
      } else if (c === 0x26) kind = ANCHOR;
      else if (c === 0x21) kind = TAG;
      else if (c === 0x22) kind = DOUBLE_QUOTED;
      else if (c === 0x27) kind = SINGLE_QUOTED;
      else if (c === 0x7c || c === 0x3e) kind = BLOCK_HEADER;
      else if (source === '---') kind = DOC_START;
      else throw UNSUPPORTED; // aliases, directives, `...`, flow errors, anything unexpected
      if (kind === BLOCK_HEADER) afterHeader = true;
      else if (afterHeader && kind !== SPACE && kind !== COMMENT && kind !== NEWLINE) throw UNSUPPORTED;
      if (count + 1 >= capacity) {
        capacity *= 2;
        kinds = grow(kinds, new Uint8Array(capacity));
        offsets = grow(offsets, new Int32Array(capacity));
        cols = grow(cols, new Int32Array(capacity));
      }
      kinds[count] = kind;
      offsets[count] = offset;
      cols[count] = offset - lineStart;
      count++;
      if (kind === NEWLINE) {
        lineStart = offset + source.length;
      } else if (kind >= PLAIN && kind <= BLOCK_BODY && nextBreak < offset + source.length) {
        multiLine.add(count - 1);
        lineStart = offset + source.lastIndexOf('\n') + 1;
      }
      offset += source.length;
      if (offset > nextBreak) {
        nextBreak = text.indexOf('\n', offset);
        if (nextBreak === -1) nextBreak = text.length;
      }
    }
    if (scalarNext || afterHeader) throw UNSUPPORTED;
    kinds[count] = END;
    offsets[count] = offset;
    cols[count] = -1;
    this.kinds = kinds;
    this.offsets = offsets;
    this.cols = cols;
  }

  /** Text of token `index`. */
  private source(index: number): string {
    return this.text.slice(this.offsets[index]!, this.offsets[index + 1]!);
  }

  private skipSpaces(): void {
    while (this.kinds[this.p] === SPACE) this.p++;
  }

  /** Skips spaces, comments and newlines. Comments need white space before them. */
  private skipTrivia(): void {
    for (;;) {
      const k = this.kinds[this.p];
      if (k === SPACE || k === NEWLINE) this.p++;
      else if (k === COMMENT) {
        this.checkCommentSpace(this.p);
        this.p++;
      } else return;
    }
  }

  private checkCommentSpace(index: number): void {
    const offset = this.offsets[index]!;
    if (offset === 0) return;
    const before = this.text.charCodeAt(offset - 1);
    if (before !== 0x20 && before !== 0x0a && before !== 0x0d) throw UNSUPPORTED;
  }

  /**
   * After a value on its line: trailing spaces, a comment and one newline form its node end.
   * Anything else on the line is unsupported.
   */
  private lineEnd(): number {
    this.skipSpaces();
    let k = this.kinds[this.p];
    if (k === COMMENT) {
      this.checkCommentSpace(this.p);
      this.p++;
      k = this.kinds[this.p];
    }
    if (k === NEWLINE) {
      this.p++;
      return this.offsets[this.p]!;
    }
    if (k === END) return this.offsets[this.p]!;
    throw UNSUPPORTED;
  }

  /**
   * A node starting at the current token (after trivia).
   * @param parentIndent column of the enclosing block collection (-1 at the root)
   * @param allowCompactMap a `key: value` on this line starts a mapping (sequence items, root)
   * @param onOwnLine the node starts on a new line (a block collection may start here)
   * @param seqAtParentIndent a mapping value: its block sequence may sit at the mapping's column
   */
  private node(parentIndent: number, depth: number, allowCompactMap: boolean, onOwnLine: boolean, seqAtParentIndent = false): NodeResult {
    if (depth > this.options.maxDepth) throw UNSUPPORTED;
    let tag: string | undefined;
    let anchored = false;
    let propsAlone = false;
    let k = this.kinds[this.p];
    while (k === TAG || k === ANCHOR) {
      if (k === TAG) {
        if (tag !== undefined) throw UNSUPPORTED;
        tag = this.source(this.p);
        if (!this.options.cfnTags || !isLocalTag(tag)) throw UNSUPPORTED;
      } else {
        // One anchor; `&a:` draws a Composer warning.
        if (anchored || this.text.charCodeAt(this.offsets[this.p + 1]! - 1) === 0x3a) throw UNSUPPORTED;
        anchored = true;
      }
      this.p++;
      const before = this.p;
      this.skipSpaces();
      k = this.kinds[this.p];
      if (k !== TAG && k !== ANCHOR && this.p === before && k !== NEWLINE && k !== END && k !== COMMENT) throw UNSUPPORTED;
      if (k === NEWLINE || k === COMMENT) {
        // Properties alone on their line: the node starts on a following line.
        this.skipTrivia();
        k = this.kinds[this.p];
        const col = this.cols[this.p]!;
        const seqHere = seqAtParentIndent && k === SEQ_ITEM && col === parentIndent;
        if (k === END || (col <= parentIndent && !seqHere)) throw UNSUPPORTED; // empty tagged node
        // Only a block collection is taken below properties alone on their line.
        if (k !== SEQ_ITEM && !((k === PLAIN || k === SINGLE_QUOTED || k === DOUBLE_QUOTED) && this.isImplicitKey())) {
          throw UNSUPPORTED;
        }
        onOwnLine = true;
        allowCompactMap = true;
        propsAlone = true;
      }
    }
    const col = this.cols[this.p]!;
    let result: NodeResult;
    switch (k) {
      case SEQ_ITEM:
        if (!onOwnLine && !allowCompactMap) throw UNSUPPORTED;
        if ((tag !== undefined || anchored) && !propsAlone) throw UNSUPPORTED; // `!Tag - item`
        result = this.blockSeq(col, depth, tag);
        break;
      case FLOW_SEQ_START:
      case FLOW_MAP_START: {
        const flow = this.flow(depth, tag);
        this.skipSpaces();
        if (this.kinds[this.p] === MAP_VALUE) throw UNSUPPORTED; // flow collection as a key
        result = { value: flow.value, start: flow.start, end: flow.end, nodeEnd: this.lineEnd(), tag: undefined };
        break;
      }
      case PLAIN:
      case SINGLE_QUOTED:
      case DOUBLE_QUOTED: {
        if (this.isImplicitKey()) {
          if (!allowCompactMap && !onOwnLine) throw UNSUPPORTED;
          // Properties on the key's line belong to the key (unsupported); alone on their line, to the mapping.
          if ((tag !== undefined || anchored) && !propsAlone) throw UNSUPPORTED;
          result = this.blockMap(col, depth, tag);
        } else {
          const scalar = this.scalar(tag !== undefined);
          result = { value: scalar.value, start: scalar.start, end: scalar.end, nodeEnd: this.lineEnd(), tag: undefined };
        }
        break;
      }
      case BLOCK_HEADER:
        result = this.blockScalar(parentIndent);
        break;
      default:
        throw UNSUPPORTED;
    }
    if (tag !== undefined) {
      result.value = this.sink.applyTag(tag, result.value, result.start, result.end);
      result.tag = tag;
    }
    return result;
  }

  /**
   * Comment lines at or inside a collection's column after its last entry: the Composer extends
   * that entry's or the collection's end over them by its token grouping; not taken.
   */
  private checkTrailingComments(from: number, indent: number): void {
    for (let i = from; i < this.p; i++) if (this.kinds[i] === COMMENT && this.cols[i]! >= indent) throw UNSUPPORTED;
  }

  /** Whether the scalar at the current token is followed by `:` on the same line. */
  private isImplicitKey(): boolean {
    let i = this.p + 1;
    while (this.kinds[i] === SPACE) i++;
    return this.kinds[i] === MAP_VALUE;
  }

  /** A flow or quoted/plain scalar token at the current position. */
  private scalar(tagged: boolean): { value: unknown; start: number; end: number } {
    const kind = this.kinds[this.p]!;
    const source = this.source(this.p);
    const start = this.offsets[this.p]!;
    const lines = this.multiLine.has(this.p);
    this.p++;
    const end = this.offsets[this.p]!;
    let text: string;
    if (kind === PLAIN) {
      const c = source.charCodeAt(0);
      // `,` `%` `|` `>` `@` backtick and tab cannot start a plain scalar (the Composer reports them).
      if (c === 0x2c || c === 0x25 || c === 0x7c || c === 0x3e || c === 0x40 || c === 0x60 || c === 0x09) throw UNSUPPORTED;
      text = lines ? this.resolve('scalar', start, source) : source;
      if (!tagged) {
        const value = resolvePlain(text);
        if (typeof value === 'number') {
          const kept = this.sink.plainNumber(value, source.trim());
          if (typeof kept === 'string') this.stringRanges.push([start, end]);
          return { value: kept, start, end };
        }
        if (typeof value !== 'string') return { value, start, end };
      }
    } else if (kind === SINGLE_QUOTED) {
      if (source.length < 2 || source.charCodeAt(source.length - 1) !== 0x27) throw UNSUPPORTED;
      text = lines ? this.resolve('single-quoted-scalar', start, source) : source.slice(1, -1).replaceAll("''", "'");
    } else {
      if (source.length < 2 || source.charCodeAt(source.length - 1) !== 0x22) throw UNSUPPORTED;
      text = lines || source.includes('\\') ? this.resolve('double-quoted-scalar', start, source) : source.slice(1, -1);
    }
    this.stringRanges.push([start, end]);
    return { value: text, start, end };
  }

  private resolve(type: 'scalar' | 'single-quoted-scalar' | 'double-quoted-scalar', offset: number, source: string): string {
    const resolved = CST.resolveAsScalar({ type, offset, indent: 0, source } as CST.FlowScalar, true, () => {
      throw UNSUPPORTED;
    });
    if (!resolved) throw UNSUPPORTED;
    return resolved.value;
  }

  /** `|` or `>` block scalar: header token, its line, then the body token. */
  private blockScalar(parentIndent: number): NodeResult {
    const start = this.offsets[this.p]!;
    const header = this.source(this.p);
    const headerTokens: CST.SourceToken[] = [{ type: 'block-scalar-header', offset: start, indent: 0, source: header }];
    this.p++;
    for (;;) {
      const k = this.kinds[this.p];
      const token = { offset: this.offsets[this.p]!, indent: 0, source: this.source(this.p) };
      if (k === SPACE) headerTokens.push({ type: 'space', ...token });
      else if (k === COMMENT) {
        this.checkCommentSpace(this.p);
        headerTokens.push({ type: 'comment', ...token });
      } else if (k === NEWLINE) headerTokens.push({ type: 'newline', ...token });
      else break;
      this.p++;
      if (k === NEWLINE) break;
    }
    if (this.kinds[this.p] !== BLOCK_BODY) throw UNSUPPORTED;
    const source = this.source(this.p);
    this.p++;
    const token: CST.BlockScalar = {
      type: 'block-scalar',
      offset: start,
      indent: Math.max(parentIndent, 0),
      props: headerTokens,
      source,
    };
    const resolved = CST.resolveAsScalar(token, true, () => {
      throw UNSUPPORTED;
    });
    if (!resolved) throw UNSUPPORTED;
    const end = resolved.range[1];
    this.stringRanges.push([start, end]);
    return { value: resolved.value, start, end, nodeEnd: end, tag: undefined };
  }

  /** Block mapping whose keys sit at column `indent`; the current token is its first key. */
  private blockMap(indent: number, depth: number, tag: string | undefined): NodeResult {
    const obj: Record<string, unknown> = {};
    const start = this.offsets[this.p]!;
    const entries = this.sink.open();
    let end = start;
    for (;;) {
      const k = this.kinds[this.p]!;
      if (k !== PLAIN && k !== SINGLE_QUOTED && k !== DOUBLE_QUOTED) throw UNSUPPORTED;
      if (this.multiLine.has(this.p)) throw UNSUPPORTED;
      const keyStart = this.offsets[this.p]!;
      const keyScalar = this.scalarKey();
      const key = keyScalar.key;
      this.skipSpaces();
      if (this.kinds[this.p] !== MAP_VALUE) throw UNSUPPORTED;
      const colonOffset = this.offsets[this.p]!;
      if (colonOffset - keyStart > 1024) throw UNSUPPORTED;
      this.p++;
      if (Object.prototype.hasOwnProperty.call(obj, key)) throw UNSUPPORTED; // duplicate (or same text)
      const value = this.value(indent, depth + 1, false, colonOffset + 1);
      setProperty(obj, key, value.value);
      this.sink.key(entries, key, keyStart, keyScalar.end);
      this.sink.value(entries, key, value.start, value.end, value.tag);
      end = value.nodeEnd;
      // Next entry, or the end of the mapping.
      const trivia = this.p;
      this.skipTrivia();
      const next = this.kinds[this.p]!;
      const col = this.cols[this.p]!;
      if (next === END || col < indent) {
        this.checkTrailingComments(trivia, indent);
        this.p = trivia; // enclosing collections check the same lines
        break;
      }
      if (col > indent || next === DOC_START) throw UNSUPPORTED;
    }
    this.sink.close(entries, obj, start, end, tag);
    return { value: obj, start, end, nodeEnd: end, tag: undefined };
  }

  /** Key text as the Composer path keeps it: String(core value), null as ''. */
  private scalarKey(): { key: string; end: number } {
    const kind = this.kinds[this.p]!;
    const source = this.source(this.p);
    const start = this.offsets[this.p]!;
    if (kind !== PLAIN) {
      const pushed = this.stringRanges.length;
      const scalar = this.scalar(false);
      this.stringRanges.length = pushed; // only values are recorded, as in the Composer path
      return { key: scalar.value as string, end: scalar.end };
    }
    const c = source.charCodeAt(0);
    if (c === 0x2c || c === 0x25 || c === 0x7c || c === 0x3e || c === 0x40 || c === 0x60 || c === 0x09) throw UNSUPPORTED;
    this.p++;
    const value = resolvePlain(source);
    return { key: value === null ? '' : String(value), end: start + source.length };
  }

  /**
   * The value after a `:` or `-` indicator: on the same line, on following lines (indented more
   * than `indent`, or a sequence at `indent` for mapping values), or empty (null).
   */
  private value(indent: number, depth: number, inSeq: boolean, afterIndicator: number): NodeResult {
    this.skipSpaces();
    let k = this.kinds[this.p];
    if (k !== NEWLINE && k !== COMMENT && k !== END) {
      if (this.offsets[this.p] === afterIndicator) throw UNSUPPORTED; // `key:value` without space
      return this.node(indent, depth, inSeq, false, !inSeq);
    }
    const sepStart = this.p;
    this.skipTrivia();
    k = this.kinds[this.p];
    const col = this.cols[this.p]!;
    if (k !== END && (col > indent || (!inSeq && k === SEQ_ITEM && col === indent)) && k !== DOC_START) {
      return this.node(inSeq ? indent : k === SEQ_ITEM && col === indent ? indent - 1 : indent, depth, true, true);
    }
    // Empty mapping value (null), placed after the indicator and its spaces. With comments before the
    // next entry, or in a sequence, the Composer's node end depends on its token grouping: not taken.
    if (inSeq || depth > this.options.maxDepth) throw UNSUPPORTED;
    for (let i = sepStart; i < this.p; i++) if (this.kinds[i] === COMMENT) throw UNSUPPORTED;
    const offset = this.offsets[sepStart]!;
    return { value: null, start: offset, end: offset, nodeEnd: offset, tag: undefined };
  }

  /** Block sequence whose `-` indicators sit at column `indent`. */
  private blockSeq(indent: number, depth: number, tag: string | undefined): NodeResult {
    const arr: unknown[] = [];
    const start = this.offsets[this.p]!;
    const entries = this.sink.open();
    let end = start;
    for (;;) {
      if (this.kinds[this.p] !== SEQ_ITEM) throw UNSUPPORTED;
      const dash = this.offsets[this.p]!;
      this.p++;
      const item = this.value(indent, depth + 1, true, dash + 1);
      this.sink.value(entries, arr.length, item.start, item.end, item.tag);
      arr.push(item.value);
      end = item.nodeEnd;
      const trivia = this.p;
      this.skipTrivia();
      const next = this.kinds[this.p]!;
      const col = this.cols[this.p]!;
      if (next === END || col < indent || (col === indent && next !== SEQ_ITEM && next !== DOC_START)) {
        // (A mapping key at the sequence's column ends a sequence that is a mapping value.)
        this.checkTrailingComments(trivia, indent);
        this.p = trivia; // enclosing collections check the same lines
        break;
      }
      if (col > indent || next !== SEQ_ITEM) throw UNSUPPORTED;
    }
    this.sink.close(entries, arr, start, end, tag);
    return { value: arr, start, end, nodeEnd: end, tag: undefined };
  }

  /** `[...]` or `{...}`; returns after the closing bracket. */
  private flow(depth: number, tag: string | undefined): { value: unknown; start: number; end: number } {
    if (depth > this.options.maxDepth) throw UNSUPPORTED;
    const isMap = this.kinds[this.p] === FLOW_MAP_START;
    const close = isMap ? FLOW_MAP_END : FLOW_SEQ_END;
    const start = this.offsets[this.p]!;
    this.p++;
    const target: Record<string, unknown> | unknown[] = isMap ? {} : [];
    const entries = this.sink.open();
    this.skipTrivia();
    let first = true;
    for (;;) {
      if (this.kinds[this.p] === close) break;
      if (!first) {
        if (this.kinds[this.p] !== COMMA) throw UNSUPPORTED;
        this.p++;
        this.skipTrivia();
        if (this.kinds[this.p] === close) break; // trailing comma
      }
      first = false;
      if (isMap) {
        const k = this.kinds[this.p];
        if (k !== PLAIN && k !== SINGLE_QUOTED && k !== DOUBLE_QUOTED) throw UNSUPPORTED;
        if (this.multiLine.has(this.p)) throw UNSUPPORTED;
        const keyStart = this.offsets[this.p]!;
        const { key, end: keyEnd } = this.scalarKey();
        this.skipTrivia();
        if (this.kinds[this.p] !== MAP_VALUE) throw UNSUPPORTED;
        this.p++;
        this.skipTrivia();
        const k2 = this.kinds[this.p];
        if (k2 === COMMA || k2 === close) throw UNSUPPORTED; // empty value
        const item = this.flowItem(depth + 1);
        if (Object.prototype.hasOwnProperty.call(target, key)) throw UNSUPPORTED;
        setProperty(target as Record<string, unknown>, key, item.value);
        this.sink.key(entries, key, keyStart, keyEnd);
        this.sink.value(entries, key, item.start, item.end, item.tag);
      } else {
        const item = this.flowItem(depth + 1);
        this.sink.value(entries, (target as unknown[]).length, item.start, item.end, item.tag);
        (target as unknown[]).push(item.value);
      }
      this.skipTrivia();
    }
    this.p++;
    const end = this.offsets[this.p - 1]! + 1;
    this.sink.close(entries, target, start, end, tag);
    return { value: target, start, end };
  }

  /** A value inside a flow collection. */
  private flowItem(depth: number): { value: unknown; start: number; end: number; tag: string | undefined } {
    if (depth > this.options.maxDepth) throw UNSUPPORTED;
    let tag: string | undefined;
    let k = this.kinds[this.p];
    if (k === TAG || k === ANCHOR) {
      if (k === ANCHOR) throw UNSUPPORTED;
      tag = this.source(this.p);
      if (!this.options.cfnTags || !isLocalTag(tag)) throw UNSUPPORTED;
      this.p++;
      if (this.kinds[this.p] !== SPACE) throw UNSUPPORTED;
      this.skipSpaces();
      k = this.kinds[this.p];
    }
    let item: { value: unknown; start: number; end: number };
    if (k === FLOW_MAP_START || k === FLOW_SEQ_START) item = this.flow(depth, tag);
    else if (k === PLAIN || k === SINGLE_QUOTED || k === DOUBLE_QUOTED) {
      item = this.scalar(tag !== undefined);
    } else throw UNSUPPORTED;
    // An implicit pair (`[a: b]`) is a mapping in the Composer.
    let i = this.p;
    while (this.kinds[i] === SPACE) i++;
    if (this.kinds[i] === MAP_VALUE) throw UNSUPPORTED;
    if (tag !== undefined) {
      const value = this.sink.applyTag(tag, item.value, item.start, item.end);
      return { value, start: item.start, end: item.end, tag };
    }
    return { value: item.value, start: item.start, end: item.end, tag: undefined };
  }
}

/** Copies `from` into the larger `to`. */
function grow<T extends Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** `!Name`: a local tag (not `!!int`, `!<verbatim>`, `!handle!suffix` or the bare `!`). */
function isLocalTag(tag: string): boolean {
  if (tag.length < 2) return false;
  const c = tag.charCodeAt(1);
  if (c === 0x21 || c === 0x3c) return false;
  return tag.indexOf('!', 1) === -1;
}

/** Sets an own property; a `__proto__` key is data, never the prototype. */
export function setProperty(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

/**
 * YAML 1.2 core schema resolution of an untagged plain scalar, as the `yaml` package does it
 * (null, bool, 0o octal, decimal, 0x hex, .inf/.nan, exponent and decimal floats; else a string).
 */
export function resolvePlain(text: string): unknown {
  const c = text.charCodeAt(0);
  // Fast exit: only these first characters can start a non-string.
  if (
    text.length !== 0 &&
    !(c >= 0x30 && c <= 0x39) &&
    c !== 0x2d && // -
    c !== 0x2b && // +
    c !== 0x2e && // .
    c !== 0x7e && // ~
    c !== 0x6e && // n
    c !== 0x4e && // N
    c !== 0x74 && // t
    c !== 0x54 && // T
    c !== 0x66 && // f
    c !== 0x46 // F
  ) {
    return text;
  }
  switch (text) {
    case '':
    case '~':
    case 'null':
    case 'Null':
    case 'NULL':
      return null;
    case 'true':
    case 'True':
    case 'TRUE':
      return true;
    case 'false':
    case 'False':
    case 'FALSE':
      return false;
    case '.inf':
    case '.Inf':
    case '.INF':
    case '+.inf':
    case '+.Inf':
    case '+.INF':
      return Number.POSITIVE_INFINITY;
    case '-.inf':
    case '-.Inf':
    case '-.INF':
      return Number.NEGATIVE_INFINITY;
    case '.nan':
    case '.NaN':
    case '.NAN':
      return Number.NaN;
  }
  // Past the words above, only a digit, sign or dot can start a number.
  if (c !== 0x2d && c !== 0x2b && c !== 0x2e && !(c >= 0x30 && c <= 0x39)) return text;
  if (/^0o[0-7]+$/.test(text)) return parseInt(text.substring(2), 8);
  if (/^[-+]?[0-9]+$/.test(text)) return parseInt(text, 10);
  if (/^0x[0-9a-fA-F]+$/.test(text)) return parseInt(text.substring(2), 16);
  if (FLOAT_EXP.test(text) || FLOAT.test(text)) return parseFloat(text);
  return text;
}
