/**
 * The fast YAML path (yaml-cst.ts) against the `yaml` Composer path: same values, same positions
 * of every key and value, same warnings, errors and string ranges. Generated documents, mutated
 * documents (which must fall back, not differ) and every YAML fixture of the repository.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseYamlSource, type YamlSource } from '../../src/parsers/yaml-source.js';
import { readYamlFast, resolvePlain, type FastSink } from '../../src/parsers/yaml-cst.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
// @ts-expect-error plain JS benchmark generator without types
import { stackTemplate } from '../../scripts/bench-inputs.mjs';
import { documentArb } from '../helpers/yaml-gen.js';

const generateStack = stackTemplate as (i: number, bytes: number) => string;

/** Everything a parse exposes, as comparable data (numbers keep -0 and NaN apart). */
function snapshot(source: YamlSource): unknown {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'number') return Object.is(value, -0) ? '-0' : Number.isNaN(value) ? 'NaN' : value;
    if (value === null || typeof value !== 'object') return value;
    const info = source.info(value);
    return {
      array: Array.isArray(value),
      info: info && { loc: info.loc, keys: [...info.keys], values: [...info.values] },
      entries: Object.entries(value).map(([key, item]) => [key, walk(item)]),
    };
  };
  return {
    documents: source.documents.map(walk),
    rootLocs: source.rootLocs,
    errors: source.errors,
    warnings: source.warnings,
    stringRanges: source.stringRanges,
  };
}

const NO_OP_SINK: FastSink<null> = {
  open: () => null,
  key() {},
  value() {},
  close() {},
  plainNumber: (value) => value,
  applyTag: (_tag, value) => value,
};

/** Whether the fast path reads this text (else the Composer does). */
const takesFastPath = (text: string, cfnTags = true) =>
  readYamlFast(text, { cfnTags, maxDepth: DEFAULT_LIMITS.maxDepth }, NO_OP_SINK) !== undefined;

function compare(text: string, cfnTags: boolean, file = 'doc.yaml', maxDepth = DEFAULT_LIMITS.maxDepth): void {
  const options = { limits: { ...DEFAULT_LIMITS, maxDepth }, cfnTags };
  const fast = snapshot(parseYamlSource(file, text, options));
  const composer = snapshot(parseYamlSource(file, text, { ...options, composerOnly: true }));
  expect(fast).toEqual(composer);
}

// ---- generated documents ----------------------------------------------------------------------

