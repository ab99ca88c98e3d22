import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp051-fsx-needs-vpc.js';
import { ModelBuilder, idRef, known, ref, unknown } from './builders.js';
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

  // Issue 14 item 5: HP050 already counts this file system as the cluster's; HP051 must agree.
  it('errors when the only cluster of a template is deployed beside an FSx for Lustre it does not name', () => {
    const b = new ModelBuilder();
    b.fsx('FsxLustre', { line: 10 });
    b.cluster('Cluster', { line: 50, groups: [{ name: 'workers' }] });
    expect(runRule(rule, b.model).findings.map((f) => [f.line, f.message.split('. ')[0]])).toEqual([
      [50, 'Cluster Cluster has no VpcConfig, but it is deployed with FSx for Lustre FsxLustre'],
    ]);
  });

  it('same template, file system type unknown: unverified; two clusters in the template: neither owns it', () => {
    const b = new ModelBuilder();
    const fsx = b.fsx('Fsx', { line: 10 });
    fsx.fileSystemType = unknown('FileSystemType is a parameter without a default');
    b.cluster('Cluster', { line: 50, groups: [{ name: 'w' }] });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [10, 'FSx without VpcConfig: file system type of Fsx, deployed with cluster Cluster, is not known'],
    ]);
    const two = new ModelBuilder();
    two.fsx('Fsx', { line: 10 });
    two.cluster('A', { line: 50, groups: [{ name: 'w' }] });
    two.cluster('B', { line: 90, groups: [{ name: 'w' }] });
    expect(runRule(rule, two.model).findings).toEqual([]);
  });

  it('skips UpdateCluster bodies (no VpcConfig member), as HP001 does', () => {
    const b = new ModelBuilder();
    b.cluster('Cluster', { line: 1, isUpdate: true, groups: [{ name: 'w', fsxMounts: [known('fs-1.fsx.us-west-2.amazonaws.com')] }] });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });
});
