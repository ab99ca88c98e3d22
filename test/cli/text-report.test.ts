import { describe, expect, it } from 'vitest';
import type { ScanResult } from '../../src/engine/types.js';
import { countsLine, toText } from '../../src/report/text.js';

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
  it('counts read as English: one error, two warnings, no "(s)"', () => {
    const summary = { ...resultWithDemand({}, {}).summary, errors: 1, warnings: 2, notices: 0, filesScanned: 1, filesSkipped: 3 };
    expect(countsLine(summary)).toBe('1 error, 2 warnings, 0 notices, 0 suppressed; 1 file scanned, 3 skipped');
    expect(toText(resultWithDemand({}, {}), { color: false }).trimEnd().split('\n').at(-1)).toBe(
      '0 errors, 0 warnings, 0 notices, 0 suppressed; 1 file scanned, 0 skipped in 7 ms',
    );
  });

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

  it('keeps a finding on one line and neutralises bidirectional overrides in quoted values', () => {
    const result = resultWithDemand({}, {});
    result.findings = [
      {
        ruleId: 'HP002',
        severity: 'error',
        file: 'a\u202Elmay.yaml',
        line: 3,
        column: 5,
        endLine: 3,
        endColumn: 9,
        message: 'literal sg-1\nInjected: line',
        resource: 'Res\u2066ource',
        fingerprint: 'f',
      },
    ];
    const text = toText(result, { color: false });
    const line = text.split('\n').find((l) => l.includes('HP002'));
    expect(line).toBe('  a?lmay.yaml:3:5  error   HP002  literal sg-1 Injected: line [Res?ource]');
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
  });
});
