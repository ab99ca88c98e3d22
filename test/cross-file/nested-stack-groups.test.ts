import { describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import { groupByNestedStack } from '../../src/engine/nested-stack-groups.js';
import { toText } from '../../src/report/text.js';
import { toJsonReport } from '../../src/report/json.js';

/** Issue 17 item 6: a parent stack whose children are not scanned gets one line per nested stack. */
const PARENT = 'fixtures/cross-file/unscanned-nested';

describe('unverified items of nested stacks that are not scanned', () => {
  it('are one entry per stack, on its line, with the checks that depend on it', async () => {
    const result = await scan({ cwd: PARENT, workers: false });
    expect(result.unverified.map((u) => `${u.line} ${u.ruleId ?? '-'} ${u.resource ?? ''}`)).toEqual([
      '11 - VPCStack',
      '17 - PrivateSubnetStack',
      '25 - SecurityGroupStack',
      '31 - S3EndpointStack',
      '38 - FsxStack',
      '45 - HyperPodClusterStack',
      '69 - IamStack',
      '73 - S3Stack',
      // Not caused by a nested stack: stays on its own line.
      '45 HP006 HyperPodClusterStack',
      '54 HP006 Cluster2',
    ]);
    const bySg = result.unverified.find((u) => u.resource === 'SecurityGroupStack')!;
    expect(bySg.reason).toBe(
      'nested stack SecurityGroupStack (TemplateURL https://aws-sagemaker-hyperpod-cluster-setup.s3.amazonaws.com/templates/security-group-template.yaml) ' +
        'is not scanned, so its resources are not checked; values read from it leave HP010, HP011 unchecked at line 68; scan that template too',
    );
    // What the line stands for is kept for the JSON report.
    expect(bySg.details!.map((d) => `${d.ruleId ?? '-'} ${d.line}`)).toEqual(['- 25', '- 68', 'HP010 68', 'HP011 68']);
    const bySubnet = result.unverified.find((u) => u.resource === 'PrivateSubnetStack')!;
    expect(bySubnet.reason).toMatch(/values read from it leave HP020, HP030 unchecked at line 67;/);
    expect(result.summary.unverified).toBe(10);

    const text = toText(result, { color: false });
    expect(text).toContain('Not verified (10):');
    expect(text.split('\n').filter((l) => /^ +main-stack.yaml:\d+ +nested stack /.test(l))).toHaveLength(8);
    const json = toJsonReport(result) as { unverified: { details?: unknown[] }[] };
    expect(json.unverified.find((u) => u.details)?.details?.length).toBeGreaterThan(0);
  });

  it('groups by exact logical ID and file, never by a prefix or another template', () => {
    const stacks = [
      { file: 'a.yaml', id: 'Vpc', line: 3 },
      { file: 'a.yaml', id: 'VpcStack', line: 9 },
    ];
    const items = [
      { file: 'a.yaml', line: 20, ruleId: 'HP030', reason: 'subnet sizing: VpcStack.Outputs.Subnet is known only after deployment' },
      { file: 'a.yaml', line: 21, ruleId: 'HP020', reason: 'S3 access: Vpc.Outputs.Subnet is known only after deployment' },
      { file: 'b.yaml', line: 5, ruleId: 'HP020', reason: 'S3 access: Vpc.Outputs.Subnet is known only after deployment' },
      { file: 'a.yaml', line: 22, ruleId: 'HP006', reason: 'the region of cluster c is unknown' },
    ];
    const grouped = groupByNestedStack(items, stacks);
    expect(grouped.map((u) => `${u.file}:${u.line} ${u.resource ?? u.ruleId}`)).toEqual([
      'a.yaml:9 VpcStack',
      'a.yaml:3 Vpc',
      'b.yaml:5 HP020',
      'a.yaml:22 HP006',
    ]);
    expect(grouped[0]!.details).toEqual([items[0]]);
    expect(grouped[1]!.details).toEqual([items[1]]);
  });

  it('leaves the list alone when every nested stack is linked', () => {
    const items = [{ file: 'a.yaml', line: 2, reason: 'x' }];
    expect(groupByNestedStack(items, [])).toBe(items);
  });
});
