import { describe, expect, it } from 'vitest';
import rule, { suggestionFor } from '../../src/rules/hp007-instance-type-unknown.js';
import { loadInstanceNetworkData } from '../../src/data/instance-network.js';
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
