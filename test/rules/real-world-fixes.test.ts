/**
 * Regression tests for the defects the real-world corpus found (docs/real-world.md: FP-1, FN-1,
 * FN-2, N-2 "no SSM action", N-3 "AWS managed policies", N-4 "placeholders"). Inputs are inline
 * and scanned end to end, in process.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';
import type { Finding, ScanResult } from '../../src/engine/types.js';
import { Model } from '../../src/model/model.js';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { parseClusterSpec } from '../../src/parsers/cluster-spec.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import hp031 from '../../src/rules/hp031-eni-quota.js';
import hp040, { typeQuotaName } from '../../src/rules/hp040-cluster-usage-quota.js';
import { isAwsManagedWithoutStartSession } from '../../src/rules/util/iam.js';
import { runRule } from './run-rule.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Writes the files into a fresh folder and scans it (offline, us-west-2). */
async function scanFiles(files: Record<string, string>): Promise<ScanResult> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hp-fixes-'));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  return scan({ cwd: dir, workers: false, region: 'us-west-2' });
}

const at = (f: Finding) => `${f.ruleId} ${f.severity} ${f.file}:${f.line}:${f.column} [${f.resource}]`;

// ---- FP-1 -----------------------------------------------------------------------------------------

const BLOCK_POLICY_ENDPOINT = `Resources:
  S3Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: vpc-0123456789abcdef0
      ServiceName: com.amazonaws.us-west-2.s3
      PolicyDocument:
        Version: 2012-10-17
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: '*'
            Resource: '*'
`;

describe('FP-1: HP021 on a CloudFormation endpoint policy lands on the PolicyDocument key', () => {
  it('block-style policy: line 7 (the PolicyDocument key), not line 8 (Version)', async () => {
    const result = await scanFiles({ 'endpoint.yaml': BLOCK_POLICY_ENDPOINT });
    expect(result.findings.map(at)).toEqual(['HP021 notice endpoint.yaml:7:7 [S3Endpoint]']);
  });

  it('flow-style policy, JSON template and JSON-string policy: the key line too', async () => {
    const flow = BLOCK_POLICY_ENDPOINT.replace(
      / {6}PolicyDocument:\n[\s\S]*$/,
      "      PolicyDocument: {Statement: [{Effect: Allow, Principal: '*', Action: 's3:*', Resource: 'arn:aws:s3:::*'}]}\n",
    );
    const json = JSON.stringify(
      {
        Resources: {
          S3Endpoint: {
            Type: 'AWS::EC2::VPCEndpoint',
            Properties: {
              VpcId: 'vpc-0123456789abcdef0',
              ServiceName: 'com.amazonaws.us-west-2.s3',
              PolicyDocument: { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }] },
            },
          },
        },
      },
      null,
      2,
    );
    const jsonString = BLOCK_POLICY_ENDPOINT.replace(
      / {6}PolicyDocument:\n[\s\S]*$/,
      `      PolicyDocument: '{"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*", "Resource": "*"}]}'\n`,
    );
    const result = await scanFiles({ 'flow.yaml': flow, 'string.yaml': jsonString, 'template.json': json });
    expect(result.findings.map(at)).toEqual([
      'HP021 notice flow.yaml:7:7 [S3Endpoint]',
      'HP021 notice string.yaml:7:7 [S3Endpoint]',
      'HP021 notice template.json:8:9 [S3Endpoint]',
    ]);
  });

  it('an unreadable policy is listed as unverified at the key line', async () => {
    const text = BLOCK_POLICY_ENDPOINT.replace(
      / {6}PolicyDocument:\n[\s\S]*$/,
      '      PolicyDocument:\n        Fn::ImportValue: shared-policy\n',
    );
    const result = await scanFiles({ 'endpoint.yaml': text });
    expect(result.findings).toEqual([]);
    expect(result.unverified.filter((u) => u.ruleId === 'HP021').map((u) => `${u.file}:${u.line}`)).toEqual(['endpoint.yaml:7']);
  });
});

