import { describe, expect, it } from 'vitest';
import rule, { PER_CLUSTER_QUOTA, TOTAL_QUOTA } from '../../src/rules/hp040-cluster-usage-quota.js';
import { ModelBuilder, unknown } from './builders.js';
import { runRule, summary } from './run-rule.js';

function twoClusters() {
  const b = new ModelBuilder('template.yaml', 'us-west-2');
  // One at 1: workers at 10 (type line 12); Two at 100: gpu at 110 (type line 112).
  b.cluster('One', {
    line: 1,
    groups: [
      { name: 'workers', type: 'ml.p5.48xlarge', count: 16, line: 10 },
      { name: 'ctl', type: 'ml.m5.xlarge', count: 1, line: 20 },
    ],
  });
  b.cluster('Two', { line: 100, groups: [{ name: 'gpu', type: 'ml.p5.48xlarge', count: 8, line: 110 }] });
  return b;
}

describe('HP040 cluster-usage-quota', () => {
  it('offline: fills the demand per type and per cluster, reports nothing', () => {
    const run = runRule(rule, twoClusters().model);
    expect(run.findings).toEqual([]);
    expect(run.demand.instancesPerType).toEqual({ 'ml.p5.48xlarge': 24, 'ml.m5.xlarge': 1 });
    expect(run.demand.clusters).toEqual([
      { cluster: 'One', file: 'template.yaml', region: 'us-west-2', instances: 17, perType: { 'ml.p5.48xlarge': 16, 'ml.m5.xlarge': 1 } },
      { cluster: 'Two', file: 'template.yaml', region: 'us-west-2', instances: 8, perType: { 'ml.p5.48xlarge': 8 } },
    ]);
  });

  it('errors when a type across clusters exceeds "<type> for cluster usage", at the largest group', () => {
    const run = runRule(rule, twoClusters().model, {
      account: {
        degraded: [],
        sagemakerQuotas: { 'us-west-2': { 'ml.p5.48xlarge for cluster usage': 20, 'ml.m5.xlarge for cluster usage': 4 } },
      },
    });
    expect(summary(run)).toEqual([
      {
        line: 12,
        severity: 'error',
        message:
          'The scanned clusters request 24 ml.p5.48xlarge instances in us-west-2 (One/workers 16, Two/gpu 8), but the applied quota ' +
          '"ml.p5.48xlarge for cluster usage" is 20; instances of other clusters in the account also count against it.',
      },
    ]);
  });

  it('errors on the per-cluster and total quotas', () => {
    const run = runRule(rule, twoClusters().model, {
      account: {
        degraded: [],
        sagemakerQuotas: {
          'us-west-2': {
            'ml.p5.48xlarge for cluster usage': 100,
            'ml.m5.xlarge for cluster usage': 4,
            [PER_CLUSTER_QUOTA]: 10,
            [TOTAL_QUOTA]: 20,
          },
        },
      },
    });
    expect(summary(run)).toEqual([
      {
        line: 1,
        severity: 'error',
        message: `Cluster One requests 17 instances, but the applied quota "${PER_CLUSTER_QUOTA}" in us-west-2 is 10.`,
      },
      {
        line: 1,
        severity: 'error',
        message: `The scanned clusters request 25 instances in us-west-2 (One 17, Two 8), but the applied quota "${TOTAL_QUOTA}" is 20.`,
      },
    ]);
  });

  it('a missing quota or unknown count is unverified, not a finding', () => {
    const b = new ModelBuilder('template.yaml', 'us-west-2');
    b.cluster('One', {
      line: 1,
      groups: [
        { name: 'w', type: 'ml.p5.48xlarge', count: 3, line: 10 },
        { name: 'v', type: 'ml.g5.xlarge', count: unknown('parameter N'), line: 20 },
      ],
    });
    const run = runRule(rule, b.model, { account: { degraded: [], sagemakerQuotas: { 'us-west-2': {} } } });
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [23, 'instance demand of group v: parameter N'],
      [12, 'quota "ml.p5.48xlarge for cluster usage" not found in us-west-2'],
    ]);
  });

  it('groups with several candidate types count toward totals but no single type', () => {
    const b = new ModelBuilder('template.yaml', 'us-west-2');
    b.cluster('One', { line: 1, groups: [{ name: 'flex', type: ['ml.p5.48xlarge', 'ml.p4d.24xlarge'], count: 30, line: 10 }] });
    const run = runRule(rule, b.model, {
      account: { degraded: [], sagemakerQuotas: { 'us-west-2': { 'ml.p5.48xlarge for cluster usage': 1, [TOTAL_QUOTA]: 29 } } },
    });
    expect(run.findings.map((f) => f.detail)).toEqual(['us-west-2:total']);
    expect(run.demand.instancesPerType).toEqual({ 'ml.p5.48xlarge': 30 });
  });
});
