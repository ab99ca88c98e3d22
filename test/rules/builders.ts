/**
 * Small builders for rule unit tests: a Model with VPCs, subnets, security groups, rules,
 * route tables, endpoints, EKS/FSx and clusters, each with a fake but exact location.
 *
 * Every entity gets a line: the `line` option, or the next free line of the builder (step 10),
 * so a test can assert `entity.loc.line`. Properties default to lines just under their entity.
 */
import { Model } from '../../src/model/model.js';
import {
  known,
  unknown,
  type ChangeInfo,
  type Cluster,
  type EksCluster,
  type EntityBase,
  type FsxFileSystem,
  type InputKind,
  type InstanceGroup,
  type InternetGateway,
  type Loc,
  type NatGateway,
  type Ref,
  type RefList,
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
} from '../../src/model/types.js';

export { known, unknown };

/** A one-line location. */
export function loc(line: number, file = 'template.yaml', column = 5): Loc {
  return { file, line, column, endLine: line, endColumn: column + 10 };
}

/** A reference to an entity of the model. */
export function ref(entity: { key: string }, at?: Loc): Ref {
  return { kind: 'entity', key: entity.key, loc: at };
}

/** A literal physical ID reference. */
export function idRef(id: string, at?: Loc): Ref {
  return { kind: 'id', id, loc: at };
}

/** A reference that cannot be resolved statically. */
export function unknownRef(reason: string, expr?: string, at?: Loc): Ref {
  return { kind: 'unknown', reason, expr, loc: at };
}

/** A known list of references. */
export function refs(items: Ref[], at?: Loc): RefList {
  return { known: true, items, loc: at };
}

type Common = {
  line?: number;
  physicalId?: string;
  region?: Val<string>;
  change?: ChangeInfo;
  sourceKind?: InputKind | 'account';
};

export interface RuleSpec {
  protocol?: string | Val<string>;
  fromPort?: number;
  toPort?: number;
  line?: number;
  condition?: Val<boolean>;
  resourceName?: string;
}

function ruleOf(direction: 'ingress' | 'egress', peer: SgPeer, spec: RuleSpec, file: string): SgRule {
  const protocol = spec.protocol ?? '-1';
  return {
    direction,
    protocol: typeof protocol === 'string' ? known(protocol) : protocol,
    fromPort: spec.fromPort === undefined ? undefined : known(spec.fromPort),
    toPort: spec.toPort === undefined ? undefined : known(spec.toPort),
    peer,
    loc: loc(spec.line ?? 1, file),
    resourceName: spec.resourceName,
    condition: spec.condition,
  };
}

/** Rule helpers: the line defaults to 1; set it when a test asserts on the rule's line. */
export const rule = {
  selfIn: (spec: RuleSpec = {}, file = 'template.yaml') => ruleOf('ingress', { kind: 'self' }, spec, file),
  selfOut: (spec: RuleSpec = {}, file = 'template.yaml') => ruleOf('egress', { kind: 'self' }, spec, file),
  sgIn: (peer: Ref, spec: RuleSpec = {}, file = 'template.yaml') => ruleOf('ingress', { kind: 'sg', ref: peer }, spec, file),
  sgOut: (peer: Ref, spec: RuleSpec = {}, file = 'template.yaml') => ruleOf('egress', { kind: 'sg', ref: peer }, spec, file),
  cidrIn: (cidr: string, spec: RuleSpec = {}, file = 'template.yaml') =>
    ruleOf('ingress', cidr.includes(':') ? { kind: 'cidr6', cidr } : { kind: 'cidr', cidr }, spec, file),
  cidrOut: (cidr: string, spec: RuleSpec = {}, file = 'template.yaml') =>
    ruleOf('egress', cidr.includes(':') ? { kind: 'cidr6', cidr } : { kind: 'cidr', cidr }, spec, file),
  unknownOut: (reason: string, spec: RuleSpec = {}, file = 'template.yaml') => ruleOf('egress', { kind: 'unknown', reason }, spec, file),
  unknownIn: (reason: string, spec: RuleSpec = {}, file = 'template.yaml') => ruleOf('ingress', { kind: 'unknown', reason }, spec, file),
};