// ---- FN-1 -----------------------------------------------------------------------------------------

const cfnCluster = (groups: { name: string; type: string; count: number }[]) => `Resources:
  Cluster:
    Type: AWS::SageMaker::Cluster
    Properties:
      ClusterName: ml-cluster
      VpcConfig:
        Subnets: [subnet-0123456789abcdef0]
        SecurityGroupIds: [sg-0123456789abcdef0]
      InstanceGroups:
${groups
  .map(
    (g) => `        - InstanceGroupName: ${g.name}
          InstanceType: ${g.type}
          InstanceCount: ${g.count}
          ExecutionRole: arn:aws:iam::123456789012:role/hp
          LifeCycleConfig: {SourceS3Uri: 's3://sagemaker-b/x', OnCreate: on_create.sh}
`,
  )
  .join('')}`;

const specCluster = (groups: { name: string; type: string; count: number }[]) =>
  JSON.stringify(
    {
      ClusterName: 'ml-cluster',
      VpcConfig: { Subnets: ['subnet-0123456789abcdef0'], SecurityGroupIds: ['sg-0123456789abcdef0'] },
      InstanceGroups: groups.map((g) => ({
        InstanceGroupName: g.name,
        InstanceType: g.type,
        InstanceCount: g.count,
        ExecutionRole: 'arn:aws:iam::123456789012:role/hp',
        LifeCycleConfig: { SourceS3Uri: 's3://sagemaker-b/x', OnCreate: 'on_create.sh' },
      })),
    },
    null,
    2,
  );

const SMALL = [{ name: 'workers', type: 'ml.m5.xlarge', count: 1 }];
const LARGE = [{ name: 'workers', type: 'ml.p5.48xlarge', count: 4 }];

