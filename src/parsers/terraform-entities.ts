/**
 * Plan resources → model entities (hyperpod-reference.md §4 shapes, §5 plan semantics).
 * Standalone resources that modify other entities (rules, routes, associations, attachments)
 * are applied afterwards by terraform-attach.ts.
 */
import { appendAll } from '../util/arrays.js';
import {
  known,
  unknown,
  type Cluster,
  type EksCluster,
  type Entity,
  type EntityBase,
  type EntityType,
  type FsxFileSystem,
  type IamPolicy,
  type IamPrincipal,
  type InstanceGroup,
  type InternetGateway,
  type Loc,
  type NatGateway,
  type PolicyDocument,
  type PolicyStatement,
  type RawMember,
  type RawValue,
  type Ref,
  type Route,
  type RouteTable,
  type RouteTarget,
  type SecurityGroup,
  type SgPeer,
  type SgRule,
  type Subnet,
  type Val,
  type Vpc,
  type VpcConfig,
  type VpcEndpoint,
} from '../model/types.js';
import { blockFieldsList, type BlockFields } from './terraform-blocks.js';
import { AFTER_APPLY, expressionAt, isExpression, isObject, type PlanResource, type ReferenceResolver } from './terraform-refs.js';
import { serviceOnlyTrust } from './trust-policy.js';
import { containsUnknown, type Path, type ReaderContext, type ResourceReader } from './terraform-values.js';

/** Resource type → entity type (managed resources; data sources are listed separately). */
export const ENTITY_TYPES: Record<string, EntityType> = {
  aws_vpc: 'Vpc',
  awscc_ec2_vpc: 'Vpc',
  aws_subnet: 'Subnet',
  awscc_ec2_subnet: 'Subnet',
  aws_security_group: 'SecurityGroup',
  aws_default_security_group: 'SecurityGroup',
  awscc_ec2_security_group: 'SecurityGroup',
  aws_route_table: 'RouteTable',
  aws_default_route_table: 'RouteTable',
  awscc_ec2_route_table: 'RouteTable',
  aws_vpc_endpoint: 'VpcEndpoint',
  awscc_ec2_vpc_endpoint: 'VpcEndpoint',
  aws_nat_gateway: 'NatGateway',
  awscc_ec2_nat_gateway: 'NatGateway',
  aws_internet_gateway: 'InternetGateway',
  awscc_ec2_internet_gateway: 'InternetGateway',
  aws_eks_cluster: 'EksCluster',
  awscc_eks_cluster: 'EksCluster',
  aws_fsx_lustre_file_system: 'FsxFileSystem',
  aws_iam_role: 'IamPrincipal',
  aws_iam_user: 'IamPrincipal',
  aws_iam_policy: 'IamPolicy',
  awscc_sagemaker_cluster: 'Cluster',
  aws_sagemaker_cluster: 'Cluster',
};

/** Data sources that describe existing network resources. */
export const DATA_ENTITY_TYPES: Record<string, EntityType> = {
  aws_subnet: 'Subnet',
};

export interface BuildContext extends ReaderContext {
  file: string;
  reader(resource: PlanResource): ResourceReader;
  base(resource: PlanResource): Omit<EntityBase, 'type'>;
  /** Entities built so far, by key. */
  entities: Map<string, Entity>;
}

// ---------------------------------------------------------------------------------------------
// Shared helpers

/** `us-west-2a` → `us-west-2`; local and wavelength zones keep their parent region. */
export function regionOfZone(zone: string): string | undefined {
  const m = /^([a-z]{2}(?:-[a-z]+)+-\d+)(?:[a-z]|-[a-z0-9-]+)$/.exec(zone);
  return m?.[1];
}

const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v]);

/** Parses an IAM policy JSON string. */
export function policyDocument(text: unknown, loc: Loc, what: string): PolicyDocument {
  if (text === AFTER_APPLY) return { statements: unknown(`${what} is known only after apply`, loc), loc };
  let doc: unknown = text;
  if (typeof text === 'string') {
    try {
      doc = JSON.parse(text);
    } catch {
      return { statements: unknown(`${what} is not valid JSON`, loc), loc };
    }
  }
  if (!isObject(doc)) return { statements: unknown(`${what} is not a policy document`, loc), loc };
  const statements: PolicyStatement[] = [];
  for (const s of asList(doc.Statement)) {
    if (!isObject(s)) continue;
    const strings = (v: unknown): Val<string[]> =>
      asList(v).every((x) => typeof x === 'string') ? known(asList(v) as string[], loc) : unknown(`${what} has a non-string entry`, loc);
    const statement: PolicyStatement = {
      effect: typeof s.Effect === 'string' ? known(s.Effect, loc) : unknown(`${what} statement has no Effect`, loc),
      actions: strings(s.Action),
      resources: s.NotResource !== undefined ? unknown(`${what} uses NotResource`, loc) : strings(s.Resource),
      loc,
    };
    if (s.NotAction !== undefined) statement.notActions = strings(s.NotAction);
    statements.push(statement);
  }
  return { statements, loc };
}

