import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp030-subnet-ip-capacity.js';
import { addressesPerInstance, ipv4Prefix, usableAddresses } from '../../src/rules/util/capacity.js';
import { loadInstanceNetworkData } from '../../src/data/instance-network.js';
import { ModelBuilder, idRef, ref, unknown } from './builders.js';
import { runRule, summary } from './run-rule.js';

const data = loadInstanceNetworkData();

function setup(cidr: string | ReturnType<typeof unknown> = '10.0.2.0/24') {
  const b = new ModelBuilder();
  const vpc = b.vpc('Vpc', { line: 1 });
  const subnet = b.subnet('PrivateSubnet', { line: 10, vpc, cidr }); // CidrBlock at line 12
  const sg = b.securityGroup('Sg', { line: 20, vpc });
  return { b, vpc, subnet, sg };
}

describe('HP030 formulas', () => {
  it('gives the AWS page P5 figures: 32 under Slurm, 81 under EKS', () => {
    expect(addressesPerInstance(data, 'ml.p5.48xlarge', 'slurm', 'efa')).toEqual({ known: true, value: 32 });
    expect(addressesPerInstance(data, 'ml.p5.48xlarge', 'eks', 'efa')).toEqual({ known: true, value: 81 });
  });

  it('matches the per-type table of instance-network-notes.md §5', () => {
    expect(addressesPerInstance(data, 'ml.p4d.24xlarge', 'eks', 'efa')).toMatchObject({ value: 53 });
    expect(addressesPerInstance(data, 'ml.trn1n.32xlarge', 'slurm', 'efa')).toMatchObject({ value: 16 });
    expect(addressesPerInstance(data, 'ml.trn1n.32xlarge', 'eks', 'efa')).toMatchObject({ value: 65 });
    expect(addressesPerInstance(data, 'ml.c5.xlarge', 'slurm', 'efa')).toMatchObject({ value: 1 });
  });

  it('efa-only: secondary cards carry no IP (assumption A5, stated)', () => {
    expect(addressesPerInstance(data, 'ml.p5.48xlarge', 'slurm', 'efa-only')).toMatchObject({
      value: 1,
      assumption: expect.stringContaining('§5 A5'),
    });
    expect(addressesPerInstance(data, 'ml.p5.48xlarge', 'eks', 'efa-only')).toMatchObject({ value: 50 });
  });

  it('types with missing data are unknown, not guessed', () => {
    expect(addressesPerInstance(data, 'ml.p6e-gb200.36xlarge', 'eks', 'efa')).toEqual({
      known: false,
      reason: 'IPv4 addresses per interface of ml.p6e-gb200.36xlarge are not known',
    });
    expect(addressesPerInstance(data, 'ml.p6e-gb200.36xlarge', 'slurm', 'efa')).toEqual({ known: true, value: 17 });
    expect(addressesPerInstance(data, 'ml.bogus', 'slurm', 'efa')).toEqual({
      known: false,
      reason: 'ml.bogus is not a HyperPod instance type',
    });
  });

  it('usable addresses = 2^(32-prefix) - 5', () => {
    expect(usableAddresses(ipv4Prefix('10.0.2.0/24')!)).toBe(251);
    expect(usableAddresses(ipv4Prefix('10.1.0.0/17')!)).toBe(32763);
    expect(usableAddresses(ipv4Prefix('10.0.0.0/28')!)).toBe(11);
    expect(ipv4Prefix('10.0.0.0/33')).toBeUndefined();
    expect(ipv4Prefix('2001:db8::/64')).toBeUndefined();
  });
});

