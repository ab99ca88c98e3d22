import { describe, expect, it } from 'vitest';
import rule from '../../src/rules/hp020-s3-reachable.js';
import { ModelBuilder, idRef, ref, unknown, unknownRef } from './builders.js';
import { runRule, summary } from './run-rule.js';

/** VPC, one private subnet used by a Slurm cluster; the caller adds route tables and endpoints. */
function setup() {
  const b = new ModelBuilder('template.yaml', 'us-west-2');
  const vpc = b.vpc('Vpc', { line: 1 });
  const subnet = b.subnet('PrivateSubnet', { line: 10, vpc });
  const sg = b.securityGroup('Sg', { line: 20, vpc });
  return { b, vpc, subnet, sg };
}

function addCluster(b: ModelBuilder, subnet: { key: string }, sg: { key: string }) {
  // Cluster at 100: VpcConfig 102, Subnets 103, subnet item 104.
  return b.cluster('Cluster', {
    line: 100,
    vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
    groups: [{ name: 'workers', type: 'ml.p5.48xlarge' }],
  });
}

const NO_ACCESS =
  'Subnet PrivateSubnet of cluster Cluster cannot reach Amazon S3: route table PrivateRouteTable has no S3 Gateway endpoint, ' +
  'the VPC has no S3 Interface endpoint, and no default route (0.0.0.0/0) goes to a NAT gateway. ' +
  'Nodes cannot download their lifecycle scripts and fail to provision.';

