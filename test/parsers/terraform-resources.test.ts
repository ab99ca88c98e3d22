import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import type { EntityOf, EntityType, ParsedFile } from '../../src/model/types.js';
import { parseTerraformPlan } from '../../src/parsers/terraform.js';

/** A resource of a small hand-written plan (root module unless `module` is given). */
interface R {
  type: string;
  name: string;
  after: Record<string, unknown>;
  unknown?: Record<string, unknown>;
  actions?: string[];
  index?: number | string;
  mode?: 'managed' | 'data';
  /** Configuration expressions. */
  config?: Record<string, unknown>;
  provider?: string;
}

const FILE = 'plan.json';

function plan(resources: R[], extra: Record<string, unknown> = {}): ParsedFile {
  const address = (r: R): string =>
    `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}${
      r.index === undefined ? '' : typeof r.index === 'number' ? `[${r.index}]` : `[${JSON.stringify(r.index)}]`
    }`;
  const seen = new Set<string>();
  const doc = {
    format_version: '1.2',
    resource_changes: resources.map((r) => ({
      address: address(r),
      mode: r.mode ?? 'managed',
      type: r.type,
      name: r.name,
      ...(r.index === undefined ? {} : { index: r.index }),
      change: { actions: r.actions ?? ['create'], before: null, after: r.after, after_unknown: r.unknown ?? {} },
    })),
    configuration: {
      provider_config: { aws: { name: 'aws', expressions: { region: { constant_value: 'eu-west-1' } } } },
      root_module: {
        resources: resources
          .filter((r) => !seen.has(`${r.type}.${r.name}`) && seen.add(`${r.type}.${r.name}`))
          .map((r) => ({
            address: `${r.mode === 'data' ? 'data.' : ''}${r.type}.${r.name}`,
            mode: r.mode ?? 'managed',
            type: r.type,
            name: r.name,
            provider_config_key: r.provider ?? (r.type.startsWith('awscc_') ? 'awscc' : 'aws'),
            expressions: r.config ?? {},
          })),
      },
    },
    ...extra,
  };
  return parseTerraformPlan(FILE, JSON.stringify(doc, null, 2), { limits: DEFAULT_LIMITS });
}

const ref = (...references: string[]) => ({ references });
const constant = (value: unknown) => ({ constant_value: value });
const key = (address: string): string => `${FILE}#${address}`;

function get<T extends EntityType>(parsed: ParsedFile, name: string, type: T): EntityOf<T> {
  const found = parsed.entities.find((e) => e.name === name);
  if (!found) throw new Error(`no ${name}: ${parsed.entities.map((e) => e.name).join(', ')}`);
  expect(found.type).toBe(type);
  return found as EntityOf<T>;
}