describe('FN-1: same-name clusters in different files', () => {
  // Issue 17 item 5: one cluster name is one cluster; its definitions are merged, not summed, and no group is dropped.
  it('a twin with other instance groups is one cluster: both groups are counted once, and the overlap is listed', async () => {
    const result = await scanFiles({ 'a.yaml': cfnCluster(SMALL), 'b.json': specCluster(LARGE) });
    expect(result.demand.instancesPerType).toEqual({ 'ml.m5.xlarge': 1, 'ml.p5.48xlarge': 4 });
    expect(result.demand.clusters.map((c) => `${c.cluster} ${c.file} ${c.instances}`)).toEqual(['ml-cluster a.yaml 5']);
    const notes = result.unverified.filter((u) => u.ruleId === 'HP040' && /counted once/.test(u.reason));
    expect(notes).toEqual([
      {
        ruleId: 'HP040',
        file: 'b.json',
        line: 2,
        resource: 'ml-cluster',
        reason:
          'cluster ml-cluster in us-west-2 is defined in a.yaml and b.json; it is counted once, each instance group with the largest InstanceCount given',
      },
    ]);
  });

  it('an exact twin (same name, region and instance groups) counts once', async () => {
    const result = await scanFiles({ 'a.yaml': cfnCluster(LARGE), 'b.json': specCluster(LARGE) });
    expect(result.demand.instancesPerType).toEqual({ 'ml.p5.48xlarge': 4 });
    expect(result.demand.clusters.map((c) => `${c.file} ${c.instances}`)).toEqual(['a.yaml 4']);
    expect(result.unverified.filter((u) => /same name/.test(u.reason))).toEqual([]);
  });

  it('group order does not matter for an exact twin; a different count counts the larger one', async () => {
    const two = [...LARGE, { name: 'controller', type: 'ml.m5.xlarge', count: 1 }];
    const same = await scanFiles({ 'a.yaml': cfnCluster(two), 'b.json': specCluster([...two].reverse()) });
    expect(same.demand.instancesPerType).toEqual({ 'ml.p5.48xlarge': 4, 'ml.m5.xlarge': 1 });
    const other = await scanFiles({ 'a.yaml': cfnCluster(two), 'b.json': specCluster([{ ...two[0]!, count: 5 }, two[1]!]) });
    expect(other.demand.instancesPerType).toEqual({ 'ml.p5.48xlarge': 5, 'ml.m5.xlarge': 1 });
  });

  it('a definition whose groups are opaque (nested stack) is kept and raises no same-name entry', async () => {
    const nested = `Resources:
  HyperPodClusterStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://b.s3.amazonaws.com/hyperpod-cluster-stack.yaml
      Parameters: {HyperPodClusterName: ml-cluster, AcceleratedInstanceCount: 4}
`;
    const result = await scanFiles({ 'main.yaml': nested, 'b.json': specCluster(LARGE) });
    expect(result.demand.clusters.map((c) => `${c.cluster} ${c.file} ${c.instances}`)).toEqual([
      'ml-cluster b.json 4',
      'ml-cluster main.yaml 0',
    ]);
    expect(result.demand.instancesPerType).toEqual({ 'ml.p5.48xlarge': 4 });
    expect(result.unverified.filter((u) => /same name/.test(u.reason))).toEqual([]);
  });

  function twinModel(): Model {
    const opts = { limits: DEFAULT_LIMITS, region: 'us-west-2' };
    return Model.fromParsed(
      [parseCloudFormation('a.yaml', cfnCluster(SMALL), opts), parseClusterSpec('b.json', specCluster(LARGE), opts)],
      'us-west-2',
    );
  }

  it('HP040 (account mode) compares the quota with the merged cluster', () => {
    const run = runRule(hp040, twinModel(), {
      options: { region: 'us-west-2' },
      account: {
        degraded: [],
        sagemakerQuotas: { 'us-west-2': { [typeQuotaName('ml.p5.48xlarge')]: 3, [typeQuotaName('ml.m5.xlarge')]: 10 } },
      },
    });
    expect(run.findings.map((f) => `${f.file}:${f.line} ${f.severity} ${f.detail}`)).toEqual(['b.json:14 error us-west-2:ml.p5.48xlarge']);
    expect(run.findings[0]!.message).toBe(
      'The scanned clusters request 4 ml.p5.48xlarge instances in us-west-2 (workers 4), but the applied quota ' +
        '"ml.p5.48xlarge for cluster usage" is 3; instances of other clusters in the account also count against it.',
    );
  });

  it('HP031 counts the network interfaces of the merged cluster once', () => {
    const run = runRule(hp031, twinModel(), {
      options: { region: 'us-west-2' },
      account: { degraded: [], eni: { 'us-west-2': { quota: 150, inUse: 30 } } },
    });
    // ml.m5.xlarge: 1 network card; ml.p5.48xlarge: 32 (src/data/instance-network.json): 1 + 4 × 32 = 129 > 150 - 30.
    expect(run.demand.eniPerRegion).toEqual({ 'us-west-2': 129 });
    expect(run.findings).toHaveLength(1);
    expect(run.findings.map((f) => `${f.severity} ${f.detail}`)).toEqual(['error us-west-2']);
    expect(run.findings[0]!.message).toMatch(
      /^The clusters in us-west-2 create 129 network interfaces \(ml-cluster: workers 1 × 1 = 1, workers 4 × 32 = 128\);/,
    );
  });
});

// ---- FN-2 -----------------------------------------------------------------------------------------

const NESTED_MAIN = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  HyperPodClusterName:
    Type: String
    Default: ml-cluster
  AcceleratedInstanceType:
    Type: String
    Default: ml.p5.48xlarge
