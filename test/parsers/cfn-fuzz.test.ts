import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { parseClusterSpec } from '../../src/parsers/cluster-spec.js';
import { detectKind } from '../../src/parsers/detect.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';

const opts = { limits: DEFAULT_LIMITS, region: 'us-west-2' };
const names = ['Vpc', 'Subnet', 'Sg', 'Rt', 'Cluster', 'Eks', 'Fsx', 'Role', 'P', 'Q', 'AWS::Region', 'AWS::NoValue', 'AWS::AccountId'];
const conditions = ['C1', 'C2', 'Missing'];
const types = [
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::SecurityGroup',
  'AWS::EC2::SecurityGroupIngress',
  'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::RouteTable',
  'AWS::EC2::Route',
  'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::VPCCidrBlock',
  'AWS::EC2::NatGateway',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::VPCGatewayAttachment',
  'AWS::EKS::Cluster',
  'AWS::FSx::FileSystem',
  'AWS::IAM::Role',
  'AWS::IAM::User',
  'AWS::IAM::Policy',
  'AWS::IAM::ManagedPolicy',
  'AWS::SageMaker::Cluster',
  'Custom::HyperPod',
];
const keys = [
  'VpcId',
  'CidrBlock',
  'SubnetId',
  'SubnetIds',
  'GroupId',
  'SourceSecurityGroupId',
  'DestinationSecurityGroupId',
  'IpProtocol',
  'FromPort',
  'ToPort',
  'CidrIp',
  'SecurityGroupIngress',
  'SecurityGroupEgress',
  'RouteTableId',
  'RouteTableIds',
  'NatGatewayId',
  'GatewayId',
  'ServiceName',
  'PolicyDocument',
  'Statement',
  'Action',
  'Resource',
  'Effect',
  'Tags',
  'Key',
  'Value',
  'Policies',
  'ManagedPolicyArns',
  'Roles',
  'ClusterName',
  'InstanceGroups',
  'InstanceGroupName',
  'InstanceType',
  'InstanceCount',
  'VpcConfig',
  'Subnets',
  'SecurityGroupIds',
  'OverrideVpcConfig',
  'Orchestrator',
  'Eks',
  'ClusterArn',
  'ExecutionRole',
  'InstanceStorageConfigs',
  'FsxLustreConfig',
  'DnsName',
  'KubernetesNetworkConfig',
  'IpFamily',
  'ResourcesVpcConfig',
  'InstanceGroupSettings1',
  'ServiceToken',
  'Ipv6CidrBlock',
  'MapPublicIpOnLaunch',
  'InternetGatewayId',
];

const { value } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer({ min: -2, max: 70000 }),
      fc.boolean(),
      fc.constant(null),
      fc.constantFrom('sg-1', 'subnet-1', '10.0.0.0/16', '-1', 'tcp'),
    ),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.constantFrom(...keys), tie('value'), { maxKeys: 4 }),
    fc.record({ Ref: fc.constantFrom(...names) }),
    fc.record({ 'Fn::GetAtt': fc.tuple(fc.constantFrom(...names), fc.constantFrom('Arn', 'GroupId', 'CidrBlock', 'VpcId', 'DNSName')) }),
    fc.record({ 'Fn::If': fc.tuple(fc.constantFrom(...conditions), tie('value'), tie('value')) }),
    fc.record({
      'Fn::Sub': fc.oneof(
        fc.constantFrom('${Vpc}', 'x-${AWS::Region}', '${Sg.GroupId}', '${!x}', '${P}'),
        fc.tuple(fc.string(), fc.dictionary(fc.constantFrom('P', 'Q'), tie('value'))),
      ),
    }),
    fc.record({ 'Fn::Select': fc.tuple(fc.oneof(fc.integer({ min: -1, max: 3 }), tie('value')), tie('value')) }),
    fc.record({ 'Fn::Join': fc.tuple(fc.constantFrom('', ','), tie('value')) }),
    fc.record({ 'Fn::Split': fc.tuple(fc.constantFrom(',', ''), tie('value')) }),
    fc.record({
      'Fn::Cidr': fc.tuple(
        fc.oneof(fc.constantFrom('10.0.0.0/16', '::/56', 'bad'), tie('value')),
        fc.integer({ min: -1, max: 300 }),
        fc.integer({ min: -1, max: 140 }),
      ),
    }),
    fc.record({ 'Fn::FindInMap': fc.array(tie('value'), { maxLength: 4 }) }),
    fc.record({ 'Fn::GetAZs': tie('value') }),
    fc.record({ 'Fn::Equals': fc.array(tie('value'), { maxLength: 3 }) }),
  ),
}));

