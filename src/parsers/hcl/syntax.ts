/**
 * HCL native syntax → a small syntax tree with positions, read with tree-sitter
 * (`web-tree-sitter` + the `@tree-sitter-grammars/tree-sitter-hcl` Terraform grammar, both WebAssembly).
 * Why this parser: docs/terraform.md ("How .tf files are read"). Every attribute, block and
 * expression keeps its range (1-based line and column, UTF-16 columns, end exclusive).
 *
 * Only this module touches tree-sitter. The grammar recovers from syntax errors; each error node
 * becomes a SyntaxProblem and the rest of the file is still read.
 */
import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type * as TreeSitter from 'web-tree-sitter';
import type { Node as TsNode, Parser as TsParser } from 'web-tree-sitter';

type TreeSitterModule = typeof TreeSitter;

export interface Range {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export type TraversalStep = { kind: 'attr'; name: string } | { kind: 'index'; key: Expr } | { kind: 'splat'; full: boolean };

/** Literal text, an interpolation, or a `%{if}` / `%{for}` directive (HCL template syntax). */
export type TemplatePart =
  | string
  | Expr
  | { kind: 'directive-if'; test: Expr; then: TemplatePart[]; otherwise: TemplatePart[]; range: Range }
  | { kind: 'directive-for'; keyVar?: string; valueVar: string; collection: Expr; body: TemplatePart[]; range: Range }
  | { kind: 'directive'; range: Range };

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null; range: Range }
  | { kind: 'template'; parts: TemplatePart[]; heredocStrip: boolean; range: Range }
  | { kind: 'variable'; name: string; range: Range }
  | { kind: 'traversal'; base: Expr; steps: TraversalStep[]; range: Range }
  | { kind: 'tuple'; items: Expr[]; range: Range }
  | { kind: 'object'; items: { key: Expr; value: Expr; bareKey?: string }[]; range: Range }
  | { kind: 'call'; name: string; args: Expr[]; expandLast: boolean; range: Range }
  | { kind: 'conditional'; test: Expr; then: Expr; otherwise: Expr; range: Range }
  | { kind: 'binary'; op: string; left: Expr; right: Expr; range: Range }
  | { kind: 'unary'; op: string; operand: Expr; range: Range }
  | {
      kind: 'for';
      keyVar?: string;
      valueVar: string;
      collection: Expr;
      keyExpr?: Expr;
      valueExpr: Expr;
      condition?: Expr;
      grouping: boolean;
      range: Range;
    }
  | { kind: 'invalid'; reason: string; range: Range };

export interface Attribute {
  name: string;
  expr: Expr;
  range: Range;
}

export interface Block {
  type: string;
  labels: string[];
  body: Body;
  /** The whole block, header to closing brace. */
  range: Range;
  /** The header (`resource "aws_vpc" "main" {`). */
  headerRange: Range;
}

export interface Body {
  attributes: Attribute[];
  blocks: Block[];
}

export interface SyntaxProblem {
  message: string;
  range: Range;
}

export interface HclFile {
  body: Body;
  problems: SyntaxProblem[];
}

// ---------------------------------------------------------------------------------------------
// Loading (once per process; only when .tf files are scanned)

let parserPromise: Promise<TsParser> | undefined;

/** A file in the folder of this module (the bundle's folder, dist/, once built). A parameter, so the bundler leaves it alone. */
const besideBundle = (fileName: string): string => path.join(path.dirname(fileURLToPath(import.meta.url)), fileName);

/** The wasm file beside the bundle (dist/), else from node_modules (tests, source runs). */
function wasmBytes(fileName: string, packagePath: string): Uint8Array {
  const beside = besideBundle(fileName);
  if (existsSync(beside)) return readFileSync(beside);
  return readFileSync(createRequire(import.meta.url).resolve(packagePath));
}

/**
 * web-tree-sitter is not bundled (webpack breaks its Node loader): the build copies its ESM file
 * and wasm beside the bundle, and source runs import the package.
 */
