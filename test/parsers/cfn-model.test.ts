import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCloudFormation } from '../../src/parsers/cloudformation.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import type { Entity, EntityOf, EntityType, Loc, ParsedFile } from '../../src/model/types.js';

const opts = { limits: DEFAULT_LIMITS, region: 'us-west-2' };

function parseFixture(name: string, options: { limits: typeof DEFAULT_LIMITS; region?: string } = opts): ParsedFile {
  const path = `fixtures/parsers/cfn/${name}`;
  return parseCloudFormation(path, readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8'), options);
}

function parseText(text: string, file = 't.yaml'): ParsedFile {
  return parseCloudFormation(file, text, opts);
}

function entity<T extends EntityType>(parsed: ParsedFile, name: string, type: T): EntityOf<T> {
  const found = parsed.entities.find((e: Entity) => e.name === name);
  if (!found || found.type !== type) throw new Error(`no ${type} ${name}`);
  return found as EntityOf<T>;
}

/** "line:column-endLine:endColumn" of a location. */
const span = (loc: Loc | undefined) => (loc ? `${loc.line}:${loc.column}-${loc.endLine}:${loc.endColumn}` : undefined);

describe('slurm-cluster.yaml (YAML template, short-form tags)', () => {
  const parsed = parseFixture('slurm-cluster.yaml');
  const file = 'fixtures/parsers/cfn/slurm-cluster.yaml';

  it('parses without errors and builds the expected entities in order', () => {
    expect(parsed.errors).toEqual([]);
    expect(parsed.kind).toBe('cloudformation');
    expect(parsed.entities.map((e) => `${e.type}:${e.name}`)).toEqual([
      'Vpc:Vpc',
      'Subnet:PrivateSubnet',
      'Subnet:SecondSubnet',
      'SecurityGroup:ClusterSg',
      'RouteTable:RouteTable',
      'NatGateway:Nat',
      'VpcEndpoint:S3Endpoint',
      'FsxFileSystem:Fsx',
      'IamPrincipal:ExecutionRole',
      'IamPolicy:SsmPolicy',
      'Cluster:Cluster',
      'RouteTable:Vpc/main-route-table',
    ]);
    expect(parsed.entities[0]!.key).toBe(`${file}#Vpc`);
    expect(parsed.entities.every((e) => e.region?.known && e.region.value === 'us-west-2')).toBe(true);
  });

  it('VPC: CIDR from a parameter default, IPv6 from a VPCCidrBlock resource', () => {
    const vpc = entity(parsed, 'Vpc', 'Vpc');
    expect(span(vpc.loc)).toBe('24:3-24:6');
    expect(vpc.cidrBlocks).toEqual([{ known: true, value: '10.1.0.0/16', loc: expect.objectContaining({ line: 27, column: 18 }) }]);
    expect(vpc.ipv6).toMatchObject({ known: true, value: true, loc: { line: 32 } });
  });

  it('subnets: !Cidr of !GetAtt Vpc.CidrBlock and of a parameter, AZ unknown from !GetAZs', () => {
    const first = entity(parsed, 'PrivateSubnet', 'Subnet');
    expect(first.cidr).toMatchObject({ known: true, value: '10.1.0.0/17' });
    expect(span(first.cidrLoc)).toBe('37:18-37:67');
    expect(first.az).toEqual({
      known: false,
      reason: 'Availability Zone names of us-west-2 are not known offline (Fn::GetAZs)',
      loc: expect.objectContaining({ line: 38, column: 25 }),
    });
    expect(first.vpc).toMatchObject({ kind: 'entity', key: `${file}#Vpc` });
    expect(first.ipv6).toEqual({ known: true, value: false });
    expect(first.routeTable).toMatchObject({ kind: 'entity', key: `${file}#RouteTable`, loc: { line: 79 } });
    const second = entity(parsed, 'SecondSubnet', 'Subnet');
    expect(second.cidr).toMatchObject({ known: true, value: '10.1.128.0/17' });
    expect(second.azId).toMatchObject({ known: true, value: 'usw2-az2', loc: { line: 44, column: 27 } });
    expect(second.mapPublicIp).toMatchObject({ known: true, value: false, loc: { line: 45 } });
  });

  it('standalone rules: !Ref/!GetAtt on both sides and the same !If expression are self rules', () => {
    const sg = entity(parsed, 'ClusterSg', 'SecurityGroup');
    expect(sg.implicitAllowAllEgress).toBe(true);
    expect(sg.rulesComplete).toBe(true);
    expect(sg.ingress).toHaveLength(2);
    expect(sg.ingress[0]).toEqual({
      direction: 'ingress',
      protocol: { known: true, value: '-1', loc: expect.objectContaining({ line: 55, column: 19 }) },
      fromPort: undefined,
      toPort: undefined,
      peer: { kind: 'self' },
      loc: expect.objectContaining({ line: 51, column: 3, endColumn: 14 }),
      resourceName: 'SelfIngress',
    });
    expect(sg.egress).toEqual([
      expect.objectContaining({
        direction: 'egress',
        peer: { kind: 'self' },
        resourceName: 'SelfEgress',
        loc: expect.objectContaining({ line: 57 }),
      }),
    ]);
    const ifRule = sg.ingress[1]!;
    expect(ifRule.peer).toEqual({ kind: 'self' });
    expect(ifRule.resourceName).toBe('IfIngress');
    expect(ifRule.fromPort).toMatchObject({ known: true, value: 988 });
    expect(ifRule.condition).toMatchObject({ known: false, reason: 'GroupId of IfIngress depends on condition UseExistingSg' });
    expect(parsed.unverified).toContainEqual({
      file,
      line: 63,
      resource: 'IfIngress',
      reason: 'IfIngress adds a rule to a security group outside this template (parameter ExistingSgId has no default); not checked here',
    });
  });

  it('routes, associations, main route table, NAT and S3 endpoint', () => {
    const table = entity(parsed, 'RouteTable', 'RouteTable');
    expect(table.main).toBe(false);
    expect(table.subnets).toEqual([expect.objectContaining({ kind: 'entity', key: `${file}#PrivateSubnet` })]);
    expect(table.routes).toEqual([
      {
        destination: { known: true, value: '0.0.0.0/0', loc: expect.objectContaining({ line: 84 }) },
        target: { kind: 'nat', ref: expect.objectContaining({ kind: 'entity', key: `${file}#Nat` }) },
        loc: expect.objectContaining({ line: 80, column: 3 }),
      },
    ]);
    const main = entity(parsed, 'Vpc/main-route-table', 'RouteTable');
    expect(main).toMatchObject({
      key: `${file}#Vpc/main-route-table`,
      main: true,
      routes: [],
      subnets: [],
      vpc: { kind: 'entity', key: `${file}#Vpc` },
    });
    expect(entity(parsed, 'Nat', 'NatGateway').subnet).toMatchObject({ kind: 'entity', key: `${file}#SecondSubnet` });
    const endpoint = entity(parsed, 'S3Endpoint', 'VpcEndpoint');
    expect(endpoint.serviceName).toMatchObject({ known: true, value: 'com.amazonaws.us-west-2.s3', loc: { line: 94 } });
    expect(endpoint.endpointType).toEqual({ known: true, value: 'Gateway' });
    expect(endpoint.routeTables).toMatchObject({ known: true, items: [{ kind: 'entity', key: `${file}#RouteTable`, loc: { line: 96 } }] });
    expect(endpoint.policy).toMatchObject({
      known: true,
      value: {
        Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: { 'Fn::Sub': 'arn:aws:s3:::${LifecycleBucket}/*' } }],
      },
    });
    expect(structuredClone(endpoint.policy)).toEqual(endpoint.policy);
  });

  it('IAM: tags, inline policy (ARN pattern with unknown account), managed policies both ways', () => {
    const role = entity(parsed, 'ExecutionRole', 'IamPrincipal');
    expect(role.principalKind).toBe('role');
    expect(role.tags).toMatchObject({ known: true, value: { SSMSessionRunAs: { known: true, value: 'ubuntu' } } });
    expect(span(role.tagsLoc)).toBe('113:9-114:24');
    expect(role.inlinePolicies).toHaveLength(1);
    const statements = role.inlinePolicies[0]!.statements;
    expect(statements).toEqual([
      {
        effect: expect.objectContaining({ value: 'Allow' }),
        actions: expect.objectContaining({ value: ['ssm:StartSession'] }),
        resources: expect.objectContaining({ value: ['arn:aws:sagemaker:us-west-2:*:cluster/*'] }),
        loc: expect.objectContaining({ line: 123 }),
      },
    ]);
    expect(role.managedPolicies).toEqual([
      { kind: 'id', id: 'arn:aws:iam::aws:policy/AmazonSageMakerClusterInstanceRolePolicy', loc: expect.objectContaining({ line: 116 }) },
      { kind: 'entity', key: `${file}#SsmPolicy`, loc: expect.objectContaining({ line: 117 }) },
    ]);
    const policy = entity(parsed, 'SsmPolicy', 'IamPolicy');
    expect(policy.attachedTo).toEqual([{ kind: 'entity', key: `${file}#ExecutionRole`, loc: expect.objectContaining({ line: 117 }) }]);
    expect(policy.document.statements).toEqual([
      expect.objectContaining({
        actions: expect.objectContaining({ value: ['ssm:*'] }),
        resources: expect.objectContaining({ value: ['*'] }),
      }),
    ]);
  });

  it('cluster: name from !Sub, VpcConfig with item locations, groups, FSx link, suppressions', () => {
    const cluster = entity(parsed, 'Cluster', 'Cluster');
    expect(span(cluster.loc)).toBe('134:3-134:10');
    expect(cluster.clusterName).toMatchObject({ known: true, value: 'ml-prod' });
    expect(cluster.orchestrator).toEqual({ known: true, value: 'slurm' });
    expect(cluster.isUpdate).toBe(false);
    expect(span(cluster.vpcConfig?.loc)).toBe('143:7-143:16');
    expect(cluster.vpcConfig?.subnets).toEqual({
      known: true,
      items: [{ kind: 'entity', key: `${file}#PrivateSubnet`, loc: expect.objectContaining({ line: 145, column: 13 }) }],
      loc: expect.objectContaining({ line: 144, column: 9 }),
    });
    expect(cluster.vpcConfig?.securityGroups).toMatchObject({ known: true, items: [{ kind: 'entity', key: `${file}#ClusterSg` }] });
    expect(cluster.fsxFileSystems).toEqual([{ kind: 'entity', key: `${file}#Fsx` }]);
    expect(cluster.suppressions).toEqual([{ ruleId: 'HP030', reason: 'capacity reserved', loc: expect.objectContaining({ line: 139 }) }]);
    expect(parsed.suppressions).toEqual([
      { ruleId: 'HP021', reason: 'endpoint policy is managed elsewhere', expires: '2027-03-01', loc: expect.objectContaining({ line: 6 }) },
    ]);
    const groups = cluster.instanceGroups;
    if (!Array.isArray(groups)) throw new Error('groups unknown');
    expect(groups.map((g) => g.name)).toMatchObject([{ value: 'controller' }, { value: 'workers' }]);
    const [controller, workers] = groups as [(typeof groups)[0], (typeof groups)[0]];
    expect(span(controller.loc)).toBe('149:11-155:35');
    expect(controller.executionRole).toMatchObject({ kind: 'entity', key: `${file}#ExecutionRole` });
    expect(controller.lifeCycleSourceS3Uri).toMatchObject({ known: false, reason: 'parameter LifecycleBucket has no default' });
    expect(workers.instanceTypes).toMatchObject([{ known: true, value: 'ml.p5.48xlarge' }]);
    expect(span(workers.instanceTypeLoc)).toBe('157:25-157:39');
    expect(workers.instanceCount).toMatchObject({ known: true, value: 16 });
    expect(workers.fsxMounts).toMatchObject([{ known: false, reason: 'Fsx.DNSName is known only after deployment' }]);
    expect(workers.overrideVpcConfig?.securityGroups).toMatchObject({
      known: true,
      items: [{ kind: 'id', id: 'sg-0123456789abcdef0', loc: { line: 165, column: 32 } }],
    });
    expect(workers.executionRole).toMatchObject({ kind: 'id', id: 'arn:aws:iam::123456789012:role/hp' });
  });

  it('the result is structured-clone safe', () => {
    expect(structuredClone(parsed)).toEqual(parsed);
  });

  it('without a region, region-dependent values are unknown and entities carry no region', () => {
    const noRegion = parseFixture('slurm-cluster.yaml', { limits: DEFAULT_LIMITS });
    expect(entity(noRegion, 'S3Endpoint', 'VpcEndpoint').serviceName).toMatchObject({
      known: false,
      reason: 'AWS::Region is not known (no region given)',
    });
    expect(noRegion.entities.every((e) => e.region === undefined)).toBe(true);
  });
});

