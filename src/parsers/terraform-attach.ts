/**
 * Standalone Terraform resources that add to other entities: security-group rules [TF-SGR]
 * [TF-VSGIR], routes and route-table associations, endpoint associations, secondary VPC CIDRs,
 * IAM inline policies and policy attachments (hyperpod-reference.md §4).
 */
import { appendAll } from '../util/arrays.js';
import { known, unknown, type Entity, type EntityOf, type EntityType, type Ref, type Unverified } from '../model/types.js';
import type { BlockFields } from './terraform-blocks.js';
import { policyDocument, routeFromFields, rulesFromBlock, type BuildContext } from './terraform-entities.js';
import { AFTER_APPLY, type PlanResource } from './terraform-refs.js';
import type { ResourceReader } from './terraform-values.js';

export interface AttachContext extends BuildContext {
  byPhysicalId: Map<string, Entity>;
  /** IAM principals by `role:NAME` / `user:NAME` when the name is known. */
  principalsByName: Map<string, Entity>;
  /** Implicit main route tables of new VPCs, by entity key. */
  implicitMainRouteTables: Set<string>;
  unverified(item: Omit<Unverified, 'file'>): void;
}

/** Fields of a resource's own top-level attributes, unknown ones linked through the configuration. */
function resourceFields(reader: ResourceReader, want?: EntityType): BlockFields {
  return {
    string: (name) => reader.string([name]),
    number: (name) => reader.number([name]),
    boolean: (name) => reader.boolean([name]),
    strings(name) {
      const v = reader.raw([name]);
      if (v === AFTER_APPLY && reader.leftUnset([name])) return undefined; // computed, not set
      if (v === AFTER_APPLY) return unknown(`${reader.resource.address}.${name} is known only after apply`, reader.loc);
      if (typeof v === 'string') return known(v ? [v] : [], reader.loc);
      if (!Array.isArray(v)) return undefined;
      if (v.includes(AFTER_APPLY)) return unknown(`${reader.resource.address}.${name} has items known only after apply`, reader.loc);
      return known(
        v.filter((s): s is string => typeof s === 'string' && s !== ''),
        reader.loc,
      );
    },
    refs(name) {
      const v = reader.raw([name]);
      if (typeof v === 'string') return v ? { refs: [{ kind: 'id', id: v, loc: reader.loc }] } : undefined;
      if (v !== AFTER_APPLY || reader.leftUnset([name])) return undefined;
      const linked = reader.linked([name], { want });
      if ('refs' in linked) return linked;
      return {
        refs: [{ kind: 'unknown', reason: `${reader.resource.address}.${name}: ${linked.why}`, loc: reader.loc, expr: linked.expr }],
        expr: linked.expr,
      };
    },
  };
}

type Target<T extends EntityType> =
  | { status: 'found'; entities: EntityOf<T>[]; ref: Ref; expr?: string }
  | { status: 'external'; ref: Ref }
  | { status: 'unresolved'; reason: string; expr?: string }
  | { status: 'missing' };

/** The entity a standalone resource's attribute points to. */
function target<T extends EntityType>(
  reader: ResourceReader,
  name: string,
  want: T,
  ctx: AttachContext,
  byName?: 'role' | 'user',
): Target<T> {
  const raw = reader.raw([name]);
  const lookup = (ref: Ref): EntityOf<T> | undefined => {
    let entity: Entity | undefined;
    if (ref.kind === 'entity') entity = ctx.entities.get(ref.key);
    else if (ref.kind === 'id') {
      entity = ctx.byPhysicalId.get(ref.id) ?? (byName ? ctx.principalsByName.get(`${byName}:${ref.id}`) : undefined);
    }
    return entity && entity.type === want ? (entity as EntityOf<T>) : undefined;
  };
  if (typeof raw === 'string' && raw) {
    const ref: Ref = { kind: 'id', id: raw, loc: reader.loc };
    const entity = lookup(ref);
    return entity
      ? { status: 'found', entities: [entity], ref: { kind: 'entity', key: entity.key, loc: reader.loc } }
      : { status: 'external', ref };
  }
  if (raw !== AFTER_APPLY) return { status: 'missing' };
  const linked = reader.linked([name], { want });
  if (!('refs' in linked)) return { status: 'unresolved', reason: linked.why, expr: linked.expr };
  const entities = linked.refs.map(lookup).filter((e): e is EntityOf<T> => e !== undefined);
  if (!entities.length) return { status: 'unresolved', reason: 'its references lead to no entity in the plan', expr: linked.expr };
  return { status: 'found', entities, ref: { kind: 'entity', key: entities[0]!.key, loc: reader.loc }, expr: linked.expr };
}