// ---------------------------------------------------------------------------------------------
// Network

function vpc(r: PlanResource, ctx: BuildContext): Vpc {
  const reader = ctx.reader(r);
  const cidr = reader.string(['cidr_block']);
  let ipv6: Val<boolean>;
  if (r.type === 'awscc_ec2_vpc') {
    ipv6 = known(false, reader.loc); // IPv6 comes from awscc_ec2_vpc_cidr_block resources
  } else {
    const assign = reader.boolean(['assign_generated_ipv6_cidr_block']);
    const block = reader.raw(['ipv6_cidr_block']);
    const pool = reader.raw(['ipv6_ipam_pool_id']);
    if ((assign?.known && assign.value) || (typeof block === 'string' && block) || (typeof pool === 'string' && pool)) {
      ipv6 = known(true, reader.loc);
    } else if (assign && !assign.known) ipv6 = assign;
    else if (block === AFTER_APPLY && !reader.leftUnset(['ipv6_cidr_block'])) {
      ipv6 = unknown(`${r.address}.ipv6_cidr_block is known only after apply`, reader.loc);
    } else ipv6 = known(false, reader.loc);
  }
  return {
    ...ctx.base(r),
    type: 'Vpc',
    cidrBlocks: cidr ? [cidr] : [unknown(`${r.address} has no literal IPv4 CIDR (IPAM pool)`, reader.loc)],
    ipv6,
  };
}

function subnet(r: PlanResource, ctx: BuildContext): Subnet {
  const reader = ctx.reader(r);
  const cc = r.type === 'awscc_ec2_subnet';
  const v6 = cc ? 'ipv_6_cidr_block' : 'ipv6_cidr_block';
  const v6native = cc ? 'ipv_6_native' : 'ipv6_native';
  const v6assign = cc ? 'assign_ipv_6_address_on_creation' : 'assign_ipv6_address_on_creation';
  const entity = ctx.base(r);
  const az = reader.string(['availability_zone']) ?? unknown(`${r.address} sets no Availability Zone`, reader.loc);
  const azId = reader.string(['availability_zone_id']) ?? unknown(`${r.address} sets no Availability Zone ID`, reader.loc);
  const cidr = reader.string(['cidr_block']) ?? unknown(`${r.address} has no literal IPv4 CIDR (IPv6-only or IPAM)`, reader.loc);

  let ipv6: Val<boolean>;
  const block = reader.raw([v6]);
  const native = reader.boolean([v6native]);
  const assign = reader.boolean([v6assign]);
  if ((typeof block === 'string' && block) || (native?.known && native.value) || (assign?.known && assign.value)) {
    ipv6 = known(true, reader.loc);
  } else if (block === AFTER_APPLY) {
    // Computed when not configured. Unknown because it derives from resources (e.g. cidrsubnet of
    // the VPC's IPv6 block, variables being known at plan time): there will be one. Locals and
    // module outputs may hide a condition on unknown values: then unknown.
    const refs = r.config ? (expressionAt(r.config.expressions, [v6])?.expression.references ?? []) : [];
    if (reader.leftUnset([v6])) ipv6 = known(false, reader.loc);
    else if (r.mode === 'managed' && refs.length && refs.every((ref) => !/^(local|module)\./.test(ref))) {
      ipv6 = known(true, reader.loc);
    } else ipv6 = unknown(`${r.address}.${v6} is known only after apply`, reader.loc);
  } else if (cc && Array.isArray(reader.raw(['ipv_6_cidr_blocks'])) && (reader.raw(['ipv_6_cidr_blocks']) as unknown[]).length) {
    ipv6 = known(true, reader.loc);
  } else ipv6 = known(false, reader.loc);

  const mapPublic = reader.boolean(['map_public_ip_on_launch']) ?? known(false, reader.loc);
  if (!entity.region && az.known) {
    const region = regionOfZone(az.value);
    if (region) entity.region = known(region, reader.loc);
  }
  return {
    ...entity,
    type: 'Subnet',
    vpc: reader.ref(['vpc_id'], { want: 'Vpc' }) ?? { kind: 'unknown', reason: `${r.address} has no vpc_id`, loc: reader.loc },
    cidr,
    cidrLoc: reader.loc,
    az,
    azId,
    ipv6,
    mapPublicIp: mapPublic,
  };
}

const normalizeProtocol = (p: Val<string> | undefined): Val<string> | undefined => {
  if (!p || !p.known) return p;
  const value = p.value.trim().toLowerCase();
  return known(value === 'all' ? '-1' : value, p.loc);
};

