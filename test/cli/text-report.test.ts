import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/types.js';
import { toText } from '../../src/report/text.js';

function resultWithDemand(instancesPerType: Record<string, number>, eniPerRegion: Record<string, number>): ScanResult {
  return {
    findings: [],
    suppressed: [],
    files: [],
    unverified: [],
    summary: { errors: 0, warnings: 0, notices: 0, suppressed: 0, filesScanned: 1, filesSkipped: 0, unverified: 0, durationMs: 7 },
    demand: { instancesPerType, eniPerRegion, clusters: [] },
    rules: [],
    tools: {},
    notices: [],
  } as unknown as ScanResult;
}

describe('text report', () => {
  it('quota demand lines strip control characters of instance types and regions (file content)', () => {
    const text = toText(resultWithDemand({ 'ml.p5\u001b[2J.48xlarge': 2 }, { 'us-west-2\u001b]0;pwned\u0007': 64 }), { color: false });
    expect(text).not.toMatch(/[\u001b\u0007]/);
    expect(text.split('\n').slice(0, 4)).toEqual([
      'Quota demand (compare with your account, or run with --account):',
      '  ml.p5?[2J.48xlarge for cluster usage: 2',
      '  network interfaces in us-west-2?]0;pwned?: 64',
      '',
    ]);
  });
});