interface RuleFieldNames {
  group: string;
  peer: string;
  self?: string;
  cidr: string;
  cidr6: string;
  prefix: string;
  protocol: string;
  direction: 'ingress' | 'egress' | 'type';
}

const RULE_RESOURCES: Record<string, RuleFieldNames> = {
  aws_security_group_rule: {
    group: 'security_group_id',
    peer: 'source_security_group_id', // for egress, the destination [TF-SGR]
    self: 'self',
    cidr: 'cidr_blocks',
    cidr6: 'ipv6_cidr_blocks',
    prefix: 'prefix_list_ids',
    protocol: 'protocol',
    direction: 'type',
  },
  aws_vpc_security_group_ingress_rule: {
    group: 'security_group_id',
    peer: 'referenced_security_group_id',
    cidr: 'cidr_ipv4',
    cidr6: 'cidr_ipv6',
    prefix: 'prefix_list_id',
    protocol: 'ip_protocol',
    direction: 'ingress',
  },
  aws_vpc_security_group_egress_rule: {
    group: 'security_group_id',
    peer: 'referenced_security_group_id',
    cidr: 'cidr_ipv4',
    cidr6: 'cidr_ipv6',
    prefix: 'prefix_list_id',
    protocol: 'ip_protocol',
    direction: 'egress',
  },
  awscc_ec2_security_group_ingress: {
    group: 'group_id',
    peer: 'source_security_group_id',
    cidr: 'cidr_ip',
    cidr6: 'cidr_ipv_6',
    prefix: 'source_prefix_list_id',
    protocol: 'ip_protocol',
    direction: 'ingress',
  },
  awscc_ec2_security_group_egress: {
    group: 'group_id',
    peer: 'destination_security_group_id',
    cidr: 'cidr_ip',
    cidr6: 'cidr_ipv_6',
    prefix: 'destination_prefix_list_id',
    protocol: 'ip_protocol',
    direction: 'egress',
  },
};

function attachRule(r: PlanResource, names: RuleFieldNames, ctx: AttachContext): void {
  const reader = ctx.reader(r);
  let direction: 'ingress' | 'egress';
  if (names.direction === 'type') {
    const type = reader.string(['type']);
    if (!type?.known || (type.value !== 'ingress' && type.value !== 'egress')) {
      ctx.unverified({ line: reader.loc.line, resource: r.address, reason: `${r.address}: rule type is not known` });
      for (const e of ctx.entities.values()) if (e.type === 'SecurityGroup') e.rulesComplete = false;
      return;
    }
    direction = type.value;
  } else direction = names.direction;
  const owner = target(reader, names.group, 'SecurityGroup', ctx);
  if (owner.status === 'external' || owner.status === 'missing') return; // a group outside this plan
  if (owner.status === 'unresolved') {
    // The rule may belong to any group of the plan: none of them can be called complete.
    for (const e of ctx.entities.values()) if (e.type === 'SecurityGroup') e.rulesComplete = false;
    ctx.unverified({
      line: reader.loc.line,
      resource: r.address,
      reason: `${r.address}: cannot tell which security group the rule belongs to (${owner.reason})`,
    });
    return;
  }
  for (const group of owner.entities) {
    const isOwner = (ref: Ref, expr?: string): boolean =>
      (ref.kind === 'entity' && ref.key === group.key) ||
      (ref.kind === 'id' && group.physicalId !== undefined && ref.id === group.physicalId) ||
      (ref.kind === 'unknown' && expr !== undefined && expr === owner.expr);
    const built = rulesFromBlock(
      resourceFields(reader, 'SecurityGroup'),
      direction,
      { protocol: names.protocol, cidr: names.cidr, cidr6: names.cidr6, prefix: names.prefix, group: names.peer, self: names.self },
      reader.loc,
      isOwner,
      r.address,
    );
    appendAll(group[direction], built.rules);
    if (!built.complete) group.rulesComplete = false;
  }
}