describe('eks-cluster.json (JSON template)', () => {
  const parsed = parseFixture('eks-cluster.json');
  const file = 'fixtures/parsers/cfn/eks-cluster.json';

  it('skips resources whose condition is false and keeps undecided ones', () => {
    expect(parsed.errors).toEqual([]);
    const names = parsed.entities.map((e) => e.name);
    expect(names).not.toContain('NeverSg');
    expect(names).toContain('MaybeSg');
  });

  it('subnet IPv6 from Ipv6CidrBlock, public IP flag, JSON positions', () => {
    const subnet = entity(parsed, 'Subnet', 'Subnet');
    expect(span(subnet.loc)).toBe('12:5-12:13');
    expect(subnet.ipv6).toMatchObject({ known: true, value: true, loc: { line: 18, column: 26 } });
    expect(subnet.mapPublicIp).toMatchObject({ known: true, value: true, loc: { line: 19, column: 32 } });
    expect(subnet.az).toMatchObject({ known: true, value: 'us-west-2a' });
  });

  it('inline rules: protocol names, string ports, explicit egress removes the implicit one', () => {
    const sg = entity(parsed, 'Sg', 'SecurityGroup');
    expect(sg.implicitAllowAllEgress).toBe(false);
    expect(sg.ingress.map((r) => [r.protocol, r.fromPort, r.toPort, r.peer])).toEqual([
      [
        expect.objectContaining({ value: 'tcp' }),
        expect.objectContaining({ value: 443 }),
        expect.objectContaining({ value: 443 }),
        { kind: 'cidr', cidr: '10.0.0.0/16' },
      ],
      [
        expect.objectContaining({ value: 'tcp' }),
        expect.objectContaining({ value: 22 }),
        expect.objectContaining({ value: 22 }),
        { kind: 'prefixList', id: 'pl-123' },
      ],
    ]);
    expect(span(sg.ingress[0]!.loc)).toBe('35:11-35:93');
    expect(sg.egress).toMatchObject([{ protocol: { value: '-1' }, peer: { kind: 'cidr6', cidr: '::/0' } }]);
  });

  it('internet gateway route and attachment, interface endpoint', () => {
    expect(entity(parsed, 'Public', 'RouteTable').routes).toMatchObject([
      { destination: { value: '0.0.0.0/0' }, target: { kind: 'igw', ref: { kind: 'entity', key: `${file}#Igw` } } },
    ]);
    expect(entity(parsed, 'Igw', 'InternetGateway').vpc).toMatchObject({ kind: 'entity', key: `${file}#Vpc` });
    const endpoint = entity(parsed, 'Interface', 'VpcEndpoint');
    expect(endpoint.endpointType).toMatchObject({ known: true, value: 'Interface' });
    expect(endpoint.subnets).toMatchObject({ known: true, items: [{ kind: 'entity', key: `${file}#Subnet` }] });
    expect(endpoint.policy).toBeUndefined();
  });

  it('EKS cluster and an EKS-orchestrated HyperPod cluster referencing it', () => {
    const eks = entity(parsed, 'Eks', 'EksCluster');
    expect(eks.ipFamily).toMatchObject({ known: true, value: 'ipv6', loc: { line: 56 } });
    expect(eks.ipFamilyExplicit).toBe(true);
    expect(eks.subnets).toMatchObject({ known: true, items: [{ kind: 'entity' }, { kind: 'id', id: 'subnet-0123456789abcdef0' }] });
    const cluster = entity(parsed, 'HyperPod', 'Cluster');
    expect(cluster.orchestrator).toMatchObject({ known: true, value: 'eks' });
    expect(span(cluster.orchestratorLoc)).toBe('62:9-62:23');
    expect(cluster.eksCluster).toMatchObject({ kind: 'entity', key: `${file}#Eks` });
    expect(cluster.eksClusterArn).toMatchObject({ known: false, reason: 'Eks.Arn is known only after deployment' });
    expect(cluster.clusterName).toMatchObject({ known: false, reason: 'ClusterName is not set: CloudFormation generates one' });
  });

  it('keeps an undecided optional security group as an unknown reference with its expression', () => {
    const cluster = entity(parsed, 'HyperPod', 'Cluster');
    expect(cluster.vpcConfig?.securityGroups).toMatchObject({
      known: true,
      items: [
        { kind: 'entity', key: `${file}#Sg` },
        {
          kind: 'unknown',
          reason: 'depends on condition WithNat (parameter CreateNat has no default)',
          expr: '{"Fn::If":["WithNat",{"Ref":"MaybeSg"},{"Ref":"AWS::NoValue"}]}',
        },
      ],
    });
    expect(parsed.unverified).toEqual([
      {
        file,
        line: 65,
        resource: 'HyperPod',
        reason: 'VpcConfig.SecurityGroupIds of HyperPod: depends on condition WithNat (parameter CreateNat has no default)',
      },
    ]);
  });

  it('instance groups: InstanceRequirements list, efa-only interface, a false Fn::If group dropped', () => {
    const groups = entity(parsed, 'HyperPod', 'Cluster').instanceGroups;
    if (!Array.isArray(groups)) throw new Error('groups unknown');
    expect(groups).toHaveLength(1);
    expect(groups[0]!.instanceTypes).toMatchObject([{ value: 'ml.p5.48xlarge' }, { value: 'ml.p4d.24xlarge' }]);
    expect(span(groups[0]!.instanceTypeLoc)).toBe('70:56-70:93');
    expect(groups[0]!.interfaceType).toMatchObject({ known: true, value: 'efa-only' });
  });
});

