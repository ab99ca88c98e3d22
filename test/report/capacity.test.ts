import path from 'node:path';
import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp030-subnet-ip-capacity.js';
import { scan } from '../../src/engine/scan.js';
import { suggestSubnetCidr, smallestPrefixFor } from '../../src/rules/util/cidr.js';
import { capacityMarkdown, capacityText } from '../../src/report/capacity.js';
import type { SubnetCapacity } from '../../src/rules/types.js';
import { ModelBuilder, ref } from '../rules/builders.js';
import { runRule } from '../rules/run-rule.js';

const root = path.resolve(__dirname, '../..');

describe('subnet CIDR suggestion', () => {
  it('is the smallest aligned block holding the addresses, around the current one', () => {
    expect(smallestPrefixFor(386)).toBe(23); // a /23 has 507 usable, a /24 251
    expect(suggestSubnetCidr({ current: '10.0.2.0/24', addresses: 386, vpcCidrs: ['10.0.0.0/16'], otherSubnets: [] })).toEqual({
      cidr: '10.0.2.0/23',
      prefix: 23,
    });
    expect(suggestSubnetCidr({ current: '10.0.3.0/24', addresses: 386, otherSubnets: [] })).toEqual({ cidr: '10.0.2.0/23', prefix: 23 });
  });

  it('stays clear of the other subnets of the VPC and inside its CIDR', () => {
    const result = suggestSubnetCidr({
      current: '10.0.2.0/24',
      addresses: 386,
      vpcCidrs: ['10.0.0.0/20'],
      otherSubnets: ['10.0.3.0/24', '10.0.4.0/23'],
    });
    expect(result).toEqual({ cidr: '10.0.0.0/23', prefix: 23 });
  });

  it('says why when nothing fits', () => {
    expect(suggestSubnetCidr({ current: '10.0.0.0/26', addresses: 600, vpcCidrs: ['10.0.0.0/24'], otherSubnets: [] })).toEqual({
      none: 'a /22 subnet is larger than the VPC CIDR 10.0.0.0/24',
    });
    expect(suggestSubnetCidr({ current: '10.0.0.0/24', addresses: 400, vpcCidrs: ['10.0.0.0/23'], otherSubnets: ['10.0.1.0/24'] })).toEqual(
      {
        none: 'the VPC CIDR 10.0.0.0/23 has no free /23 block beside its other subnets',
      },
    );
    expect(suggestSubnetCidr({ current: '10.0.0.0/24', addresses: 70_000, otherSubnets: [] })).toMatchObject({
      none: expect.stringContaining('65531'),
    });
  });
});

describe('capacity plan (HP030 figures)', () => {
  it('P5 Slurm in a /24: needed, grown, usable, largest fit and the suggested CIDR', async () => {
    const result = await scan({ cwd: root, paths: ['fixtures/rules/HP030/fail/p5-slurm-slash24.yaml'], workers: false });
    expect(result.demand.subnets).toEqual([
      expect.objectContaining({
        subnet: 'PrivateSubnet',
        cidr: '10.0.2.0/24',
        az: 'us-west-2a',
        clusters: ['ml-cluster'],
        usable: 251,
        usableSource: 'cidr',
        needed: 257,
        grown: 2 + 12 * 32,
        headroom: 0.5,
        status: 'too-small',
        suggestedCidr: '10.0.2.0/23',
        groups: [
          expect.objectContaining({ group: 'controller', count: 1, perInstance: 1, needed: 1, largestFit: 0 }),
          expect.objectContaining({
            group: 'workers',
            instanceType: 'ml.p5.48xlarge',
            count: 8,
            perInstance: 32,
            needed: 256,
            largestFit: 7,
          }),
        ],
      }),
    ]);
    const hp030 = result.findings.find((f) => f.ruleId === 'HP030')!;
    expect(hp030.fix).toContain('The smallest CIDR that holds 386 addresses here is 10.0.2.0/23.');
  });

  it('account mode: the free addresses the account reports are the usable figure', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc', { line: 1 });
    const subnet = b.subnet('PrivateSubnet', { line: 10, vpc, cidr: '10.0.0.0/20' });
    subnet.availableIpAddressCount = 200;
    const sg = b.securityGroup('Sg', { line: 20, vpc });
    b.cluster('Cluster', {
      line: 100,
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'workers', type: 'ml.p5.48xlarge', count: 7 }],
    });
    const run = runRule(rule, b.model);
    expect(run.demand.subnets?.[0]).toMatchObject({ usable: 200, usableSource: 'account', needed: 224, status: 'too-small' });
    expect(run.demand.subnets?.[0]?.groups[0]).toMatchObject({ largestFit: 6 });
    expect(run.findings[0]?.message).toContain('200 free IPv4 addresses (AvailableIpAddressCount from the account)');
  });

  it('groups whose figures are not known are listed with the reason', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc', { line: 1 });
    const subnet = b.subnet('PrivateSubnet', { line: 10, vpc, cidr: '10.0.0.0/24' });
    const sg = b.securityGroup('Sg', { line: 20, vpc });
    b.cluster('Cluster', {
      line: 100,
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'odd', type: 'ml.bogus', count: 1 }],
    });
    const plan = runRule(rule, b.model).demand.subnets?.[0];
    expect(plan?.groups).toEqual([
      expect.objectContaining({ group: 'odd', unknown: expect.stringContaining('ml.bogus is not a HyperPod instance type') }),
    ]);
    expect(plan?.status).toBe('fits');
  });
});

