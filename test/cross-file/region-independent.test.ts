import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import { Model } from '../../src/model/model.js';
import type { VpcEndpoint } from '../../src/model/types.js';
import hp020 from '../../src/rules/hp020-s3-reachable.js';
import hp021 from '../../src/rules/hp021-s3-access-scoped.js';
import { runRule } from '../rules/run-rule.js';

/** Issue 17 item 4: a service name that only needs the region is checked in any region, and nothing is skipped silently. */
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.0.0/20
  Table:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  Association:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref Subnet
      RouteTableId: !Ref Table
  S3Endpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref Vpc
      ServiceName: !Sub com.amazonaws.\${AWS::Region}.s3
      RouteTableIds: [!Ref Table]
  OtherEndpoint:
    Type: AWS::EC2::VPCEndpoint
    Properties:
      VpcId: !Ref Vpc
      VpcEndpointType: Interface
      ServiceName: !Ref ServiceParam
      SubnetIds: [!Ref Subnet]
  Cluster:
    Type: AWS::SageMaker::Cluster
    Properties:
      ClusterName: c
      VpcConfig:
        Subnets: [!Ref Subnet]
        SecurityGroupIds: [sg-0123456789abcdef0]
      InstanceGroups:
        - InstanceGroupName: workers
          InstanceType: ml.p5.48xlarge
          InstanceCount: 1
Parameters:
  ServiceParam:
    Type: String
`;

function model(region?: string): Model {
  const parsed = parseCloudFormation('vpc.yaml', TEMPLATE, { limits: DEFAULT_LIMITS, region });
  return Model.fromParsed([parsed], region);
}

describe('region-independent endpoint service names (issue 17 item 4)', () => {
  it('keeps com.amazonaws.${AWS::Region}.s3 as a pattern when no region is given', () => {
    const endpoint = model().get('vpc.yaml#S3Endpoint') as VpcEndpoint;
    expect(endpoint.serviceName.known).toBe(false);
    expect(endpoint.servicePattern).toBe('com.amazonaws.*.s3');
    const withRegion = model('eu-west-1').get('vpc.yaml#S3Endpoint') as VpcEndpoint;
    expect(withRegion.serviceName).toMatchObject({ known: true, value: 'com.amazonaws.eu-west-1.s3' });
    expect(withRegion.servicePattern).toBeUndefined();
  });

  it('HP020 finds the S3 Gateway endpoint without a region (no unverified entry)', () => {
    const run = runRule(hp020, model());
    expect(run.findings).toEqual([]);
    expect(run.unverified).toEqual([]);
  });

  it('HP021 reports the open policy without a region, and lists the endpoint whose service is not known', () => {
    const run = runRule(hp021, model());
    expect(run.findings.map((f) => [f.line, f.message])).toEqual([
      [
        21,
        'S3 endpoint S3Endpoint (com.amazonaws.*.s3) gives the VPC access to all S3 buckets: it has no endpoint policy, so it allows every action on every bucket.',
      ],
    ]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [
        32,
        'service name of endpoint OtherEndpoint is not known (parameter ServiceParam has no default); whether it is an S3 endpoint with an open policy was not checked',
      ],
    ]);
  });
});