describe('HP030 subnet-ip-capacity', () => {
  it('errors when the P5 Slurm group does not fit a /24 (the Slurm TF example: at most 7 P5)', () => {
    const { b, subnet, sg } = setup();
    b.cluster('Cluster', {
      line: 100,
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'workers', type: 'ml.p5.48xlarge', count: 8 }],
    });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 12,
        severity: 'error',
        message:
          'Subnet PrivateSubnet (10.0.2.0/24) has 251 usable IPv4 addresses (2^(32-24) - 5) but the instance groups that can be placed in it need 256: ' +
          'workers 8 × 32 = 256 (ml.p5.48xlarge, Slurm). At most 7 instances of workers fit.',
      },
    ]);
    expect(run.findings[0]).toMatchObject({ resource: 'PrivateSubnet', detail: 'capacity' });
  });

  it('warns when the headroom is not met (7 P5 fit, 11 would not)', () => {
    const { b, subnet, sg } = setup();
    b.cluster('Cluster', {
      line: 100,
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'workers', type: 'ml.p5.48xlarge', count: 7 }],
    });
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 12,
        severity: 'warning',
        message:
          'Subnet PrivateSubnet (10.0.2.0/24) has 251 usable IPv4 addresses (2^(32-24) - 5); the instance groups that can be placed in it need 224 now ' +
          '(workers 7 × 32 = 224 (ml.p5.48xlarge, Slurm)), and 352 to grow every group by 50% (headroom 0.5). At most 7 instances of workers fit.',
      },
    ]);
  });

  it('headroom is an option: 0 turns the warning off', () => {
    const { b, subnet, sg } = setup();
    b.cluster('Cluster', {
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'workers', type: 'ml.p5.48xlarge', count: 7 }],
    });
    expect(runRule(rule, b.model, { options: { headroom: 0 } }).findings).toEqual([]);
  });

  it('EKS uses 81 per P5: 3 fit a /24, 4 do not; every group of the VpcConfig counts', () => {
    const { b, subnet, sg } = setup();
    b.cluster('Cluster', {
      line: 100,
      orchestrator: 'eks',
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [
        { name: 'gpu', type: 'ml.p5.48xlarge', count: 3 },
        { name: 'system', type: 'ml.m5.2xlarge', count: 2 },
      ],
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.severity).toBe('error');
    expect(run.findings[0]!.message).toContain(
      'need 273: gpu 3 × 81 = 243 (ml.p5.48xlarge, EKS); system 2 × 15 = 30 (ml.m5.2xlarge, EKS). At most 2 instances of gpu fit',
    );
  });

  it('every subnet of a multi-subnet VpcConfig must fit all groups (HyperPod picks one)', () => {
    const { b, vpc, subnet, sg } = setup('10.0.0.0/20');
    const small = b.subnet('SmallSubnet', { line: 40, vpc, cidr: '10.0.16.0/26' });
    b.cluster('Cluster', {
      vpc: { subnets: [ref(subnet), ref(small)], securityGroups: [ref(sg)] },
      groups: [{ name: 'workers', type: 'ml.trn1.32xlarge', count: 8 }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.resource, f.severity])).toEqual([[42, 'SmallSubnet', 'error']]);
    expect(run.findings[0]!.message).toContain(
      'has 59 usable IPv4 addresses (2^(32-26) - 5) but the instance groups that can be placed in it need 64',
    );
  });

  it('override groups count only against their own subnets', () => {
    const { b, vpc, subnet, sg } = setup('10.0.2.0/24');
    const big = b.subnet('BigSubnet', { line: 40, vpc, cidr: '10.0.64.0/18' });
    b.cluster('Cluster', {
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [
        { name: 'controller', type: 'ml.m5.xlarge', count: 1 },
        { name: 'workers', type: 'ml.p5.48xlarge', count: 64, override: { subnets: [ref(big)], securityGroups: [ref(sg)] } },
      ],
    });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('efa-only groups use the stated assumption in the message', () => {
    const { b, subnet, sg } = setup('10.0.2.0/28');
    b.cluster('Cluster', {
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'workers', type: 'ml.p5.48xlarge', count: 12, interfaceType: 'efa-only' }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings[0]!.message).toContain(
      'need 12: workers 12 × 1 = 12 (ml.p5.48xlarge, Slurm, assuming efa-only secondary interfaces carry no IP address (instance-network-notes.md §5 A5))',
    );
  });

  it('account mode: AvailableIpAddressCount replaces the computed figure', () => {
    const { b, subnet, sg } = setup('10.0.0.0/16');
    subnet.availableIpAddressCount = 100;
    b.cluster('Cluster', {
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'workers', type: 'ml.p5.48xlarge', count: 4 }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings[0]!.message).toContain(
      'has 100 free IPv4 addresses (AvailableIpAddressCount from the account) but the instance groups that can be placed in it need 128',
    );
  });

  it('a type with missing data is unverified; known groups still count as a lower bound', () => {
    const { b, subnet, sg } = setup('10.0.2.0/28');
    b.cluster('Cluster', {
      line: 100,
      orchestrator: 'eks',
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'gb200', type: 'ml.p6e-gb200.36xlarge', count: 2, line: 110 }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([
      {
        ruleId: 'HP030',
        file: 'template.yaml',
        line: 112,
        resource: 'gb200',
        reason: 'subnet sizing: addresses per instance of group gb200: IPv4 addresses per interface of ml.p6e-gb200.36xlarge are not known',
      },
    ]);
  });

  it('unknown CIDR, unknown count, literal subnet IDs: unverified, no finding', () => {
    const { b, subnet, sg } = setup(unknown('parameter SubnetCidr has no default'));
    b.cluster('A', {
      vpc: { subnets: [ref(subnet), idRef('subnet-0123')], securityGroups: [ref(sg)] },
      groups: [{ name: 'w', type: 'ml.p5.48xlarge', count: 100 }],
    });
    b.cluster('B', {
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'v', type: 'ml.p5.48xlarge', count: unknown('parameter Count') }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => u.reason).sort()).toEqual([
      'subnet sizing of PrivateSubnet: parameter SubnetCidr has no default',
      'subnet sizing: InstanceCount of group v: parameter Count',
      'subnet sizing: subnet subnet-0123 is not defined in the scanned files',
    ]);
  });

  it('groups of two clusters sharing a subnet add up, named cluster/group', () => {
    const { b, subnet, sg } = setup('10.0.2.0/25');
    b.cluster('One', {
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'w', type: 'ml.p4d.24xlarge', count: 20 }],
    });
    b.cluster('Two', {
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'w', type: 'ml.p4d.24xlarge', count: 15 }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).toContain(
      'need 140: One/w 20 × 4 = 80 (ml.p4d.24xlarge, Slurm); Two/w 15 × 4 = 60 (ml.p4d.24xlarge, Slurm). At most 15 instances of One/w fit',
    );
  });

  it('InstanceRequirements: the lowest figure of the listed types is used', () => {
    const { b, subnet, sg } = setup('10.0.2.0/24');
    b.cluster('Cluster', {
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'w', type: ['ml.p5.48xlarge', 'ml.p4d.24xlarge'], count: 70 }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings[0]!.message).toContain('w 70 × 4 = 280 (ml.p4d.24xlarge, the lowest of its 2 types, Slurm)');
  });
});

describe('HP030 headroom option edge cases', () => {
  it('a negative or non-numeric headroom counts as 0 (no warning, no crash)', () => {
    const b = new ModelBuilder();
    const subnet = b.subnet('S', { cidr: '10.0.2.0/24' });
    b.cluster('C', {
      vpc: { subnets: [ref(subnet)], securityGroups: [idRef('sg-1')] },
      groups: [{ name: 'w', type: 'ml.p5.48xlarge', count: 7 }],
    });
    expect(runRule(rule, b.model, { options: { headroom: -1 } }).findings).toEqual([]);
    expect(runRule(rule, b.model, { options: { headroom: Number.NaN } }).findings).toEqual([]);
    // Any positive headroom asks room for at least one more instance per group: ceil(7 × 1.1) = 8, 8 × 32 = 256 > 251.
    expect(runRule(rule, b.model, { options: { headroom: 0.1 } }).findings[0]!.message).toContain(
      'and 256 to grow every group by 10% (headroom 0.1)',
    );
  });
});
