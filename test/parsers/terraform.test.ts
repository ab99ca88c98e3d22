import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import type { Entity, EntityOf, EntityType, ParsedFile } from '../../src/model/types.js';
import { parseTerraformPlan } from '../../src/parsers/terraform.js';

const DIR = 'fixtures/parsers/terraform';
const opts = { limits: DEFAULT_LIMITS };

function parse(file: string): ParsedFile {
  return parseTerraformPlan(file, readFileSync(file, 'utf8'), opts);
}

function entity<T extends EntityType>(parsed: ParsedFile, name: string, type: T): EntityOf<T> {
  const found = parsed.entities.find((e: Entity) => e.name === name);
  if (!found) throw new Error(`no entity ${name}; have ${parsed.entities.map((e) => e.name).join(', ')}`);
  expect(found.type).toBe(type);
  return found as EntityOf<T>;
}

describe('Slurm stack in child modules', () => {
  const file = `${DIR}/slurm-modules/plan.json`;
  const parsed = parse(file);
  const key = (address: string): string => `${file}#${address}`;

  it('reads every mapped resource and nothing else', () => {
    expect(parsed.errors).toEqual([]);
    expect(parsed.unverified).toEqual([]);
    expect(parsed.region).toBe('us-west-2');
    expect(parsed.entities.map((e) => `${e.type} ${e.name}`).sort()).toEqual(
      [
        'Vpc module.vpc.aws_vpc.this',
        'RouteTable module.vpc.aws_vpc.this.main_route_table_id',
        'Subnet module.vpc.aws_subnet.private[0]',
        'Subnet module.vpc.aws_subnet.public',
        'SecurityGroup module.security_group.aws_security_group.this',
        'RouteTable module.vpc.aws_route_table.private',
        'RouteTable module.vpc.aws_route_table.public',
        'VpcEndpoint module.s3_endpoint.aws_vpc_endpoint.s3',
        'NatGateway module.vpc.aws_nat_gateway.this',
        'InternetGateway module.vpc.aws_internet_gateway.this',
        'IamPolicy module.sagemaker_iam_role.aws_iam_policy.extra',
        'IamPrincipal module.sagemaker_iam_role.aws_iam_role.this',
        'Cluster module.hyperpod_cluster.awscc_sagemaker_cluster.this',
      ].sort(),
    );
  });

  it('locates resources on their resource_changes "address" line', () => {
    const cluster = entity(parsed, 'module.hyperpod_cluster.awscc_sagemaker_cluster.this', 'Cluster');
    // Line 1250: `      "address": "module.hyperpod_cluster.awscc_sagemaker_cluster.this",`
    expect(cluster.loc).toEqual({ file, line: 1250, column: 7, endLine: 1250, endColumn: 72 });
    expect(entity(parsed, 'module.vpc.aws_subnet.private[0]', 'Subnet').loc.line).toBe(590);
    expect(entity(parsed, 'module.security_group.aws_security_group.this', 'SecurityGroup').loc.line).toBe(959);
    expect(cluster.key).toBe(key('module.hyperpod_cluster.awscc_sagemaker_cluster.this'));
  });

  it('links the cluster VpcConfig through module variables and outputs', () => {
    const cluster = entity(parsed, 'module.hyperpod_cluster.awscc_sagemaker_cluster.this', 'Cluster');
    expect(cluster.orchestrator).toMatchObject({ known: true, value: 'slurm' });
    expect(cluster.clusterName).toMatchObject({ known: true, value: 'ml-cluster' });
    expect(cluster.change?.actions).toEqual(['create']);
    expect(cluster.region).toMatchObject({ known: true, value: 'us-west-2' });
    // vpc_config = { subnets = [var.private_subnet_id], ... } → module.vpc.private_subnet_id → aws_subnet.private[0]
    expect(cluster.vpcConfig?.subnets).toMatchObject({
      known: true,
      items: [{ kind: 'entity', key: key('module.vpc.aws_subnet.private[0]') }],
    });
    expect(cluster.vpcConfig?.securityGroups).toMatchObject({
      known: true,
      items: [{ kind: 'entity', key: key('module.security_group.aws_security_group.this') }],
    });
  });

  it('reads instance groups and links the unknown execution role to the IAM role', () => {
    const cluster = entity(parsed, 'module.hyperpod_cluster.awscc_sagemaker_cluster.this', 'Cluster');
    if (!Array.isArray(cluster.instanceGroups)) throw new Error('groups unknown');
    expect(cluster.instanceGroups).toHaveLength(2);
    const [controller, worker] = cluster.instanceGroups;
    expect(controller!.name).toMatchObject({ known: true, value: 'controller-machine' });
    expect(worker!.instanceTypes).toMatchObject([{ known: true, value: 'ml.p5.48xlarge' }]);
    expect(worker!.instanceCount).toMatchObject({ known: true, value: 4 });
    expect(worker!.lifeCycleSourceS3Uri).toMatchObject({ known: true, value: 's3://sagemaker-lifecycle-abc/src' });
    for (const group of cluster.instanceGroups) {
      expect(group.executionRole).toMatchObject({ kind: 'entity', key: key('module.sagemaker_iam_role.aws_iam_role.this') });
      expect(group.overrideVpcConfig).toBeUndefined();
    }
  });

  it('recognises self rules of aws_security_group_rule from configuration references', () => {
    const sg = entity(parsed, 'module.security_group.aws_security_group.this', 'SecurityGroup');
    expect(sg.implicitAllowAllEgress).toBe(false); // [TF-SG]
    expect(sg.rulesComplete).toBe(true);
    expect(sg.vpc).toMatchObject({ kind: 'entity', key: key('module.vpc.aws_vpc.this') });
    const summary = (rules: typeof sg.ingress): string[] =>
      rules.map(
        (r) =>
          `${r.resourceName} ${r.protocol.known ? r.protocol.value : '?'} ${r.fromPort?.known ? r.fromPort.value : '-'}-${
            r.toPort?.known ? r.toPort.value : '-'
          } ${r.peer.kind === 'cidr' ? r.peer.cidr : r.peer.kind} @${r.loc.line}`,
      );
    expect(summary(sg.ingress)).toEqual([
      'module.security_group.aws_security_group_rule.self_ingress -1 0-65535 self @992',
      'module.security_group.aws_security_group_rule.fsx_ingress tcp 988-988 10.1.0.0/16 @1096',
    ]);
    expect(summary(sg.egress)).toEqual([
      'module.security_group.aws_security_group_rule.self_egress -1 0-65535 self @1026',
      'module.security_group.aws_security_group_rule.all_egress -1 0-0 0.0.0.0/0 @1060',
    ]);
  });

  it('marks values known only after apply as unknown, not unset', () => {
    const subnet = entity(parsed, 'module.vpc.aws_subnet.private[0]', 'Subnet');
    expect(subnet.physicalId).toBeUndefined();
    expect(subnet.azId).toEqual({
      known: false,
      reason: 'module.vpc.aws_subnet.private[0].availability_zone_id is known only after apply',
      loc: subnet.loc,
    });
    expect(subnet.cidr).toMatchObject({ known: true, value: '10.1.0.0/17' });
    expect(subnet.az).toMatchObject({ known: true, value: 'us-west-2a' });
    expect(subnet.ipv6).toMatchObject({ known: true, value: false });
    expect(subnet.mapPublicIp).toMatchObject({ known: true, value: false });
    // vpc_id = aws_vpc_ipv4_cidr_block_association.secondary.vpc_id → that association's vpc_id → aws_vpc.this
    expect(subnet.vpc).toMatchObject({ kind: 'entity', key: key('module.vpc.aws_vpc.this') });
    expect(entity(parsed, 'module.vpc.aws_subnet.public', 'Subnet').mapPublicIp).toMatchObject({ value: true });
  });

  it('builds route tables, associations, the NAT route and the S3 endpoint', () => {
    const priv = entity(parsed, 'module.vpc.aws_route_table.private', 'RouteTable');
    expect(priv.main).toBe(false);
    expect(priv.routes).toMatchObject([
      {
        destination: { known: true, value: '0.0.0.0/0' },
        target: { kind: 'nat', ref: { kind: 'entity', key: key('module.vpc.aws_nat_gateway.this') } },
      },
    ]);
    expect(priv.subnets).toMatchObject([{ kind: 'entity', key: key('module.vpc.aws_subnet.private[0]') }]);
    const pub = entity(parsed, 'module.vpc.aws_route_table.public', 'RouteTable');
    expect(pub.routes[0]!.target).toMatchObject({ kind: 'igw', ref: { key: key('module.vpc.aws_internet_gateway.this') } });
    expect(entity(parsed, 'module.vpc.aws_subnet.private[0]', 'Subnet').routeTable).toMatchObject({
      kind: 'entity',
      key: key('module.vpc.aws_route_table.private'),
    });
    const main = entity(parsed, 'module.vpc.aws_vpc.this.main_route_table_id', 'RouteTable');
    expect(main).toMatchObject({ main: true, routes: [], vpc: { kind: 'entity', key: key('module.vpc.aws_vpc.this') } });
    expect(entity(parsed, 'module.vpc.aws_nat_gateway.this', 'NatGateway').subnet).toMatchObject({
      kind: 'entity',
      key: key('module.vpc.aws_subnet.public'),
    });

    const s3 = entity(parsed, 'module.s3_endpoint.aws_vpc_endpoint.s3', 'VpcEndpoint');
    expect(s3.serviceName).toMatchObject({ known: true, value: 'com.amazonaws.us-west-2.s3' });
    expect(s3.endpointType).toMatchObject({ known: true, value: 'Gateway' });
    // route_table_ids = [var.route_table_ids] → module.vpc.private_route_table_id
    expect(s3.routeTables).toMatchObject({ known: true, items: [{ kind: 'entity', key: key('module.vpc.aws_route_table.private') }] });
    expect(s3.subnets).toMatchObject({ known: true, items: [] });
    expect(s3.policy).toBeUndefined(); // computed default policy = full access
    expect(s3.vpc).toMatchObject({ kind: 'entity', key: key('module.vpc.aws_vpc.this') });
  });

  it('adds the secondary CIDR to the VPC', () => {
    const vpc = entity(parsed, 'module.vpc.aws_vpc.this', 'Vpc');
    expect(vpc.cidrBlocks.map((c) => (c.known ? c.value : '?'))).toEqual(['10.0.0.0/16', '10.1.0.0/16']);
    expect(vpc.ipv6).toMatchObject({ known: true, value: false });
  });

  it('attaches IAM policies and reads tags', () => {
    const role = entity(parsed, 'module.sagemaker_iam_role.aws_iam_role.this', 'IamPrincipal');
    expect(role.principalKind).toBe('role');
    expect(role.region).toBeUndefined(); // IAM is global
    expect(role.tags).toMatchObject({ known: true, value: { SSMSessionRunAs: { known: true, value: 'ubuntu' } } });
    expect(role.managedPolicies).toMatchObject([
      { kind: 'id', id: 'arn:aws:iam::aws:policy/AmazonSageMakerClusterInstanceRolePolicy' },
      { kind: 'entity', key: key('module.sagemaker_iam_role.aws_iam_policy.extra') },
    ]);
    const policy = entity(parsed, 'module.sagemaker_iam_role.aws_iam_policy.extra', 'IamPolicy');
    expect(policy.attachedTo).toMatchObject([{ kind: 'entity', key: role.key }]);
    expect(policy.document.statements).toMatchObject([
      {
        effect: { value: 'Allow' },
        actions: { value: ['s3:GetObject', 's3:ListBucket'] },
        resources: { value: ['arn:aws:s3:::lifecycle-scripts', 'arn:aws:s3:::lifecycle-scripts/*'] },
      },
    ]);
  });

  it('produces structured-clone-safe output', () => {
    expect(structuredClone(parsed)).toEqual(parsed);
  });
});