describe('eks-conditional.yaml (decidable conditions from parameter defaults)', () => {
  const parsed = parseFixture('eks-conditional.yaml', { limits: DEFAULT_LIMITS, region: 'us-east-1' });
  const file = 'fixtures/parsers/cfn/eks-conditional.yaml';

  it('reads lower-case !if and boolean parameter defaults without warnings or errors', () => {
    expect(parsed.errors).toEqual([]);
    expect(parsed.unverified).toEqual([]);
    expect(parsed.entities.map((e) => e.name)).toEqual(['NodeSg', 'Cluster']);
  });

  it('decided Fn::If on GroupId attaches rules to the new group, self when both sides agree', () => {
    const sg = entity(parsed, 'NodeSg', 'SecurityGroup');
    expect(sg.ingress).toEqual([
      expect.objectContaining({ resourceName: 'SelfIn', peer: { kind: 'self' }, protocol: expect.objectContaining({ value: '-1' }) }),
    ]);
    expect(sg.egress.map((r) => [r.resourceName, r.peer])).toEqual([
      ['SelfOut', { kind: 'self' }],
      ['OpenOut', { kind: 'cidr', cidr: '0.0.0.0/0' }],
    ]);
    expect(sg.ingress[0]!.condition).toBeUndefined();
    expect(sg.implicitAllowAllEgress).toBe(true);
  });

  it('keeps only the groups whose conditions hold, with values from parameter defaults', () => {
    const cluster = entity(parsed, 'Cluster', 'Cluster');
    expect(cluster.clusterName).toMatchObject({ known: true, value: 'ml-cluster' });
    const groups = cluster.instanceGroups;
    if (!Array.isArray(groups)) throw new Error('groups unknown');
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({
      name: { known: true, value: 'gpu' },
      instanceTypes: [{ known: true, value: 'ml.g5.8xlarge' }],
      instanceCount: { known: true, value: 4 },
      lifeCycleSourceS3Uri: { known: true, value: 's3://sagemaker-lifecycle' },
      executionRole: { kind: 'unknown', reason: 'AWS::AccountId is known only at deployment' },
    });
    expect(span(groups[0]!.loc)).toBe('65:15-72:89');
  });

  it('EKS ARN with an unknown account stays unknown; VpcConfig resolves the chosen group', () => {
    const cluster = entity(parsed, 'Cluster', 'Cluster');
    expect(cluster.orchestrator).toMatchObject({ known: true, value: 'eks' });
    expect(cluster.eksClusterArn).toMatchObject({ known: false, reason: 'AWS::AccountId is known only at deployment' });
    expect(cluster.eksCluster).toMatchObject({
      kind: 'unknown',
      expr: '{"Fn::Sub":"arn:aws:eks:${AWS::Region}:${AWS::AccountId}:cluster/${EksName}"}',
    });
    expect(cluster.vpcConfig?.securityGroups).toMatchObject({
      known: true,
      items: [{ kind: 'entity', key: `${file}#NodeSg`, loc: { line: 87 } }],
    });
    expect(cluster.vpcConfig?.subnets).toMatchObject({ known: true, items: [{ kind: 'id', id: 'subnet-0aaaabbbbccccdddd' }] });
  });
});