/** SgRules of one block (one rule per peer). `owner`: to recognise the group's own ID. */
export function rulesFromBlock(
  fields: BlockFields,
  direction: 'ingress' | 'egress',
  names: {
    protocol: string;
    cidr: string;
    cidr6: string;
    prefix: string;
    group?: string;
    self?: string;
  },
  loc: Loc,
  isOwner: (ref: Ref, expr?: string) => boolean,
  resourceName?: string,
): { rules: SgRule[]; complete: boolean } {
  const protocol = normalizeProtocol(fields.string(names.protocol)) ?? unknown('no protocol', loc);
  const allTraffic = protocol.known && protocol.value === '-1';
  let fromPort = fields.number('from_port');
  let toPort = fields.number('to_port');
  if (allTraffic && names.protocol === 'ip_protocol') {
    fromPort = undefined; // [TF-VSGIR] ip_protocol -1 takes no ports
    toPort = undefined;
  }
  const peers: SgPeer[] = [];
  const complete = true; // a rule with no peer grants nothing
  const addStrings = (name: string, kind: 'cidr' | 'cidr6' | 'prefixList'): void => {
    const list = fields.strings(name);
    if (!list) return;
    if (!list.known) {
      peers.push({ kind: 'unknown', reason: list.reason });
      return;
    }
    for (const value of list.value) {
      peers.push(kind === 'prefixList' ? { kind, id: value } : { kind, cidr: value });
    }
  };
  addStrings(names.cidr, 'cidr');
  addStrings(names.cidr6, 'cidr6');
  addStrings(names.prefix, 'prefixList');
  if (names.self) {
    const self = fields.boolean(names.self);
    if (self?.known && self.value) peers.push({ kind: 'self' });
    else if (self && !self.known) peers.push({ kind: 'unknown', reason: self.reason });
  }
  if (names.group) {
    const groups = fields.refs(names.group);
    for (const ref of groups?.refs ?? []) {
      peers.push(isOwner(ref, groups?.expr) ? { kind: 'self' } : { kind: 'sg', ref });
    }
  }
  const rules = peers.map((peer): SgRule => ({
    direction,
    protocol,
    fromPort,
    toPort,
    peer,
    loc,
    ...(resourceName ? { resourceName } : {}),
  }));
  return { rules, complete };
}

function securityGroup(r: PlanResource, ctx: BuildContext): SecurityGroup {
  const reader = ctx.reader(r);
  const entity = ctx.base(r);
  const cc = r.type === 'awscc_ec2_security_group';
  const isOwner = (ref: Ref): boolean =>
    (ref.kind === 'entity' && ref.key === entity.key) ||
    (ref.kind === 'id' && entity.physicalId !== undefined && ref.id === entity.physicalId);
  let rulesComplete = true;
  const collect = (direction: 'ingress' | 'egress'): SgRule[] | undefined => {
    const blockName = cc ? (direction === 'ingress' ? 'security_group_ingress' : 'security_group_egress') : direction;
    const blocks = blockFieldsList(r, blockName, ctx, reader.loc);
    if (!blocks) {
      rulesComplete = false;
      return undefined;
    }
    const names = cc
      ? {
          protocol: 'ip_protocol',
          cidr: 'cidr_ip',
          cidr6: 'cidr_ipv_6',
          prefix: direction === 'ingress' ? 'source_prefix_list_id' : 'destination_prefix_list_id',
          group: direction === 'ingress' ? 'source_security_group_id' : 'destination_security_group_id',
        }
      : {
          protocol: 'protocol',
          cidr: 'cidr_blocks',
          cidr6: 'ipv6_cidr_blocks',
          prefix: 'prefix_list_ids',
          group: 'security_groups',
          self: 'self',
        };
    const rules: SgRule[] = [];
    for (const block of blocks) {
      const built = rulesFromBlock(block, direction, names, block.loc ?? reader.loc, isOwner);
      appendAll(rules, built.rules);
      if (!built.complete) rulesComplete = false;
    }
    return rules;
  };
  const ingress = collect('ingress') ?? [];
  const egress = collect('egress');
  // [TF-SG] Terraform removes AWS's default egress; awscc follows CloudFormation [CFN-SG].
  const implicitAllowAllEgress = cc && egress !== undefined && egress.length === 0;
  return {
    ...entity,
    type: 'SecurityGroup',
    vpc:
      reader.ref(['vpc_id'], { want: 'Vpc' }) ??
      ({ kind: 'unknown', reason: `${r.address} sets no vpc_id (the default VPC)`, loc: reader.loc } as Ref),
    ingress,
    egress: egress ?? [],
    implicitAllowAllEgress,
    rulesComplete,
    ...groupLabels(reader, cc),
  };
}

/** name, name_prefix, description and tags, where known (what the group is for: src/engine/without-cluster.ts). */
function groupLabels(reader: ReturnType<BuildContext['reader']>, cc: boolean): Pick<SecurityGroup, 'labels'> {
  const labels: NonNullable<SecurityGroup['labels']> = [];
  for (const field of cc ? ['group_name', 'group_description'] : ['name', 'name_prefix', 'description']) {
    const value = reader.string([field]);
    if (value?.known && value.value.trim()) labels.push({ field, text: value.value, loc: value.loc });
  }
  const tags = reader.raw(['tags']);
  if (isObject(tags)) {
    for (const [key, value] of Object.entries(tags)) {
      if (typeof value === 'string' && value.trim()) labels.push({ field: `tag ${key}`, text: value, loc: reader.at(['tags']) });
    }
  } else if (Array.isArray(tags)) {
    for (const item of tags) {
      const key: unknown = isObject(item) ? item.key : undefined;
      const value: unknown = isObject(item) ? item.value : undefined;
      if (typeof key === 'string' && typeof value === 'string' && value.trim()) {
        labels.push({ field: `tag ${key}`, text: value, loc: reader.at(['tags']) });
      }
    }
  }
  return labels.length ? { labels } : {};
}