function attachRoute(r: PlanResource, ctx: AttachContext): void {
  const reader = ctx.reader(r);
  const table = target(reader, 'route_table_id', 'RouteTable', ctx);
  if (table.status === 'unresolved') {
    ctx.unverified({
      line: reader.loc.line,
      resource: r.address,
      reason: `${r.address}: cannot tell which route table the route belongs to (${table.reason})`,
    });
  }
  if (table.status !== 'found') return;
  const route = routeFromFields(resourceFields(reader), ctx.typeOfKey, reader.loc);
  for (const t of table.entities) t.routes.push(route);
}

function attachRouteTableAssociation(r: PlanResource, ctx: AttachContext): void {
  const reader = ctx.reader(r);
  const table = target(reader, 'route_table_id', 'RouteTable', ctx);
  const subnet = target(reader, 'subnet_id', 'Subnet', ctx);
  const tableRef: Ref | undefined =
    table.status === 'found' || table.status === 'external'
      ? table.ref
      : table.status === 'unresolved'
        ? { kind: 'unknown', reason: `${r.address}.route_table_id: ${table.reason}`, loc: reader.loc, expr: table.expr }
        : undefined;
  if (subnet.status === 'found' && tableRef) for (const s of subnet.entities) s.routeTable = tableRef;
  if (table.status === 'found') {
    const subnetRef: Ref | undefined =
      subnet.status === 'found' || subnet.status === 'external'
        ? subnet.ref
        : subnet.status === 'unresolved'
          ? { kind: 'unknown', reason: `${r.address}.subnet_id: ${subnet.reason}`, loc: reader.loc, expr: subnet.expr }
          : undefined;
    if (subnetRef) for (const t of table.entities) t.subnets.push(subnetRef);
  }
}

function attachMainRouteTable(r: PlanResource, ctx: AttachContext): void {
  const reader = ctx.reader(r);
  const table = target(reader, 'route_table_id', 'RouteTable', ctx);
  if (table.status !== 'found') return;
  const vpc = target(reader, 'vpc_id', 'Vpc', ctx);
  for (const t of table.entities) t.main = true;
  if (vpc.status !== 'found') return;
  // The new association replaces the VPC's original main table.
  for (const key of ctx.implicitMainRouteTables) {
    const implicit = ctx.entities.get(key);
    if (
      implicit?.type === 'RouteTable' &&
      implicit.vpc.kind === 'entity' &&
      vpc.entities.some((v) => v.key === (implicit.vpc as { key: string }).key)
    ) {
      implicit.main = false;
    }
  }
}

function attachEndpointAssociation(r: PlanResource, field: 'route_table_id' | 'subnet_id', ctx: AttachContext): void {
  const reader = ctx.reader(r);
  const endpoint = target(reader, 'vpc_endpoint_id', 'VpcEndpoint', ctx);
  if (endpoint.status !== 'found') return;
  const other = target(reader, field, field === 'route_table_id' ? 'RouteTable' : 'Subnet', ctx);
  const ref: Ref =
    other.status === 'found' || other.status === 'external'
      ? other.ref
      : { kind: 'unknown', reason: `${r.address}.${field} is not known`, loc: reader.loc };
  for (const e of endpoint.entities) {
    const list = field === 'route_table_id' ? e.routeTables : e.subnets;
    if (list.known) list.items.push(ref);
  }
}

function attachVpcCidr(r: PlanResource, ctx: AttachContext): void {
  const reader = ctx.reader(r);
  const vpc = target(reader, 'vpc_id', 'Vpc', ctx);
  if (vpc.status !== 'found') return;
  const ipv6 =
    r.type === 'aws_vpc_ipv6_cidr_block_association' ||
    (r.type === 'awscc_ec2_vpc_cidr_block' &&
      (reader.boolean(['amazon_provided_ipv_6_cidr_block'])?.known === true
        ? (reader.boolean(['amazon_provided_ipv_6_cidr_block']) as { value: boolean }).value
        : typeof reader.raw(['ipv_6_cidr_block']) === 'string' ||
          (reader.raw(['ipv_6_ipam_pool_id']) !== undefined && reader.raw(['ipv_6_ipam_pool_id']) !== null)));
  for (const v of vpc.entities) {
    if (ipv6) v.ipv6 = known(true, reader.loc);
    else v.cidrBlocks.push(reader.string(['cidr_block']) ?? unknown(`${r.address} has no literal IPv4 CIDR (IPAM pool)`, reader.loc));
  }
}