describe('EKS stack with aws_vpc_security_group_*_rule and for_each', () => {
  const file = `${DIR}/eks/plan.json`;
  const parsed = parse(file);
  const key = (address: string): string => `${file}#${address}`;

  it('recognises self rules of aws_vpc_security_group_ingress_rule/egress_rule', () => {
    const sg = entity(parsed, 'aws_security_group.cluster', 'SecurityGroup');
    expect(sg.ingress).toEqual([
      {
        direction: 'ingress',
        protocol: { known: true, value: '-1', loc: expect.objectContaining({ line: 509 }) },
        fromPort: undefined,
        toPort: undefined,
        peer: { kind: 'self' },
        loc: expect.objectContaining({ line: 509 }),
        resourceName: 'aws_vpc_security_group_ingress_rule.self',
      },
      expect.objectContaining({
        direction: 'ingress',
        peer: { kind: 'sg', ref: expect.objectContaining({ kind: 'id', id: 'sg-0fedcba9876543210' }) },
        resourceName: 'aws_vpc_security_group_ingress_rule.from_bastion',
      }),
    ]);
    // Inline egress (known) first, then the standalone self egress rule.
    expect(sg.egress.map((r) => r.peer)).toEqual([{ kind: 'cidr', cidr: '0.0.0.0/0' }, { kind: 'self' }]);
    expect(sg.egress[1]!.resourceName).toBe('aws_vpc_security_group_egress_rule.self');
  });

  it('resolves for_each subnets, string-keyed references and module instance outputs', () => {
    const cluster = entity(parsed, 'awscc_sagemaker_cluster.hp', 'Cluster');
    expect(cluster.orchestrator).toMatchObject({ known: true, value: 'eks' });
    expect(cluster.eksClusterArn).toMatchObject({ known: false });
    expect(cluster.eksCluster).toMatchObject({ kind: 'entity', key: key('aws_eks_cluster.main') });
    // `aws_subnet.private` (for_each) in a whole-object expression → both instances
    expect(cluster.vpcConfig?.subnets).toMatchObject({
      known: true,
      items: [
        { kind: 'entity', key: key('aws_subnet.private["a"]') },
        { kind: 'entity', key: key('aws_subnet.private["b"]') },
      ],
    });
    expect(cluster.vpcConfig?.securityGroups).toMatchObject({ items: [{ key: key('aws_security_group.cluster') }] });
    if (!Array.isArray(cluster.instanceGroups)) throw new Error('groups unknown');
    const gpu = cluster.instanceGroups[1]!;
    // Only one group has an unknown override, so the instance_groups references belong to it.
    expect(gpu.overrideVpcConfig?.subnets).toMatchObject({ known: true, items: [{ kind: 'entity', key: key('aws_subnet.private["b"]') }] });
    expect(gpu.overrideVpcConfig?.securityGroups).toMatchObject({
      known: true,
      items: [{ kind: 'entity', key: key('module.sg["extra"].aws_security_group.this') }],
    });
    expect(gpu.executionRole).toMatchObject({ kind: 'id', id: 'arn:aws:iam::111122223333:role/hp-exec' });
    expect(gpu.fsxMounts).toMatchObject([{ known: false }]);
    expect(cluster.fsxFileSystems).toMatchObject([{ kind: 'entity', key: key('aws_fsx_lustre_file_system.fsx') }]);
    expect(cluster.instanceGroups[0]!.overrideVpcConfig).toBeUndefined();
  });

  it('reads EKS, FSx, subnet IPv6 and the existing VPC from prior state', () => {
    const eks = entity(parsed, 'aws_eks_cluster.main', 'EksCluster');
    expect(eks.ipFamily).toMatchObject({ known: true, value: 'ipv4' });
    expect(eks.ipFamilyExplicit).toBe(false);
    expect(eks.arn).toMatchObject({ known: false, reason: 'aws_eks_cluster.main.arn is known only after apply' });
    expect(eks.subnets).toMatchObject({
      known: true,
      items: [{ key: key('aws_subnet.private["a"]') }, { key: key('aws_subnet.private["b"]') }],
    });

    const fsx = entity(parsed, 'aws_fsx_lustre_file_system.fsx', 'FsxFileSystem');
    expect(fsx.subnets).toMatchObject({ known: true, items: [{ kind: 'entity', key: key('aws_subnet.private["a"]') }] });
    expect(fsx.securityGroups).toMatchObject({ known: true, items: [{ kind: 'entity', key: key('aws_security_group.cluster') }] });

    const vpc = entity(parsed, 'aws_vpc.main', 'Vpc');
    expect(vpc.physicalId).toBe('vpc-0123456789abcdef0');
    expect(vpc.change?.actions).toEqual(['no-op']);
    expect(vpc.ipv6).toMatchObject({ known: true, value: true });
    expect(vpc.loc.line).toBe(318);

    const subnet = entity(parsed, 'aws_subnet.private["a"]', 'Subnet');
    // `      "address": "aws_subnet.private[\"a\"]",` (escaped quotes count in columns)
    expect(subnet.loc).toEqual({ file, line: 371, column: 7, endLine: 371, endColumn: 45 });
    expect(subnet.ipv6).toMatchObject({ known: true, value: true }); // ipv6_cidr_block = cidrsubnet(...)
    expect(subnet.vpc).toEqual({ kind: 'id', id: 'vpc-0123456789abcdef0', loc: subnet.loc });
    // An existing VPC's main table: known ID, no change of its own, routes not in the plan.
    const main = entity(parsed, 'aws_vpc.main.main_route_table_id', 'RouteTable');
    expect(main).toMatchObject({ main: true, routes: [], physicalId: 'rtb-0aaaaaaaaaaaaaaa1', vpc: { kind: 'entity', key: vpc.key } });
    expect(main.change).toBeUndefined();
  });

  it('maps data.aws_subnet from prior state with its physical ID', () => {
    const existing = entity(parsed, 'data.aws_subnet.existing', 'Subnet');
    expect(existing.physicalId).toBe('subnet-0e0e0e0e0e0e0e0e1');
    expect(existing.azId).toMatchObject({ known: true, value: 'usw2-az1' });
    expect(existing.cidr).toMatchObject({ known: true, value: '10.192.10.0/24' });
    expect(existing.change).toBeUndefined();
    expect(existing.loc.line).toBe(891);
  });
});