/** Route target from a route block's fields. */
export function routeTarget(fields: BlockFields, typeOfKey: (key: string) => EntityType | undefined): RouteTarget {
  const fromRefs = (name: string): RouteTarget | undefined => {
    const found = fields.refs(name);
    if (!found) return undefined;
    const ref = found.refs[0]!;
    if (found.refs.length > 1) return { kind: 'unknown', reason: `${name} may be any of ${found.refs.length} values` };
    if (ref.kind === 'unknown') return { kind: 'unknown', reason: ref.reason };
    if (ref.kind === 'entity') {
      const type = typeOfKey(ref.key);
      if (type === 'NatGateway') return { kind: 'nat', ref };
      if (type === 'InternetGateway') return { kind: 'igw', ref };
      if (type === 'VpcEndpoint') return { kind: 'vpce', ref };
      return { kind: 'other', what: `${name} ${ref.key}` };
    }
    const id = ref.id;
    if (id.startsWith('nat-')) return { kind: 'nat', ref };
    if (id.startsWith('igw-')) return { kind: 'igw', ref };
    if (id.startsWith('vpce-')) return { kind: 'vpce', ref };
    return { kind: 'other', what: `${name} ${id}` };
  };
  for (const name of ['nat_gateway_id', 'gateway_id', 'vpc_endpoint_id']) {
    const target = fromRefs(name);
    if (target) return target;
  }
  for (const name of [
    'transit_gateway_id',
    'vpc_peering_connection_id',
    'network_interface_id',
    'egress_only_gateway_id',
    'carrier_gateway_id',
    'local_gateway_id',
    'core_network_arn',
    'instance_id',
  ]) {
    const value = fields.string(name);
    if (value?.known && value.value) return { kind: 'other', what: `${name} ${value.value}` };
    if (value && !value.known) return { kind: 'other', what: name };
  }
  return { kind: 'unknown', reason: 'route has no recognised target' };
}

export function routeFromFields(fields: BlockFields, typeOfKey: (key: string) => EntityType | undefined, loc: Loc): Route {
  const destination =
    fields.string('cidr_block') ??
    fields.string('destination_cidr_block') ??
    fields.string('ipv6_cidr_block') ??
    fields.string('destination_ipv6_cidr_block') ??
    fields.string('destination_prefix_list_id') ??
    unknown('route has no destination', loc);
  return { destination, target: routeTarget(fields, typeOfKey), loc };
}

/** VPC entity keys named by `default_route_table_id = aws_vpc.X.default_route_table_id`. */
export function vpcKeysOfDefaultRouteTable(r: PlanResource, resolver: ReferenceResolver): string[] {
  const expression = r.config?.expressions.default_route_table_id;
  if (!isExpression(expression) || !expression.references) return [];
  const vpcs = expression.references
    .filter((ref) => /\.(default|main)_route_table_id$/.test(ref))
    .map((ref) => ref.replace(/\.(default|main)_route_table_id$/, ''));
  if (!vpcs.length) return [];
  return resolver.resolveExpression({ references: vpcs }, r.module).keys;
}

function routeTable(r: PlanResource, ctx: BuildContext): RouteTable {
  const reader = ctx.reader(r);
  const routes: Route[] = [];
  if (r.type !== 'awscc_ec2_route_table') {
    const blocks = blockFieldsList(r, 'route', ctx, reader.loc);
    if (blocks) for (const b of blocks) routes.push(routeFromFields(b, ctx.typeOfKey, reader.loc));
    else
      routes.push({
        destination: unknown(`${r.address} routes are known only after apply`, reader.loc),
        target: { kind: 'unknown', reason: 'routes known only after apply' },
        loc: reader.loc,
      });
  }
  let vpcRef = reader.ref(['vpc_id'], { want: 'Vpc' });
  if (r.type === 'aws_default_route_table' && (!vpcRef || vpcRef.kind === 'unknown')) {
    const vpcKeys = vpcKeysOfDefaultRouteTable(r, ctx.resolver);
    if (vpcKeys.length === 1) vpcRef = { kind: 'entity', key: vpcKeys[0]!, loc: reader.loc };
  }
  return {
    ...ctx.base(r),
    type: 'RouteTable',
    vpc: vpcRef ?? { kind: 'unknown', reason: `${r.address} has no vpc_id`, loc: reader.loc },
    main: r.type === 'aws_default_route_table',
    routes,
    subnets: [],
  };
}