describe('clusters the tool cannot see (HP090 sources)', () => {
  it('custom resources carrying instance groups (directly or through their function) become not-visible clusters', () => {
    const parsed = parseFixture('console-custom.yaml');
    expect(parsed.errors).toEqual([]);
    expect(parsed.entities.map((e) => e.name)).toEqual(['DirectCluster', 'ConsoleCluster']);
    const direct = entity(parsed, 'DirectCluster', 'Cluster');
    const reason =
      'cluster is created by custom resource DirectCluster (Custom::HpCluster); its instance groups are not statically visible';
    expect(direct.notVisible).toBe(reason);
    expect(direct.instanceGroups).toMatchObject({ known: false, reason });
    expect(direct.clusterName).toMatchObject({ known: true, value: 'ml-cluster', loc: { line: 18 } });
    expect(direct.orchestrator.known).toBe(false);
    expect(span(direct.loc)).toBe('14:3-14:16');
    const console = entity(parsed, 'ConsoleCluster', 'Cluster');
    expect(console.notVisible).toBe(
      'cluster is created by custom resource ConsoleCluster (AWS::CloudFormation::CustomResource); its instance groups are not statically visible',
    );
    expect(console.clusterName).toMatchObject({ known: true, value: 'ml-cluster', loc: { line: 27 } });
    expect(parsed.unverified.map((u) => [u.line, u.resource])).toEqual([
      [14, 'DirectCluster'],
      [31, 'ConsoleCluster'],
    ]);
  });

  it('instance groups from a list parameter are unknown and not visible; opaque egress leaves rules incomplete', () => {
    const parsed = parseFixture('opaque-groups.yaml');
    const cluster = entity(parsed, 'Cluster', 'Cluster');
    expect(cluster.instanceGroups).toMatchObject({ known: false, reason: 'parameter Groups has no default', loc: { line: 21 } });
    expect(cluster.notVisible).toBe('instance groups of Cluster are not statically visible: parameter Groups has no default');
    expect(cluster.vpcConfig?.subnets).toMatchObject({ known: false, reason: 'parameter SubnetIds has no default', loc: { line: 19 } });
    const sg = entity(parsed, 'Sg', 'SecurityGroup');
    expect(sg).toMatchObject({ implicitAllowAllEgress: false, rulesComplete: false, egress: [] });
    expect(sg.vpc).toMatchObject({ kind: 'unknown', reason: 'no VpcId: the group is created in the default VPC' });
    expect(parsed.unverified.map((u) => [u.line, u.reason])).toEqual([
      [13, 'SecurityGroupEgress of Sg cannot be read statically: parameter EgressRules has no default'],
      [19, 'VpcConfig.Subnets of Cluster: parameter SubnetIds has no default'],
      [21, 'instance groups of Cluster are not statically visible: parameter Groups has no default'],
    ]);
  });
});