function attachIgw(r: PlanResource, ctx: AttachContext): void {
  const reader = ctx.reader(r);
  const igw = target(reader, 'internet_gateway_id', 'InternetGateway', ctx);
  if (igw.status !== 'found') return;
  const vpc = reader.ref(['vpc_id'], { want: 'Vpc' });
  if (vpc) for (const g of igw.entities) g.vpc = vpc;
}

function attachInlinePolicy(r: PlanResource, kind: 'role' | 'user', ctx: AttachContext): void {
  const reader = ctx.reader(r);
  const principal = target(reader, kind, 'IamPrincipal', ctx, kind);
  if (principal.status !== 'found') return;
  const document = policyDocument(reader.raw(['policy']), reader.loc, `${r.address}.policy`);
  for (const p of principal.entities) p.inlinePolicies.push(document);
}

function attachManagedPolicy(r: PlanResource, ctx: AttachContext): void {
  const reader = ctx.reader(r);
  const policy = target(reader, 'policy_arn', 'IamPolicy', ctx);
  const policyRef: Ref =
    policy.status === 'found' || policy.status === 'external'
      ? policy.ref
      : { kind: 'unknown', reason: `${r.address}.policy_arn is not known`, loc: reader.loc };
  const principals: Entity[] = [];
  const fields: [string, 'role' | 'user'][] =
    r.type === 'aws_iam_policy_attachment'
      ? [
          ['roles', 'role'],
          ['users', 'user'],
        ]
      : [[r.type === 'aws_iam_user_policy_attachment' ? 'user' : 'role', r.type === 'aws_iam_user_policy_attachment' ? 'user' : 'role']];
  for (const [field, kind] of fields) {
    const list = reader.refList([field], { want: 'IamPrincipal' });
    const single = list ? undefined : target(reader, field, 'IamPrincipal', ctx, kind);
    if (single?.status === 'found') appendAll(principals, single.entities);
    for (const ref of list?.known ? list.items : []) {
      const entity =
        ref.kind === 'entity' ? ctx.entities.get(ref.key) : ref.kind === 'id' ? ctx.principalsByName.get(`${kind}:${ref.id}`) : undefined;
      if (entity?.type === 'IamPrincipal') principals.push(entity);
    }
  }
  for (const p of principals) {
    if (p.type !== 'IamPrincipal') continue;
    p.managedPolicies.push(policyRef);
    if (policy.status === 'found') for (const pol of policy.entities) pol.attachedTo.push({ kind: 'entity', key: p.key, loc: reader.loc });
  }
}

/** Applies one standalone resource; returns false when the type is not one. */
export function applyAttachment(r: PlanResource, ctx: AttachContext): boolean {
  const rule = RULE_RESOURCES[r.type];
  if (rule) {
    attachRule(r, rule, ctx);
    return true;
  }
  switch (r.type) {
    case 'aws_route':
    case 'awscc_ec2_route':
      attachRoute(r, ctx);
      return true;
    case 'aws_route_table_association':
    case 'awscc_ec2_subnet_route_table_association':
      attachRouteTableAssociation(r, ctx);
      return true;
    case 'aws_main_route_table_association':
      attachMainRouteTable(r, ctx);
      return true;
    case 'aws_vpc_endpoint_route_table_association':
      attachEndpointAssociation(r, 'route_table_id', ctx);
      return true;
    case 'aws_vpc_endpoint_subnet_association':
      attachEndpointAssociation(r, 'subnet_id', ctx);
      return true;
    case 'aws_vpc_ipv4_cidr_block_association':
    case 'aws_vpc_ipv6_cidr_block_association':
    case 'awscc_ec2_vpc_cidr_block':
      attachVpcCidr(r, ctx);
      return true;
    case 'aws_internet_gateway_attachment':
    case 'awscc_ec2_vpc_gateway_attachment':
      attachIgw(r, ctx);
      return true;
    case 'aws_iam_role_policy':
      attachInlinePolicy(r, 'role', ctx);
      return true;
    case 'aws_iam_user_policy':
      attachInlinePolicy(r, 'user', ctx);
      return true;
    case 'aws_iam_role_policy_attachment':
    case 'aws_iam_user_policy_attachment':
    case 'aws_iam_policy_attachment':
      attachManagedPolicy(r, ctx);
      return true;
    default:
      return false;
  }
}
