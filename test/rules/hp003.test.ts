import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp003-override-needs-cluster-vpc.js';
import { ModelBuilder, idRef, ref, unknown } from './builders.js';
import { runRule, summary } from './run-rule.js';

const override = { subnets: [idRef('subnet-0aaa1111')], securityGroups: [idRef('sg-0bbb2222')] };

describe('HP003 override-needs-cluster-vpc', () => {
  it('fires at each override of a Slurm cluster without VpcConfig', () => {
    const b = new ModelBuilder();
    b.cluster('Cluster', {
      clusterName: 'slurm-demo',
      orchestrator: 'slurm',
      groups: [
        { name: 'controller', line: 20 },
        { name: 'gpu', line: 30, override: { ...override, line: 34 } },
        { name: 'cpu', line: 40, override: { ...override, line: 44 } },
      ],
    });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 34,
        severity: 'error',
        message:
          'Instance group gpu of Slurm cluster slurm-demo sets OverrideVpcConfig, but the cluster has no VpcConfig. ' +
          'Without a cluster-level VpcConfig the cluster uses the service-owned VPC and per-group overrides are rejected.',
      },
      expect.objectContaining({ line: 44 }),
    ]);
    expect(run.findings.map((f) => f.detail)).toEqual(['gpu', 'cpu']);
  });

  it('does not fire when the cluster has a VpcConfig', () => {
    const b = new ModelBuilder();
    const subnet = b.subnet('Private');
    const sg = b.securityGroup('Sg');
    b.cluster('Cluster', {
      orchestrator: 'slurm',
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'gpu', override }],
    });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('does not fire for Slurm clusters without overrides, nor for EKS clusters (HP001 covers those)', () => {
    const b = new ModelBuilder();
    b.cluster('Plain', { orchestrator: 'slurm', groups: [{ name: 'w' }] });
    b.cluster('Eks', { eksClusterArn: 'arn:aws:eks:us-west-2:123456789012:cluster/x', groups: [{ name: 'w', override }] });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('leaves UpdateCluster bodies and unknown orchestrators unverified', () => {
    const b = new ModelBuilder('update.json', undefined, 'cluster-spec');
    b.cluster('demo', { line: 1, orchestrator: 'slurm', isUpdate: true, groups: [{ name: 'gpu', override }] });
    b.cluster('other', { line: 40, orchestrator: unknown('Orchestrator is chosen by a condition'), groups: [{ name: 'gpu', override }] });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [
        1,
        'cluster demo uses OverrideVpcConfig but an UpdateCluster body does not show the cluster-level VpcConfig; account mode or the CreateCluster file can confirm a VpcConfig exists',
      ],
      [
        40,
        'cluster other uses OverrideVpcConfig but the orchestrator is unknown (Orchestrator is chosen by a condition); account mode or the CreateCluster file can confirm a VpcConfig exists',
      ],
    ]);
  });
});