describe('standalone security-group rules', () => {
  const header = `Parameters:
  UseA: {Type: String}
Conditions:
  PickA: !Equals [!Ref UseA, yes]
Resources:
  A:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: a, VpcId: vpc-1, SecurityGroupEgress: [{IpProtocol: -1, CidrIp: 0.0.0.0/0}]}
  B:
    Type: AWS::EC2::SecurityGroup
    Properties: {GroupDescription: b, VpcId: vpc-1}
`;

  it('an !If choosing between two template groups adds the rule to both, as self, with an unknown condition', () => {
    const parsed = parseText(`${header}  Rule:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !If [PickA, !Ref A, !Ref B]
      SourceSecurityGroupId: !If [PickA, !Ref A, !Ref B]
      IpProtocol: "-1"
`);
    for (const name of ['A', 'B']) {
      const sg = entity(parsed, name, 'SecurityGroup');
      expect(sg.ingress).toEqual([
        expect.objectContaining({
          peer: { kind: 'self' },
          resourceName: 'Rule',
          condition: expect.objectContaining({ known: false, reason: 'GroupId of Rule depends on condition PickA' }),
        }),
      ]);
    }
    expect(entity(parsed, 'A', 'SecurityGroup').implicitAllowAllEgress).toBe(false);
    expect(entity(parsed, 'B', 'SecurityGroup').implicitAllowAllEgress).toBe(true);
  });

  it('a rule from another group is not self; a literal group ID is reported as unverified', () => {
    const parsed = parseText(`${header}  FromB:
    Type: AWS::EC2::SecurityGroupEgress
    Properties: {GroupId: !Ref A, DestinationSecurityGroupId: !GetAtt B.GroupId, IpProtocol: tcp, FromPort: 0, ToPort: 65535}
  External:
    Type: AWS::EC2::SecurityGroupIngress
    Properties: {GroupId: sg-0123, SourceSecurityGroupId: sg-0123, IpProtocol: -1}
`);
    const a = entity(parsed, 'A', 'SecurityGroup');
    expect(a.egress[1]).toMatchObject({
      peer: { kind: 'sg', ref: { kind: 'entity', key: 't.yaml#B' } },
      fromPort: { value: 0 },
      toPort: { value: 65535 },
      loc: { line: 12, column: 3 },
    });
    expect(a.egress[1]!.condition).toBeUndefined();
    expect(parsed.unverified).toEqual([
      {
        file: 't.yaml',
        line: 15,
        resource: 'External',
        reason: 'External adds a rule to a security group outside this template (sg-0123); not checked here',
      },
    ]);
  });
});

