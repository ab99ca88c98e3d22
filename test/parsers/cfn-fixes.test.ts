/**
 * CloudFormation parser fixes from the real-world corpus (docs/real-world.md): FP-1 (endpoint policy
 * location) and FN-2 (clusters deployed through nested stacks).
 */
import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import type { Cluster, ParsedFile, VpcEndpoint } from '../../src/model/types.js';

const parse = (text: string): ParsedFile => parseCloudFormation('t.yaml', text, { limits: DEFAULT_LIMITS, region: 'us-west-2' });
const clusters = (parsed: ParsedFile) => parsed.entities.filter((e): e is Cluster => e.type === 'Cluster');
const notes = (parsed: ParsedFile) => parsed.unverified.map((u) => `${u.line} [${u.resource}] ${u.reason}`);

describe('FP-1: VPC endpoint policy location', () => {
  it('is the PolicyDocument key, for known and unknown policies', () => {
    const parsed = parse(`Parameters:
  Policy: {Type: String}
Resources:
  Known:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      ServiceName: com.amazonaws.us-west-2.s3
      PolicyDocument:
        Version: 2012-10-17
        Statement: [{Effect: Allow, Principal: '*', Action: '*', Resource: '*'}]
  Opaque:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      ServiceName: com.amazonaws.us-west-2.s3
      PolicyDocument:
        Ref: Policy
`);
    const endpoints = parsed.entities.filter((e): e is VpcEndpoint => e.type === 'VpcEndpoint');
    expect(endpoints.map((e) => [e.name, e.policy?.known, e.policy?.loc?.line, e.policy?.loc?.column])).toEqual([
      ['Known', true, 8, 7],
      ['Opaque', false, 15, 7],
    ]);
  });
});

describe('FN-2: nested stacks', () => {
  it('a stack whose parameters carry HyperPod instance settings becomes a not-visible cluster', () => {
    const parsed = parse(`Parameters:
  Name: {Type: String, Default: ml-cluster}
Resources:
  HyperPodClusterStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: !Sub https://\${AWS::Region}-bucket.s3.amazonaws.com/cluster.yaml
      Parameters:
        HyperPodClusterName: !Ref Name
        AcceleratedInstanceType: ml.g5.8xlarge
        AcceleratedInstanceCount: 2
`);
    const [cluster] = clusters(parsed);
    expect(clusters(parsed)).toHaveLength(1);
    expect(cluster!.name).toBe('HyperPodClusterStack');
    expect(cluster!.loc.line).toBe(4);
    expect(cluster!.clusterName).toMatchObject({ known: true, value: 'ml-cluster' });
    expect(cluster!.instanceGroups).toMatchObject({ known: false });
    expect(cluster!.orchestrator).toMatchObject({ known: false });
    expect(cluster!.notVisible).toBe(
      'the cluster is defined in nested stack HyperPodClusterStack (TemplateURL https://us-west-2-bucket.s3.amazonaws.com/cluster.yaml); scan that template too',
    );
    expect(notes(parsed)).toEqual([`4 [HyperPodClusterStack] ${cluster!.notVisible}`]);
  });

  it('an ml. instance type or a HyperPod template name is enough of a HyperPod sign; the cluster name may be unknown', () => {
    const parsed = parse(`Resources:
  ByType:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://b.s3.amazonaws.com/compute.yaml
      Parameters: {WorkerInstanceType: ml.p5.48xlarge, WorkerCount: 4}
  ByUrl:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://b.s3.amazonaws.com/hyperpod-cluster-stack.yaml
      Parameters: {InstanceGroupSettings1: '[]'}
  ServerlessApp:
    Type: AWS::Serverless::Application
    Properties:
      Location: {ApplicationId: 'arn:aws:serverlessrepo:us-east-1:123456789012:applications/hyperpod', SemanticVersion: 1.0.0}
      Parameters: {InstanceGroupName: workers}
`);
    expect(clusters(parsed).map((c) => [c.name, c.clusterName.known, c.notVisible])).toEqual([
      [
        'ByType',
        false,
        'the cluster is defined in nested stack ByType (TemplateURL https://b.s3.amazonaws.com/compute.yaml); scan that template too',
      ],
      [
        'ByUrl',
        false,
        'the cluster is defined in nested stack ByUrl (TemplateURL https://b.s3.amazonaws.com/hyperpod-cluster-stack.yaml); scan that template too',
      ],
      [
        'ServerlessApp',
        false,
        'the cluster is defined in nested stack ServerlessApp (application arn:aws:serverlessrepo:us-east-1:123456789012:applications/hyperpod); scan that template too',
      ],
    ]);
  });

  it('other nested stacks (VPC, EKS node group, opaque parameters) are listed as not followed, not as clusters', () => {
    const parsed = parse(`Parameters:
  Url: {Type: String}
Resources:
  VpcStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://b.s3.amazonaws.com/vpc.yaml
      Parameters: {VpcCIDR: 10.0.0.0/16}
  NodeGroupStack:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://b.s3.amazonaws.com/eks-nodes.yaml
      Parameters: {ClusterName: eks-a, NodeInstanceType: m5.large, NodeInstanceCount: 3}
  Opaque:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: !Ref Url
      Parameters: !If [Never, {}, {}]
`);
    expect(clusters(parsed)).toEqual([]);
    expect(notes(parsed)).toEqual([
      '4 [VpcStack] resources of nested stack VpcStack (TemplateURL https://b.s3.amazonaws.com/vpc.yaml) are not in this template; scan that template too',
      '9 [NodeGroupStack] resources of nested stack NodeGroupStack (TemplateURL https://b.s3.amazonaws.com/eks-nodes.yaml) are not in this template; scan that template too',
      '14 [Opaque] resources of nested stack Opaque (TemplateURL not known statically) are not in this template; scan that template too',
    ]);
  });
});
