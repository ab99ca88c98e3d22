/**
 * Speed of the YAML reader on the benchmark's CloudFormation templates (issue 7): the fast path
 * against the Composer path in the same process, so a loaded machine slows both alike.
 */
import { describe, expect, it } from 'vitest';
import { parseYamlSource } from '../../src/parsers/yaml-source.js';
import { readYamlFast } from '../../src/parsers/yaml-cst.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
// @ts-expect-error plain JS benchmark generator without types
import { stackTemplate } from '../../scripts/bench-inputs.mjs';

const generateStack = stackTemplate as (i: number, bytes: number) => string;

/** CPU milliseconds of the fastest of `rounds` runs (best-of filters out other processes' bursts). */
function bestCpuMs(rounds: number, run: () => void): number {
  run(); // warm-up: compile the hot paths before timing
  let best = Infinity;
  for (let r = 0; r < rounds; r++) {
    const before = process.cpuUsage();
    run();
    const used = process.cpuUsage(before);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('YAML reader speed', () => {
  const templates = Array.from({ length: 40 }, (_, i) => generateStack(i, 20_000));
  const options = { limits: DEFAULT_LIMITS, cfnTags: true };

  it('reads every benchmark template on the fast path', () => {
    const sink = {
      open: () => null,
      key() {},
      value() {},
      close() {},
      plainNumber: (value: number) => value,
      applyTag: (_tag: string, value: unknown) => value,
    };
    const fast = templates.filter((text) => readYamlFast(text, { cfnTags: true, maxDepth: DEFAULT_LIMITS.maxDepth }, sink));
    expect(fast.length).toBe(templates.length);
  });

  it('is at least twice as fast as the Composer path on them (about 3x when the machine is idle)', () => {
    const fastMs = bestCpuMs(5, () => {
      for (const [i, text] of templates.entries()) parseYamlSource(`t${i}.yaml`, text, options);
    });
    const composerMs = bestCpuMs(5, () => {
      for (const [i, text] of templates.entries()) parseYamlSource(`t${i}.yaml`, text, { ...options, composerOnly: true });
    });
    const megabytes = templates.reduce((sum, text) => sum + text.length, 0) / 1e6;
    const speedup = composerMs / fastMs;
    console.log(
      `YAML reader: fast ${(megabytes / (fastMs / 1000)).toFixed(1)} MB/s, Composer ${(megabytes / (composerMs / 1000)).toFixed(1)} MB/s, ${speedup.toFixed(1)}x`,
    );
    expect(speedup).toBeGreaterThanOrEqual(2);
  });
});