describe('metadata suppressions and bad input', () => {
  it('reports invalid suppression entries as unverified, keeps the valid ones', () => {
    const parsed = parseText(`Resources:
  Sg:
    Type: AWS::EC2::SecurityGroup
    Metadata:
      hyperpod-prereq:
        ignore:
          - {id: HP012, reason: known}
          - {id: nope}
          - {id: HP010, expires: 31-12-2027}
          - HP011
    Properties: {GroupDescription: x, VpcId: vpc-1}
`);
    const sg = entity(parsed, 'Sg', 'SecurityGroup');
    expect(sg.suppressions).toEqual([
      { ruleId: 'HP012', reason: 'known', loc: expect.objectContaining({ line: 7 }) },
      { ruleId: 'HP011', loc: expect.objectContaining({ line: 10 }) },
    ]);
    expect(parsed.unverified.map((u) => [u.line, u.reason])).toEqual([
      [8, 'suppression without a valid rule ID (e.g. HP030): "nope"'],
      [9, 'suppression of HP010: expires "31-12-2027" is not a YYYY-MM-DD date; ignored'],
    ]);
  });

  it('malformed YAML gives an error with position and no entities', () => {
    const parsed = parseText('AWSTemplateFormatVersion: 2010-09-09\nResources:\n  Vpc:\n    Type: AWS::EC2::VPC\n   Properties: {\n');
    expect(parsed.kind).toBe('cloudformation');
    expect(parsed.entities).toEqual([]);
    expect(parsed.errors.length).toBeGreaterThan(0);
    expect(parsed.errors[0]).toMatchObject({ file: 't.yaml', line: 5 });
  });

  it('malformed JSON gives an error with position', () => {
    const parsed = parseText('{"Resources": {"Vpc": {"Type": "AWS::EC2::VPC",}}}', 't.json');
    expect(parsed.errors[0]).toMatchObject({ file: 't.json', line: 1, column: 48 });
  });

  it('a duplicate logical ID is an error at the second key', () => {
    const parsed = parseText('Resources:\n  A:\n    Type: AWS::EC2::VPC\n  A:\n    Type: AWS::EC2::Subnet\n');
    expect(parsed.errors).toEqual([{ file: 't.yaml', line: 4, column: 3, message: 'Map keys must be unique' }]);
  });

  it('odd shapes never crash', () => {
    for (const text of [
      '',
      '[]',
      'Resources: 5',
      'Resources:\n  X: 1\n  Y: {Type: 3}\n  Z: {Type: AWS::EC2::Subnet, Properties: [1]}\n',
      'Resources:\n  S: {Type: AWS::SageMaker::Cluster, Properties: {InstanceGroups: [1, {InstanceCount: x}], VpcConfig: 3, Orchestrator: []}}\n',
      'Resources:\n  R: {Type: AWS::EC2::Route, Properties: {RouteTableId: {Ref: R}}}\n  G: {Type: AWS::EC2::SecurityGroupIngress, Properties: {}}\n',
      'Resources:\n  P: {Type: AWS::IAM::Role, Properties: {Tags: {Ref: X}, Policies: 3, ManagedPolicyArns: {"Fn::Split": [",", 1]}}}\n',
      'Conditions:\n  A: !Condition B\n  B: !Condition A\nResources:\n  V: {Type: AWS::EC2::VPC, Condition: A, Properties: {CidrBlock: !Select [!Ref V, []]}}\n',
    ]) {
      const parsed = parseText(text);
      expect(() => structuredClone(parsed)).not.toThrow();
      expect(parsed.kind).toBe('cloudformation');
    }
    expect(parseText('Resources: 5').errors).toEqual([{ file: 't.yaml', line: 1, column: 12, message: 'Resources must be a mapping' }]);
    expect(parseText('[]').errors).toEqual([{ file: 't.yaml', line: 1, column: 1, message: 'template is not a mapping' }]);
  });
});