Resources:
  HyperPodClusterStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://example-bucket.s3.amazonaws.com/hyperpod-cluster-stack.yaml
      Parameters:
        HyperPodClusterName: !Ref HyperPodClusterName
        AcceleratedInstanceType: !Ref AcceleratedInstanceType
        AcceleratedInstanceCount: 4
        SecurityGroupId: sg-0123456789abcdef0
        PrivateSubnetId: subnet-0123456789abcdef0
  VpcStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://example-bucket.s3.amazonaws.com/vpc-stack.yaml
      Parameters:
        VpcCIDR: 10.192.0.0/16
`;

describe('FN-2: a cluster deployed through a nested stack', () => {
  it('is reported by HP090 at the nested stack, and every nested stack is listed as not followed', async () => {
    const result = await scanFiles({ 'main.yaml': NESTED_MAIN });
    expect(result.findings.map(at)).toEqual(['HP090 notice main.yaml:10:3 [HyperPodClusterStack]']);
    expect(result.findings[0]!.message).toBe(
      'Cluster ml-cluster is defined in a way this scan cannot see (the cluster is defined in nested stack HyperPodClusterStack ' +
        '(TemplateURL https://example-bucket.s3.amazonaws.com/hyperpod-cluster-stack.yaml); scan that template too), ' +
        'so its instance groups, VPC and security-group prerequisites were not checked.',
    );
    expect(result.findings[0]!.fix).toMatch(/nested stack/);
    expect(result.unverified.map((u) => `${u.file}:${u.line} [${u.resource}] ${u.reason}`)).toEqual([
      'main.yaml:10 [HyperPodClusterStack] nested stack HyperPodClusterStack (TemplateURL https://example-bucket.s3.amazonaws.com/hyperpod-cluster-stack.yaml) ' +
        'defines a cluster and is not scanned, so its resources are not checked; values read from it leave HP010, HP011 unchecked at line 10; scan that template too',
      'main.yaml:20 [VpcStack] nested stack VpcStack (TemplateURL https://example-bucket.s3.amazonaws.com/vpc-stack.yaml) ' +
        'is not scanned, so its resources are not checked; scan that template too',
    ]);
  });
});

// ---- N-2 (HP060 noise) ----------------------------------------------------------------------------

const ROLES = `Resources:
  FlowLogsGroup:
    Type: AWS::Logs::LogGroup
  FlowLogsRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: vpc-flow-logs.amazonaws.com}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: flowlogs
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ['logs:CreateLogStream', 'logs:PutLogEvents']
                Resource: !GetAtt FlowLogsGroup.Arn
  SessionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: '*'}, Action: sts:AssumeRole}]}
      Policies:
        - PolicyName: sessions
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ssm:StartSession
                Resource: !GetAtt FlowLogsGroup.Arn
`;

describe('N-2: HP060 lists only statements that could grant ssm:StartSession', () => {
  it('a role with only logs actions on an unknown resource is not unverified; a StartSession one still is', async () => {
    const result = await scanFiles({ 'roles.yaml': ROLES });
    expect(result.findings).toEqual([]);
    expect(result.unverified.filter((u) => u.ruleId === 'HP060').map((u) => `${u.line} [${u.resource}] ${u.reason}`)).toEqual([
      '23 [SessionRole] SSM access of SessionRole: a policy statement cannot be evaluated',
    ]);
  });
});

// ---- N-3 (AWS managed policies) -------------------------------------------------------------------

const MANAGED = `Resources:
  ExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {AWS: 'arn:aws:iam::123456789012:root'}, Action: sts:AssumeRole}]}
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/AmazonSageMakerClusterInstanceRolePolicy
        - arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole
        - arn:aws:iam::aws:policy/AmazonSageMakerFullAccess
        - arn:aws:iam::123456789012:policy/AmazonSageMakerClusterInstanceRolePolicy