async function importTreeSitter(): Promise<TreeSitterModule> {
  const beside = besideBundle('web-tree-sitter.js');
  if (existsSync(beside)) return (await import(/* webpackIgnore: true */ pathToFileURL(beside).href)) as TreeSitterModule;
  const name = 'web-tree-sitter';
  return (await import(/* webpackIgnore: true */ name)) as TreeSitterModule;
}

export function loadHclParser(): Promise<TsParser> {
  parserPromise ??= (async () => {
    const { Parser, Language } = await importTreeSitter();
    await Parser.init(); // finds web-tree-sitter.wasm beside its own file
    const language = await Language.load(
      wasmBytes('tree-sitter-terraform.wasm', '@tree-sitter-grammars/tree-sitter-hcl/tree-sitter-terraform.wasm'),
    );
    const parser = new Parser();
    parser.setLanguage(language);
    return parser;
  })();
  return parserPromise;
}

// ---------------------------------------------------------------------------------------------
// Conversion

const MAX_DEPTH = 200;

export function rangeOf(node: TsNode): Range {
  return {
    line: node.startPosition.row + 1,
    column: node.startPosition.column + 1,
    endLine: node.endPosition.row + 1,
    endColumn: node.endPosition.column + 1,
  };
}

const named = (node: TsNode): TsNode[] => node.namedChildren.filter((c): c is TsNode => c !== null && c.type !== 'comment');