describe('undecided conditions on the orchestrator and VPC IPv6', () => {
  const parsed = parseText(`Parameters:
  Mode: {Type: String}
Conditions:
  IsEks: !Equals [!Ref Mode, eks]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
  V6:
    Type: AWS::EC2::VPCCidrBlock
    Properties: {VpcId: !Ref Vpc, AmazonProvidedIpv6CidrBlock: !If [IsEks, true, false]}
  Maybe:
    Type: AWS::SageMaker::Cluster
    Properties:
      Orchestrator:
        Eks: !If [IsEks, {ClusterArn: arn:aws:eks:us-west-2:111122223333:cluster/a}, !Ref AWS::NoValue]
  Either:
    Type: AWS::SageMaker::Cluster
    Properties:
      Orchestrator:
        Eks: !If [IsEks, {ClusterArn: arn:aws:eks:us-west-2:111122223333:cluster/a}, {ClusterArn: arn:aws:eks:us-west-2:111122223333:cluster/b}]
`);

  it('an Eks block that may be absent leaves the orchestrator unknown', () => {
    expect(entity(parsed, 'Maybe', 'Cluster').orchestrator).toMatchObject({
      known: false,
      reason: 'Orchestrator.Eks depends on condition IsEks, which cannot be decided',
      loc: { line: 16 },
    });
  });

  it('an Eks block present in both branches is EKS', () => {
    expect(entity(parsed, 'Either', 'Cluster').orchestrator).toMatchObject({ known: true, value: 'eks' });
  });

  it('an undecided IPv6 flag leaves the VPC IPv6 unknown', () => {
    expect(entity(parsed, 'Vpc', 'Vpc').ipv6).toMatchObject({
      known: false,
      reason: 'depends on condition IsEks (parameter Mode has no default)',
      loc: { line: 11 },
    });
  });
});