/** service_name, or the one a `data.aws_vpc_endpoint_service` read at plan time gives. */
function endpointServiceName(r: PlanResource, reader: ResourceReader, ctx: BuildContext): Val<string> | undefined {
  const value = reader.string(['service_name']);
  if (!value || value.known || !r.config) return value;
  const at = expressionAt(r.config.expressions, ['service_name']);
  const refs = at?.expression.references ?? [];
  // Only a plain reference to the data source's service_name (an interpolation would change it).
  if (!refs.length || !refs.every((ref) => /^data\.aws_vpc_endpoint_service\./.test(ref))) return value;
  const names = refs.filter((ref) => ref.endsWith('.service_name'));
  if (!names.length) return value;
  const resolved = ctx.resolver.resolveExpression({ references: names }, r.module);
  return resolved.literals.length === 1 && !resolved.unresolved.length && !resolved.keys.length
    ? known(resolved.literals[0]!, reader.loc)
    : value;
}

function vpcEndpoint(r: PlanResource, ctx: BuildContext): VpcEndpoint {
  const reader = ctx.reader(r);
  const typeRaw = reader.string(['vpc_endpoint_type']);
  // Gateway when not set [TF-VPCE][AWSCC-VPCE].
  const endpointType =
    typeRaw === undefined || (!typeRaw.known && reader.leftUnset(['vpc_endpoint_type'])) ? known('Gateway', reader.loc) : typeRaw;
  const policyField = r.type === 'awscc_ec2_vpc_endpoint' ? 'policy_document' : 'policy';
  const policyRaw = reader.raw([policyField]);
  let policy: Val<unknown> | undefined;
  if (policyRaw === AFTER_APPLY) {
    policy = reader.leftUnset([policyField]) ? undefined : unknown(`${r.address}.${policyField} is known only after apply`, reader.loc);
  } else if (typeof policyRaw === 'string' && policyRaw.trim()) {
    try {
      policy = known(JSON.parse(policyRaw) as unknown, reader.loc);
    } catch {
      policy = unknown(`${r.address}.${policyField} is not valid JSON`, reader.loc);
    }
  } else if (isObject(policyRaw)) {
    policy = containsUnknown(policyRaw)
      ? unknown(`${r.address}.${policyField} is known only after apply`, reader.loc)
      : known(policyRaw, reader.loc);
  }
  const empty = { known: true as const, items: [] as Ref[], loc: reader.loc };
  const entity: VpcEndpoint = {
    ...ctx.base(r),
    type: 'VpcEndpoint',
    vpc: reader.ref(['vpc_id'], { want: 'Vpc' }) ?? { kind: 'unknown', reason: `${r.address} has no vpc_id`, loc: reader.loc },
    serviceName: endpointServiceName(r, reader, ctx) ?? unknown(`${r.address} has no service_name`, reader.loc),
    endpointType,
    routeTables: reader.refList(['route_table_ids'], { want: 'RouteTable', unsetWhenComputed: true }) ?? empty,
    subnets: reader.refList(['subnet_ids'], { want: 'Subnet', unsetWhenComputed: true }) ?? { ...empty, items: [] },
  };
  if (policy) entity.policy = policy;
  return entity;
}

function natGateway(r: PlanResource, ctx: BuildContext): NatGateway {
  const reader = ctx.reader(r);
  return {
    ...ctx.base(r),
    type: 'NatGateway',
    subnet: reader.ref(['subnet_id'], { want: 'Subnet' }) ?? { kind: 'unknown', reason: `${r.address} has no subnet_id`, loc: reader.loc },
  };
}

function internetGateway(r: PlanResource, ctx: BuildContext): InternetGateway {
  const reader = ctx.reader(r);
  const entity: InternetGateway = { ...ctx.base(r), type: 'InternetGateway' };
  const ref = reader.ref(['vpc_id'], { want: 'Vpc' });
  if (ref) entity.vpc = ref;
  return entity;
}

// ---------------------------------------------------------------------------------------------
// EKS, FSx, IAM

function eksCluster(r: PlanResource, ctx: BuildContext): EksCluster {
  const reader = ctx.reader(r);
  const cc = r.type === 'awscc_eks_cluster';
  const familyPath = ['kubernetes_network_config', 'ip_family'];
  const raw = reader.string(familyPath);
  const explicit = reader.configures(familyPath);
  let ipFamily: Val<string>;
  if (raw?.known) ipFamily = raw;
  else if (!explicit && (r.config !== undefined || raw === undefined)) {
    ipFamily = known('ipv4', reader.loc); // absent = ipv4 [EKS-KNC]; AWS fills it in at apply
  } else ipFamily = raw ?? unknown(`${r.address} IP family is not known`, reader.loc);
  const subnetsPath = cc ? ['resources_vpc_config', 'subnet_ids'] : ['vpc_config', 'subnet_ids'];
  return {
    ...ctx.base(r),
    type: 'EksCluster',
    ipFamily,
    ipFamilyExplicit: explicit,
    arn: reader.string(['arn']) ?? unknown(`${r.address}.arn is not in the plan`, reader.loc),
    subnets: reader.refList(subnetsPath, { want: 'Subnet' }) ?? unknown(`${r.address} lists no subnets`, reader.loc),
  };
}

