// Property tests over the Terraform (HCL) reader: it never throws, every position it reports is
// inside the file, and any expression, however odd, evaluates to a value or to Unknown with a
// reason, never to an error.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addFileToModule, emptyModuleConfig, Evaluation, type ModuleConfig } from '../../src/parsers/hcl/evaluate.js';
import { KNOWN_FUNCTIONS } from '../../src/parsers/hcl/functions.js';
import { readTerraformSources } from '../../src/parsers/hcl/index.js';
import { loadHclParser, parseHcl, type Block, type Body, type Expr, type Range } from '../../src/parsers/hcl/syntax.js';
import { Unknown } from '../../src/parsers/hcl/values.js';

const seeds = [
  'fixtures/terraform-source/parity/slurm/modules/cluster/main.tf',
  'fixtures/terraform-source/parity/slurm/modules/network/main.tf',
  'fixtures/terraform-source/parity/slurm/modules/network/security/main.tf',
  'fixtures/terraform-source/hostile/main.tf',
].map((f) => readFileSync(f, 'utf8'));

/** Mutations that keep much of the structure: delete, duplicate or replace a slice, insert noise. */
const mutated = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(
      fc.tuple(
        fc.nat(),
        fc.nat(40),
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 12 }),
          fc.constantFrom('{', '}', '"', '${', '%{', '<<EOT\n', '\n', '[', '(', '#', '/*'),
        ),
      ),
      { maxLength: 6 },
    ),
  )
  .map(([seed, edits]) => {
    let text = seed;
    for (const [at, len, insert] of edits) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + insert + text.slice(i + len);
    }
    return text;
  });

const lineCount = (text: string): number => text.split('\n').length;
const inside = (r: { line: number; column: number; endLine?: number }, lines: number): boolean =>
  Number.isInteger(r.line) &&
  r.line >= 1 &&
  r.line <= lines &&
  r.column >= 1 &&
  (r.endLine === undefined || r.endLine >= r.line) &&
  (r.endLine ?? r.line) <= lines;

function ranges(body: Body, out: Range[], depth = 0): void {
  if (depth > 64) return;
  for (const attr of body.attributes) {
    out.push(attr.range);
    exprRanges(attr.expr, out, 0);
  }
  for (const block of body.blocks as Block[]) {
    out.push(block.range, block.headerRange);
    ranges(block.body, out, depth + 1);
  }
}
function exprRanges(expr: Expr, out: Range[], depth: number): void {
  if (depth > 64) return;
  out.push(expr.range);
  for (const value of Object.values(expr)) {
    const visit = (v: unknown): void => {
      if (Array.isArray(v)) v.forEach(visit);
      else if (v && typeof v === 'object' && 'kind' in v && 'range' in v) exprRanges(v as Expr, out, depth + 1);
      else if (v && typeof v === 'object' && 'value' in v && 'key' in v) {
        visit((v as { key: unknown }).key);
        visit((v as { value: unknown }).value);
      }
    };
    if (value !== expr.range) visit(value);
  }
}