describe('fast YAML path agrees with the Composer', () => {
  it('on generated documents (values, positions, warnings, string ranges)', () => {
    let fastCount = 0;
    fc.assert(
      fc.property(documentArb, fc.boolean(), (text, cfnTags) => {
        if (takesFastPath(text, cfnTags)) fastCount++;
        compare(text, cfnTags);
      }),
      { numRuns: 1500, seed: 8 },
    );
    // Most generated documents are in the fast subset: the comparison is not vacuous.
    expect(fastCount).toBeGreaterThan(600);
  });

  it('under a small nesting limit (same documents accepted, same errors)', () => {
    fc.assert(
      fc.property(documentArb, fc.integer({ min: 1, max: 5 }), (text, maxDepth) => compare(text, true, 'doc.yaml', maxDepth)),
      { numRuns: 800, seed: 5 },
    );
    const nested = 'a:\n  b:\n    c:\n    d: [1, [2]]\n';
    for (const maxDepth of [1, 2, 3, 4, 5]) compare(nested, true, 'doc.yaml', maxDepth);
    expect(parseYamlSource('doc.yaml', 'a:\n  b:\n    c:\n', { limits: { ...DEFAULT_LIMITS, maxDepth: 3 } }).errors).toEqual([
      { file: 'doc.yaml', line: 3, column: 7, message: 'nesting deeper than 3 levels' },
    ]);
  });

  it('on mutated documents (a broken or unusual file falls back rather than differs)', () => {
    fc.assert(
      fc.property(
        documentArb,
        fc.integer({ min: 0, max: 10_000 }),
        fc.constantFrom(
          '',
          ' ',
          '  ',
          '\n',
          ':',
          '-',
          '- ',
          '#',
          '"',
          "'",
          '[',
          ']',
          '{',
          '}',
          ',',
          '\t',
          '!',
          '&x ',
          '*x',
          '? ',
          '|',
          '---\n',
          '...\n',
          '%',
          '@',
        ),
        fc.integer({ min: 0, max: 3 }),
        (text, at, insert, remove) => {
          const i = at % (text.length + 1);
          compare(text.slice(0, i) + insert + text.slice(i + remove), true);
        },
      ),
      { numRuns: 1500, seed: 12 },
    );
  });

  it('with a BOM, tabs, duplicate keys, aliases and CRLF added to generated documents', () => {
    // Each extra is a common way real files differ from the generator's clean output.
    const extras = fc.record({
      bom: fc.boolean(),
      crlf: fc.boolean(),
      tabAfterColon: fc.integer({ min: 0, max: 5 }),
      trailingTabs: fc.integer({ min: 0, max: 5 }),
      duplicateKey: fc.boolean(),
      alias: fc.constantFrom('none', 'scalar', 'flow'),
    });
    let fastCount = 0;
    let changedCount = 0;
    fc.assert(
      fc.property(documentArb, extras, fc.boolean(), (base, extra, cfnTags) => {
        let lines = base.replace(/\r\n/g, '\n').split('\n');
        // A tab instead of the space after a key's colon, on some lines ("Key:\tvalue").
        let tabs = extra.tabAfterColon;
        lines = lines.map((line) => (tabs > 0 && /^\s*[\w"'][^:#]*: \S/.test(line) && tabs-- > 0 ? line.replace(': ', ':\t') : line));
        let trailing = extra.trailingTabs;
        lines = lines.map((line, i) => (trailing > 0 && i % 2 === 0 && line.trim() && trailing-- > 0 ? `${line}\t` : line));
        const topMap = /^[\w"'~]/.test(lines.find((l) => l.trim() && !l.startsWith('#') && l !== '---') ?? '');
        if (topMap && extra.alias !== 'none') {
          const anchor = extra.alias === 'scalar' ? 'Anchored: &shared ml.p5.48xlarge' : 'Anchored: &shared [a, {b: c}]';
          lines.splice(lines[0] === '---' ? 1 : 0, 0, anchor);
          lines.splice(lines.length - 1, 0, 'Again: *shared');
        }
        if (topMap && extra.duplicateKey) lines.splice(lines.length - 1, 0, 'Dup: 1', 'Dup: 2');
        let text = lines.join(extra.crlf ? '\r\n' : '\n');
        if (extra.bom) text = `\uFEFF${text}`;
        if (text !== base) changedCount++;
        if (takesFastPath(text.replace(/^\uFEFF/, ''), cfnTags)) fastCount++;
        compare(text, cfnTags);
      }),
      { numRuns: 1000, seed: 21 },
    );
    expect(changedCount).toBeGreaterThan(700);
    // Tabs, aliases and duplicate keys send a file to the Composer; with only a BOM or CRLF added
    // the fast path still reads it, so some comparisons are of the two paths, not the Composer twice.
    expect(fastCount).toBeGreaterThan(40);
  });

  it('on every YAML fixture of the repository, with and without CloudFormation tags', () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) walk(full);
        else if (/\.ya?ml$/i.test(name)) files.push(full);
      }
    };
    walk('fixtures');
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      compare(text, true, file);
      compare(text, false, file);
    }
    // The real-world CloudFormation templates all take the fast path.
    const realWorld = files.filter((f) => f.includes(`${path.sep}real-world${path.sep}`));
    expect(realWorld.length).toBeGreaterThan(3);
    expect(realWorld.filter((f) => !takesFastPath(readFileSync(f, 'utf8')))).toEqual([]);
  });

  it('on the benchmark templates, which take the fast path', () => {
    for (let i = 0; i < 5; i++) {
      const text = generateStack(i, 20_000);
      expect(takesFastPath(text)).toBe(true);
      compare(text, true);
    }
  });

  it('on hand-picked cases: tags, empty values, sequences at the mapping column, CRLF, comments', () => {
    const cases = [
      'a:\nb: 1\n',
      'x:\n  a:\n\n  b: 1\n',
      'x:\n  a:\ny: 1\n',
      'a: # c\nb: 1\n',
      'Fn: !If\n- c\n- !Ref A\n- !Ref AWS::NoValue\nNext: 1\n',
      'Arn: !GetAtt Role.Arn\nList: !GetAtt [Role, Arn]\n',
      'K: !Ref\n',
      'Tags: !Tags\n  - a\n',
      'a: [1, 2,\n  3]\nb: {c: d,\n  e: f}\n',
      'a: [\n  1\n]\n',
      'r:\r\n  - x: 1\r\n    y: "q"\r\n  - - z\r\n',
      'Script: |\n  #!/bin/bash\n  echo hi\n\nNext: >-\n  folded\n  text\n',
      'k: &a v\nl: *a\n',
      'a: 1\na: 2\n',
      '"1": a\n1: b\n',
      'Account: 012345678901\nHex: 0x1F\nBig: 123456789012345678901\n',
      '--- # doc\na: 1\n',
      'a: 1\n---\nb: 2\n',
      '# only a comment\n',
      '',
      '[1, 2]\n',
      '!Ref X\n',
    ];
    for (const text of cases) {
      compare(text, true);
      compare(text, false);
    }
    // The fast path takes the common shapes and leaves aliases, duplicates and several documents.
    expect(cases.map((text) => takesFastPath(text))).toEqual([
      true,
      true,
      true,
      false,
      true,
      true,
      false,
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
      true,
      true,
      false,
      false,
      false,
      true,
      true,
    ]);
  });
});

