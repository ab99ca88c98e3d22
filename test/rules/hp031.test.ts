import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp031-eni-quota.js';
import { ModelBuilder, known, ref, unknown } from './builders.js';
import { runRule, summary } from './run-rule.js';

function setup() {
  const b = new ModelBuilder('template.yaml', 'us-west-2');
  const vpc = b.vpc('Vpc', { line: 1 });
  const subnet = b.subnet('PrivateSubnet', { line: 10, vpc, cidr: '10.1.0.0/16' });
  const sg = b.securityGroup('Sg', { line: 20, vpc });
  const vpcSpec = { subnets: [ref(subnet)], securityGroups: [ref(sg)] };
  return { b, vpcSpec };
}

describe('HP031 eni-quota', () => {
  it('offline: records the ENI estimate per region (one per network card) and reports nothing', () => {
    const { b, vpcSpec } = setup();
    b.cluster('Cluster', {
      line: 100,
      vpc: vpcSpec,
      groups: [
        { name: 'workers', type: 'ml.p5.48xlarge', count: 4 },
        { name: 'ctl', type: 'ml.m5.xlarge', count: 1 },
      ],
    });
    b.cluster('Platform', { line: 200, groups: [{ name: 'w', type: 'ml.p5.48xlarge', count: 10 }] });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.demand.eniPerRegion).toEqual({ 'us-west-2': 129 });
  });

  it('errors when the demand exceeds quota minus in use', () => {
    const { b, vpcSpec } = setup();
    b.cluster('Cluster', { line: 100, vpc: vpcSpec, groups: [{ name: 'workers', type: 'ml.p5.48xlarge', count: 4 }] });
    const run = runRule(rule, b.model, { account: { degraded: [], eni: { 'us-west-2': { quota: 5000, inUse: 4900 } } } });
    expect(summary(run)).toEqual([
      {
        line: 102,
        severity: 'error',
        message:
          'The clusters in us-west-2 create 128 network interfaces (Cluster: workers 4 × 32 = 128); quota L-DF5E4CA3 "Network interfaces per Region" ' +
          'is 5000 with 4900 in use, leaving 100: 28 too few. HyperPod does not request the increase itself, so instances fail to launch.',
      },
    ]);
    expect(run.findings[0]!.fix).toContain('to at least 5028');
  });

  it('warns under a 20% margin, passes above it', () => {
    const { b, vpcSpec } = setup();
    b.cluster('Cluster', { line: 100, vpc: vpcSpec, groups: [{ name: 'workers', type: 'ml.p5.48xlarge', count: 4 }] });
    const tight = runRule(rule, b.model, { account: { degraded: [], eni: { 'us-west-2': { quota: 5000, inUse: 4850 } } } });
    expect(tight.findings.map((f) => f.severity)).toEqual(['warning']);
    expect(tight.findings[0]!.message).toContain('leaving 150: 22 would remain, less than the 20% margin (30)');
    const roomy = runRule(rule, b.model, { account: { degraded: [], eni: { 'us-west-2': { quota: 5000, inUse: 100 } } } });
    expect(roomy.findings).toEqual([]);
  });

  it('unknown counts and missing account figures are unverified, not findings', () => {
    const { b, vpcSpec } = setup();
    b.cluster('Cluster', {
      line: 100,
      vpc: vpcSpec,
      groups: [
        { name: 'w', type: 'ml.p5.48xlarge', count: unknown('parameter Count'), line: 110 },
        { name: 'v', type: 'ml.p5.48xlarge', count: 1 },
      ],
    });
    const run = runRule(rule, b.model, { account: { degraded: [{ check: 'eni', reason: 'servicequotas:GetServiceQuota denied' }] } });
    expect(run.findings).toEqual([]);
    expect(run.demand.eniPerRegion).toEqual({ 'us-west-2': 32 });
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [113, 'network interfaces of group w: parameter Count'],
      [102, 'network interface quota or usage in us-west-2 is not known'],
    ]);
  });

  it('the same cluster in two files is counted once; regions come from the cluster', () => {
    const { b, vpcSpec } = setup();
    b.cluster('A', { clusterName: 'ml-cluster', vpc: vpcSpec, groups: [{ name: 'w', type: 'ml.trn1.32xlarge', count: 2 }] });
    b.cluster('B', { clusterName: 'ml-cluster', vpc: vpcSpec, groups: [{ name: 'w', type: 'ml.trn1.32xlarge', count: 2 }] });
    b.cluster('C', { region: known('us-east-1'), vpc: vpcSpec, groups: [{ name: 'w', type: 'ml.trn1.32xlarge', count: 1 }] });
    expect(runRule(rule, b.model).demand.eniPerRegion).toEqual({ 'us-west-2': 16, 'us-east-1': 8 });
  });
});