const vpc: R = {
  type: 'aws_vpc',
  name: 'main',
  after: { cidr_block: '10.0.0.0/16' },
  unknown: { id: true, ipv6_cidr_block: true, main_route_table_id: true, default_route_table_id: true },
  config: { cidr_block: constant('10.0.0.0/16') },
};
const sg = (name: string, after: Record<string, unknown>, unknown: Record<string, unknown>, config: Record<string, unknown>): R => ({
  type: 'aws_security_group',
  name,
  after: { name, ...after },
  unknown: { id: true, arn: true, vpc_id: true, ...unknown },
  config: { name: constant(name), vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main'), ...config },
});

describe('security groups', () => {
  it('reads inline rules from configuration blocks when the rule set is known only after apply', () => {
    const parsed = plan([
      vpc,
      sg('other', {}, { ingress: true, egress: true }, {}),
      sg(
        'hp',
        {},
        { ingress: true, egress: true },
        {
          ingress: [
            { from_port: constant(0), to_port: constant(0), protocol: constant('-1'), self: constant(true) },
            {
              from_port: constant(988),
              to_port: constant(988),
              protocol: constant('tcp'),
              security_groups: ref('aws_security_group.other.id', 'aws_security_group.other', 'aws_security_group.hp.id'),
            },
          ],
          egress: [{ from_port: constant(0), to_port: constant(0), protocol: constant('all'), cidr_blocks: ref('var.cidrs') }],
        },
      ),
    ]);
    const hp = get(parsed, 'aws_security_group.hp', 'SecurityGroup');
    // Block 2 lists itself and another group: one rule per peer (references in sorted order).
    expect(hp.ingress.map((r) => r.peer)).toEqual([
      { kind: 'self' },
      { kind: 'self' },
      { kind: 'sg', ref: { kind: 'entity', key: key('aws_security_group.other'), loc: hp.loc } },
    ]);
    expect(hp.ingress.map((r) => (r.protocol.known ? r.protocol.value : '?'))).toEqual(['-1', 'tcp', 'tcp']);
    // protocol "all" is "-1"; cidr_blocks from an unresolvable variable stay unknown.
    expect(hp.egress).toMatchObject([
      {
        protocol: { known: true, value: '-1' },
        peer: { kind: 'unknown', reason: 'aws_security_group.hp cidr_blocks depends on values known only after apply' },
      },
    ]);
    expect(hp.vpc).toMatchObject({ kind: 'entity', key: key('aws_vpc.main') });
    const other = get(parsed, 'aws_security_group.other', 'SecurityGroup');
    expect(other).toMatchObject({ ingress: [], egress: [], rulesComplete: true, implicitAllowAllEgress: false });
  });

  it('marks every group incomplete when a rule resource cannot be tied to one', () => {
    const parsed = plan([
      vpc,
      sg('a', {}, { ingress: true, egress: true }, {}),
      {
        type: 'aws_security_group_rule',
        name: 'mystery',
        after: { type: 'ingress', protocol: '-1', from_port: 0, to_port: 0, self: true },
        unknown: { id: true, security_group_id: true },
        config: { type: constant('ingress'), security_group_id: ref('local.sg_id'), self: constant(true) },
      },
      {
        type: 'aws_security_group_rule',
        name: 'external',
        after: { type: 'ingress', protocol: 'tcp', from_port: 22, to_port: 22, security_group_id: 'sg-0123', cidr_blocks: ['10.0.0.0/8'] },
        config: {},
      },
    ]);
    const a = get(parsed, 'aws_security_group.a', 'SecurityGroup');
    expect(a.rulesComplete).toBe(false);
    expect(a.ingress).toEqual([]); // the external rule belongs to sg-0123, outside this plan
    expect(parsed.unverified).toEqual([
      {
        file: FILE,
        line: expect.any(Number),
        resource: 'aws_security_group_rule.mystery',
        reason:
          'aws_security_group_rule.mystery: cannot tell which security group the rule belongs to (local.sg_id (local values are not in the plan))',
      },
    ]);
  });

  it('treats the same unresolved expression on both sides as self, and awscc groups keep the default egress', () => {
    const parsed = plan([
      {
        type: 'awscc_ec2_security_group',
        name: 'hp',
        after: { group_description: 'hp', security_group_ingress: null, security_group_egress: null },
        unknown: { id: true, group_id: true, vpc_id: true },
        config: { group_description: constant('hp'), vpc_id: ref('var.vpc_id') },
      },
      {
        type: 'awscc_ec2_security_group_ingress',
        name: 'self',
        after: { ip_protocol: '-1' },
        unknown: { id: true, group_id: true, source_security_group_id: true },
        config: {
          ip_protocol: constant('-1'),
          group_id: ref('awscc_ec2_security_group.hp.group_id', 'awscc_ec2_security_group.hp'),
          source_security_group_id: ref('awscc_ec2_security_group.hp.group_id', 'awscc_ec2_security_group.hp'),
        },
      },
    ]);
    const hp = get(parsed, 'awscc_ec2_security_group.hp', 'SecurityGroup');
    expect(hp.implicitAllowAllEgress).toBe(true); // CloudFormation semantics [CFN-SG]
    expect(hp.ingress).toMatchObject([
      { protocol: { value: '-1' }, peer: { kind: 'self' }, resourceName: 'awscc_ec2_security_group_ingress.self' },
    ]);
    expect(hp.vpc).toMatchObject({ kind: 'unknown', reason: expect.stringContaining('var.vpc_id has no value in the plan') });
  });
});

describe('routes', () => {
  it('gives a new VPC an implicit main route table that aws_route can add to', () => {
    const parsed = plan([
      vpc,
      { type: 'aws_nat_gateway', name: 'nat', after: { subnet_id: 'subnet-0aaa' }, unknown: { id: true }, config: {} },
      {
        type: 'aws_route',
        name: 'default',
        after: { destination_cidr_block: '0.0.0.0/0' },
        unknown: { id: true, route_table_id: true, nat_gateway_id: true },
        config: {
          destination_cidr_block: constant('0.0.0.0/0'),
          route_table_id: ref('aws_vpc.main.main_route_table_id', 'aws_vpc.main'),
          nat_gateway_id: ref('aws_nat_gateway.nat.id', 'aws_nat_gateway.nat'),
        },
      },
    ]);
    const main = get(parsed, 'aws_vpc.main.main_route_table_id', 'RouteTable');
    expect(main.main).toBe(true);
    expect(main.routes).toMatchObject([
      {
        destination: { known: true, value: '0.0.0.0/0' },
        target: { kind: 'nat', ref: { kind: 'entity', key: key('aws_nat_gateway.nat') } },
      },
    ]);
    expect(main.routes[0]!.loc.line).toBeGreaterThan(main.loc.line);
  });

  it('uses aws_default_route_table as the main table and honours aws_main_route_table_association', () => {
    const parsed = plan([
      vpc,
      {
        type: 'aws_default_route_table',
        name: 'main',
        after: { route: [{ cidr_block: '0.0.0.0/0', gateway_id: 'igw-0abc', nat_gateway_id: '', vpc_endpoint_id: '' }] },
        unknown: { id: true, vpc_id: true },
        config: { default_route_table_id: ref('aws_vpc.main.default_route_table_id', 'aws_vpc.main') },
      },
      {
        type: 'aws_route_table',
        name: 'custom',
        after: { route: [] },
        unknown: { id: true, vpc_id: true },
        config: { vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main') },
      },
      {
        type: 'aws_main_route_table_association',
        name: 'm',
        after: {},
        unknown: { id: true, vpc_id: true, route_table_id: true },
        config: {
          vpc_id: ref('aws_vpc.main.id', 'aws_vpc.main'),
          route_table_id: ref('aws_route_table.custom.id', 'aws_route_table.custom'),
        },
      },
    ]);
    expect(parsed.entities.some((e) => e.name === 'aws_vpc.main.main_route_table_id')).toBe(false);
    const def = get(parsed, 'aws_default_route_table.main', 'RouteTable');
    expect(def.main).toBe(true);
    expect(def.vpc).toMatchObject({ kind: 'entity', key: key('aws_vpc.main') });
    expect(def.routes).toMatchObject([{ target: { kind: 'igw', ref: { kind: 'id', id: 'igw-0abc' } } }]);
    expect(get(parsed, 'aws_route_table.custom', 'RouteTable').main).toBe(true);
  });
});

describe('VPC endpoints, EKS, IAM and regions', () => {
  it('parses endpoint policies, keeps invalid JSON unknown, and adds associations', () => {
    const parsed = plan([
      { type: 'aws_route_table', name: 'rt', after: {}, unknown: { id: true }, config: {} },
      {
        type: 'aws_vpc_endpoint',
        name: 'good',
        after: {
          service_name: 'com.amazonaws.eu-west-1.s3',
          vpc_endpoint_type: null,
          policy: '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}',
        },
        unknown: { id: true, route_table_ids: true, subnet_ids: true },
        config: { service_name: constant('com.amazonaws.eu-west-1.s3') },
      },
      {
        type: 'aws_vpc_endpoint',
        name: 'bad',
        after: { service_name: 'com.amazonaws.eu-west-1.s3', vpc_endpoint_type: 'Interface', policy: '{not json' },
        unknown: { id: true },
        config: {},
      },
      {
        type: 'aws_vpc_endpoint_route_table_association',
        name: 'a',
        after: {},
        unknown: { id: true, vpc_endpoint_id: true, route_table_id: true },
        config: {
          vpc_endpoint_id: ref('aws_vpc_endpoint.good.id', 'aws_vpc_endpoint.good'),
          route_table_id: ref('aws_route_table.rt.id', 'aws_route_table.rt'),
        },
      },
    ]);
    const good = get(parsed, 'aws_vpc_endpoint.good', 'VpcEndpoint');
    expect(good.endpointType).toMatchObject({ known: true, value: 'Gateway' });
    expect(good.policy).toMatchObject({ known: true, value: { Statement: [{ Effect: 'Allow', Action: 's3:GetObject' }] } });
    expect(good.routeTables).toMatchObject({ known: true, items: [{ kind: 'entity', key: key('aws_route_table.rt') }] });
    const bad = get(parsed, 'aws_vpc_endpoint.bad', 'VpcEndpoint');
    expect(bad.policy).toMatchObject({ known: false, reason: 'aws_vpc_endpoint.bad.policy is not valid JSON' });
    expect(bad.endpointType).toMatchObject({ known: true, value: 'Interface' });
    expect(good.region).toMatchObject({ known: true, value: 'eu-west-1' });
  });

  it('reads an explicit IPv6 EKS cluster and attaches an inline role policy by role name', () => {
    const parsed = plan([
      {
        type: 'aws_eks_cluster',
        name: 'eks',
        after: {
          name: 'eks',
          arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/eks',
          kubernetes_network_config: [{ ip_family: 'ipv6' }],
          vpc_config: [{ subnet_ids: ['subnet-1', 'subnet-2'] }],
        },
        actions: ['no-op'],
        config: { kubernetes_network_config: [{ ip_family: constant('ipv6') }] },
      },
      {
        type: 'aws_iam_role',
        name: 'ops',
        after: { name: 'ops-role', arn: 'arn:aws:iam::111122223333:role/ops-role', tags: { SSMSessionRunAs: '' }, inline_policy: [] },
        actions: ['no-op'],
        config: {},
      },
      {
        type: 'aws_iam_role_policy',
        name: 'ssm',
        after: { role: 'ops-role', policy: '{"Statement":{"Effect":"Allow","Action":"ssm:StartSession","Resource":"*"}}' },
        unknown: { id: true },
        config: {},
      },
    ]);
    const eks = get(parsed, 'aws_eks_cluster.eks', 'EksCluster');
    expect(eks).toMatchObject({
      ipFamily: { known: true, value: 'ipv6' },
      ipFamilyExplicit: true,
      physicalId: 'arn:aws:eks:eu-west-1:111122223333:cluster/eks',
    });
    expect(eks.subnets).toMatchObject({
      known: true,
      items: [
        { kind: 'id', id: 'subnet-1' },
        { kind: 'id', id: 'subnet-2' },
      ],
    });
    const role = get(parsed, 'aws_iam_role.ops', 'IamPrincipal');
    expect(role.physicalId).toBe('arn:aws:iam::111122223333:role/ops-role');
    expect(role.tags).toMatchObject({ known: true, value: { SSMSessionRunAs: { known: true, value: '' } } });
    expect(role.inlinePolicies).toHaveLength(1);
    expect(role.inlinePolicies[0]!.statements).toMatchObject([
      { effect: { value: 'Allow' }, actions: { value: ['ssm:StartSession'] }, resources: { value: ['*'] } },
    ]);
  });

  it('matches a literal EKS ARN to the EKS cluster entity of the plan', () => {
    const parsed = plan([
      {
        type: 'aws_eks_cluster',
        name: 'eks',
        after: { name: 'eks', arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/eks' },
        actions: ['no-op'],
      },
      {
        type: 'awscc_sagemaker_cluster',
        name: 'hp',
        after: {
          cluster_name: 'hp',
          orchestrator: { eks: { cluster_arn: 'arn:aws:eks:eu-west-1:111122223333:cluster/eks' } },
          vpc_config: null,
          instance_groups: null,
        },
        unknown: { id: true },
      },
    ]);
    const cluster = get(parsed, 'awscc_sagemaker_cluster.hp', 'Cluster');
    expect(cluster.eksCluster).toMatchObject({ kind: 'entity', key: key('aws_eks_cluster.eks') });
    expect(cluster.eksClusterArn).toMatchObject({ known: true, value: 'arn:aws:eks:eu-west-1:111122223333:cluster/eks' });
    expect(cluster.vpcConfig).toBeUndefined();
    expect(cluster.instanceGroups).toEqual([]);
    // No awscc provider region in the configuration: unknown, not guessed from the aws provider.
    expect(cluster.region).toBeUndefined();
  });

  // Issue 14: restricted_instance_groups was never read, so its types and override_vpc_config went unchecked.
  it('reads restricted_instance_groups of awscc_sagemaker_cluster (instance types, counts, override_vpc_config)', () => {
    const parsed = plan([
      {
        type: 'awscc_sagemaker_cluster',
        name: 'nova',
        after: {
          cluster_name: 'nova',
          vpc_config: { subnets: ['subnet-1'], security_group_ids: ['sg-1'] },
          instance_groups: [
            {
              instance_group_name: 'ctl',
              instance_type: 'ml.m5.xlarge',
              instance_count: 1,
              execution_role: 'arn:aws:iam::111122223333:role/x',
            },
          ],
          restricted_instance_groups: [
            {
              instance_group_name: 'rig',
              instance_type: 'ml.p5.96xlarge',
              instance_count: 2,
              execution_role: 'arn:aws:iam::111122223333:role/x',
              override_vpc_config: { subnets: ['subnet-2'], security_group_ids: ['sg-2'] },
              environment_config: { fsx_lustre_config: { size_in_gi_b: 1200, per_unit_storage_throughput: 250 } },
            },
          ],
        },
      },
    ]);
    const cluster = get(parsed, 'awscc_sagemaker_cluster.nova', 'Cluster');
    expect(cluster.instanceGroups).toMatchObject([
      { name: { value: 'ctl' }, instanceTypes: [{ value: 'ml.m5.xlarge' }], instanceCount: { value: 1 } },
      {
        name: { value: 'rig' },
        instanceTypes: [{ value: 'ml.p5.96xlarge' }],
        instanceCount: { value: 2 },
        overrideVpcConfig: {
          subnets: { items: [{ kind: 'id', id: 'subnet-2' }] },
          securityGroups: { items: [{ kind: 'id', id: 'sg-2' }] },
        },
      },
    ]);
  });

  it('reads the block-style aws_sagemaker_cluster', () => {
    const parsed = plan([
      {
        type: 'aws_sagemaker_cluster',
        name: 'hp',
        after: {
          cluster_name: 'blocks',
          instance_group: [
            {
              instance_group_name: 'g',
              instance_type: 'ml.p4d.24xlarge',
              instance_count: 2,
              execution_role: 'arn:aws:iam::111122223333:role/x',
              lifecycle_config: [{ source_s3_uri: 's3://sagemaker-x/y', on_create: 'a.sh' }],
              override_vpc_config: [],
            },
          ],
          vpc_config: [{ subnets: ['subnet-9'], security_group_ids: ['sg-9'] }],
          orchestrator: [{ eks: [] }],
        },
        unknown: { arn: true },
      },
    ]);
    const cluster = get(parsed, 'aws_sagemaker_cluster.hp', 'Cluster');
    expect(cluster.orchestrator).toMatchObject({ known: true, value: 'slurm' });
    expect(cluster.vpcConfig).toMatchObject({
      subnets: { known: true, items: [{ kind: 'id', id: 'subnet-9' }] },
      securityGroups: { items: [{ id: 'sg-9' }] },
    });
    expect(cluster.instanceGroups).toMatchObject([
      { name: { value: 'g' }, instanceTypes: [{ value: 'ml.p4d.24xlarge' }], lifeCycleSourceS3Uri: { value: 's3://sagemaker-x/y' } },
    ]);
    expect((cluster.instanceGroups as { overrideVpcConfig?: unknown }[])[0]!.overrideVpcConfig).toBeUndefined();
  });

  it('keeps an instance group list unknown when it is known only after apply, and does not guess shared references', () => {
    const parsed = plan([
      { type: 'aws_subnet', name: 's', index: 0, after: { cidr_block: '10.0.0.0/24' }, unknown: { id: true } },
      { type: 'aws_subnet', name: 's', index: 1, after: { cidr_block: '10.0.1.0/24' }, unknown: { id: true } },
      {
        type: 'awscc_sagemaker_cluster',
        name: 'opaque',
        after: { cluster_name: 'o', vpc_config: null },
        unknown: { instance_groups: true },
        config: { instance_groups: ref('local.groups') },
      },
      {
        type: 'awscc_sagemaker_cluster',
        name: 'two',
        after: {
          cluster_name: 't',
          instance_groups: [
            {
              instance_group_name: 'a',
              instance_type: 'ml.c5.xlarge',
              instance_count: 1,
              override_vpc_config: { subnets: [null], security_group_ids: ['sg-1'] },
            },
            {
              instance_group_name: 'b',
              instance_type: 'ml.c5.xlarge',
              instance_count: 1,
              override_vpc_config: { subnets: [null], security_group_ids: ['sg-1'] },
            },
          ],
        },
        unknown: { instance_groups: [{ override_vpc_config: { subnets: [true] } }, { override_vpc_config: { subnets: [true] } }] },
        config: { instance_groups: ref('aws_subnet.s[0].id', 'aws_subnet.s[0]', 'aws_subnet.s[1].id', 'aws_subnet.s[1]', 'aws_subnet.s') },
      },
    ]);
    expect(get(parsed, 'awscc_sagemaker_cluster.opaque', 'Cluster').instanceGroups).toMatchObject({
      known: false,
      reason: 'awscc_sagemaker_cluster.opaque.instance_groups is known only after apply',
    });
    const two = get(parsed, 'awscc_sagemaker_cluster.two', 'Cluster');
    if (!Array.isArray(two.instanceGroups)) throw new Error('groups unknown');
    for (const group of two.instanceGroups) {
      expect(group.overrideVpcConfig?.subnets).toMatchObject({
        known: true,
        items: [{ kind: 'unknown', reason: expect.stringContaining('does not tell which item Subnet belongs to') }],
      });
    }
  });

  it('takes the region from data.aws_region when the provider has none, and subnets from their zone', () => {
    const doc = {
      format_version: '1.2',
      resource_changes: [
        {
          address: 'aws_subnet.s',
          mode: 'managed',
          type: 'aws_subnet',
          name: 's',
          change: {
            actions: ['create'],
            after: { availability_zone: 'ap-southeast-2b', cidr_block: '10.0.0.0/24' },
            after_unknown: { id: true },
          },
        },
      ],
      prior_state: {
        values: {
          root_module: {
            resources: [
              { address: 'data.aws_region.here', mode: 'data', type: 'aws_region', name: 'here', values: { name: 'ap-southeast-2' } },
            ],
          },
        },
      },
      configuration: { root_module: {} },
    };
    const parsed = parseTerraformPlan('r.json', JSON.stringify(doc), { limits: DEFAULT_LIMITS });
    expect(parsed.region).toBe('ap-southeast-2');
    expect(parsed.entities[0]!.region).toMatchObject({ known: true, value: 'ap-southeast-2' });

    const noRegion = parseTerraformPlan('r.json', JSON.stringify({ ...doc, prior_state: undefined }), { limits: DEFAULT_LIMITS });
    expect(noRegion.region).toBeUndefined();
    expect(noRegion.entities[0]!.region).toMatchObject({ known: true, value: 'ap-southeast-2' }); // from the AZ name
  });
});

describe('other plan shapes', () => {
  it('takes an endpoint service name from data.aws_vpc_endpoint_service read at plan time', () => {
    const parsed = plan(
      [
        {
          type: 'aws_vpc_endpoint',
          name: 's3',
          after: { vpc_endpoint_type: 'Gateway' },
          unknown: { id: true, service_name: true },
          config: { service_name: ref('data.aws_vpc_endpoint_service.s3.service_name', 'data.aws_vpc_endpoint_service.s3') },
        },
        {
          type: 'aws_vpc_endpoint',
          name: 'interpolated',
          after: {},
          unknown: { id: true, service_name: true },
          config: { service_name: ref('var.region') },
        },
      ],
      {
        variables: { region: { value: 'eu-west-1' } },
        prior_state: {
          values: {
            root_module: {
              resources: [
                {
                  address: 'data.aws_vpc_endpoint_service.s3',
                  mode: 'data',
                  type: 'aws_vpc_endpoint_service',
                  name: 's3',
                  values: { service: 's3', service_name: 'com.amazonaws.eu-west-1.s3', service_type: 'Gateway' },
                },
              ],
            },
          },
        },
      },
    );
    expect(get(parsed, 'aws_vpc_endpoint.s3', 'VpcEndpoint').serviceName).toMatchObject({
      known: true,
      value: 'com.amazonaws.eu-west-1.s3',
    });
    // "com.amazonaws.${var.region}.s3" also references only var.region: it must stay unknown.
    expect(get(parsed, 'aws_vpc_endpoint.interpolated', 'VpcEndpoint').serviceName).toMatchObject({ known: false });
  });

  it('reads planned_values child modules when resource_changes is absent', () => {
    const doc = {
      format_version: '0.2',
      planned_values: {
        root_module: {
          child_modules: [
            {
              address: 'module.net',
              resources: [
                {
                  address: 'module.net.aws_subnet.a',
                  mode: 'managed',
                  type: 'aws_subnet',
                  name: 'a',
                  values: { cidr_block: '10.0.0.0/28', availability_zone: 'us-east-2c', vpc_id: 'vpc-1' },
                },
              ],
              child_modules: [
                {
                  address: 'module.net.module.inner',
                  resources: [
                    {
                      address: 'module.net.module.inner.aws_iam_user.u',
                      mode: 'managed',
                      type: 'aws_iam_user',
                      name: 'u',
                      values: { name: 'alice', tags: { SSMSessionRunAs: 'alice' } },
                    },
                  ],
                },
              ],
            },
          ],
        },
      },
    };
    const text = JSON.stringify(doc, null, 1);
    const parsed = parseTerraformPlan('pv.json', text, { limits: DEFAULT_LIMITS });
    expect(parsed.entities.map((e) => `${e.type} ${e.name}`)).toEqual([
      'Subnet module.net.aws_subnet.a',
      'IamPrincipal module.net.module.inner.aws_iam_user.u',
    ]);
    const subnet = get(parsed, 'module.net.aws_subnet.a', 'Subnet');
    expect(subnet.loc.line).toBe(text.split('\n').findIndex((l) => l.includes('"address": "module.net.aws_subnet.a"')) + 1);
    expect(subnet.change).toBeUndefined();
    expect(subnet.vpc).toMatchObject({ kind: 'id', id: 'vpc-1' });
    expect(get(parsed, 'module.net.module.inner.aws_iam_user.u', 'IamPrincipal').principalKind).toBe('user');
  });

  it('attaches policies through aws_iam_policy_attachment to users and roles', () => {
    const parsed = plan([
      { type: 'aws_iam_user', name: 'u', after: { name: 'alice', tags: {} }, unknown: { arn: true }, config: {} },
      {
        type: 'aws_iam_role',
        name: 'r',
        after: { name: 'ops', tags: null },
        unknown: { arn: true, managed_policy_arns: true, inline_policy: true },
        config: {},
      },
      {
        type: 'aws_iam_policy',
        name: 'p',
        after: { policy: '{"Statement":[{"Effect":"Allow","NotAction":"iam:*","NotResource":"x"}]}' },
        unknown: { arn: true },
        config: {},
      },
      {
        type: 'aws_iam_policy_attachment',
        name: 'a',
        after: { users: ['alice'], roles: null },
        unknown: { policy_arn: true, roles: true },
        config: { roles: ref('aws_iam_role.r.name', 'aws_iam_role.r'), policy_arn: ref('aws_iam_policy.p.arn', 'aws_iam_policy.p') },
      },
    ]);
    const policy = get(parsed, 'aws_iam_policy.p', 'IamPolicy');
    expect(policy.attachedTo.map((a) => (a.kind === 'entity' ? a.key : a.kind))).toEqual([key('aws_iam_role.r'), key('aws_iam_user.u')]);
    expect(policy.document.statements).toMatchObject([
      { notActions: { known: true, value: ['iam:*'] }, resources: { known: false, reason: 'aws_iam_policy.p.policy uses NotResource' } },
    ]);
    const role = get(parsed, 'aws_iam_role.r', 'IamPrincipal');
    expect(role.managedPolicies).toMatchObject([{ kind: 'entity', key: key('aws_iam_policy.p') }]);
    expect(role.inlinePolicies).toEqual([]); // computed, not configured
    expect(role.tags).toMatchObject({ known: true, value: {} });
  });

  it('treats an EKS network block without ip_family as ipv4, not explicit', () => {
    const parsed = plan([
      {
        type: 'aws_eks_cluster',
        name: 'e',
        after: { kubernetes_network_config: [{ service_ipv4_cidr: '172.20.0.0/16' }] },
        unknown: { arn: true, kubernetes_network_config: [{ ip_family: true }] },
        config: { kubernetes_network_config: [{ service_ipv4_cidr: constant('172.20.0.0/16') }] },
      },
    ]);
    expect(get(parsed, 'aws_eks_cluster.e', 'EksCluster')).toMatchObject({
      ipFamily: { known: true, value: 'ipv4' },
      ipFamilyExplicit: false,
    });
  });
});

describe('awscc configuration shapes', () => {
  it('resolves per-field nested expressions, one instance group at a time', () => {
    const role = (name: string): R => ({
      type: 'aws_iam_role',
      name,
      after: { name },
      unknown: { arn: true, id: true, managed_policy_arns: true, inline_policy: true },
      config: { name: constant(name) },
    });
    const parsed = plan([
      { type: 'aws_subnet', name: 'a', after: { cidr_block: '10.0.0.0/24' }, unknown: { id: true } },
      sg('s', {}, { ingress: true, egress: true }, {}),
      role('controller'),
      role('worker'),
      {
        type: 'awscc_sagemaker_cluster',
        name: 'hp',
        after: {
          cluster_name: 'hp',
          vpc_config: { subnets: [null], security_group_ids: [null] },
          instance_groups: [
            { instance_group_name: 'c', instance_type: 'ml.m5.xlarge', instance_count: 1, execution_role: null },
            { instance_group_name: 'w', instance_type: 'ml.g5.xlarge', instance_count: 2, execution_role: null },
          ],
        },
        unknown: {
          vpc_config: { subnets: [true], security_group_ids: [true] },
          instance_groups: [{ execution_role: true }, { execution_role: true }],
        },
        config: {
          vpc_config: {
            subnets: ref('aws_subnet.a.id', 'aws_subnet.a'),
            security_group_ids: ref('aws_security_group.s.id', 'aws_security_group.s'),
          },
          instance_groups: [
            { instance_group_name: constant('c'), execution_role: ref('aws_iam_role.controller.arn', 'aws_iam_role.controller') },
            { instance_group_name: constant('w'), execution_role: ref('aws_iam_role.worker.arn', 'aws_iam_role.worker') },
          ],
        },
      },
    ]);
    const cluster = get(parsed, 'awscc_sagemaker_cluster.hp', 'Cluster');
    expect(cluster.vpcConfig).toMatchObject({
      subnets: { known: true, items: [{ kind: 'entity', key: key('aws_subnet.a') }] },
      securityGroups: { known: true, items: [{ kind: 'entity', key: key('aws_security_group.s') }] },
    });
    if (!Array.isArray(cluster.instanceGroups)) throw new Error('groups unknown');
    expect(cluster.instanceGroups.map((g) => g.executionRole)).toMatchObject([
      { kind: 'entity', key: key('aws_iam_role.controller') },
      { kind: 'entity', key: key('aws_iam_role.worker') },
    ]);
  });

  it('does not give several groups one of several roles from a whole-list expression', () => {
    const parsed = plan([
      { type: 'aws_iam_role', name: 'a', after: { name: 'a' }, unknown: { arn: true }, config: {} },
      { type: 'aws_iam_role', name: 'b', after: { name: 'b' }, unknown: { arn: true }, config: {} },
      {
        type: 'awscc_sagemaker_cluster',
        name: 'hp',
        after: {
          cluster_name: 'hp',
          instance_groups: [
            { instance_group_name: 'x', execution_role: null },
            { instance_group_name: 'y', execution_role: null },
          ],
        },
        unknown: { instance_groups: [{ execution_role: true }, { execution_role: true }] },
        config: { instance_groups: ref('aws_iam_role.a.arn', 'aws_iam_role.a', 'aws_iam_role.b.arn', 'aws_iam_role.b') },
      },
    ]);
    const cluster = get(parsed, 'awscc_sagemaker_cluster.hp', 'Cluster');
    if (!Array.isArray(cluster.instanceGroups)) throw new Error('groups unknown');
    for (const group of cluster.instanceGroups) expect(group.executionRole).toMatchObject({ kind: 'unknown' });
  });
});

describe('attributes-as-blocks written as one expression (as in real plans)', () => {
  it('links unknown route targets through the route expression, and SG rules unless ambiguous', () => {
    const routeAfter = (target: string) => ({
      cidr_block: '0.0.0.0/0',
      gateway_id: '',
      nat_gateway_id: '',
      vpc_endpoint_id: '',
      transit_gateway_id: '',
      [target]: null,
    });
    const rule = { cidr_blocks: [], ipv6_cidr_blocks: [], prefix_list_ids: [], protocol: 'tcp', from_port: 443, to_port: 443, self: false };
    const parsed = plan(
      [
        { type: 'aws_internet_gateway', name: 'igw', after: {}, unknown: { id: true }, config: {} },
        {
          type: 'aws_route_table',
          name: 'public',
          after: { route: [routeAfter('gateway_id')] },
          unknown: { id: true, route: [{ gateway_id: true }] },
          config: { route: ref('aws_internet_gateway.igw.id', 'aws_internet_gateway.igw') },
        },
        sg('a', {}, { ingress: true, egress: true }, {}),
        sg('b', {}, { ingress: true, egress: true }, {}),
        sg(
          'c',
          {
            ingress: [{ ...rule, security_groups: [null] }],
            egress: [
              { ...rule, security_groups: [null] },
              { ...rule, security_groups: [null] },
            ],
          },
          { ingress: [{ security_groups: [true] }], egress: [{ security_groups: [true] }, { security_groups: [true] }] },
          {
            ingress: ref('aws_security_group.a.id', 'aws_security_group.a', 'var.cidr'),
            egress: ref('aws_security_group.a.id', 'aws_security_group.a', 'aws_security_group.b.id', 'aws_security_group.b'),
          },
        ),
      ],
      { variables: { cidr: { value: '10.0.0.0/8' } } },
    );
    const table = get(parsed, 'aws_route_table.public', 'RouteTable');
    expect(table.routes).toMatchObject([
      {
        destination: { known: true, value: '0.0.0.0/0' },
        target: { kind: 'igw', ref: { kind: 'entity', key: key('aws_internet_gateway.igw') } },
      },
    ]);
    const c = get(parsed, 'aws_security_group.c', 'SecurityGroup');
    // One block needs security_groups: the expression's only group is it (var.cidr is a CIDR, not a group ID).
    expect(c.ingress.map((r) => r.peer)).toMatchObject([{ kind: 'sg', ref: { kind: 'entity', key: key('aws_security_group.a') } }]);
    // Two blocks need it: which group belongs to which block is not known.
    expect(c.egress.map((r) => r.peer)).toMatchObject([
      { kind: 'sg', ref: { kind: 'unknown', reason: expect.stringContaining('several egress blocks need it') } },
      { kind: 'sg', ref: { kind: 'unknown' } },
    ]);
    expect(c.rulesComplete).toBe(true);
  });
});

describe('references', () => {
  it('picks the instance of x[count.index] and x[each.key], and reads module variable defaults', () => {
    const doc = {
      format_version: '1.2',
      resource_changes: [
        ...[0, 1].map((i) => ({
          address: `aws_subnet.s[${i}]`,
          mode: 'managed',
          type: 'aws_subnet',
          name: 's',
          index: i,
          change: { actions: ['create'], after: { cidr_block: `10.0.${i}.0/24` }, after_unknown: { id: true } },
        })),
        ...[0, 1].map((i) => ({
          address: `aws_route_table.rt[${i}]`,
          mode: 'managed',
          type: 'aws_route_table',
          name: 'rt',
          index: i,
          change: { actions: ['create'], after: { route: [] }, after_unknown: { id: true } },
        })),
        ...[0, 1].map((i) => ({
          address: `aws_route_table_association.a[${i}]`,
          mode: 'managed',
          type: 'aws_route_table_association',
          name: 'a',
          index: i,
          change: { actions: ['create'], after: {}, after_unknown: { id: true, subnet_id: true, route_table_id: true } },
        })),
        ...['x', 'y'].map((k) => ({
          address: `module.m.aws_nat_gateway.n["${k}"]`,
          module_address: 'module.m',
          mode: 'managed',
          type: 'aws_nat_gateway',
          name: 'n',
          index: k,
          change: { actions: ['create'], after: {}, after_unknown: { id: true, subnet_id: true } },
        })),
      ],
      configuration: {
        root_module: {
          resources: [
            { address: 'aws_subnet.s', mode: 'managed', type: 'aws_subnet', name: 's', expressions: {} },
            { address: 'aws_route_table.rt', mode: 'managed', type: 'aws_route_table', name: 'rt', expressions: {} },
            {
              address: 'aws_route_table_association.a',
              mode: 'managed',
              type: 'aws_route_table_association',
              name: 'a',
              expressions: {
                subnet_id: ref('aws_subnet.s', 'count.index'),
                route_table_id: ref('aws_route_table.rt', 'count.index'),
              },
            },
          ],
          module_calls: {
            m: {
              source: './m',
              expressions: {},
              module: {
                resources: [
                  {
                    address: 'aws_nat_gateway.n',
                    mode: 'managed',
                    type: 'aws_nat_gateway',
                    name: 'n',
                    expressions: { subnet_id: ref('each.key', 'var.subnet_ids') },
                  },
                ],
                variables: { subnet_ids: { default: { x: 'subnet-0x', y: 'subnet-0y' } } },
              },
            },
          },
        },
      },
    };
    const parsed = parseTerraformPlan(FILE, JSON.stringify(doc, null, 2), { limits: DEFAULT_LIMITS });
    for (const i of [0, 1]) {
      expect(get(parsed, `aws_subnet.s[${i}]`, 'Subnet').routeTable).toMatchObject({
        kind: 'entity',
        key: key(`aws_route_table.rt[${i}]`),
      });
      expect(get(parsed, `aws_route_table.rt[${i}]`, 'RouteTable').subnets).toMatchObject([
        { kind: 'entity', key: key(`aws_subnet.s[${i}]`) },
      ]);
    }
    // var.subnet_ids[each.key] from the module default: two literals, not narrowed by an entity index.
    expect(get(parsed, 'module.m.aws_nat_gateway.n["x"]', 'NatGateway').subnet).toMatchObject({
      kind: 'unknown',
      reason: expect.stringContaining('may be any of 2 values'),
    });
  });
});

describe('subnet IPv6', () => {
  it('is true when set from resource attributes, unknown behind locals, false when not configured', () => {
    const subnet = (name: string, config: Record<string, unknown>): R => ({
      type: 'aws_subnet',
      name,
      after: { cidr_block: '10.0.0.0/24', assign_ipv6_address_on_creation: false, ipv6_native: false },
      unknown: { id: true, ipv6_cidr_block: true },
      config,
    });
    const parsed = plan([
      subnet('from_vpc', { ipv6_cidr_block: ref('aws_vpc.main.ipv6_cidr_block', 'aws_vpc.main', 'count.index') }),
      subnet('from_local', { ipv6_cidr_block: ref('local.ipv6_block') }),
      subnet('unset', {}),
    ]);
    expect(get(parsed, 'aws_subnet.from_vpc', 'Subnet').ipv6).toMatchObject({ known: true, value: true });
    expect(get(parsed, 'aws_subnet.from_local', 'Subnet').ipv6).toMatchObject({
      known: false,
      reason: 'aws_subnet.from_local.ipv6_cidr_block is known only after apply',
    });
    expect(get(parsed, 'aws_subnet.unset', 'Subnet').ipv6).toMatchObject({ known: true, value: false });
  });
});
