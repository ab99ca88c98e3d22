import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';

/** Cases the rules issue names explicitly, checked beyond "no finding". */
describe('named fixture cases', () => {
  it('FSx compare with a zone ID on one side only is unverified, not a finding', async () => {
    const dir = path.join('fixtures', 'rules', 'HP050', 'pass');
    const result = await scan({ cwd: dir, paths: ['zone-id-on-one-side.yaml'], workers: false, region: 'us-west-2' });
    expect(result.findings.filter((f) => f.ruleId === 'HP050')).toEqual([]);
    expect(result.unverified.filter((u) => u.ruleId === 'HP050').length).toBeGreaterThan(0);
  });

  it('a subnet without an association falls back to the main route table, and the message says so', async () => {
    const dir = path.join('fixtures', 'rules', 'HP020', 'fail');
    const result = await scan({ cwd: dir, paths: ['main-route-table-fallback.yaml'], workers: false, region: 'us-west-2' });
    const [finding] = result.findings.filter((f) => f.ruleId === 'HP020');
    expect(finding.message).toMatch(/main route table/);
  });
});

describe('literal IDs across files', () => {
  it('resolve to the resource of the same file first: two copies of a plan give the same findings each', async () => {
    const dir = path.join('fixtures', 'parsers', 'terraform', 'replace');
    const result = await scan({ cwd: dir, paths: ['plan.json', 'plan.compact.json'], workers: false, region: 'us-west-2' });
    const rulesOf = (file: string) =>
      result.findings
        .filter((f) => f.file === file)
        .map((f) => `${f.ruleId}:${f.resource}`)
        .sort();
    expect(rulesOf('plan.json')).toEqual(rulesOf('plan.compact.json'));
    expect(rulesOf('plan.json')).toContain('HP012:aws_security_group.hp');
  });
});
