import fc from 'fast-check';
import { stringify } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/index.js';
import { applySuppressions } from '../../src/engine/suppress.js';
import { Model } from '../../src/model/model.js';
import type { Finding } from '../../src/engine/types.js';

const KNOWN = ['HP010', 'HP012'];
const parse = (text: string) => parseConfig(text, 'c.yml', KNOWN);

describe('hostile config files', () => {
  it('deep flow nesting is refused before parsing, at the bracket', () => {
    const started = Date.now();
    const { errors, config } = parse(`rules: ${'['.repeat(200_000)}${']'.repeat(200_000)}`);
    expect(errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual(['1:40 brackets nested deeper than 32 levels']);
    expect(config.headroom).toBe(0.5);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('deep block nesting is refused at the first over-indented line', () => {
    const text = ['rules:', ...Array.from({ length: 400 }, (_, i) => `${' '.repeat(i + 2)}k${i}:`)].join('\n');
    expect(parse(text).errors.map((e) => `${e.line}:${e.column} ${e.message}`)).toEqual([
      '257:1 line indented by 257 characters, over the 256 allowed',
    ]);
  });

  it('brackets in comments and in balanced globs do not count', () => {
    const text = [`# ${'['.repeat(50)}`, 'exclude:', `  - "${'{a,'.repeat(20)}b${'}'.repeat(20)}"`].join('\n');
    expect(parse(text).errors).toEqual([]);
  });

  it('never throws on arbitrary text, and every error has a position inside the file', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (text) => {
        const { errors } = parse(text);
        const lines = text.split(/\r\n|\r|\n/).length;
        for (const error of errors) {
          if (error.line < 1 || error.line > lines || error.column < 1) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary YAML values under the real keys, and always yields a usable config', () => {
    const value = fc.jsonValue({ maxDepth: 4 });
    const keys = fc.constantFrom(
      'rules',
      'include',
      'exclude',
      'headroom',
      'region',
      'requireSuppressionReason',
      'ignore',
      'overrides',
      'limits',
    );
    fc.assert(
      fc.property(fc.dictionary(keys, value), (data) => {
        const { config } = parse(stringify(data));
        expect(config.headroom).toBeGreaterThanOrEqual(0);
        expect(Array.isArray(config.ignore) && Array.isArray(config.overrides)).toBe(true);
        // The config is usable by the suppression step whatever it holds.
        const finding: Finding = {
          ruleId: 'HP010',
          severity: 'error',
          file: 'a.yaml',
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
          message: 'm',
          fingerprint: '0'.repeat(32),
        };
        const result = applySuppressions([finding], { model: new Model(), fileSuppressions: new Map(), config, today: '2026-01-01' });
        expect(result.active.length + result.suppressed.length).toBe(1);
      }),
      { numRuns: 300 },
    );
  });
});