`;

describe('N-3: AWS managed policies known not to grant ssm:StartSession', () => {
  it('are not listed as unverified; unknown AWS and customer policies of the same name still are', async () => {
    const result = await scanFiles({ 'role.yaml': MANAGED });
    expect(result.findings).toEqual([]);
    expect(result.unverified.filter((u) => u.ruleId === 'HP060').map((u) => `${u.line} ${u.reason}`)).toEqual([
      '9 SSM access: managed policy arn:aws:iam::aws:policy/AmazonSageMakerFullAccess of ExecutionRole is not in the scanned files',
      '10 SSM access: managed policy arn:aws:iam::123456789012:policy/AmazonSageMakerClusterInstanceRolePolicy of ExecutionRole is not in the scanned files',
    ]);
  });
});

describe('isAwsManagedWithoutStartSession', () => {
  it('accepts only the listed AWS managed policies, in any partition, with their path', () => {
    expect(
      [
        'arn:aws:iam::aws:policy/AmazonSageMakerClusterInstanceRolePolicy',
        'arn:aws-cn:iam::aws:policy/AmazonSageMakerClusterInstanceRolePolicy',
        'arn:aws-us-gov:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
        ' arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole ',
        'arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole',
        'arn:aws:iam::aws:policy/AmazonSSMFullAccess',
        'arn:aws:iam::123456789012:policy/AmazonSageMakerClusterInstanceRolePolicy',
        'arn:aws:iam::aws:policy/AmazonSageMakerClusterInstanceRolePolicyExtra',
        'AmazonSageMakerClusterInstanceRolePolicy',
      ].map(isAwsManagedWithoutStartSession),
    ).toEqual([true, true, true, true, false, false, false, false, false]);
  });
});

// ---- N-4 (placeholder IDs) ------------------------------------------------------------------------

const PLACEHOLDER_SPEC = `{
  "ClusterName": "cluster",
  "VpcConfig": {
    "SecurityGroupIds": ["sg-xxx", "sg-0123456789abcdef0", "sg-0a1b2c3d"],
    "Subnets": ["subnet-xxxxxxxx", "subnet-0123456789abcdef0", "subnet-0123"]
  },
  "InstanceGroups": [
    {
      "InstanceGroupName": "workers",
      "InstanceType": "ml.m5.xlarge",
      "InstanceCount": 1,
      "ExecutionRole": "arn:aws:iam::123456789012:role/hp",
      "LifeCycleConfig": {"SourceS3Uri": "s3://sagemaker-b/x", "OnCreate": "on_create.sh"}
    }
  ]
}
`;

describe('N-4: IDs that match the API pattern but not the EC2 hexadecimal form', () => {
  it('are HP002 errors at the item in a cluster spec (issue 17 item 7); real 8- and 17-digit IDs pass', async () => {
    const result = await scanFiles({ 'cluster-config.json': PLACEHOLDER_SPEC });
    const hp002 = result.findings.filter((f) => f.ruleId === 'HP002');
    expect(hp002.map(at)).toEqual([
      'HP002 error cluster-config.json:4:26 [cluster]',
      'HP002 error cluster-config.json:5:17 [cluster]',
      'HP002 error cluster-config.json:5:64 [cluster]',
    ]);
    expect(hp002.map((f) => f.message)).toEqual([
      'SecurityGroupIds of the VpcConfig of cluster cluster contains "sg-xxx", which is not an EC2 security group ID (sg- followed by 8 or 17 hexadecimal digits); it is a placeholder that can never resolve, so the request is rejected.',
      'Subnets of the VpcConfig of cluster cluster contains "subnet-xxxxxxxx", which is not an EC2 subnet ID (subnet- followed by 8 or 17 hexadecimal digits); it is a placeholder that can never resolve, so the request is rejected.',
      'Subnets of the VpcConfig of cluster cluster contains "subnet-0123", which is not an EC2 subnet ID (subnet- followed by 8 or 17 hexadecimal digits); it is a placeholder that can never resolve, so the request is rejected.',
    ]);
    expect(new Set(hp002.map((f) => f.fingerprint)).size).toBe(3);
  });
});
