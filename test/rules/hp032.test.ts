import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp032-efa-single-az.js';
import { ModelBuilder, idRef, ref } from './builders.js';
import { runRule, summary } from './run-rule.js';

function setup(zones: 'ids' | 'names' = 'ids') {
  const b = new ModelBuilder();
  const vpc = b.vpc('Vpc', { line: 1 });
  const z = (name: string, id: string) => (zones === 'ids' ? { azId: id } : { az: name });
  const a = b.subnet('SubnetA', { line: 10, vpc, ...z('us-west-2a', 'usw2-az1') });
  const a2 = b.subnet('SubnetA2', { line: 20, vpc, ...z('us-west-2a', 'usw2-az1') });
  const c = b.subnet('SubnetC', { line: 30, vpc, ...z('us-west-2c', 'usw2-az3') });
  const sg = b.efaSecurityGroup('Sg', { line: 40, vpc });
  return { b, a, a2, c, sg };
}

describe('HP032 efa-single-az', () => {
  it('warns when an override puts an EFA group in another zone than the cluster-level subnets', () => {
    const { b, a, c, sg } = setup();
    b.cluster('Cluster', {
      line: 100,
      vpc: { subnets: [ref(a)], securityGroups: [ref(sg)] },
      groups: [
        { name: 'workers', type: 'ml.p5.48xlarge', count: 4, line: 110 },
        {
          name: 'more',
          type: 'ml.p4d.24xlarge',
          count: 2,
          line: 120,
          override: { subnets: [ref(c)], securityGroups: [ref(sg)], line: 124 },
        },
      ],
    });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 124,
        severity: 'warning',
        message:
          'EFA-capable instance group more of cluster Cluster is placed by OverrideVpcConfig in usw2-az3, while workers by the cluster VpcConfig in usw2-az1. ' +
          'They can end up in different Availability Zones (compared by AZ ID), and EFA traffic cannot cross zones.',
      },
    ]);
    expect(run.findings[0]).toMatchObject({ resource: 'more', detail: 'more' });
  });

  it('warns when an override pins a group to one zone while the cluster list spans several', () => {
    const { b, a, c, sg } = setup('names');
    b.cluster('Cluster', {
      line: 100,
      vpc: { subnets: [ref(a), ref(c)], securityGroups: [ref(sg)] },
      groups: [
        { name: 'workers', type: 'ml.p5.48xlarge', line: 110 },
        { name: 'pinned', type: 'ml.p5.48xlarge', line: 120, override: { subnets: [ref(a)], securityGroups: [ref(sg)], line: 124 } },
      ],
    });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => f.line)).toEqual([124]);
    expect(run.findings[0]!.message).toContain(
      'is placed by OverrideVpcConfig in us-west-2a, while workers by the cluster VpcConfig in us-west-2a or us-west-2c',
    );
    expect(run.findings[0]!.message).toContain('(compared by AZ name)');
  });

  it('no finding when every EFA group is in the same single zone (two subnets of one AZ)', () => {
    const { b, a, a2, sg } = setup();
    b.cluster('Cluster', {
      vpc: { subnets: [ref(a)], securityGroups: [ref(sg)] },
      groups: [
        { name: 'workers', type: 'ml.p5.48xlarge' },
        { name: 'more', type: 'ml.p5.48xlarge', override: { subnets: [ref(a2)], securityGroups: [ref(sg)] } },
      ],
    });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('a multi-zone cluster-level list alone is not a finding; non-EFA groups do not count', () => {
    const { b, a, c, sg } = setup();
    b.cluster('Cluster', {
      vpc: { subnets: [ref(a), ref(c)], securityGroups: [ref(sg)] },
      groups: [
        { name: 'workers', type: 'ml.p5.48xlarge' },
        { name: 'more', type: 'ml.p5.48xlarge' },
        { name: 'ctl', type: 'ml.m5.xlarge', override: { subnets: [ref(c)], securityGroups: [ref(sg)] } },
      ],
    });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('zones that cannot be compared (ID on one side, name on the other) or external subnets: unverified', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc', { line: 1 });
    const a = b.subnet('SubnetA', { line: 10, vpc, azId: 'usw2-az1' });
    const c = b.subnet('SubnetC', { line: 30, vpc, az: 'us-west-2c' });
    const sg = b.efaSecurityGroup('Sg', { line: 40, vpc });
    b.cluster('Cluster', {
      line: 100,
      vpc: { subnets: [ref(a)], securityGroups: [ref(sg)] },
      groups: [
        { name: 'workers', type: 'ml.p5.48xlarge', line: 110 },
        { name: 'more', type: 'ml.p5.48xlarge', line: 120, override: { subnets: [ref(c)], securityGroups: [ref(sg)], line: 124 } },
        { name: 'ext', type: 'ml.p5.48xlarge', line: 140 },
      ],
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [124, 'EFA zones of cluster Cluster: the subnets do not all give AZ IDs, or AZ names in one file'],
    ]);
    const b2 = new ModelBuilder();
    b2.cluster('Cluster', {
      vpc: { subnets: [idRef('subnet-1')], securityGroups: [idRef('sg-1')] },
      groups: [
        { name: 'w', type: 'ml.p5.48xlarge' },
        { name: 'x', type: 'ml.p5.48xlarge', override: { subnets: [idRef('subnet-2')], securityGroups: [idRef('sg-1')] } },
      ],
    });
    const run2 = runRule(rule, b2.model);
    expect(run2.findings).toEqual([]);
    expect(run2.unverified.map((u) => u.reason)).toEqual([
      'EFA zones: subnet subnet-1 is not defined in the scanned files',
      'EFA zones: subnet subnet-2 is not defined in the scanned files',
    ]);
  });
});
