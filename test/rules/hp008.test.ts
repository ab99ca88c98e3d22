import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp008-api-model.js';
import { closestNames, editDistance } from '../../src/rules/util/api-validate.js';
import { parseClusterSpec } from '../../src/parsers/cluster-spec.js';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { parseTerraformPlan } from '../../src/parsers/terraform.js';
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

function checkCfn(properties: string, head = '') {
  const text = `AWSTemplateFormatVersion: '2010-09-09'\n${head}Resources:\n  Cluster:\n    Type: AWS::SageMaker::Cluster\n    Properties:\n${properties}`;
  const parsed = parseCloudFormation('template.yaml', text, { limits: DEFAULT_LIMITS });
  expect(parsed.errors).toEqual([]);
  return runRule(rule, Model.fromParsed([parsed]));
}

const CFN_GROUP = `      InstanceGroups:
        - InstanceGroupName: workers
          InstanceType: ml.p5.48xlarge
          ExecutionRole: arn:aws:iam::123456789012:role/HyperPodExecution
          LifeCycleConfig:
            SourceS3Uri: s3://sagemaker-lifecycle-ml-cluster/scripts/
            OnCreate: on_create.sh
`;

describe('HP008 on AWS::SageMaker::Cluster properties', () => {
  it('reports a misspelt property at its key line, as a CloudFormation deploy-time rejection', () => {
    const run = checkCfn(`${CFN_GROUP}          InstanceCount: 2\n      VPCConfig:\n        Subnets: [subnet-0123456789abcdef0]\n`);
    expect(run.findings.map((f) => [f.line, f.message])).toEqual([
      [
        14,
        'VPCConfig is not a property of AWS::SageMaker::Cluster (did you mean VpcConfig?). CloudFormation rejects the resource properties ' +
          'at deploy time (resource schema validation); AWS::SageMaker::Cluster schema, cfn-lint 1.51.0 provider schema us-east-1 AWS::SageMaker::Cluster.',
      ],
    ]);
  });

  it('evaluates parameters with defaults, skips undecidable values as unverified, and removes AWS::NoValue', () => {
    const head = 'Parameters:\n  Count:\n    Type: Number\n    Default: 7000\n  Threads:\n    Type: Number\n';
    const run = checkCfn(
      `${CFN_GROUP}          InstanceCount: !Ref Count\n          ThreadsPerCore: !Ref Threads\n          ImageId: !Ref AWS::NoValue\n`,
      head,
    );
    expect(run.findings.map((f) => [f.line, f.message.split('. ')[0]])).toEqual([
      [19, 'InstanceGroups[0].InstanceCount is 7000; the maximum is 6758'],
    ]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [
        20,
        '1 value of template.yaml not checked against the AWS::SageMaker::Cluster schema: InstanceGroups[0].ThreadsPerCore (parameter Threads has no default)',
      ],
    ]);
  });

  it('checks a oneOf (Orchestrator) and Kubernetes label maps; leaves instance types and subnet counts to HP007/HP002', () => {
    const run = checkCfn(
      `${CFN_GROUP}          InstanceCount: 2\n          KubernetesConfig:\n            Labels:\n              team: research\n` +
        `      Orchestrator:\n        Slurm: {}\n        Eks:\n          ClusterArn: arn:aws:eks:us-west-2:123456789012:cluster/ml\n` +
        `      VpcConfig:\n        Subnets: []\n`,
    );
    expect(run.findings.map((f) => [f.line, f.message.split('. ')[0]])).toEqual([
      [17, 'Orchestrator must set exactly one of Eks, Slurm, but it sets Slurm and Eks'],
    ]);
  });

  it('a member the SageMaker API has but the pinned schema lacks is unverified, not an error', () => {
    const run = checkCfn(
      `      InstanceGroups:\n        - InstanceGroupName: flex\n          InstanceRequirements:\n            InstanceTypes: [ml.g5.48xlarge]\n` +
        `          InstanceCount: 2\n          ExecutionRole: arn:aws:iam::123456789012:role/HyperPodExecution\n`,
    );
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [
        8,
        '1 value of template.yaml not checked against the AWS::SageMaker::Cluster schema: InstanceGroups[0].InstanceRequirements ' +
          '(InstanceRequirements is a SageMaker API member that the pinned AWS::SageMaker::Cluster schema does not list)',
      ],
    ]);
  });
});

describe('HP008 on awscc_sagemaker_cluster (Terraform plan)', () => {
  it('checks the attributes against the CloudFormation schema, by their snake_case names; computed attributes are skipped', () => {
    const after = {
      cluster_name: 'nova',
      cluster_arn: null,
      node_recovery: 'Auto',
      vpc_config: { subnets: ['subnet-0123456789abcdef0'], security_group_ids: ['sg-0123456789abcdef0'] },
      instance_groups: [
        {
          instance_group_name: 'ctl',
          instance_type: 'ml.m5.xlarge',
          instance_count: 7000,
          execution_role: 'arn:aws:iam::123456789012:role/x',
          instance_storage_configs: [{ ebs_volume_config: { volume_size_in_gb: 500 } }],
        },
      ],
      restricted_instance_groups: [
        {
          instance_group_name: 'rig',
          instance_type: 'ml.p5.48xlarge',
          instance_count: 2,
          execution_role: 'arn:aws:iam::123456789012:role/x',
          environment_config: { fsx_lustre_config: { size_in_gi_b: 1200, per_unit_storage_throughput: 250 } },
        },
      ],
    };
    const doc = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'awscc_sagemaker_cluster.nova',
          mode: 'managed',
          type: 'awscc_sagemaker_cluster',
          name: 'nova',
          change: { actions: ['create'], before: null, after, after_unknown: { id: true, cluster_status: true } },
        },
      ],
    };
    const parsed = parseTerraformPlan('plan.json', JSON.stringify(doc, null, 2), { limits: DEFAULT_LIMITS });
    expect(parsed.errors).toEqual([]);
    const run = runRule(rule, Model.fromParsed([parsed]));
    expect(run.findings.map((f) => f.message.split('. ')[0])).toEqual([
      'Cluster nova: NodeRecovery is "Auto", which is not one of Automatic, None (did you mean Automatic?)',
      'Cluster nova: InstanceGroups[0].InstanceCount is 7000; the maximum is 6758',
    ]);
    expect(run.unverified).toEqual([]);
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
