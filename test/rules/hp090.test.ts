import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp090-not-statically-visible.js';
import { ModelBuilder, unknown } from './builders.js';
import { runRule, summary } from './run-rule.js';

describe('HP090 not-statically-visible', () => {
  it('reports a notice at a cluster created by a custom resource', () => {
    const b = new ModelBuilder();
    b.cluster('HyperPodCluster', { line: 120, notVisible: 'created by the Lambda-backed custom resource Custom::HyperPodCluster' });
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 120,
        severity: 'notice',
        message:
          'Cluster HyperPodCluster is defined in a way this scan cannot see (created by the Lambda-backed custom resource Custom::HyperPodCluster), ' +
          'so its instance groups, VPC and security-group prerequisites were not checked.',
      },
    ]);
  });

  it('reports instance groups passed as an opaque string', () => {
    const b = new ModelBuilder();
    b.cluster('Cluster', {
      line: 9,
      clusterName: 'demo',
      groups: unknown('InstanceGroups comes from the JSON string parameter InstanceGroupSettings1'),
      notVisible: 'instance groups of Cluster are not statically visible: parameter InstanceGroupSettings1 is a JSON string',
    });
    const [finding] = runRule(rule, b.model).findings;
    expect(finding!.line).toBe(9);
    expect(finding!.message).toBe(
      'Cluster demo is defined in a way this scan cannot see (instance groups of Cluster are not statically visible: parameter InstanceGroupSettings1 is a JSON string), ' +
        'so its instance groups, VPC and security-group prerequisites were not checked.',
    );
  });

  it('stays silent for a bare VpcConfig file, whose instance groups are passed separately', () => {
    const b = new ModelBuilder('vpc-config.json', undefined, 'cluster-spec');
    b.cluster('vpc-config.json', {
      groups: unknown('VpcConfig file: instance groups are passed separately'),
      vpc: { subnets: [], securityGroups: [] },
    });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('stays silent for visible clusters', () => {
    const b = new ModelBuilder();
    b.cluster('Cluster', { groups: [{ name: 'w' }] });
    expect(runRule(rule, b.model).findings).toEqual([]);
  });
});
