import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTerraformSources } from '../../src/parsers/hcl/index.js';
// @ts-expect-error plain JS generator shared with the benchmark
import { writeTerraformSource } from '../../scripts/bench-inputs.mjs';

const tmp = mkdtempSync(path.join(tmpdir(), 'tf-scale-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function filesOf(dir: string, prefix = ''): { file: string; text: string }[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    return statSync(full).isDirectory() ? filesOf(full, rel) : [{ file: rel, text: readFileSync(full, 'utf8') }];
  });
}

async function timeOf(resources: number): Promise<{ ms: number; entities: number }> {
  const dir = path.join(tmp, String(resources));
  (writeTerraformSource as (d: string, n: number) => number)(dir, resources);
  const files = filesOf(dir);
  let best = Infinity;
  let entities = 0;
  for (let i = 0; i < 2; i++) {
    const started = performance.now();
    const result = await readTerraformSources(files);
    best = Math.min(best, performance.now() - started);
    entities = result.parsed.reduce((n, p) => n + p.entities.length, 0);
  }
  return { ms: best, entities };
}

describe('Terraform source at scale', () => {
  it('evaluation time grows about linearly with the number of resources (4× resources, well under 16×)', async () => {
    await timeOf(50); // warm-up: the parser and the code paths
    const small = await timeOf(250);
    const large = await timeOf(1000);
    expect(large.entities).toBeGreaterThan(3.5 * small.entities);
    expect(large.ms / small.ms).toBeLessThan(8);
  }, 120_000);
});
