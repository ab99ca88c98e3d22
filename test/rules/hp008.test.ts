import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp008-api-model.js';
import { closestNames, editDistance } from '../../src/rules/util/api-validate.js';
import { parseClusterSpec } from '../../src/parsers/cluster-spec.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import { Model } from '../../src/model/model.js';
import { runRule } from './run-rule.js';

function check(file: string, text: string) {
  const parsed = parseClusterSpec(file, text, { limits: DEFAULT_LIMITS });
  expect(parsed.errors).toEqual([]);
  return runRule(rule, Model.fromParsed([parsed]));
}

const group = (extra: string) =>
  `ClusterName: ml-cluster
InstanceGroups:
  - InstanceGroupName: workers
    InstanceType: ml.p5.48xlarge
    ExecutionRole: arn:aws:iam::123456789012:role/HyperPodExecution
${extra}
VpcConfig:
  SecurityGroupIds: [sg-0123456789abcdef0]
  Subnets: [subnet-0123456789abcdef0]
`;

describe('HP008 api-model', () => {
  it('names the member a typo stands for, on the key line, as a CLI-side rejection', () => {
    const run = check('create.yaml', group('    InstanceCounts: 4'));
    expect(run.findings.map((f) => [f.line, f.message])).toEqual([
      [
        6,
        'Cluster ml-cluster: InstanceGroups[0].InstanceCounts is not a member of ClusterInstanceGroupSpecification (did you mean InstanceCount?). ' +
          'The AWS CLI rejects the request before sending it (parameter validation); SageMaker API model, botocore 1.43.107 of 2026-10-01.',
      ],
    ]);
    expect(run.findings[0]!.fix).toBe('Rename InstanceCounts to InstanceCount.');
  });

  it('reports a missing required member once the typo is gone, at the group', () => {
    const run = check('create.yaml', group('    ThreadsPerCore: 2'));
    expect(run.findings.map((f) => [f.line, f.message.split('. ')[0]])).toEqual([
      [3, 'Cluster ml-cluster: InstanceGroups[0] is missing the required member InstanceCount'],
    ]);
  });

  it('tells maxima (API) from minima (CLI), and fires exactly at the edge', () => {
    const at = (count: number) => check('create.yaml', group(`    InstanceCount: ${count}`)).findings.map((f) => f.message);
    expect(at(0)).toEqual([]);
    expect(at(6758)).toEqual([]);
    expect(at(-1)[0]).toContain(
      'InstanceGroups[0].InstanceCount is -1; the minimum is 0. The AWS CLI rejects the request before sending it',
    );
    expect(at(6759)[0]).toContain(
      'InstanceGroups[0].InstanceCount is 6759; the maximum is 6758. The AWS CLI sends it, but the SageMaker API rejects it at deploy time',
    );
  });

  it('checks enums with a suggestion, and patterns', () => {
    const run = check('create.yaml', group('    InstanceCount: 1\n    NetworkInterface:\n      InterfaceType: EFA\n    ImageId: ami-12'));
    expect(run.findings.map((f) => [f.line, f.message.split('. ')[0]])).toEqual([
      [
        8,
        'Cluster ml-cluster: InstanceGroups[0].NetworkInterface.InterfaceType is "EFA", which is not one of efa, efa-only (did you mean efa?)',
      ],
      [9, 'Cluster ml-cluster: InstanceGroups[0].ImageId is 6 characters long; the minimum is 7'],
    ]);
  });

  it('skips template placeholders and lists them as unverified', () => {
    const run = check('create.yaml', group('    InstanceCount: 1\n    TrainingPlanArn: ${TRAINING_PLAN}'));
    expect(run.findings).toEqual([]);
    expect(run.unverified).toHaveLength(1);
    expect(run.unverified[0]!.reason).toContain('InstanceGroups[0].TrainingPlanArn ("${TRAINING_PLAN}" is a template placeholder)');
  });

  it('validates an UpdateCluster body against UpdateClusterRequest', () => {
    const run = check('update.json', JSON.stringify({ ClusterName: 'ml-cluster', InstanceGroupsToDelete: ['old'], Tags: [] }, null, 2));
    expect(run.findings.map((f) => [f.line, f.message.split('. ')[0]])).toEqual([
      [6, 'Cluster ml-cluster: Tags is not a member of UpdateClusterRequest (it is a member of CreateCluster, not of this request)'],
    ]);
  });

  it('does not flag the region key the tool reads, nor instance types and subnet counts other rules own', () => {
    const run = check(
      'create.yaml',
      'region: us-west-2\n' +
        group('    InstanceCount: 1').replace('ml.p5.48xlarge', 'ml.p5.96xlarge').replace('[sg-0123456789abcdef0]', '[]'),
    );
    expect(run.findings).toEqual([]);
  });
});

describe('closestNames', () => {
  it('prefers a case-only difference, then small edit distances and shortened names', () => {
    expect(closestNames('VPCConfig', ['VpcConfig', 'Tags'])).toEqual(['VpcConfig']);
    expect(closestNames('InstanceCounts', ['InstanceCount', 'MinInstanceCount'])).toEqual(['InstanceCount']);
    expect(closestNames('Lifecycle', ['LifeCycleConfig', 'ImageId'])).toEqual(['LifeCycleConfig']);
    expect(closestNames('Foo', ['LifeCycleConfig', 'ImageId'])).toEqual([]);
    expect(editDistance('ab', 'ba')).toBe(1);
  });
});
