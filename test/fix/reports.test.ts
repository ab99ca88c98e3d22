// Suggestions in the JSON report (fix.replacement with its range) and in SARIF (fixes), checked by the
// Sarif.Multitool validator with GitHub code scanning's rules, and by applying the SARIF replacement by columns.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { applyEdit } from '../../src/fix/index.js';
import { toJsonReport } from '../../src/report/json.js';
import { toSarif } from '../../src/report/sarif.js';
import { validateSarif } from '../helpers/sarif-validate.js';

const FILE = 'fixtures/fix/cfn-json/open-egress.json';

/** Applies a SARIF replacement (1-based lines and columns, end exclusive) to the text. */
function applyRegion(
  text: string,
  region: { startLine: number; startColumn: number; endLine: number; endColumn: number },
  inserted: string,
) {
  const lines = text.split('\n');
  const offset = (line: number, column: number) => lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + column - 1;
  return text.slice(0, offset(region.startLine, region.startColumn)) + inserted + text.slice(offset(region.endLine, region.endColumn));
}

describe('suggestions in the reports', async () => {
  const result = await scan({ cwd: '.', paths: [FILE], workers: false });
  const text = readFileSync(FILE, 'utf8');

  it('JSON: fix.text, fix.replacement with file, range and text; findings without one keep fix.text only', () => {
    const report = toJsonReport(result);
    const hp030 = report.findings.find((f) => f.ruleId === 'HP030')!;
    expect(hp030.fix).toEqual({
      text: expect.stringContaining('The smallest CIDR that holds 384 addresses here is 10.0.8.0/23.'),
      description: 'Use 10.0.8.0/23 for subnet PrivateSubnet (holds 384 addresses).',
      replacement: {
        file: FILE,
        range: { startLine: 17, startColumn: 1, endLine: 17, endColumn: 36 },
        text: '        "CidrBlock": "10.0.8.0/23",',
      },
    });
    const without = report.findings.filter((f) => f.ruleId !== 'HP030' && !f.fix?.replacement);
    expect(without.map((f) => f.ruleId)).toEqual([]);
    expect(report.findings.map((f) => [f.ruleId, f.fix?.replacement?.range.startLine])).toEqual([
      ['HP030', 17],
      ['HP010', 55],
      ['HP011', 55],
      ['HP012', 51],
      ['HP020', 29],
    ]);
  });

  it('SARIF: every suggestion is a fix whose replacement, applied by columns, gives the same text as the edit', () => {
    const log = toSarif(result);
    const results = log.runs[0]!.results!;
    expect(results.map((r) => [r.ruleId, r.fixes?.length ?? 0])).toEqual([
      ['HP030', 1],
      ['HP010', 1],
      ['HP011', 1],
      ['HP012', 1],
      ['HP020', 1],
    ]);
    for (const [i, r] of results.entries()) {
      const change = r.fixes![0]!.artifactChanges[0]!;
      expect(change.artifactLocation).toEqual({ uri: FILE, uriBaseId: '%SRCROOT%' });
      const replacement = change.replacements[0]!;
      const byColumns = applyRegion(text, replacement.deletedRegion as never, replacement.insertedContent!.text!);
      expect(byColumns).toBe(applyEdit(text, result.findings[i]!.suggestion!.edit!));
    }
    expect(validateSarif(log)).toEqual([]);
  });
});