describe('HP020 s3-reachable', () => {
  it('errors on a closed subnet: explicit route table, no endpoint, no NAT', () => {
    const { b, vpc, subnet, sg } = setup();
    b.routeTable('PrivateRouteTable', { line: 30, vpc, subnets: [ref(subnet)] });
    addCluster(b, subnet, sg);
    const run = runRule(rule, b.model);
    expect(summary(run)).toEqual([{ line: 104, severity: 'error', message: NO_ACCESS }]);
    expect(run.findings[0]).toMatchObject({ resource: 'Cluster', detail: 'PrivateSubnet' });
    expect(run.findings[0]!.fix).toContain('RouteTableIds including PrivateRouteTable');
  });

  it('passes with a Gateway endpoint on the subnet route table', () => {
    const { b, vpc, subnet, sg } = setup();
    const table = b.routeTable('PrivateRouteTable', { line: 30, vpc, subnets: [ref(subnet)] });
    b.endpoint('S3Endpoint', { line: 40, vpc, routeTables: [ref(table)] });
    addCluster(b, subnet, sg);
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('a Gateway endpoint on another route table does not count', () => {
    const { b, vpc, subnet, sg } = setup();
    b.routeTable('PrivateRouteTable', { line: 30, vpc, subnets: [ref(subnet)] });
    const other = b.routeTable('PublicRouteTable', { line: 35, vpc });
    b.endpoint('S3Endpoint', { line: 40, vpc, routeTables: [ref(other)] });
    addCluster(b, subnet, sg);
    expect(summary(runRule(rule, b.model))).toEqual([{ line: 104, severity: 'error', message: NO_ACCESS }]);
  });

  it('passes with an S3 Interface endpoint in the VPC', () => {
    const { b, vpc, subnet, sg } = setup();
    b.routeTable('PrivateRouteTable', { line: 30, vpc, subnets: [ref(subnet)] });
    b.endpoint('S3Interface', { line: 40, vpc, endpointType: 'Interface', subnets: [ref(subnet)] });
    addCluster(b, subnet, sg);
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('an endpoint for another service does not count', () => {
    const { b, vpc, subnet, sg } = setup();
    const table = b.routeTable('PrivateRouteTable', { line: 30, vpc, subnets: [ref(subnet)] });
    b.endpoint('DynamoEndpoint', { line: 40, vpc, serviceName: 'com.amazonaws.us-west-2.dynamodb', routeTables: [ref(table)] });
    addCluster(b, subnet, sg);
    expect(runRule(rule, b.model).findings.map((f) => f.severity)).toEqual(['error']);
  });

  it('warns when only a NAT gateway route gives access', () => {
    const { b, vpc, subnet, sg } = setup();
    const nat = b.natGateway('Nat', { line: 50, subnet: idRef('subnet-public') });
    b.routeTable('PrivateRouteTable', {
      line: 30,
      vpc,
      subnets: [ref(subnet)],
      routes: [{ destination: '0.0.0.0/0', target: { kind: 'nat', ref: ref(nat) } }],
    });
    addCluster(b, subnet, sg);
    expect(summary(runRule(rule, b.model))).toEqual([
      {
        line: 104,
        severity: 'warning',
        message:
          'Subnet PrivateSubnet of cluster Cluster reaches Amazon S3 only through a NAT gateway (route table PrivateRouteTable, route 0.0.0.0/0): ' +
          'there is no S3 VPC endpoint for it, so lifecycle scripts and training data go through the gateway.',
      },
    ]);
  });

  it('does not count an internet gateway route as S3 access: HyperPod nodes have no public addresses (error)', () => {
    const { b, vpc, subnet, sg } = setup();
    const igw = b.internetGateway('Igw', { line: 50, vpc });
    b.routeTable('PrivateRouteTable', {
      line: 30,
      vpc,
      subnets: [ref(subnet)],
      routes: [{ destination: '0.0.0.0/0', target: { kind: 'igw', ref: ref(igw) } }],
    });
    addCluster(b, subnet, sg);
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => f.severity)).toEqual(['error']);
    expect(run.findings[0]!.message).toContain(
      'and its only default route (0.0.0.0/0) goes to an internet gateway, which HyperPod nodes cannot use because they have no public addresses.',
    );
  });

  it('a NAT route for a narrow destination is not internet access', () => {
    const { b, vpc, subnet, sg } = setup();
    const nat = b.natGateway('Nat', { line: 50, subnet: idRef('subnet-public') });
    b.routeTable('PrivateRouteTable', {
      line: 30,
      vpc,
      subnets: [ref(subnet)],
      routes: [{ destination: '10.8.0.0/16', target: { kind: 'nat', ref: ref(nat) } }],
    });
    addCluster(b, subnet, sg);
    expect(runRule(rule, b.model).findings.map((f) => f.severity)).toEqual(['error']);
  });

  it('uses the declared main route table when the subnet has no association', () => {
    const { b, vpc, subnet, sg } = setup();
    const table = b.routeTable('MainTable', { line: 30, vpc, main: true });
    b.endpoint('S3Endpoint', { line: 40, vpc, routeTables: [ref(table)] });
    addCluster(b, subnet, sg);
    expect(runRule(rule, b.model).findings).toEqual([]);
  });

  it('an implicit main route table has no routes and no Gateway endpoint: error', () => {
    const { b, subnet, sg } = setup();
    addCluster(b, subnet, sg);
    const run = runRule(rule, b.model);
    expect(run.findings).toHaveLength(1);
    expect(run.findings[0]!.message).toContain(
      'the VPC main route table (not declared, so only the local route) has no S3 Gateway endpoint',
    );
    expect(run.findings[0]!.fix).toContain('Associate subnet PrivateSubnet with a route table and add an AWS::EC2::VPCEndpoint');
  });

  it('a default route to a transit gateway may reach S3: unverified, no finding', () => {
    const { b, vpc, subnet, sg } = setup();
    b.routeTable('PrivateRouteTable', {
      line: 30,
      vpc,
      subnets: [ref(subnet)],
      routes: [{ destination: '0.0.0.0/0', target: { kind: 'other', what: 'transit gateway tgw-1' } }],
    });
    addCluster(b, subnet, sg);
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => u.reason)).toEqual([
      'S3 access of subnet PrivateSubnet: route table PrivateRouteTable sends 0.0.0.0/0 to transit gateway tgw-1, which may reach S3',
    ]);
  });

  it('an endpoint whose service name is unknown: unverified, no finding', () => {
    const { b, vpc, subnet, sg } = setup();
    const table = b.routeTable('PrivateRouteTable', { line: 30, vpc, subnets: [ref(subnet)] });
    b.endpoint('Endpoint', { line: 40, vpc, serviceName: unknown('parameter ServiceName has no default'), routeTables: [ref(table)] });
    addCluster(b, subnet, sg);
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified).toHaveLength(1);
    expect(run.unverified[0]).toMatchObject({
      ruleId: 'HP020',
      line: 104,
      reason: 'VPC endpoint Endpoint may serve subnet PrivateSubnet but its service name is not known',
    });
  });

  it('a subnet given as a literal ID is unverified, not a finding', () => {
    const { b, sg } = setup();
    b.cluster('Cluster', { line: 100, vpc: { subnets: [idRef('subnet-0abc')], securityGroups: [ref(sg)] }, groups: [{ name: 'w' }] });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => [u.line, u.reason])).toEqual([
      [104, 'S3 access: subnet subnet-0abc is not defined in the scanned files'],
    ]);
  });

  it('an association with an unresolvable subnet keeps the main-table answer open', () => {
    const { b, vpc, subnet, sg } = setup();
    b.routeTable('SharedTable', { line: 30, vpc, subnets: [unknownRef('imported value PrivateSubnetId', 'ImportValue:PrivateSubnetId')] });
    addCluster(b, subnet, sg);
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified[0]!.reason).toBe(
      'S3 access of subnet PrivateSubnet: route table SharedTable has an association with a subnet that cannot be resolved',
    );
  });

  it('reports each subnet of the cluster and of overrides once', () => {
    const { b, vpc, subnet, sg } = setup();
    const second = b.subnet('SecondSubnet', { line: 60, vpc });
    b.routeTable('PrivateRouteTable', { line: 30, vpc, subnets: [ref(subnet), ref(second)] });
    b.cluster('Cluster', {
      line: 100,
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [
        { name: 'a', line: 110 },
        { name: 'b', line: 120, override: { subnets: [ref(second), ref(subnet)], securityGroups: [ref(sg)], line: 125 } },
      ],
    });
    const run = runRule(rule, b.model);
    expect(run.findings.map((f) => [f.line, f.detail])).toEqual([
      [104, 'PrivateSubnet'],
      [127, 'SecondSubnet'],
    ]);
  });

  it('a Slurm cluster without VpcConfig (platform VPC) is not checked', () => {
    const { b } = setup();
    b.cluster('Cluster', { line: 100, groups: [{ name: 'w' }] });
    expect(runRule(rule, b.model)).toMatchObject({ findings: [], unverified: [] });
  });
});