const template = fc.record({
  Parameters: fc.dictionary(
    fc.constantFrom('P', 'Q'),
    fc.record(
      { Type: fc.constantFrom('String', 'CommaDelimitedList', 'List<AWS::EC2::Subnet::Id>', 'Number'), Default: value },
      { requiredKeys: ['Type'] },
    ),
  ),
  Conditions: fc.dictionary(fc.constantFrom(...conditions), value),
  Mappings: fc.dictionary(fc.constantFrom('M'), fc.dictionary(fc.constantFrom('a', 'b'), fc.dictionary(fc.constantFrom('x', 'y'), value))),
  Resources: fc.dictionary(
    fc.constantFrom(...names.slice(0, 10)),
    fc.record(
      {
        Type: fc.constantFrom(...types),
        Properties: fc.dictionary(fc.constantFrom(...keys), value, { maxKeys: 8 }),
        Condition: fc.constantFrom(...conditions),
        Metadata: value,
      },
      { requiredKeys: ['Type'] },
    ),
  ),
});

describe('parsers never crash', () => {
  it('on generated templates with intrinsics everywhere (result is clone-safe plain data)', () => {
    fc.assert(
      fc.property(template, (t) => {
        const parsed = parseCloudFormation('t.json', JSON.stringify(t), opts);
        expect(parsed.errors).toEqual([]);
        expect(structuredClone(parsed)).toEqual(parsed);
        for (const entity of parsed.entities) expect(entity.key).toBe(`t.json#${entity.name}`);
      }),
      { numRuns: 300 },
    );
  });

  it('on generated cluster specs', () => {
    fc.assert(
      fc.property(fc.oneof(value, fc.dictionary(fc.constantFrom(...keys), value)), (spec) => {
        const parsed = parseClusterSpec('s.json', JSON.stringify(spec) ?? 'null', opts);
        expect(parsed.kind).toBe('cluster-spec');
        expect(structuredClone(parsed)).toEqual(parsed);
      }),
      { numRuns: 300 },
    );
  });

  it('on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
        detectKind('x', text);
        for (const parsed of [parseCloudFormation('x', text, opts), parseClusterSpec('x', text, opts)]) {
          expect(structuredClone(parsed)).toEqual(parsed);
          for (const error of parsed.errors) expect(error.line).toBeGreaterThanOrEqual(1);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('on YAML-looking text with tags, anchors and flow collections', () => {
    const token = fc.constantFrom(
      'a:',
      ' ',
      '\n',
      '  ',
      '- ',
      '!Ref',
      '!GetAtt',
      '!If',
      '!Sub',
      '&x',
      '*x',
      '[',
      ']',
      '{',
      '}',
      ',',
      '#',
      '"',
      "'",
      'Resources:',
      'Type: AWS::EC2::VPC',
      '---',
      '\t',
      '\r\n',
      ': ',
      '|',
      '>',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 60 }), (parts) => {
        const text = parts.join('');
        detectKind('y.yaml', text);
        expect(structuredClone(parseCloudFormation('y.yaml', text, opts))).toBeTruthy();
        expect(structuredClone(parseClusterSpec('y.yaml', text, opts))).toBeTruthy();
      }),
      { numRuns: 500 },
    );
  });
});
