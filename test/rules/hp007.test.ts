import { describe, expect, it } from 'vitest';
import rule, { suggestionFor } from '../../src/rules/hp007-instance-type-unknown.js';
import { loadInstanceNetworkData } from '../../src/data/instance-network.js';
import { CLUSTER_INSTANCE_TYPES } from '../../src/data/sagemaker-api-model.js';
import { addressesPerInstance, interfacesPerInstance } from '../../src/rules/util/capacity.js';
import { ModelBuilder, unknown } from './builders.js';
import { runRule, summary } from './run-rule.js';

describe('HP007 instance-type-unknown', () => {
  it('reports a size that does not exist, with the valid sizes of the family', () => {
    const b = new ModelBuilder();
    b.cluster('Cluster', { line: 1, groups: [{ name: 'workers', type: 'ml.p5.96xlarge', count: 2, line: 10 }] });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 12,
        severity: 'error',
        message:
          'Instance type ml.p5.96xlarge of instance group workers (cluster Cluster) is not one of the HyperPod cluster instance types, ' +
          'so CreateCluster/UpdateCluster rejects it; valid types of this family are ml.p5.4xlarge, ml.p5.48xlarge.',
      },
    ]);
    expect(run.findings[0]).toMatchObject({ resource: 'workers', detail: 'workers:ml.p5.96xlarge' });
  });

  it('suggests the ml. prefix for an EC2 type name', () => {
    const b = new ModelBuilder();
    b.cluster('Cluster', { line: 1, groups: [{ name: 'controller', type: 'c5.xlarge', line: 10 }] });
    const run = runRule(rule, b.model);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).toContain('Instance type c5.xlarge of instance group controller');
    expect(run.findings[0]!.message).toMatch(/; did you mean ml\.c5\.xlarge\?$/);
    expect(run.findings[0]!.fix).toBe('Change it to ml.c5.xlarge.');
  });

  it('checks every item of InstanceRequirements and reports each bad one at its own line', () => {
    const b = new ModelBuilder();
    const cluster = b.cluster('Cluster', {
      line: 1,
      groups: [{ name: 'flex', type: ['ml.p5.48xlarge', 'ml.p4d.24xlarge', 'ml.inf2.48xlarge', 'ML.G5.2XLARGE'], count: 4, line: 10 }],
    });
    const group = Array.isArray(cluster.instanceGroups) ? cluster.instanceGroups[0]! : undefined;
    group!.instanceTypes = group!.instanceTypes.map((t, i) => ({ ...t, loc: b.loc(20 + i) }));
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.detail])).toEqual([
      [22, 'flex:ml.inf2.48xlarge'],
      [23, 'flex:ML.G5.2XLARGE'],
    ]);
    expect(run.findings[1]!.message).toMatch(/did you mean ml\.g5\.2xlarge\?$/);
    expect(run.findings[0]!.message).toMatch(/rejects it\.$/);
  });

  // The 8 types botocore 1.43.107 added after the hand-kept list of 1.43.67 (issue 14): false HP007 errors before.
  it('accepts every type of the SageMaker API model, including the ones added after botocore 1.43.67', () => {
    const added = [
      'ml.c8a.16xlarge',
      'ml.g7.2xlarge',
      'ml.g7.4xlarge',
      'ml.g7.8xlarge',
      'ml.g7.12xlarge',
      'ml.g7.24xlarge',
      'ml.g7.48xlarge',
      'ml.m8a.16xlarge',
    ];
    const b = new ModelBuilder();
    b.cluster('Cluster', { groups: added.map((type, i) => ({ name: `g${i}`, type })) });
    expect(runRule(rule, b.model).findings).toEqual([]);
    const all = new ModelBuilder();
    all.cluster('All', { groups: [{ name: 'any', type: [...CLUSTER_INSTANCE_TYPES] }] });
    expect(runRule(rule, all.model).findings).toEqual([]);
    expect(CLUSTER_INSTANCE_TYPES).toHaveLength(209);
  });

  it('a type the API accepts but the network data lacks is valid here: HP030 says "network data missing"', () => {
    const noNetwork = loadInstanceNetworkData({});
    expect(noNetwork.isHyperPodType('ml.g7.48xlarge')).toBe(true);
    expect(noNetwork.get('ml.g7.48xlarge')).toBeNull();
    expect(noNetwork.get('ml.g7.96xlarge')).toBeUndefined();
    const b = new ModelBuilder();
    b.cluster('Cluster', { groups: [{ name: 'gpu', type: 'ml.g7.48xlarge', count: 2, line: 10 }] });
    expect(runRule(rule, b.model, { instances: noNetwork }).findings).toEqual([]);
    expect(addressesPerInstance(noNetwork, 'ml.g7.48xlarge', 'slurm', 'efa')).toEqual({
      known: false,
      reason: 'network data missing for ml.g7.48xlarge (a valid HyperPod instance type that src/data/instance-network.json does not cover)',
    });
    expect(interfacesPerInstance(noNetwork, 'ml.g7.48xlarge')).toMatchObject({ reason: expect.stringMatching(/^network data missing/) });
  });

  it('a misspelt size gets the closest valid names of the API model', () => {
    const b = new ModelBuilder();
    b.cluster('Cluster', { groups: [{ name: 'gpu', type: 'ml.g7f.48xlarge', line: 10 }] });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => f.message.replace(/.*rejects it/, ''))).toEqual([
      '; the closest valid types are ml.g7.48xlarge, ml.g7e.48xlarge, ml.g5.48xlarge.',
    ]);
  });

  it('accepts every HyperPod type, small and large', () => {
    const b = new ModelBuilder();
    b.cluster('Cluster', {
      groups: [
        { name: 'a', type: 'ml.t3.medium' },
        { name: 'b', type: 'ml.p6e-gb200.36xlarge' },
        { name: 'c', type: ['ml.trn2.48xlarge', 'ml.trn1n.32xlarge'] },
      ],
    });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('does not fire on an unknown type and lists it as unverified', () => {
    const b = new ModelBuilder();
    b.cluster('Cluster', {
      line: 1,
      groups: [{ name: 'workers', type: unknown('parameter WorkerType has no default', b.loc(12)), line: 10 }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([
      {
        ruleId: 'HP007',
        file: 'template.yaml',
        line: 12,
        resource: 'workers',
        reason: 'instance type of group workers: parameter WorkerType has no default',
      },
    ]);
  });

  it('skips clusters read from the account and opaque group lists', () => {
    const b = new ModelBuilder();
    b.cluster('Live', { sourceKind: 'account', groups: [{ name: 'x', type: 'ml.bogus.large' }] });
    b.cluster('Opaque', { groups: unknown('InstanceGroups is a JSON string parameter') as never });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('suggestionFor gives nothing for an unrelated name', () => {
    const data = loadInstanceNetworkData();
    expect(suggestionFor(data, 'banana')).toEqual({});
    expect(suggestionFor(data, 'p5.48xlarge')).toEqual({ replacement: 'ml.p5.48xlarge' });
  });
});
