import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parseFileContent } from '../../src/engine/parse-file.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import { scan } from '../../src/engine/scan.js';
// @ts-expect-error plain JS generator shared with the benchmark
import { clusterSpec, stackTemplate } from '../../scripts/bench-inputs.mjs';

const options = { limits: DEFAULT_LIMITS, region: 'us-west-2' };
const seeds = [stackTemplate(1, 2_000) as string, clusterSpec(3) as string, PLAN()];

function PLAN(): string {
  return JSON.stringify(
    {
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [{ address: 'aws_subnet.a', mode: 'managed', type: 'aws_subnet', name: 'a', values: { cidr_block: '10.0.0.0/24' } }],
        },
      },
      resource_changes: [
        {
          address: 'aws_subnet.a',
          mode: 'managed',
          type: 'aws_subnet',
          name: 'a',
          change: { actions: ['create'], before: null, after: { cidr_block: '10.0.0.0/24' }, after_unknown: { id: true } },
        },
      ],
    },
    null,
    2,
  );
}

/** Mutations that keep much of the structure: delete, duplicate or replace a slice, insert noise. */
const mutated = fc
  .tuple(
    fc.constantFrom(...seeds),
    fc.array(fc.tuple(fc.nat(), fc.nat(40), fc.string({ unit: 'binary', maxLength: 12 })), { maxLength: 6 }),
  )
  .map(([seed, edits]) => {
    let text = seed;
    for (const [at, len, insert] of edits) {
      const i = at % (text.length + 1);
      text = text.slice(0, i) + insert + text.slice(i + len);
    }
    return text;
  });

const validLocation = (line: number, column: number) => Number.isInteger(line) && line >= 1 && Number.isInteger(column) && column >= 1;

describe('parsers never throw and always give valid locations', () => {
  for (const name of ['t.yaml', 't.json', 'spec.yaml']) {
    it(`random text as ${name}`, () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
          const outcome = parseFileContent(name, Buffer.from(text), options);
          if (outcome.status === 'unreadable') expect(validLocation(outcome.line, outcome.column)).toBe(true);
          if (outcome.status === 'parsed') for (const e of outcome.parsed.errors) expect(validLocation(e.line, e.column)).toBe(true);
        }),
        { numRuns: 300 },
      );
    });
  }

  it('mutated templates, specs and plans', () => {
    fc.assert(
      fc.property(mutated, fc.constantFrom('m.yaml', 'm.json'), (text, name) => {
        const outcome = parseFileContent(name, Buffer.from(text), options);
        expect(['parsed', 'skipped', 'unreadable']).toContain(outcome.status);
        if (outcome.status === 'parsed') {
          for (const e of outcome.parsed.errors) expect(validLocation(e.line, e.column)).toBe(true);
          for (const entity of outcome.parsed.entities) expect(validLocation(entity.loc.line, entity.loc.column)).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('the whole engine on mutated inputs', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hp-prop-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('returns findings with valid locations, never throws, never hangs', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(mutated, { minLength: 1, maxLength: 4 }), async (texts) => {
        const names = texts.map((t, i) => {
          const name = `f${i}.${i % 2 ? 'json' : 'yaml'}`;
          writeFileSync(path.join(dir, name), t);
          return name;
        });
        const started = Date.now();
        const result = await scan({ cwd: dir, paths: names, workers: false, region: 'us-west-2' });
        expect(Date.now() - started).toBeLessThan(5_000);
        for (const f of result.findings) {
          expect(validLocation(f.line, f.column)).toBe(true);
          expect(f.endLine).toBeGreaterThanOrEqual(f.line);
          expect(['error', 'warning', 'notice']).toContain(f.severity);
        }
        for (const n of names) rmSync(path.join(dir, n));
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
