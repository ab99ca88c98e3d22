import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp050-fsx-same-az.js';
import { ModelBuilder, idRef, known, ref } from './builders.js';
import { runRule, summary } from './run-rule.js';

function setup(zones: 'ids' | 'names' = 'ids') {
  const b = new ModelBuilder();
  const vpc = b.vpc('Vpc', { line: 1 });
  const z = (name: string, id: string) => (zones === 'ids' ? { azId: id } : { az: name });
  const a = b.subnet('SubnetA', { line: 10, vpc, ...z('us-west-2a', 'usw2-az1') });
  const c = b.subnet('SubnetC', { line: 20, vpc, ...z('us-west-2c', 'usw2-az3') });
  const sg = b.securityGroup('Sg', { line: 30, vpc });
  return { b, a, c, sg };
}

describe('HP050 fsx-same-az', () => {
  it('warns at the FSx subnet when the file system is in another zone (AZ IDs)', () => {
    const { b, a, c, sg } = setup();
    b.fsx('Fsx', { line: 40, subnets: [ref(c, b.loc(43))], dnsName: 'fs-1.fsx.us-west-2.amazonaws.com' });
    b.cluster('Cluster', {
      line: 100,
      vpc: { subnets: [ref(a)], securityGroups: [ref(sg)] },
      groups: [{ name: 'workers', type: 'ml.p5.48xlarge' }],
    });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 43,
        severity: 'warning',
        message:
          'FSx for Lustre file system Fsx is in usw2-az3 (subnet SubnetC), but instance groups workers of cluster Cluster use subnets in usw2-az1 ' +
          '(compared by AZ ID). Cross-zone file-system traffic adds latency and data-transfer cost.',
      },
    ]);
    expect(run.findings[0]).toMatchObject({ resource: 'Fsx' });
  });

  it('matches the groups that mount the file system by DNS name; other groups do not count', () => {
    const { b, a, c, sg } = setup('names');
    b.fsx('Fsx', { line: 40, subnets: [ref(c, b.loc(43))], dnsName: 'fs-1.fsx.us-west-2.amazonaws.com' });
    b.cluster('Cluster', {
      vpc: { subnets: [ref(a)], securityGroups: [ref(sg)] },
      groups: [
        { name: 'ctl', type: 'ml.m5.xlarge' },
        {
          name: 'workers',
          type: 'ml.p5.48xlarge',
          override: { subnets: [ref(c)], securityGroups: [ref(sg)] },
          fsxMounts: [known('FS-1.fsx.us-west-2.amazonaws.com')],
        },
      ],
    });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('no finding when the FSx zone is one of the cluster subnet zones', () => {
    const { b, a, c, sg } = setup();
    b.fsx('Fsx', { subnets: [ref(c)] });
    b.cluster('Cluster', { vpc: { subnets: [ref(a), ref(c)], securityGroups: [ref(sg)] }, groups: [{ name: 'w' }] });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('a file system from another file counts only when the cluster names it', () => {
    const { b, a, sg } = setup();
    const other = new ModelBuilder('storage.yaml');
    const far = other.subnet('FarSubnet', { line: 5, azId: 'usw2-az4' });
    const fsx = other.fsx('SharedFsx', { line: 15, subnets: [ref(far, other.loc(18))] });
    b.model.add(far);
    b.model.add(fsx);
    b.cluster('Cluster', { vpc: { subnets: [ref(a)], securityGroups: [ref(sg)] }, groups: [{ name: 'w' }] });
    expect(runRule(rule, b.model).findings).toEqual([]);
    b.cluster('Cluster2', { vpc: { subnets: [ref(a)], securityGroups: [ref(sg)] }, groups: [{ name: 'w' }], fsxFileSystems: [ref(fsx)] });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.file, f.line, f.detail])).toEqual([['storage.yaml', 18, 'Cluster2:w']]);
  });

  it('AZ ID on one side and name on the other: unverified, not a finding', () => {
    const b = new ModelBuilder();
    const a = b.subnet('SubnetA', { line: 10, azId: 'usw2-az1' });
    const c = b.subnet('SubnetC', { line: 20, az: 'us-west-2c' });
    b.fsx('Fsx', { line: 40, subnets: [ref(c, b.loc(43))] });
    b.cluster('Cluster', { vpc: { subnets: [ref(a)], securityGroups: [idRef('sg-1')] }, groups: [{ name: 'w' }] });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [43, 'FSx zone of Fsx: zone IDs are not known on both sides, and zone names are not both in one file'],
    ]);
  });

  it('an FSx subnet outside the scanned files is unverified', () => {
    const { b, a, sg } = setup();
    b.fsx('Fsx', { line: 40, subnets: [idRef('subnet-ext', b.loc(43))] });
    b.cluster('Cluster', { vpc: { subnets: [ref(a)], securityGroups: [ref(sg)] }, groups: [{ name: 'w' }] });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => u.reason)).toEqual(['FSx zone: subnet of Fsx is not in the scanned files']);
  });
});
