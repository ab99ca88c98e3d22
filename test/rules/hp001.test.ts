import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp001-eks-requires-vpc.js';
import { ModelBuilder, ref, unknown } from './builders.js';
import { runRule, summary } from './run-rule.js';

const EKS_ARN = 'arn:aws:eks:us-west-2:123456789012:cluster/demo';

describe('HP001 eks-requires-vpc', () => {
  it('fires at the cluster resource when an EKS cluster has no VpcConfig', () => {
    const b = new ModelBuilder();
    b.cluster('HyperPodCluster', { line: 12, clusterName: 'ml-eks', eksClusterArn: EKS_ARN, groups: [{ name: 'workers' }] });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 12,
        severity: 'error',
        message:
          'Cluster ml-eks is orchestrated by Amazon EKS but has no VpcConfig. HyperPod clusters on EKS must run in your VPC, ' +
          'so CreateCluster rejects a cluster without VpcConfig.',
      },
    ]);
    expect(run.findings[0]).toMatchObject({ resource: 'HyperPodCluster', entityKey: 'template.yaml#HyperPodCluster', detail: 'ml-eks' });
    expect(run.findings[0]!.related?.[0]?.line).toBe(13);
  });

  it('does not fire when the EKS cluster has a VpcConfig', () => {
    const b = new ModelBuilder();
    const vpc = b.vpc('Vpc');
    const subnet = b.subnet('Private', { vpc });
    const sg = b.securityGroup('Sg', { vpc });
    b.cluster('HyperPodCluster', { eksClusterArn: EKS_ARN, vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] } });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('does not fire for Slurm clusters without VpcConfig (the platform VPC is allowed)', () => {
    const b = new ModelBuilder();
    b.cluster('SlurmCluster', { orchestrator: 'slurm' });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('does not fire for UpdateCluster bodies, which never carry VpcConfig', () => {
    const b = new ModelBuilder('update.json', undefined, 'cluster-spec');
    b.cluster('ml-eks', { eksClusterArn: EKS_ARN, isUpdate: true });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('records an unverified item, not a finding, when the orchestrator is unknown', () => {
    const b = new ModelBuilder();
    b.cluster('HyperPodCluster', { line: 30, orchestrator: unknown('Orchestrator depends on condition UseEks') });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([
      {
        ruleId: 'HP001',
        file: 'template.yaml',
        line: 30,
        resource: 'HyperPodCluster',
        reason:
          'cluster HyperPodCluster has no VpcConfig and its orchestrator is unknown (Orchestrator depends on condition UseEks); a VpcConfig is required if it is EKS',
      },
    ]);
  });

  it('reports each EKS cluster without VpcConfig once', () => {
    const b = new ModelBuilder();
    b.cluster('A', { line: 5, eksClusterArn: EKS_ARN });
    b.cluster('B', { line: 50, eksClusterArn: EKS_ARN });
    b.cluster('C', { line: 90, orchestrator: 'slurm' });
    expect(runRule(rule, b.model).findings.map((f) => [f.resource, f.line])).toEqual([
      ['A', 5],
      ['B', 50],
    ]);
  });

  it('adds nothing for a bare instance-group file, whose orchestrator and VpcConfig are passed separately', () => {
    const b = new ModelBuilder('instance-groups.json', undefined, 'cluster-spec');
    b.cluster('instance-groups.json', {
      orchestrator: unknown('instance-group file: the orchestrator is passed separately'),
      groups: [{ name: 'w' }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([]);
  });
});