describe('plan with replacements', () => {
  const file = `${DIR}/replace/plan.json`;
  const parsed = parse(file);

  it('keeps replace actions, replace_paths and the action reason', () => {
    const cluster = entity(parsed, 'awscc_sagemaker_cluster.hp', 'Cluster');
    expect(cluster.change).toMatchObject({
      actions: ['delete', 'create'],
      replacePaths: [['vpc_config']],
      actionReason: 'replace_because_cannot_update',
    });
    expect((cluster.change?.before as { vpc_config: unknown }).vpc_config).toEqual({
      security_group_ids: ['sg-0b2b2b2b2b2b2b2b2'],
      subnets: ['subnet-0a1a1a1a1a1a1a1a1'],
    });
    expect(cluster.physicalId).toBeUndefined();
    const subnet = entity(parsed, 'aws_subnet.hyperpod', 'Subnet');
    expect(subnet.change).toMatchObject({ actions: ['delete', 'create'], replacePaths: [['cidr_block']] });
    // The old subnet ID does not survive a replacement.
    expect(subnet.physicalId).toBeUndefined();
    expect(subnet.cidr).toMatchObject({ known: true, value: '10.1.0.0/22' });
    expect(subnet.loc.line).toBe(165); // resource_changes entry, not planned_values (line 8)
  });

  it('takes physical IDs of unchanged resources and merges known and linked list items', () => {
    expect(entity(parsed, 'aws_subnet.keep', 'Subnet').physicalId).toBe('subnet-0c3c3c3c3c3c3c3c3');
    const cluster = entity(parsed, 'awscc_sagemaker_cluster.hp', 'Cluster');
    expect(cluster.vpcConfig?.subnets).toMatchObject({
      known: true,
      items: [
        { kind: 'id', id: 'subnet-0c3c3c3c3c3c3c3c3' },
        { kind: 'entity', key: `${file}#aws_subnet.hyperpod` },
      ],
    });
    expect(cluster.vpcConfig?.subnets?.known && cluster.vpcConfig.subnets.items).toHaveLength(2);
    expect(cluster.vpcConfig?.securityGroups).toMatchObject({ known: true, items: [{ kind: 'id', id: 'sg-0b2b2b2b2b2b2b2b2' }] });
  });

  it('reads inline self rules, including the group ID in security_groups', () => {
    const sg = entity(parsed, 'aws_security_group.hp', 'SecurityGroup');
    expect(sg.physicalId).toBe('sg-0b2b2b2b2b2b2b2b2');
    expect(sg.ingress.map((r) => [r.protocol.known && r.protocol.value, r.peer.kind])).toEqual([
      ['-1', 'self'],
      ['tcp', 'self'],
    ]);
    expect(sg.egress.map((r) => r.peer)).toEqual([{ kind: 'cidr', cidr: '0.0.0.0/0' }, { kind: 'self' }]);
  });

  it('leaves out resources that are only deleted', () => {
    expect(parsed.entities.map((e) => e.name).sort()).toEqual([
      'aws_security_group.hp',
      'aws_subnet.hyperpod',
      'aws_subnet.keep',
      'awscc_sagemaker_cluster.hp',
    ]);
  });

  it('gives columns on single-line plans, as terraform show -json writes them', () => {
    const compactFile = `${DIR}/replace/plan.compact.json`;
    const text = readFileSync(compactFile, 'utf8');
    const compact = parseTerraformPlan(compactFile, text, opts);
    const cluster = entity(compact, 'awscc_sagemaker_cluster.hp', 'Cluster');
    const needle = '"address":"awscc_sagemaker_cluster.hp"';
    const resourceChanges = text.indexOf('"resource_changes"');
    const offset = text.indexOf(needle, resourceChanges);
    expect(offset).toBeGreaterThan(resourceChanges);
    expect(cluster.loc).toEqual({
      file: compactFile,
      line: 1,
      column: offset + 1,
      endLine: 1,
      endColumn: offset + needle.length + 1,
    });
  });
});

