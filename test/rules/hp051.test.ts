import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp051-fsx-needs-vpc.js';
import { ModelBuilder, idRef, known, ref } from './builders.js';
import { runRule, summary } from './run-rule.js';

describe('HP051 fsx-needs-vpc', () => {
  it('errors at the cluster when a group mounts FSx for Lustre and there is no VpcConfig', () => {
    const b = new ModelBuilder();
    b.cluster('Cluster', {
      line: 50,
      groups: [{ name: 'workers', fsxMounts: [known('fs-0123.fsx.us-west-2.amazonaws.com')] }, { name: 'ctl' }],
    });
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([
      {
        line: 50,
        severity: 'error',
        message:
          'Cluster Cluster has no VpcConfig, but instance group workers mounts FSx for Lustre. Without a VpcConfig the nodes run in the HyperPod service VPC and cannot reach a file system in your VPC.',
      },
    ]);
  });

  it('errors when the cluster is deployed with an FSx file system of the template', () => {
    const b = new ModelBuilder();
    const fsx = b.fsx('Fsx', { line: 10 });
    b.cluster('Cluster', { line: 50, groups: [{ name: 'w' }], fsxFileSystems: [ref(fsx)] });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.message])).toEqual([
      [
        50,
        'Cluster Cluster has no VpcConfig, but it is deployed with FSx for Lustre Fsx. Without a VpcConfig the nodes run in the HyperPod service VPC and cannot reach a file system in your VPC.',
      ],
    ]);
  });

  it('no finding with a VpcConfig, or without FSx', () => {
    const b = new ModelBuilder();
    b.cluster('WithVpc', {
      vpc: { subnets: [idRef('subnet-1')], securityGroups: [idRef('sg-1')] },
      groups: [{ name: 'w', fsxMounts: [known('fs-1.fsx')] }],
    });
    b.cluster('NoFsx', { groups: [{ name: 'w' }] });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });
});
