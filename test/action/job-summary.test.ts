import { describe, expect, it } from 'vitest';
import { buildJobSummary, STEP_SUMMARY_LIMIT, type JobSummaryInput } from '../../src/action/job-summary.js';
import { finding } from './fixtures.js';

const input = (over: Partial<JobSummaryInput> = {}): JobSummaryInput => ({
  failed: false,
  failOnLabel: 'new errors',
  findings: [
    finding({ file: 'b.yaml', line: 7, severity: 'warning', isNew: false, fix: 'Add a self rule' }),
    finding({ file: 'a.yaml', line: 3, isNew: true, resource: 'SG' }),
    finding({ file: 'a.yaml', line: 1, severity: 'notice', isNew: true }),
  ],
  suppressed: [finding({ file: 'a.yaml', line: 20, suppressedBy: { reason: 'accepted @risk', source: 'inline', expires: '2027-01-01' } })],
  unverified: [{ file: 'a.yaml', line: 4, reason: 'parameter Cidr has no default', ruleId: 'HP030' }],
  notices: ['cfn-lint not installed'],
  filesScanned: 2,
  showNew: true,
  toolVersion: '0.1.0',
  ...over,
});

describe('buildJobSummary', () => {
  it('counts the Terraform files read, evaluated and skipped under the table (none for a scan without Terraform)', () => {
    const md = buildJobSummary(input({ terraform: { read: 9, evaluated: 8, skipped: 1 } }));
    expect(md).toContain(
      '| 1 | 1 | 1 | 2 | 1 | 1 | 1 | 2 |\n\nTerraform: 9 files read, 8 evaluated, 1 skipped (the JSON report says why for each).\n',
    );
    expect(buildJobSummary(input({ terraform: { read: 1, evaluated: 1, skipped: 0 } }))).toContain(
      '\nTerraform: 1 file read, 1 evaluated, 0 skipped.\n',
    );
    expect(buildJobSummary(input())).not.toContain('Terraform:');
  });

  it('has the counts, a table of files, and per-file details in line order', () => {
    const md = buildJobSummary(input());
    expect(md).toContain(
      '| Errors | Warnings | Notices | New | Pre-existing | Suppressed | Unverified | Files scanned |\n|---|---|---|---|---|---|---|---|\n| 1 | 1 | 1 | 2 | 1 | 1 | 1 | 2 |',
    );
    expect(md).toContain('| `a.yaml` | 1 | 0 | 1 | 2 |\n| `b.yaml` | 0 | 1 | 0 | 0 |');
    const aSection = md.slice(md.indexOf('#### `a.yaml`'), md.indexOf('#### `b.yaml`'));
    expect(
      aSection
        .split('\n')
        .filter((l) => /^\| \d/.test(l))
        .map((l) => l.split(' | ')[0]),
    ).toEqual(['| 1', '| 3']);
    expect(aSection).toContain('| **new** | `SG` |');
    expect(md).toContain('pre-existing |  | ');
    expect(md).toContain('<br>**Fix:** Add a self rule');
    expect(md).toContain('Suppressed (1)');
    expect(md).toContain('accepted @\u200drisk');
    expect(md).toContain('- HP030 `a.yaml`:4 parameter Cidr has no default');
    expect(md).toContain('- cfn-lint not installed');
  });

  it('leaves out the new/pre-existing columns outside pull requests', () => {
    const md = buildJobSummary(input({ showNew: false }));
    expect(md).not.toContain('Pre-existing');
    expect(md).not.toContain('**new**');
  });

  it('stays under 1 MiB with a note when there are very many findings', () => {
    const many = Array.from({ length: 6000 }, (_, i) => finding({ file: `f${i % 50}.yaml`, line: i + 1, message: 'é'.repeat(400) }));
    const md = buildJobSummary(input({ findings: many }));
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(STEP_SUMMARY_LIMIT);
    expect(md).toContain('_The rest was cut at the 1 MiB step-summary limit; the JSON report has every finding._');
  });

  it('closes every details block it opens, wherever the size limit cuts', () => {
    const suppressed = Array.from({ length: 8 }, (_, i) =>
      finding({ file: 'a.yaml', line: i + 1, suppressedBy: { reason: 'r'.repeat(i * 7), source: 'inline' } }),
    );
    const open: number[] = [];
    for (let limit = 1000; limit <= 4000; limit++) {
      const md = buildJobSummary(input({ suppressed }), limit);
      if (md.split('<details>').length !== md.split('</details>').length) open.push(limit);
    }
    expect(open).toEqual([]);
  });
});