describe('invalid plans', () => {
  it('reports a missing comma with V8 position as line and column', () => {
    const parsed = parse(`${DIR}/invalid/missing-comma.json`);
    expect(parsed.entities).toEqual([]);
    expect(parsed.errors).toEqual([
      {
        file: `${DIR}/invalid/missing-comma.json`,
        line: 10,
        column: 11,
        message: "Terraform plan is not valid JSON: Expected ',' or '}' after property value",
      },
    ]);
  });

  it('locates errors V8 reports without a position', () => {
    const parsed = parse(`${DIR}/invalid/missing-value.json`);
    expect(parsed.errors).toEqual([
      {
        file: `${DIR}/invalid/missing-value.json`,
        line: 5,
        column: 16,
        message: "Terraform plan is not valid JSON: Unexpected token '}'",
      },
    ]);
  });

  it('rejects an unknown format major version at the format_version line', () => {
    const parsed = parse(`${DIR}/invalid/format-2.json`);
    expect(parsed.entities).toEqual([]);
    expect(parsed.errors).toEqual([
      {
        file: `${DIR}/invalid/format-2.json`,
        line: 2,
        column: 3,
        message: 'Terraform plan format_version "2.0" is not supported (this tool reads 0.x and 1.x)',
      },
    ]);
  });

  it('accepts 0.x plans', () => {
    const parsed = parseTerraformPlan('old.json', '{"format_version":"0.1","planned_values":{"root_module":{}}}', opts);
    expect(parsed.errors).toEqual([]);
    expect(parsed.unverified).toEqual([
      {
        file: 'old.json',
        reason: 'The plan has no "configuration" section: links between resources created by this plan cannot be followed',
      },
    ]);
  });

  it('enforces maxDepth with the position of the first too-deep bracket', () => {
    const text = `{\n  "format_version": "1.2",\n  "x": ${'['.repeat(50)}${']'.repeat(50)}\n}`;
    const parsed = parseTerraformPlan('deep.json', text, { limits: { ...DEFAULT_LIMITS, maxDepth: 20 } });
    // Depth 1 is the top-level object; the 20th "[" (column 8 + 19) is depth 21.
    expect(parsed.errors).toEqual([
      { file: 'deep.json', line: 3, column: 27, message: 'Terraform plan nests deeper than 20 levels (limit maxDepth)' },
    ]);
  });

  it('never throws on hostile shapes', () => {
    const inputs = [
      '',
      'null',
      '[]',
      '"text"',
      '{"format_version": 1}',
      '{"format_version":"1.0","resource_changes":[null,1,{"address":5},{"address":"a.b","type":"aws_subnet","name":"b","change":{"actions":["create"],"after":"x","after_unknown":[1]}}]}',
      '{"format_version":"1.0","resource_changes":[{"address":"aws_security_group_rule.r","mode":"managed","type":"aws_security_group_rule","name":"r","change":{"actions":["create"],"after":{"type":"ingress"},"after_unknown":{"security_group_id":true}}}],"configuration":{"root_module":{"resources":[{"address":"aws_security_group_rule.r","mode":"managed","type":"aws_security_group_rule","name":"r","expressions":{"security_group_id":{"references":["var.a","var.a"]}}}]}}}',
      '{"format_version":"1.0","configuration":{"root_module":{"module_calls":{"m":null,"n":{"module":{"module_calls":{"o":{}}}}}}},"planned_values":{"root_module":{"child_modules":[null,{"resources":[{}]}]}}}',
    ];
    for (const text of inputs) {
      const parsed = parseTerraformPlan('x.json', text, opts);
      expect(parsed.kind).toBe('terraform-plan');
      expect(() => structuredClone(parsed)).not.toThrow();
    }
    expect(parseTerraformPlan('x.json', '', opts).errors).toEqual([
      { file: 'x.json', line: 1, column: 1, message: 'Terraform plan is not valid JSON: Unexpected end of JSON input' },
    ]);
    expect(parseTerraformPlan('x.json', '{"format_version": 1}', opts).errors[0]!.message).toBe(
      'Terraform plan has no valid format_version',
    );
  });
});
