import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp005-one-vpc.js';
import { ModelBuilder, idRef, loc, ref, unknownRef } from './builders.js';
import { runRule, summary } from './run-rule.js';

describe('HP005 one-vpc', () => {
  it('does not fire when every subnet and security group is in one VPC', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc');
    const s1 = b.subnet('A', { vpc });
    const s2 = b.subnet('B', { vpc });
    const sg = b.securityGroup('Sg', { vpc });
    b.cluster('Cluster', {
      vpc: { subnets: [ref(s1), ref(s2)], securityGroups: [ref(sg)] },
      groups: [{ name: 'g', override: { subnets: [ref(s2)], securityGroups: [ref(sg)] } }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([]);
  });

  it('fires at the security group item that is in another VPC', () => {
    const b = new ModelBuilder();
    const main = b.vpc('MainVpc');
    const other = b.vpc('OtherVpc');
    const s1 = b.subnet('SubnetA', { vpc: main });
    const s2 = b.subnet('SubnetB', { vpc: main });
    const good = b.securityGroup('NodeSg', { vpc: main });
    const bad = b.securityGroup('LegacySg', { vpc: other });
    b.cluster('Cluster', { clusterName: 'demo', vpc: { subnets: [ref(s1), ref(s2)], securityGroups: [ref(good), ref(bad, loc(77))] } });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 77,
        severity: 'error',
        message:
          'Security group LegacySg in the VpcConfig of cluster demo is in VPC OtherVpc, but subnet SubnetA in the VpcConfig is in VPC MainVpc. ' +
          'All subnets and security groups of a HyperPod cluster must belong to one VPC.',
      },
    ]);
    expect(run.findings[0]!.fix).toBe(
      "Use a security group of VPC MainVpc here, or move the cluster's other subnets and security groups to VPC OtherVpc.",
    );
  });

  it('fires at an override subnet in another VPC (the majority VPC is the reference)', () => {
    const b = new ModelBuilder();
    const main = b.vpc('MainVpc');
    const s1 = b.subnet('SubnetA', { vpc: main });
    const stray = b.subnet('Stray', { vpc: idRef('vpc-0ffff') });
    const sg = b.securityGroup('NodeSg', { vpc: main });
    main.physicalId = 'vpc-0aaaa';
    b.model.setPhysicalId(main, 'vpc-0aaaa');
    b.cluster('Cluster', {
      clusterName: 'demo',
      vpc: { subnets: [ref(s1)], securityGroups: [ref(sg)] },
      groups: [{ name: 'gpu', override: { subnets: [ref(stray, loc(88))], securityGroups: [ref(sg)] } }],
    });
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 88,
        severity: 'error',
        message:
          'Subnet Stray in the OverrideVpcConfig of instance group gpu of cluster demo is in VPC vpc-0ffff, but subnet SubnetA in the VpcConfig is in VPC MainVpc (vpc-0aaaa). ' +
          'All subnets and security groups of a HyperPod cluster must belong to one VPC.',
      },
    ]);
  });

  it('fires for two different literal VPC IDs', () => {
    const b = new ModelBuilder('spec.json', undefined, 'cluster-spec');
    const s = b.subnet('S', { vpc: idRef('vpc-0aaa') });
    const sg = b.securityGroup('G', { vpc: idRef('vpc-0bbb') });
    b.cluster('demo', { vpc: { subnets: [ref(s)], securityGroups: [ref(sg)] } });
    expect(runRule(rule, b.model).findings).toHaveLength(1);
  });

  it('does not treat template placeholders as different VPCs', () => {
    const b = new ModelBuilder('spec.json', undefined, 'cluster-spec');
    const s = b.subnet('S', { vpc: idRef('${VPC_ID}') });
    const sg = b.securityGroup('G', { vpc: idRef('vpc-0bbb') });
    b.cluster('demo', { vpc: { subnets: [ref(s)], securityGroups: [ref(sg)] } });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('does not fire when a template VPC without a physical ID meets a literal VPC ID (they may be the same)', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc');
    const s = b.subnet('S', { vpc });
    const sg = b.securityGroup('G', { vpc: idRef('vpc-0123') });
    b.cluster('Cluster', { vpc: { subnets: [ref(s)], securityGroups: [ref(sg)] } });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('does not fire on two different parameters (they may hold the same VPC)', () => {
    const b = new ModelBuilder();
    const s = b.subnet('S', { vpc: unknownRef('parameter VpcId', 'Ref:VpcId') });
    const sg = b.securityGroup('G', { vpc: unknownRef('parameter OtherVpcId', 'Ref:OtherVpcId') });
    b.cluster('Cluster', { vpc: { subnets: [ref(s)], securityGroups: [ref(sg)] } });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('records subnets and groups whose VPC is unknown or outside the scanned files', () => {
    const b = new ModelBuilder();
    const s = b.subnet('S', { vpc: unknownRef('Fn::ImportValue network-VpcId') });
    b.cluster('Cluster', { vpc: { subnets: [ref(s, loc(5))], securityGroups: [idRef('sg-0abc', loc(7))] } });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [5, 'the VPC of subnet S is unknown (Fn::ImportValue network-VpcId)'],
      [7, 'the VPC of security group sg-0abc is not in the scanned files; account mode can check it'],
    ]);
  });
});