function fsx(r: PlanResource, ctx: BuildContext): FsxFileSystem {
  const reader = ctx.reader(r);
  const entity: FsxFileSystem = {
    ...ctx.base(r),
    type: 'FsxFileSystem',
    fileSystemType: known('LUSTRE', reader.loc),
    subnets: reader.refList(['subnet_ids'], { want: 'Subnet' }) ?? unknown(`${r.address} lists no subnets`, reader.loc),
    securityGroups: reader.refList(['security_group_ids'], { want: 'SecurityGroup', unsetWhenComputed: true }) ?? {
      known: true,
      items: [],
      loc: reader.loc,
    },
  };
  const dns = reader.string(['dns_name']);
  if (dns) entity.dnsName = dns;
  return entity;
}

function iamPrincipal(r: PlanResource, ctx: BuildContext): IamPrincipal {
  const reader = ctx.reader(r);
  const tagsRaw = isObject(reader.raw(['tags_all'])) ? reader.raw(['tags_all']) : reader.raw(['tags']);
  let tags: IamPrincipal['tags'];
  if (tagsRaw === AFTER_APPLY) tags = unknown(`${r.address} tags are known only after apply`, reader.loc);
  else if (isObject(tagsRaw)) {
    const record: Record<string, Val<string>> = {};
    for (const [k, v] of Object.entries(tagsRaw)) {
      record[k] =
        v === AFTER_APPLY ? unknown(`${r.address} tag ${k} is known only after apply`, reader.loc) : known(String(v ?? ''), reader.loc);
    }
    tags = known(record, reader.loc);
  } else tags = known({}, reader.loc);

  const inlinePolicies: PolicyDocument[] = [];
  const inline = reader.raw(['inline_policy']);
  if (inline === AFTER_APPLY) {
    if (!reader.leftUnset(['inline_policy'])) {
      inlinePolicies.push({ statements: unknown(`${r.address} inline policies are known only after apply`, reader.loc), loc: reader.loc });
    }
  } else {
    for (const block of asList(inline)) {
      if (!isObject(block)) continue;
      if (block.policy === '' || block.policy === null || block.policy === undefined) continue;
      inlinePolicies.push(policyDocument(block.policy, reader.loc, `${r.address} inline policy ${String(block.name ?? '')}`.trim()));
    }
  }
  const trust = r.type === 'aws_iam_role' ? reader.raw(['assume_role_policy']) : undefined;
  const trustedServicesOnly = trust !== undefined && !containsUnknown(trust) ? serviceOnlyTrust(trust) : undefined;
  const managedPolicies: Ref[] = [];
  const managed = reader.refList(['managed_policy_arns'], { want: 'IamPolicy', unsetWhenComputed: true });
  if (managed?.known) appendAll(managedPolicies, managed.items);
  else if (managed) managedPolicies.push({ kind: 'unknown', reason: managed.reason, loc: reader.loc });
  return {
    ...ctx.base(r),
    type: 'IamPrincipal',
    principalKind: r.type === 'aws_iam_user' ? 'user' : 'role',
    tags,
    tagsLoc: reader.loc,
    inlinePolicies,
    managedPolicies,
    ...(trustedServicesOnly ? { trustedServicesOnly } : {}),
  };
}

function iamPolicy(r: PlanResource, ctx: BuildContext): IamPolicy {
  const reader = ctx.reader(r);
  return {
    ...ctx.base(r),
    type: 'IamPolicy',
    document: policyDocument(reader.raw(['policy']), reader.loc, `${r.address}.policy`),
    attachedTo: [],
  };
}

// ---------------------------------------------------------------------------------------------
// HyperPod cluster: awscc_sagemaker_cluster (nested attributes, §4.1) and the block-style
// aws_sagemaker_cluster of hashicorp/aws PR #43321 [TFAWS-PR-DOC].

function vpcConfig(reader: ResourceReader, path: Path, shared: { subnets: boolean; sgs: boolean }): VpcConfig | undefined {
  const object = reader.object(path);
  if (object === undefined) return undefined;
  const config: VpcConfig = { loc: reader.loc };
  const subnetsRaw = object === AFTER_APPLY ? AFTER_APPLY : object.subnets;
  const sgsRaw = object === AFTER_APPLY ? AFTER_APPLY : object.security_group_ids;
  if (subnetsRaw !== undefined && subnetsRaw !== null) {
    config.subnets = reader.refList([...path, 'subnets'], { want: 'Subnet', sharedWithSiblings: shared.subnets });
  }
  if (sgsRaw !== undefined && sgsRaw !== null) {
    config.securityGroups = reader.refList([...path, 'security_group_ids'], {
      want: 'SecurityGroup',
      sharedWithSiblings: shared.sgs,
    });
  }
  return config;
}