export interface GroupSpec {
  name: string;
  /** One type or several (InstanceRequirements); a Val for unknown. */
  type?: string | Val<string> | (string | Val<string>)[];
  count?: number | Val<number>;
  line?: number;
  override?: VpcConfigSpec;
  interfaceType?: string;
  fsxMounts?: Val<string>[];
}

export interface VpcConfigSpec {
  /** Refs, a ready RefList, or null for an absent key. */
  subnets?: Ref[] | RefList | null;
  securityGroups?: Ref[] | RefList | null;
  line?: number;
}

export interface ClusterSpec extends Common {
  clusterName?: string | Val<string>;
  orchestrator?: 'eks' | 'slurm' | Val<'eks' | 'slurm'>;
  eksClusterArn?: string | Val<string>;
  eksCluster?: Ref;
  vpc?: VpcConfigSpec;
  groups?: GroupSpec[] | Val<never>;
  isUpdate?: boolean;
  notVisible?: string;
  fsxFileSystems?: Ref[];
}

function toVal<T>(value: T | Val<T>): Val<T> {
  return typeof value === 'object' && value !== null && 'known' in (value as object) ? (value as Val<T>) : known(value as T);
}

export class ModelBuilder {
  readonly model = new Model();
  private nextLine = 1;

  constructor(
    readonly file = 'template.yaml',
    region?: string,
    private readonly sourceKind: InputKind = 'cloudformation',
  ) {
    this.model.region = region;
  }

  /** Line of the next entity: explicit, or the next free block of 10 lines. */
  private line(explicit?: number): number {
    const line = explicit ?? this.nextLine;
    this.nextLine = Math.max(this.nextLine, line + 10);
    return line;
  }

  private base<T extends EntityBase['type']>(type: T, name: string, common: Common): EntityBase & { type: T } {
    const line = this.line(common.line);
    return {
      key: `${this.file}#${name}`,
      type,
      name,
      file: this.file,
      sourceKind: common.sourceKind ?? this.sourceKind,
      loc: loc(line, this.file, 3),
      physicalId: common.physicalId,
      region: common.region,
      change: common.change,
    };
  }

  loc(line: number): Loc {
    return loc(line, this.file);
  }

  vpc(name: string, spec: Common & { cidr?: string; ipv6?: boolean } = {}): Vpc {
    const vpc: Vpc = {
      ...this.base('Vpc', name, spec),
      cidrBlocks: [known(spec.cidr ?? '10.0.0.0/16')],
      ipv6: known(spec.ipv6 ?? false),
    };
    this.model.add(vpc);
    return vpc;
  }

  subnet(
    name: string,
    spec: Common & {
      vpc?: Ref | Vpc;
      cidr?: string | Val<string>;
      az?: string | Val<string>;
      azId?: string | Val<string>;
      ipv6?: boolean;
      mapPublicIp?: boolean;
      routeTable?: Ref;
    } = {},
  ): Subnet {
    const base = this.base('Subnet', name, spec);
    const cidrLoc = loc(base.loc.line + 2, this.file);
    const cidr = spec.cidr === undefined ? known('10.0.0.0/24', cidrLoc) : toVal(spec.cidr);
    const subnet: Subnet = {
      ...base,
      vpc: vpcRef(spec.vpc),
      cidr: cidr.known ? { ...cidr, loc: cidr.loc ?? cidrLoc } : cidr,
      cidrLoc,
      az: spec.az === undefined ? unknown('AvailabilityZone is not set') : toVal(spec.az),
      azId: spec.azId === undefined ? unknown('AvailabilityZoneId is not set') : toVal(spec.azId),
      ipv6: known(spec.ipv6 ?? false),
      mapPublicIp: known(spec.mapPublicIp ?? false),
      routeTable: spec.routeTable,
    };
    this.model.add(subnet);
    return subnet;
  }

  securityGroup(
    name: string,
    spec: Common & {
      vpc?: Ref | Vpc;
      ingress?: SgRule[];
      egress?: SgRule[];
      implicitAllowAllEgress?: boolean;
      rulesComplete?: boolean;
    } = {},
  ): SecurityGroup {
    const sg: SecurityGroup = {
      ...this.base('SecurityGroup', name, spec),
      vpc: vpcRef(spec.vpc),
      ingress: spec.ingress ?? [],
      egress: spec.egress ?? [],
      implicitAllowAllEgress: spec.implicitAllowAllEgress ?? false,
      rulesComplete: spec.rulesComplete ?? true,
    };
    this.model.add(sg);
    return sg;
  }