describe('HCL reader: never throws, positions inside the file', () => {
  it('parsing random and mutated text: every attribute, block and expression range is inside the text', async () => {
    const parser = await loadHclParser();
    fc.assert(
      fc.property(fc.oneof(mutated, fc.string({ unit: 'binary', maxLength: 300 })), (text) => {
        const parsed = parseHcl(parser, text);
        const lines = lineCount(text);
        const all: Range[] = [];
        ranges(parsed.body, all);
        for (const p of parsed.problems) all.push(p.range);
        for (const r of all) expect(inside(r, lines), JSON.stringify(r)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('reading a module of mutated files: no throw; errors, entities and unverified entries name a scanned file and a line in it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.tuple(mutated, mutated), async ([a, b]) => {
        const files = [
          { file: 'main.tf', text: a },
          { file: 'modules/network/main.tf', text: b },
        ];
        const linesOf = new Map(files.map((f) => [f.file, lineCount(f.text)]));
        const result = await readTerraformSources(files, { region: 'us-west-2', budget: 50_000 });
        for (const e of result.errors) expect(inside(e, linesOf.get(e.file)!), JSON.stringify(e)).toBe(true);
        for (const h of result.hidden) expect(inside(h.loc, linesOf.get(h.loc.file)!)).toBe(true);
        for (const parsed of result.parsed) {
          for (const u of parsed.unverified) {
            expect(linesOf.has(u.file), u.file).toBe(true);
            if (u.line !== undefined) expect(u.line >= 1 && u.line <= linesOf.get(u.file)!, JSON.stringify(u)).toBe(true);
          }
          for (const entity of parsed.entities) {
            expect(linesOf.has(entity.loc.file)).toBe(true);
            expect(inside(entity.loc, linesOf.get(entity.loc.file)!), JSON.stringify(entity.loc)).toBe(true);
          }
        }
      }),
      { numRuns: 120 },
    );
  });
});

// --- arbitrary expressions

const names = [...KNOWN_FUNCTIONS, 'file', 'templatefile', 'timestamp', 'nosuchfunction', 'provider::aws::arn_parse'];
const ident = fc.constantFrom('a', 'b', 'k', 'v', 'x');
const expression: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.integer({ min: -5, max: 300 }).map(String),
      fc.constantFrom('true', 'false', 'null', '"10.0.0.0/16"', '"usw2-az1"', '""', '1.5', '"a,b"', '"${1}"', '"%{ if true }y%{ endif }"'),
      fc.constantFrom(
        'var.set_list',
        'var.set_map',
        'var.set_string',
        'var.unset',
        'local.cycle',
        'aws_subnet.s.id',
        'aws_subnet.s[*].id',
        'data.aws_region.r.name',
        'data.aws_availability_zones.z.names',
        'module.m.out',
        'count.index',
        'each.key',
        'path.module',
        'terraform.workspace',
        'nosuch.thing',
      ),
    ),
    tie('e').chain((x) =>
      fc.constantFrom(
        `[${x}]`,
        `{ k = ${x} }`,
        `(${x})`,
        `!${x}`,
        `-${x}`,
        `${x}[0]`,
        `${x}.a`,
        `${x}[*]`,
        `"p-\${${x}}"`,
        `"%{ for v in ${x} }\${v}%{ endfor }"`,
      ),
    ),
    fc
      .tuple(tie('e'), tie('e'), fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '>=', '&&', '||'))
      .map(([l, r, op]) => `${l} ${op} ${r}`),
    fc.tuple(tie('e'), tie('e'), tie('e')).map(([c, t, f]) => `${c} ? ${t} : ${f}`),
    fc
      .tuple(fc.constantFrom(...names), fc.array(tie('e'), { maxLength: 3 }), fc.boolean())
      .map(([n, args, expand]) => `${n}(${args.join(', ')}${expand && args.length ? '...' : ''})`),
    fc
      .tuple(ident, tie('e'), tie('e'), fc.boolean())
      .map(([v, coll, body, obj]) =>
        obj ? `{ for ${v} in ${coll} : tostring(${v}) => ${body} }` : `[for k, ${v} in ${coll} : ${body} if ${v} != null]`,
      ),
  ),
})).e;

describe('HCL evaluator: any expression is a value or Unknown with a reason, never an error', () => {
  it('locals, resource attributes, count and for_each built from arbitrary expressions', async () => {
    const parser = await loadHclParser();
    await fc.assert(
      fc.asyncProperty(expression, expression, async (x, y) => {
        const text = `
variable "set_list" {
  default = ["a", "b"]
}
variable "set_map" {
  default = { a = 1, b = { c = "d" } }
}
variable "set_string" {
  default = "10.0.0.0/16"
}
variable "unset" {}
locals {
  x     = ${x}
  y     = ${y}
  cycle = local.cycle
}
data "aws_region" "r" {}
data "aws_availability_zones" "z" {}
resource "aws_subnet" "s" {
  count      = ${x}
  vpc_id     = ${y}
  cidr_block = ${x}
}
resource "aws_security_group" "g" {
  for_each = ${y}
  name     = each.key
  dynamic "ingress" {
    for_each = ${x}
    content {
      from_port = ${y}
    }
  }
}
`;
        const parsed = parseHcl(parser, text);
        const config = emptyModuleConfig('.');
        addFileToModule(config, 'main.tf', parsed.body);
        const evaluation = new Evaluation({
          modules: new Map<string, ModuleConfig>([['.', config]]),
          rootValues: new Map(),
          region: 'us-west-2',
          budget: 20_000,
          maxInstances: 20,
        });
        const root = evaluation.root('.');
        for (const name of ['x', 'y', 'cycle']) {
          const v = root.local(name);
          if (v instanceof Unknown) expect(v.reason.length).toBeGreaterThan(0);
        }
        // The whole configuration, through the model builders: no throw, no syntax error from valid text.
        const result = await readTerraformSources([{ file: 'main.tf', text }], { region: 'us-west-2', budget: 20_000, maxInstances: 20 });
        expect(result.errors.filter((e) => !e.message.includes('syntax error'))).toEqual([]);
        for (const p of result.parsed) for (const u of p.unverified) expect(u.reason.length).toBeGreaterThan(0);
      }),
      { numRuns: 150 },
    );
  }, 120_000);
});