describe('template features expanded at deployment', () => {
  it('notes Fn::ForEach resources and custom macros instead of guessing', () => {
    const parsed = parseText(`Transform: [AWS::LanguageExtensions, MyMacro]
Resources:
  Fn::ForEach::Subnets:
    - Name
    - [A, B]
    - Subnet\${Name}:
        Type: AWS::EC2::Subnet
        Properties: {VpcId: vpc-1, CidrBlock: 10.0.0.0/24}
  Vpc:
    Type: AWS::EC2::VPC
    Properties: {CidrBlock: 10.0.0.0/16}
`);
    expect(parsed.errors).toEqual([]);
    expect(parsed.entities.map((e) => e.name)).toEqual(['Vpc', 'Vpc/main-route-table']);
    expect(parsed.unverified).toEqual([
      {
        file: 't.yaml',
        line: 1,
        resource: undefined,
        reason: 'template uses macro MyMacro: the deployed template may differ from the one checked',
      },
      {
        file: 't.yaml',
        line: 3,
        resource: undefined,
        reason: 'Fn::ForEach::Subnets is expanded at deployment (AWS::LanguageExtensions); the resources it creates are not checked',
      },
    ]);
  });
});

describe('IPv6 added by separate resources', () => {
  it('AWS::EC2::SubnetCidrBlock gives its subnet IPv6', () => {
    const parsed = parseText(`Resources:
  Subnet:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: vpc-1, CidrBlock: 10.0.0.0/24}
  Other:
    Type: AWS::EC2::Subnet
    Properties: {VpcId: vpc-1, CidrBlock: 10.0.1.0/24}
  V6:
    Type: AWS::EC2::SubnetCidrBlock
    Properties:
      SubnetId: !Ref Subnet
      Ipv6CidrBlock: !Select [0, !Cidr [!Select [0, !GetAtt Vpc.Ipv6CidrBlocks], 2, 64]]
`);
    expect(entity(parsed, 'Subnet', 'Subnet').ipv6).toMatchObject({ known: true, value: true, loc: { line: 12, column: 22 } });
    expect(entity(parsed, 'Other', 'Subnet').ipv6).toEqual({ known: true, value: false });
  });
});