  /** A security group with the EFA self rules in and out (lines given for the rules). */
  efaSecurityGroup(name: string, spec: Common & { vpc?: Ref | Vpc } = {}): SecurityGroup {
    const line = this.line(spec.line);
    return this.securityGroup(name, {
      ...spec,
      line,
      ingress: [rule.selfIn({ line: line + 3 }, this.file)],
      egress: [rule.selfOut({ line: line + 5 }, this.file)],
    });
  }

  routeTable(
    name: string,
    spec: Common & {
      vpc?: Ref | Vpc;
      main?: boolean;
      routes?: { destination: string; target: RouteTarget; line?: number }[];
      subnets?: Ref[];
    } = {},
  ): RouteTable {
    const base = this.base('RouteTable', name, spec);
    const routes: Route[] = (spec.routes ?? []).map((r, i) => ({
      destination: known(r.destination),
      target: r.target,
      loc: loc(r.line ?? base.loc.line + 2 + i, this.file),
    }));
    const table: RouteTable = { ...base, vpc: vpcRef(spec.vpc), main: spec.main ?? false, routes, subnets: spec.subnets ?? [] };
    this.model.add(table);
    return table;
  }

  endpoint(
    name: string,
    spec: Common & {
      vpc?: Ref | Vpc;
      serviceName?: string | Val<string>;
      endpointType?: string;
      routeTables?: Ref[] | RefList;
      subnets?: Ref[] | RefList;
      policy?: Val<unknown>;
    } = {},
  ): VpcEndpoint {
    const base = this.base('VpcEndpoint', name, spec);
    const endpoint: VpcEndpoint = {
      ...base,
      vpc: vpcRef(spec.vpc),
      serviceName:
        spec.serviceName === undefined
          ? known('com.amazonaws.us-west-2.s3', loc(base.loc.line + 2, this.file))
          : withLoc(toVal(spec.serviceName), loc(base.loc.line + 2, this.file)),
      endpointType: known(spec.endpointType ?? 'Gateway'),
      routeTables: toRefList(spec.routeTables),
      subnets: toRefList(spec.subnets),
      policy: spec.policy,
    };
    this.model.add(endpoint);
    return endpoint;
  }

  natGateway(name: string, spec: Common & { subnet: Ref }): NatGateway {
    const nat: NatGateway = { ...this.base('NatGateway', name, spec), subnet: spec.subnet };
    this.model.add(nat);
    return nat;
  }

  internetGateway(name: string, spec: Common & { vpc?: Ref | Vpc } = {}): InternetGateway {
    const igw: InternetGateway = { ...this.base('InternetGateway', name, spec), vpc: spec.vpc ? vpcRef(spec.vpc) : undefined };
    this.model.add(igw);
    return igw;
  }

  eksCluster(name: string, spec: Common & { arn?: string | Val<string>; ipFamily?: string; subnets?: Ref[] | RefList } = {}): EksCluster {
    const base = this.base('EksCluster', name, spec);
    const eks: EksCluster = {
      ...base,
      ipFamily: known(spec.ipFamily ?? 'ipv4'),
      ipFamilyExplicit: spec.ipFamily !== undefined,
      arn: spec.arn === undefined ? unknown(`ARN of ${name} is known after deployment`) : toVal(spec.arn),
      subnets: toRefList(spec.subnets),
    };
    this.model.add(eks);
    return eks;
  }

  fsx(name: string, spec: Common & { subnets?: Ref[] | RefList; securityGroups?: Ref[] | RefList; dnsName?: string } = {}): FsxFileSystem {
    const fsx: FsxFileSystem = {
      ...this.base('FsxFileSystem', name, spec),
      fileSystemType: known('LUSTRE'),
      subnets: toRefList(spec.subnets),
      securityGroups: toRefList(spec.securityGroups),
      dnsName: spec.dnsName === undefined ? undefined : known(spec.dnsName),
    };
    this.model.add(fsx);
    return fsx;
  }