const hostile: SubnetCapacity = {
  subnet: 'Sub|net<img src=x onerror=alert(1)>',
  entityKey: 'k',
  file: 'a.yaml',
  line: 1,
  cidr: '10.0.0.0/24',
  az: '@octocat [x](https://evil)',
  clusters: ['c`|`**bold**'],
  usable: 251,
  usableSource: 'cidr',
  needed: 10,
  grown: 15,
  headroom: 0.5,
  status: 'fits',
  groups: [
    {
      cluster: 'c`|`**bold**',
      group: '<script>|',
      instanceType: 'ml.m5.xlarge',
      orchestrator: 'slurm',
      count: 10,
      perInstance: 1,
      needed: 10,
      largestFit: 251,
    },
  ],
};

describe('capacity planner rendering', () => {
  it('Markdown escapes every interpolated name and keeps one table cell per column', () => {
    const markdown = capacityMarkdown([hostile]).join('');
    // Code spans render no HTML, links or mentions; outside them nothing may be live.
    const outsideCode = markdown.replace(/(?<!`)(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
    expect(outsideCode).not.toMatch(/<img|<script|\]\(https|@octocat|:\/\//);
    const rows = markdown.split('\n').filter((line) => line.startsWith('| `Sub'));
    expect(rows).toHaveLength(2);
    // Escaped pipes (\|) do not split cells: every row has the head's 9 cells.
    for (const row of rows) expect(row.replace(/\\\|/g, '').split('|').length - 2).toBe(9);
  });

  it('text tables align columns', () => {
    const [table] = capacityText([hostile]);
    expect(table![0]).toBe('Capacity of cluster c`|`**bold** (a.yaml):');
    const head = table![1]!;
    expect(head.indexOf('needed')).toBe(table![2]!.indexOf('10 ') === -1 ? -1 : head.indexOf('needed'));
    expect(table).toHaveLength(4);
  });
});

describe('CLI --format markdown', () => {
  it('writes the summary comment with the capacity planner', async () => {
    const { main } = await import('../../src/cli/main.js');
    let out = '';
    const code = await main(['scan', 'fixtures/rules/HP030/fail/p5-slurm-slash24.yaml', '--format', 'markdown'], {
      stdout: (text) => (out += text),
      stderr: () => {},
      isTTY: false,
      cwd: root,
      env: {},
    });
    expect(code).toBe(1);
    expect(out.startsWith('<!-- hyperpod-prereq:summary -->\n### HyperPod prerequisites: ❌ fails (errors)')).toBe(true);
    expect(out).toContain('#### Capacity planner');
    expect(out).toContain('| 251 | -135 (🔴 too small) | use `10.0.2.0/23` |');
    expect(out).not.toContain('Full report in the job summary');
  });
});