/** Attributes of awscc_sagemaker_cluster that the provider computes (CloudFormation readOnlyProperties; id and arn, which HCL mode adds to every resource). */
const AWSCC_COMPUTED = new Set(['id', 'arn', 'cluster_arn', 'cluster_status', 'creation_time', 'failure_message']);

/**
 * An awscc_sagemaker_cluster's attributes as a RawValue for HP008 (checked against the CloudFormation schema the
 * provider is generated from). Unset attributes (null, or an empty list) are left out; a value known only after
 * apply is an ID or ARN the provider fills in, so it is not listed as unverified.
 */
function awsccRaw(reader: ResourceReader, value: unknown, path: Path, depth: number): RawValue {
  const loc = reader.at(path);
  if (value === AFTER_APPLY) return { kind: 'unknown', loc, reason: `${pathText(path)} is known only after apply`, quiet: true };
  if (depth > 32) return { kind: 'unknown', loc, reason: 'nested too deeply to check' };
  if (Array.isArray(value))
    return {
      kind: 'list',
      loc,
      items: value.flatMap((item, i) => (item === null ? [] : [awsccRaw(reader, item, [...path, i], depth + 1)])),
    };
  if (isObject(value)) {
    const members: RawMember[] = [];
    for (const [key, child] of Object.entries(value)) {
      if (child === null || (Array.isArray(child) && child.length === 0)) continue;
      if (depth === 0 && AWSCC_COMPUTED.has(key)) continue;
      members.push({ key, keyLoc: reader.at([...path, key]), value: awsccRaw(reader, child, [...path, key], depth + 1) });
    }
    return { kind: 'object', loc, members };
  }
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return { kind: 'scalar', loc, value };
  return { kind: 'unknown', loc, reason: `${pathText(path) || 'the resource'} is not a plain value` };
}