/** Decodes the escapes of a quoted-template literal (HCL spec: \n \r \t \" \\ \uNNNN \UNNNNNNNN). */
function unescapeQuoted(text: string): string {
  return text
    .replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[nrt"\\])/g, (_, e: string) => {
      if (e === 'n') return '\n';
      if (e === 'r') return '\r';
      if (e === 't') return '\t';
      if (e === '"' || e === '\\') return e;
      const code = parseInt(e.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : '';
    })
    .replace(/\$\$\{/g, '${')
    .replace(/%%\{/g, '%{');
}

class Converter {
  readonly problems: SyntaxProblem[] = [];
  private readonly text: string;
  private depth = 0;

  constructor(text: string) {
    this.text = text;
  }

  invalid(node: TsNode, reason: string): Expr {
    return { kind: 'invalid', reason, range: rangeOf(node) };
  }

  body(node: TsNode): Body {
    const body: Body = { attributes: [], blocks: [] };
    for (const child of named(node)) {
      if (child.type === 'attribute') {
        const [id, value] = named(child);
        if (id?.type !== 'identifier' || !value) continue;
        body.attributes.push({ name: id.text, expr: this.expr(value), range: rangeOf(child) });
      } else if (child.type === 'block') {
        const parts = named(child);
        const type = parts[0]?.type === 'identifier' ? parts[0].text : undefined;
        if (!type) continue;
        const labels: string[] = [];
        let inner: TsNode | undefined;
        let open: TsNode | undefined;
        for (const part of parts.slice(1)) {
          if (part.type === 'identifier') labels.push(part.text);
          else if (part.type === 'string_lit')
            labels.push(unescapeQuoted(named(part).find((p) => p.type === 'template_literal')?.text ?? ''));
          else if (part.type === 'block_start') open = part;
          else if (part.type === 'body') inner = part;
        }
        const range = rangeOf(child);
        const openRange = open ? rangeOf(open) : range;
        body.blocks.push({
          type,
          labels,
          body: inner ? this.body(inner) : { attributes: [], blocks: [] },
          range,
          headerRange: { line: range.line, column: range.column, endLine: openRange.endLine, endColumn: openRange.endColumn },
        });
      }
    }
    return body;
  }

  expr(node: TsNode): Expr {
    if (++this.depth > MAX_DEPTH) {
      this.depth--;
      return this.invalid(node, `expression nests deeper than ${MAX_DEPTH} levels`);
    }
    try {
      return this.exprInner(node);
    } finally {
      this.depth--;
    }
  }

  /** A sequence of sibling nodes: one primary then postfix get_attr / index / splat. */
  private postfix(nodes: TsNode[], whole: TsNode): Expr {
    const parenthesized = nodes.length && nodes[0]!.type === '(';
    const items = nodes.filter((n) => n.isNamed && n.type !== 'comment');
    if (parenthesized && items[0]?.type === 'expression' && items.length === 1) return this.expr(items[0]);
    const [first, ...rest] = items;
    if (!first) return this.invalid(whole, 'empty expression');
    let base = this.primary(first);
    if (!rest.length) return base;
    const steps: TraversalStep[] = [];
    for (const step of rest) {
      if (step.type === 'get_attr') steps.push({ kind: 'attr', name: named(step)[0]?.text ?? '' });
      else if (step.type === 'index') {
        const inner = named(step)[0];
        if (inner?.type === 'legacy_index') {
          const key = inner.text.replace(/^\./, '');
          steps.push({ kind: 'index', key: { kind: 'literal', value: /^\d+$/.test(key) ? Number(key) : key, range: rangeOf(inner) } });
        } else {
          const keyNode = inner ? named(inner)[0] : undefined;
          steps.push({ kind: 'index', key: keyNode ? this.expr(keyNode) : this.invalid(step, 'empty index') });
        }
      } else if (step.type === 'splat') {
        const splat = named(step)[0];
        steps.push({ kind: 'splat', full: splat?.type === 'full_splat' });
        for (const inner of splat ? named(splat) : []) {
          if (inner.type === 'get_attr') steps.push({ kind: 'attr', name: named(inner)[0]?.text ?? '' });
          else if (inner.type === 'index') {
            const idx = named(inner)[0];
            const keyNode = idx?.type === 'new_index' ? named(idx)[0] : undefined;
            const legacy = idx?.type === 'legacy_index' ? idx.text.replace(/^\./, '') : undefined;
            steps.push({
              kind: 'index',
              key: keyNode
                ? this.expr(keyNode)
                : {
                    kind: 'literal',
                    value: legacy !== undefined && /^\d+$/.test(legacy) ? Number(legacy) : (legacy ?? null),
                    range: rangeOf(inner),
                  },
            });
          }
        }
      } else if (step.type === 'ERROR' || step.isMissing) {
        this.problem(step);
        return this.invalid(step, 'syntax error');
      } else {
        return this.invalid(step, `unexpected ${step.type}`);
      }
    }
    base = { kind: 'traversal', base, steps, range: rangeOf(whole) };
    return base;
  }

  private exprInner(node: TsNode): Expr {
    if (node.type === 'expression')
      return this.postfix(
        node.children.filter((c): c is TsNode => c !== null),
        node,
      );
    return this.primary(node);
  }

  private problem(node: TsNode): void {
    this.problems.push({ message: node.isMissing ? `missing ${node.type}` : 'syntax error', range: rangeOf(node) });
  }

  private primary(node: TsNode): Expr {
    const range = rangeOf(node);
    switch (node.type) {
      case 'expression':
        return this.expr(node);
      case 'literal_value':
        return this.primary(named(node)[0] ?? node);
      case 'numeric_lit': {
        const value = Number(node.text);
        return Number.isFinite(value) ? { kind: 'literal', value, range } : this.invalid(node, `number ${node.text} is out of range`);
      }
      case 'bool_lit':
        return { kind: 'literal', value: node.text === 'true', range };
      case 'null_lit':
        return { kind: 'literal', value: null, range };
      case 'string_lit':
      case 'template_expr':
      case 'quoted_template':
      case 'heredoc_template':
        return this.template(node);
      case 'variable_expr':
        return { kind: 'variable', name: named(node)[0]?.text ?? '', range };
      case 'collection_value':
        return this.primary(named(node)[0] ?? node);
      case 'tuple':
        return {
          kind: 'tuple',
          items: named(node)
            .filter((n) => n.type === 'expression')
            .map((n) => this.expr(n)),
          range,
        };
      case 'object':
        return {
          kind: 'object',
          items: named(node)
            .filter((n) => n.type === 'object_elem')
            .map((elem) => {
              const key = elem.childForFieldName('key');
              const value = elem.childForFieldName('val');
              const keyExpr = key ? this.expr(key) : this.invalid(elem, 'object key missing');
              const bare = key && keyExpr.kind === 'variable' && !key.text.startsWith('(') ? keyExpr.name : undefined;
              return { key: keyExpr, value: value ? this.expr(value) : this.invalid(elem, 'object value missing'), bareKey: bare };
            }),
          range,
        };
      case 'function_call': {
        const parts = named(node);
        const args = parts.find((p) => p.type === 'function_arguments');
        const argNodes = args ? named(args) : [];
        return {
          kind: 'call',
          name: parts[0]?.text ?? '',
          args: argNodes.filter((a) => a.type === 'expression').map((a) => this.expr(a)),
          expandLast: argNodes.some((a) => a.type === 'ellipsis'),
          range,
        };
      }
      case 'conditional': {
        const [test, then, otherwise] = named(node);
        if (!test || !then || !otherwise) return this.invalid(node, 'incomplete conditional');
        return { kind: 'conditional', test: this.expr(test), then: this.expr(then), otherwise: this.expr(otherwise), range };
      }
      case 'operation':
        return this.primary(named(node)[0] ?? node);
      case 'binary_operation': {
        const children = node.children.filter((c): c is TsNode => c !== null && c.type !== 'comment');
        const opIndex = this.operatorIndex(children);
        if (opIndex < 0) return this.invalid(node, 'cannot read operator');
        const left = this.postfix(children.slice(0, opIndex), node);
        const right = this.postfix(children.slice(opIndex + 1), node);
        return { kind: 'binary', op: children[opIndex]!.type, left, right, range };
      }
      case 'unary_operation': {
        const children = node.children.filter((c): c is TsNode => c !== null && c.type !== 'comment');
        return { kind: 'unary', op: children[0]!.type, operand: this.postfix(children.slice(1), node), range };
      }
      case 'for_expr':
        return this.forExpr(named(node)[0] ?? node);
      case 'ERROR':
        this.problem(node);
        return this.invalid(node, 'syntax error');
      default:
        if (node.isMissing) {
          this.problem(node);
          return this.invalid(node, 'syntax error');
        }
        return this.invalid(node, `unsupported syntax ${node.type}`);
    }
  }

  /** The operator token of a binary operation: the first unnamed child after a complete operand. */
  private operatorIndex(children: TsNode[]): number {
    let depth = 0;
    for (let i = 0; i < children.length; i++) {
      const c = children[i]!;
      if (c.type === '(') depth++;
      else if (c.type === ')') depth--;
      else if (!c.isNamed && depth === 0 && i > 0) return i;
    }
    return -1;
  }

  private forExpr(node: TsNode): Expr {
    const range = rangeOf(node);
    const parts = named(node);
    const intro = parts.find((p) => p.type === 'for_intro');
    if (!intro) return this.invalid(node, 'for expression without intro');
    const introParts = named(intro);
    const ids = introParts.filter((p) => p.type === 'identifier').map((p) => p.text);
    const collection = introParts.find((p) => p.type === 'expression');
    const exprs = parts.filter((p) => p.type === 'expression');
    const cond = parts.find((p) => p.type === 'for_cond');
    const condExpr = cond ? named(cond).find((p) => p.type === 'expression') : undefined;
    const isObject = node.type === 'for_object_expr';
    if (!collection || !ids.length || exprs.length < (isObject ? 2 : 1)) return this.invalid(node, 'incomplete for expression');
    return {
      kind: 'for',
      keyVar: ids.length > 1 ? ids[0] : undefined,
      valueVar: ids[ids.length - 1]!,
      collection: this.expr(collection),
      keyExpr: isObject ? this.expr(exprs[0]!) : undefined,
      valueExpr: this.expr(exprs[isObject ? 1 : 0]!),
      condition: condExpr ? this.expr(condExpr) : undefined,
      grouping: isObject && parts.some((p) => p.type === 'ellipsis'),
      range,
    };
  }

  /** The parts of a template between offsets `from` and `to`; literal text is sliced from the source. */
  private templateParts(
    nodes: TsNode[],
    from: number,
    to: number,
    heredoc: boolean,
    state: { trimNext: boolean },
    depth: number,
  ): TemplatePart[] {
    const parts: TemplatePart[] = [];
    const literal = (text: string): void => {
      if (!text) return;
      let decoded = heredoc ? text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{') : unescapeQuoted(text);
      if (state.trimNext) {
        decoded = decoded.replace(/^\s+/, '');
        state.trimNext = false;
      }
      if (!decoded) return;
      const last = parts[parts.length - 1];
      if (typeof last === 'string') parts[parts.length - 1] = last + decoded;
      else parts.push(decoded);
    };
    // `~` right after `%{` / `${` trims the text before; `~` right before `}` trims the text after (HCL spec).
    const strips = (marker: TsNode): { left: boolean; right: boolean } => {
      const kids = marker.children.filter((c): c is TsNode => c !== null);
      const left = kids.length > 1 && kids[1]!.type === 'strip_marker';
      const right = kids.length > 1 && kids[kids.length - 2]!.type === 'strip_marker';
      return { left, right };
    };
    const trimLast = (list: TemplatePart[]): void => {
      const last = list[list.length - 1];
      if (typeof last === 'string') {
        const trimmed = last.replace(/\s+$/, '');
        if (trimmed) list[list.length - 1] = trimmed;
        else list.pop();
      }
    };
    let cursor = from;
    for (const child of nodes) {
      if (child.startIndex < from || child.endIndex > to) continue;
      if (child.type === 'template_literal') continue; // covered by the source slice
      literal(this.text.slice(cursor, child.startIndex));
      if (child.type === 'template_interpolation') {
        const { left, right } = strips(child);
        if (left) trimLast(parts);
        const e = named(child).find((c) => c.type === 'expression');
        parts.push(e ? this.expr(e) : this.invalid(child, 'empty interpolation'));
        state.trimNext = right;
      } else if (child.type === 'template_directive') {
        const directive = named(child)[0];
        const part = directive && depth < 64 ? this.directive(directive, heredoc, state, depth + 1, parts, strips, trimLast) : undefined;
        parts.push(part ?? { kind: 'directive', range: rangeOf(child) });
      } else if (child.type === 'ERROR' || child.isMissing) {
        this.problem(child);
        parts.push(this.invalid(child, 'syntax error'));
      }
      cursor = child.endIndex;
    }
    literal(this.text.slice(cursor, Math.max(cursor, to)));
    return parts;
  }

  private directive(
    node: TsNode,
    heredoc: boolean,
    state: { trimNext: boolean },
    depth: number,
    outer: TemplatePart[],
    strips: (marker: TsNode) => { left: boolean; right: boolean },
    trimLast: (list: TemplatePart[]) => void,
  ): TemplatePart | undefined {
    const kids = named(node);
    const range = rangeOf(node);
    const markers = kids.filter((k) => /^template_(if_intro|else_intro|if_end|for_start|for_end)$/.test(k.type));
    const first = markers[0];
    const last = markers[markers.length - 1];
    if (!first || !last || markers.length < 2) return undefined;
    // Each marker may trim the text before it (in the sequence it closes) and after it.
    const section = (start: TsNode, end: TsNode): TemplatePart[] => {
      state.trimNext = strips(start).right;
      const inner = this.templateParts(kids, start.endIndex, end.startIndex, heredoc, state, depth);
      if (strips(end).left) trimLast(inner);
      return inner;
    };
    if (strips(first).left) trimLast(outer);
    let result: TemplatePart | undefined;
    if (node.type === 'template_if') {
      const test = named(first).find((c) => c.type === 'expression');
      if (!test) return undefined;
      const elseIntro = markers.find((m) => m.type === 'template_else_intro');
      const then = section(first, elseIntro ?? last);
      const otherwise = elseIntro ? section(elseIntro, last) : [];
      result = { kind: 'directive-if', test: this.expr(test), then, otherwise, range };
    } else if (node.type === 'template_for') {
      const ids = named(first)
        .filter((c) => c.type === 'identifier')
        .map((c) => c.text);
      const collection = named(first).find((c) => c.type === 'expression');
      if (!collection || !ids.length) return undefined;
      const body = section(first, last);
      result = {
        kind: 'directive-for',
        keyVar: ids.length > 1 ? ids[0] : undefined,
        valueVar: ids[ids.length - 1]!,
        collection: this.expr(collection),
        body,
        range,
      };
    }
    state.trimNext = strips(last).right;
    return result;
  }

  /** Quoted strings and heredocs. Literal text between parts is taken from the source (heredoc gaps). */
  private template(node: TsNode): Expr {
    let inner = node;
    while (inner.type === 'template_expr' && named(inner)[0]) inner = named(inner)[0]!;
    const range = rangeOf(node);
    const heredoc = inner.type === 'heredoc_template';
    const children = named(inner);
    const startMarker = children.find((c) => c.type === 'quoted_template_start' || c.type === 'heredoc_identifier');
    const endMarker = heredoc
      ? [...children].reverse().find((c) => c.type === 'heredoc_identifier' && c !== startMarker)
      : children.find((c) => c.type === 'quoted_template_end');
    let from = startMarker ? startMarker.endIndex : inner.startIndex;
    if (heredoc) {
      const nl = this.text.indexOf('\n', from);
      from = nl === -1 ? from : nl + 1;
    }
    const to = endMarker ? endMarker.startIndex : inner.endIndex;
    const state = { trimNext: false };
    const parts = this.templateParts(children, from, to, heredoc, state, 0);
    if (heredoc && typeof parts[parts.length - 1] === 'string') {
      parts[parts.length - 1] = (parts[parts.length - 1] as string).replace(/[ \t]*$/, ''); // indentation before the closing marker
      if (parts[parts.length - 1] === '') parts.pop();
    }
    const strip = heredoc && /^<<-/.test(this.text.slice(inner.startIndex, inner.startIndex + 3));
    return { kind: 'template', parts, heredocStrip: strip, range };
  }
}

/** Collects tree-sitter error nodes (once per region) as problems. */
function collectErrors(node: TsNode, out: SyntaxProblem[], budget = { left: 50 }): void {
  if (budget.left <= 0) return;
  if (node.isError || node.isMissing) {
    budget.left--;
    out.push({ message: node.isMissing ? `missing ${node.type}` : 'syntax error', range: rangeOf(node) });
    return;
  }
  if (!node.hasError) return;
  for (const child of node.children) if (child) collectErrors(child, out, budget);
}

export function parseHcl(parser: TsParser, text: string): HclFile {
  const tree = parser.parse(text);
  if (!tree)
    return {
      body: { attributes: [], blocks: [] },
      problems: [{ message: 'could not parse', range: { line: 1, column: 1, endLine: 1, endColumn: 1 } }],
    };
  try {
    const converter = new Converter(text);
    const root = tree.rootNode;
    const problems: SyntaxProblem[] = [];
    collectErrors(root, problems);
    const bodyNode = named(root).find((n) => n.type === 'body');
    const body = bodyNode ? converter.body(bodyNode) : { attributes: [], blocks: [] };
    return { body, problems };
  } finally {
    tree.delete();
  }
}