  /**
   * A SageMaker HyperPod cluster. Lines: the resource at `line`, the VpcConfig at its own `line`
   * or resource+2 (subnet items follow it, then security-group items), groups after it.
   */
  cluster(name: string, spec: ClusterSpec = {}): Cluster {
    const base = this.base('Cluster', name, spec);
    let line = base.loc.line + 1;
    const orchestrator = toVal(spec.orchestrator ?? (spec.eksClusterArn !== undefined ? 'eks' : 'slurm'));
    const orchestratorLoc = loc(line++, this.file);
    let vpcConfig: VpcConfig | undefined;
    if (spec.vpc) {
      vpcConfig = this.vpcConfig(spec.vpc, spec.vpc.line ?? line);
      line = Math.max(line, lastLine(vpcConfig)) + 1;
    }
    let instanceGroups: Cluster['instanceGroups'];
    if (spec.groups && !Array.isArray(spec.groups)) instanceGroups = spec.groups as Val<never> as Cluster['instanceGroups'];
    else {
      instanceGroups = [];
      for (const g of spec.groups ?? []) {
        const group = this.group(g, g.line ?? line);
        instanceGroups.push(group);
        line = Math.max(line, group.loc.line + 4, group.overrideVpcConfig ? lastLine(group.overrideVpcConfig) + 1 : 0);
      }
    }
    this.nextLine = Math.max(this.nextLine, line + 10);
    const cluster: Cluster = {
      ...base,
      clusterName: spec.clusterName === undefined ? known(name) : toVal(spec.clusterName),
      orchestrator,
      orchestratorLoc,
      eksClusterArn: spec.eksClusterArn === undefined ? undefined : toVal(spec.eksClusterArn),
      eksCluster: spec.eksCluster,
      vpcConfig,
      instanceGroups,
      isUpdate: spec.isUpdate ?? false,
      notVisible: spec.notVisible,
      fsxFileSystems: spec.fsxFileSystems,
    };
    this.model.add(cluster);
    return cluster;
  }

  /** A VpcConfig whose lists and items get consecutive lines from `line`. */
  vpcConfig(spec: VpcConfigSpec, line: number): VpcConfig {
    let next = line + 1;
    const list = (items: Ref[] | RefList | null | undefined): RefList | undefined => {
      if (items === null || items === undefined) return undefined;
      if (!Array.isArray(items)) return items;
      const listLoc = loc(next++, this.file);
      const placed = items.map((r) => ({ ...r, loc: r.loc ?? loc(next++, this.file) }));
      return { known: true, items: placed, loc: listLoc };
    };
    const subnets = list(spec.subnets === undefined ? [] : spec.subnets);
    const securityGroups = list(spec.securityGroups === undefined ? [] : spec.securityGroups);
    return { loc: loc(line, this.file), subnets, securityGroups };
  }

  private group(spec: GroupSpec, line: number): InstanceGroup {
    const types = spec.type === undefined ? ['ml.c5.xlarge'] : Array.isArray(spec.type) ? spec.type : [spec.type];
    const group: InstanceGroup = {
      name: known(spec.name, loc(line + 1, this.file)),
      loc: loc(line, this.file),
      instanceTypes: types.map((t) => toVal(t)),
      instanceTypeLoc: loc(line + 2, this.file),
      instanceCount: toVal(spec.count ?? 1),
      instanceCountLoc: loc(line + 3, this.file),
      interfaceType: spec.interfaceType === undefined ? undefined : known(spec.interfaceType),
      fsxMounts: spec.fsxMounts ?? [],
    };
    if (spec.override) group.overrideVpcConfig = this.vpcConfig(spec.override, spec.override.line ?? line + 4);
    return group;
  }
}

function lastLine(config: VpcConfig): number {
  let last = config.loc.line;
  for (const list of [config.subnets, config.securityGroups]) {
    if (list?.known) {
      if (list.loc) last = Math.max(last, list.loc.line);
      for (const item of list.items) if (item.loc) last = Math.max(last, item.loc.line);
    }
  }
  return last;
}

function vpcRef(vpc: Ref | Vpc | undefined): Ref {
  if (!vpc) return { kind: 'unknown', reason: 'VpcId is not set' };
  return 'type' in vpc ? ref(vpc) : vpc;
}

function toRefList(list: Ref[] | RefList | undefined): RefList {
  if (list === undefined) return { known: true, items: [] };
  return Array.isArray(list) ? { known: true, items: list } : list;
}

function withLoc<T>(value: Val<T>, at: Loc): Val<T> {
  return value.loc ? value : { ...value, loc: at };
}