describe('nesting pre-scan', () => {
  it('counts flow brackets outside quotes and comments, as before the fast path', () => {
    const limits = { ...DEFAULT_LIMITS, maxDepth: 3 };
    const firstError = (text: string) => parseYamlSource('doc.yaml', text, { limits, cfnTags: true }).errors[0];
    const tooDeep = (line: number, column: number) => ({ file: 'doc.yaml', line, column, message: 'nesting deeper than 3 levels' });
    expect(firstError('a: "[[[[[["\nb: [[[[x]]]]\n')).toEqual(tooDeep(2, 7));
    expect(firstError('# [[[[[[\na: [[[[x]]]]\n')).toEqual(tooDeep(2, 7));
    expect(firstError('a: x#[[[[[\n')).toEqual(tooDeep(1, 9)); // `#` without a space before is not a comment
    expect(firstError("a: 'it''s [[[['\nb: [[[[x]]]]\n")).toEqual(tooDeep(2, 7));
    expect(firstError('a: "esc \\" [[[["\nb: [[[[x]]]]\n')).toEqual(tooDeep(2, 7));
    expect(parseYamlSource('doc.yaml', 'a: [x] # [[[[[\n', { limits, cfnTags: true }).errors).toEqual([]);
  });
});

describe('core schema scalars', () => {
  it('resolves plain scalars as the yaml package does', () => {
    expect(resolvePlain('')).toBeNull();
    expect(resolvePlain('~')).toBeNull();
    expect(resolvePlain('NULL')).toBeNull();
    expect(resolvePlain('True')).toBe(true);
    expect(resolvePlain('yes')).toBe('yes');
    expect(resolvePlain('0o17')).toBe(15);
    expect(resolvePlain('0x1F')).toBe(31);
    expect(resolvePlain('+12')).toBe(12);
    expect(Object.is(resolvePlain('-0'), -0)).toBe(true);
    expect(resolvePlain('1e3')).toBe(1000);
    expect(resolvePlain('1.')).toBe(1);
    expect(resolvePlain('-.Inf')).toBe(Number.NEGATIVE_INFINITY);
    expect(resolvePlain('.NaN')).toBeNaN();
    expect(resolvePlain('2024-01-01')).toBe('2024-01-01');
    expect(resolvePlain('0o8')).toBe('0o8');
  });
});