const pathText = (path: Path): string =>
  path
    .map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`))
    .join('')
    .replace(/^\./, '');

function cluster(r: PlanResource, ctx: BuildContext): Cluster {
  const reader = ctx.reader(r);
  const blockStyle = r.type === 'aws_sagemaker_cluster';
  const groupsName = blockStyle ? 'instance_group' : 'instance_groups';
  const entity: Cluster = {
    ...ctx.base(r),
    type: 'Cluster',
    clusterName: reader.string(['cluster_name']) ?? unknown(`${r.address} sets no cluster_name`, reader.loc),
    orchestrator: known('slurm', reader.loc),
    instanceGroups: [],
    isUpdate: false,
  };

  // Orchestrator: EKS when orchestrator.eks is set, else Slurm (hyperpod-reference.md §0).
  const orchestrator = reader.object(['orchestrator']);
  const eks = orchestrator === AFTER_APPLY ? AFTER_APPLY : reader.object(['orchestrator', 'eks']);
  if (eks === AFTER_APPLY) {
    entity.orchestrator = unknown(`${r.address}.orchestrator is known only after apply`, reader.loc);
  } else if (eks) {
    entity.orchestrator = known('eks', reader.loc);
    entity.orchestratorLoc = reader.loc;
    const arn = reader.string(['orchestrator', 'eks', 'cluster_arn']);
    if (arn) entity.eksClusterArn = arn;
    const ref = reader.ref(['orchestrator', 'eks', 'cluster_arn'], { want: 'EksCluster' });
    if (ref?.kind === 'id') {
      const match = [...ctx.entities.values()].find((e) => e.type === 'EksCluster' && e.arn.known && e.arn.value === ref.id);
      entity.eksCluster = match ? { kind: 'entity', key: match.key, loc: reader.loc } : ref;
    } else if (ref) entity.eksCluster = ref;
  } else if (orchestrator) entity.orchestratorLoc = reader.loc;

  const vpc = vpcConfig(reader, ['vpc_config'], { subnets: false, sgs: false });
  if (vpc) entity.vpcConfig = vpc;
  // HP008: awscc attributes are the CloudFormation schema's properties in snake_case.
  if (!blockStyle) entity.request = { schema: 'awscc', shape: 'AWS::SageMaker::Cluster', body: awsccRaw(reader, reader.raw([]), [], 0) };

  // awscc also has restricted_instance_groups (CloudFormation RestrictedInstanceGroups): same instance types,
  // counts, override_vpc_config and execution roles (hyperpod-reference.md §4.1; AWS::SageMaker::Cluster schema).
  const listNames = blockStyle ? [groupsName] : [groupsName, 'restricted_instance_groups'];
  const groups: { list: string; i: number }[] = [];
  let restrictedAfterApply = false;
  for (const list of listNames) {
    const groupsRaw = reader.raw([list]);
    // A plan marks an optional+computed list the configuration leaves out as known after apply:
    // unset restricted_instance_groups looks like that in every awscc plan, so it means none.
    if (groupsRaw === AFTER_APPLY && list === 'restricted_instance_groups') restrictedAfterApply = true;
    else if (groupsRaw === AFTER_APPLY) {
      entity.instanceGroups = unknown(`${r.address}.${list} is known only after apply`, reader.loc);
      return entity;
    }
    if (Array.isArray(groupsRaw)) groupsRaw.forEach((_, i) => groups.push({ list, i }));
  }
  if (restrictedAfterApply && groups.length === 0) {
    entity.instanceGroups = unknown(`${r.address}.restricted_instance_groups is known only after apply`, reader.loc);
    return entity;
  }
  const lifecycle = blockStyle ? 'lifecycle_config' : 'life_cycle_config';
  // How many groups need the configuration for a field (an awscc list expression cannot be split per group).
  const countUnknown = (path: Path): number => groups.filter(({ list, i }) => containsUnknown(reader.raw([list, i, ...path]))).length;
  const shared = {
    subnets: countUnknown(['override_vpc_config', 'subnets']) > 1,
    sgs: countUnknown(['override_vpc_config', 'security_group_ids']) > 1,
    role: countUnknown(['execution_role']) > 1,
    fsx: false,
  };
  const fsxRefs = new Map<string, Ref>();
  entity.instanceGroups = groups.map(({ list, i }): InstanceGroup => {
    const at = (...rest: (string | number)[]): Path => [list, i, ...rest];
    const types: Val<string>[] = [];
    const single = reader.string(at('instance_type'));
    if (single) types.push(single);
    else {
      const list = reader.raw(at('instance_requirements', 'instance_types'));
      if (list === AFTER_APPLY) types.push(unknown(`${r.address} instance types are known only after apply`, reader.loc));
      else for (const t of asList(list)) if (typeof t === 'string') types.push(known(t, reader.loc));
    }
    const group: InstanceGroup = {
      name: reader.string(at('instance_group_name')) ?? unknown(`${r.address} ${list}[${i}] has no name`, reader.loc),
      loc: reader.loc,
      instanceTypes: types,
      instanceTypeLoc: reader.loc,
      instanceCount: reader.number(at('instance_count')) ?? unknown(`${r.address} ${list}[${i}] has no instance_count`, reader.loc),
      instanceCountLoc: reader.loc,
      fsxMounts: [],
    };
    const override = vpcConfig(reader, at('override_vpc_config'), shared);
    if (override) group.overrideVpcConfig = override;
    const uri = reader.string(at(lifecycle, 'source_s3_uri'));
    if (uri) group.lifeCycleSourceS3Uri = uri;
    let role = reader.ref(at('execution_role'), { want: 'IamPrincipal', sharedWithSiblings: shared.role });
    if (role?.kind === 'unknown' && shared.role) {
      // Several groups: still certain when the whole list references exactly one role.
      const linked = reader.linked(at('execution_role'), { want: 'IamPrincipal' });
      if ('refs' in linked && linked.refs.length === 1) role = linked.refs[0]!;
    }
    if (role) group.executionRole = role;
    const interfaceType = reader.string(at('network_interface', 'interface_type'));
    if (interfaceType) group.interfaceType = interfaceType;
    const storage = reader.raw(at('instance_storage_configs'));
    for (let s = 0; Array.isArray(storage) && s < storage.length; s++) {
      const dns = reader.string(at('instance_storage_configs', s, 'fsx_lustre_config', 'dns_name'));
      if (!dns) continue;
      group.fsxMounts.push(dns);
      if (dns.known) {
        const match = [...ctx.entities.values()].find(
          (e) => e.type === 'FsxFileSystem' && e.dnsName?.known && e.dnsName.value === dns.value,
        );
        if (match) fsxRefs.set(match.key, { kind: 'entity', key: match.key, loc: reader.loc });
      } else {
        const keys = ctx.resolver.referencedEntities(r, at('instance_storage_configs', s, 'fsx_lustre_config', 'dns_name'));
        for (const key of keys) {
          if (ctx.typeOfKey(key) === 'FsxFileSystem') fsxRefs.set(key, { kind: 'entity', key, loc: reader.loc });
        }
      }
    }
    return group;
  });
  if (fsxRefs.size) entity.fsxFileSystems = [...fsxRefs.values()];
  return entity;
}

export const BUILDERS: Partial<Record<EntityType, (r: PlanResource, ctx: BuildContext) => Entity>> = {
  Vpc: vpc,
  Subnet: subnet,
  SecurityGroup: securityGroup,
  RouteTable: routeTable,
  VpcEndpoint: vpcEndpoint,
  NatGateway: natGateway,
  InternetGateway: internetGateway,
  EksCluster: eksCluster,
  FsxFileSystem: fsx,
  IamPrincipal: iamPrincipal,
  IamPolicy: iamPolicy,
  Cluster: cluster,
};

/** Build order: clusters last, so EKS clusters and FSx file systems they match by literal exist. */
export const BUILD_ORDER: EntityType[] = [
  'Vpc',
  'Subnet',
  'SecurityGroup',
  'RouteTable',
  'VpcEndpoint',
  'NatGateway',
  'InternetGateway',
  'EksCluster',
  'FsxFileSystem',
  'IamPolicy',
  'IamPrincipal',
  'Cluster',
];