describe('HP020 with Terraform plans', () => {
  it('the implied main route table of an existing VPC (no-op) may have routes: unverified', () => {
    const b = new ModelBuilder('plan.json', 'us-west-2', 'terraform-plan');
    const vpc = b.vpc('aws_vpc.main', { line: 1, change: { actions: ['no-op'] } });
    const subnet = b.subnet('aws_subnet.private', { line: 10, vpc, change: { actions: ['create'] } });
    const sg = b.securityGroup('aws_security_group.nodes', { line: 20, vpc });
    b.routeTable('aws_vpc.main.main_route_table_id', { line: 1, vpc, main: true });
    b.cluster('awscc_sagemaker_cluster.hp', {
      line: 100,
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'w' }],
    });
    const run = runRule(rule, b.model);
    expect(run.findings).toEqual([]);
    expect(run.unverified.map((u) => u.reason)).toEqual([
      'S3 access of subnet aws_subnet.private: VPC aws_vpc.main exists already; the routes of its main route table are not in the scanned files',
    ]);
  });

  it('the implied main route table of a VPC created by the plan has only the local route: error', () => {
    const b = new ModelBuilder('plan.json', 'us-west-2', 'terraform-plan');
    const vpc = b.vpc('aws_vpc.main', { line: 1, change: { actions: ['create'] } });
    const subnet = b.subnet('aws_subnet.private', { line: 10, vpc, change: { actions: ['create'] } });
    const sg = b.securityGroup('aws_security_group.nodes', { line: 20, vpc });
    b.routeTable('aws_vpc.main.main_route_table_id', { line: 1, vpc, main: true });
    b.cluster('awscc_sagemaker_cluster.hp', {
      line: 100,
      vpc: { subnets: [ref(subnet)], securityGroups: [ref(sg)] },
      groups: [{ name: 'w' }],
    });
    expect(runRule(rule, b.model).findings.map((f) => [f.line, f.severity])).toEqual([[104, 'error']]);
  });
});
