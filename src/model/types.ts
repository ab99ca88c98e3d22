/**
 * The one model of HyperPod clusters and their network, built by every parser
 * (CloudFormation, Terraform plan, cluster spec, account look-ups) and read by every rule.
 *
 * Conventions:
 * - Every element keeps its source location (`loc`).
 * - A value the tool cannot know statically is `Unknown` (with a reason), never a guess.
 * - A reference to another element is a `Ref`: resolved to an entity key, a literal physical ID
 *   (external to the scanned files unless another file or the account gives it), or unknown.
 */

import type { TemplateOutline } from '../fix/types.js';

export type Severity = 'error' | 'warning' | 'notice';

export type InputKind = 'cloudformation' | 'terraform-plan' | 'terraform-source' | 'cluster-spec';

/** 1-based line and column; end is inclusive of the last character's line. */
export interface Loc {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface Known<T> {
  known: true;
  value: T;
  loc?: Loc;
}
export interface Unknown {
  known: false;
  /** Why the value cannot be known, e.g. "parameter SubnetCidr has no default". */
  reason: string;
  loc?: Loc;
}
export type Val<T> = Known<T> | Unknown;

export const known = <T>(value: T, loc?: Loc): Known<T> => ({ known: true, value, loc });
export const unknown = (reason: string, loc?: Loc): Unknown => ({ known: false, reason, loc });

/** A reference from one model element to another. */
export type Ref =
  /** Resolved to an entity in the model (same file, or matched by physical ID). */
  | { kind: 'entity'; key: string; loc?: Loc }
  /** A literal physical ID (subnet-0abc…, sg-0def…, an ARN) not found among scanned entities. */
  | { kind: 'id'; id: string; loc?: Loc }
  /** Cannot be resolved statically. `expr` is a stable text of the expression, for comparisons. */
  | { kind: 'unknown'; reason: string; loc?: Loc; expr?: string };

/** A list whose membership may itself be unknown (e.g. a List<AWS::EC2::Subnet::Id> parameter). */
export type RefList = { known: true; items: Ref[]; loc?: Loc } | Unknown;

export type EntityType =
  | 'Vpc'
  | 'Subnet'
  | 'SecurityGroup'
  | 'RouteTable'
  | 'VpcEndpoint'
  | 'NatGateway'
  | 'InternetGateway'
  | 'EksCluster'
  | 'FsxFileSystem'
  | 'IamPrincipal'
  | 'IamPolicy'
  | 'Cluster';

/** A Terraform `resource_changes[].change`, or a comparison with a base revision. */
export interface ChangeInfo {
  /** e.g. ["create"], ["update"], ["delete","create"], ["no-op"] */
  actions: string[];
  before?: unknown;
  after?: unknown;
  replacePaths?: (string | number)[][];
  actionReason?: string;
}

/** One suppression entry from CloudFormation Metadata, a spec comment or the config file. */
export interface Suppression {
  ruleId: string;
  reason?: string;
  /** ISO date (YYYY-MM-DD) */
  expires?: string;
  loc?: Loc;
}

export interface EntityBase {
  /** Unique key across the whole model: `${file}#${name}`. */
  key: string;
  type: EntityType;
  /** CloudFormation logical ID, Terraform address, or cluster/instance-group name. */
  name: string;
  file: string;
  sourceKind: InputKind | 'account';
  /** Location of the resource declaration. */
  loc: Loc;
  /** Physical ID when known (prior state, spec literal, account look-up). */
  physicalId?: string;
  /** Region the resource lives in, when known. */
  region?: Val<string>;
  /** Terraform change for this resource, when it comes from a plan. */
  change?: ChangeInfo;
  /** Inline suppressions that apply to this resource (CloudFormation Metadata). */
  suppressions?: Suppression[];
  /** Extra source location, e.g. the `resource "type" "name"` line in a .tf file. */
  sourceLoc?: Loc;
}

export interface Vpc extends EntityBase {
  type: 'Vpc';
  cidrBlocks: Val<string>[];
  ipv6: Val<boolean>;
}

export interface Subnet extends EntityBase {
  type: 'Subnet';
  vpc: Ref;
  cidr: Val<string>;
  cidrLoc?: Loc;
  az: Val<string>;
  azId: Val<string>;
  /** True when the subnet has an IPv6 CIDR (or is IPv6-native). */
  ipv6: Val<boolean>;
  mapPublicIp: Val<boolean>;
  /** Explicit route-table association (from association resources or account look-ups). */
  routeTable?: Ref;
  /** Account mode: real free addresses. */
  availableIpAddressCount?: number;
}

export type Protocol = string; // "-1" = all, "tcp", "udp", "icmp", or a number as string

export type SgPeer =
  | { kind: 'cidr'; cidr: string }
  | { kind: 'cidr6'; cidr: string }
  /** Another security group (or possibly the same one: compare with the owner). */
  | { kind: 'sg'; ref: Ref }
  /** Explicitly the owning group itself (Terraform `self = true`, same expression on both sides). */
  | { kind: 'self' }
  | { kind: 'prefixList'; id: string }
  | { kind: 'unknown'; reason: string };

export interface SgRule {
  direction: 'ingress' | 'egress';
  protocol: Val<Protocol>;
  fromPort: Val<number> | undefined;
  toPort: Val<number> | undefined;
  peer: SgPeer;
  loc: Loc;
  /** Name of the standalone rule resource, when the rule is one. */
  resourceName?: string;
  /** Decidable condition result: false means the rule never exists. */
  condition?: Val<boolean>;
}

export interface SecurityGroup extends EntityBase {
  type: 'SecurityGroup';
  vpc: Ref;
  ingress: SgRule[];
  egress: SgRule[];
  /**
   * CloudFormation keeps AWS's default allow-all egress when a group has no inline
   * SecurityGroupEgress (CFN-SG in hyperpod-reference.md §R9). Terraform removes it (TF-SG).
   */
  implicitAllowAllEgress: boolean;
  /** False when some rules may exist that the model does not show (e.g. unresolved rule resources). */
  rulesComplete: boolean;
  /** Text written on the group (description, name, tags), known statically: what it is for (docs/cross-file.md). */
  labels?: { field: string; text: string; loc?: Loc }[];
  /**
   * Resources of the same template that attach the group and are not cluster nodes (a VPC endpoint, a Lambda
   * function, an instance): `SsmEndpoint (AWS::EC2::VPCEndpoint)`. CloudFormation only.
   */
  attachedTo?: string[];
}

export type RouteTarget =
  | { kind: 'nat'; ref: Ref }
  | { kind: 'igw'; ref: Ref }
  | { kind: 'vpce'; ref: Ref }
  | { kind: 'other'; what: string }
  | { kind: 'unknown'; reason: string };

export interface Route {
  destination: Val<string>;
  target: RouteTarget;
  loc: Loc;
}

export interface RouteTable extends EntityBase {
  type: 'RouteTable';
  vpc: Ref;
  /** True when this is the VPC's main route table. */
  main: boolean;
  routes: Route[];
  /** Subnets explicitly associated (from association resources). */
  subnets: Ref[];
}

export interface VpcEndpoint extends EntityBase {
  type: 'VpcEndpoint';
  vpc: Ref;
  serviceName: Val<string>;
  /**
   * The service name with the deployment region left open (`com.amazonaws.*.s3`), when only the region
   * is unknown (`!Sub com.amazonaws.${AWS::Region}.s3` scanned without a region): the same service in any region.
   */
  servicePattern?: string;
  /** Gateway when not set (AWSCC-VPCE, TF-VPCE). */
  endpointType: Val<string>;
  routeTables: RefList;
  subnets: RefList;
  /** Undefined when there is no policy (full access). */
  policy?: Val<unknown>;
}

export interface NatGateway extends EntityBase {
  type: 'NatGateway';
  subnet: Ref;
}

export interface InternetGateway extends EntityBase {
  type: 'InternetGateway';
  vpc?: Ref;
}

export interface EksCluster extends EntityBase {
  type: 'EksCluster';
  /** ipv4 when unset. */
  ipFamily: Val<string>;
  ipFamilyExplicit: boolean;
  arn: Val<string>;
  subnets: RefList;
}

export interface FsxFileSystem extends EntityBase {
  type: 'FsxFileSystem';
  fileSystemType: Val<string>;
  subnets: RefList;
  securityGroups: RefList;
  dnsName?: Val<string>;
}

export interface PolicyStatement {
  effect: Val<string>;
  actions: Val<string[]>;
  notActions?: Val<string[]>;
  resources: Val<string[]>;
  loc: Loc;
}

export interface PolicyDocument {
  statements: PolicyStatement[] | Unknown;
  loc: Loc;
}

export interface IamPrincipal extends EntityBase {
  type: 'IamPrincipal';
  principalKind: 'role' | 'user';
  /** Tag key -> value; unknown when tags come from an unresolved expression. */
  tags: Val<Record<string, Val<string>>>;
  tagsLoc?: Loc;
  inlinePolicies: PolicyDocument[];
  /** Managed policy ARNs or references to IamPolicy entities. */
  managedPolicies: Ref[];
  /** Set when the trust policy lets only these AWS services assume the role (no person can). */
  trustedServicesOnly?: string[];
}

export interface IamPolicy extends EntityBase {
  type: 'IamPolicy';
  document: PolicyDocument;
  /** Principals this policy is attached to. */
  attachedTo: Ref[];
}

export interface VpcConfig {
  loc: Loc;
  /** undefined = the key is absent. */
  subnets?: RefList;
  securityGroups?: RefList;
}

export interface InstanceGroup {
  name: Val<string>;
  loc: Loc;
  /** Single type, or the InstanceRequirements list. */
  instanceTypes: Val<string>[];
  instanceTypeLoc?: Loc;
  instanceCount: Val<number>;
  instanceCountLoc?: Loc;
  overrideVpcConfig?: VpcConfig;
  lifeCycleSourceS3Uri?: Val<string>;
  executionRole?: Ref;
  /** NetworkInterface.InterfaceType: efa | efa-only */
  interfaceType?: Val<string>;
  /** FSx for Lustre DNS names mounted through InstanceStorageConfigs. */
  fsxMounts: Val<string>[];
  suppressions?: Suppression[];
}

export interface Cluster extends EntityBase {
  type: 'Cluster';
  clusterName: Val<string>;
  orchestrator: Val<'eks' | 'slurm'>;
  orchestratorLoc?: Loc;
  eksClusterArn?: Val<string>;
  /** The EKS cluster entity when the ARN resolves to one. */
  eksCluster?: Ref;
  vpcConfig?: VpcConfig;
  /** Unknown when the group list is opaque (e.g. a JSON string parameter). */
  instanceGroups: InstanceGroup[] | Unknown;
  /** True for an UpdateCluster body. */
  isUpdate: boolean;
  /** Set when the cluster is created in a way the tool cannot see (HP090). */
  notVisible?: string;
  /** FSx file systems deployed with the cluster (same template) it uses. */
  fsxFileSystems?: Ref[];
  /** The request or resource properties as written, for validation against the API model (HP008). */
  request?: RawRequest;
}

/** A value as written in the source, with locations; `unknown` where it cannot be known statically. */
export type RawValue =
  | { kind: 'object'; loc: Loc; members: RawMember[] }
  | { kind: 'list'; loc: Loc; items: RawValue[] }
  | { kind: 'scalar'; loc: Loc; value: string | number | boolean | null }
  | {
      kind: 'unknown';
      loc: Loc;
      reason: string;
      /** A resource's own ID or attribute (Ref/GetAtt of a resource): valid by construction, not listed as unverified. */
      quiet?: boolean;
    };

export interface RawMember {
  key: string;
  keyLoc: Loc;
  value: RawValue;
}

/**
 * What a RawValue is checked against: a SageMaker API shape (`CreateClusterRequest`,
 * `UpdateClusterRequest`, `ClusterInstanceGroupSpecifications`, `VpcConfig`) or the
 * AWS::SageMaker::Cluster CloudFormation schema (`cloudformation`; awscc plans use its snake_case names).
 */
export interface RawRequest {
  schema: 'sagemaker' | 'cloudformation' | 'awscc';
  shape: string;
  body: RawValue;
}

export type Entity =
  | Vpc
  | Subnet
  | SecurityGroup
  | RouteTable
  | VpcEndpoint
  | NatGateway
  | InternetGateway
  | EksCluster
  | FsxFileSystem
  | IamPrincipal
  | IamPolicy
  | Cluster;

export type EntityOf<T extends EntityType> = Extract<Entity, { type: T }>;

/** A parse or safety failure: becomes an HP000 finding. */
export interface InputError {
  file: string;
  line: number;
  column: number;
  message: string;
}

/** Something a rule or parser could not check, and why. */
export interface Unverified {
  ruleId?: string;
  file: string;
  line?: number;
  resource?: string;
  reason: string;
  /** Items merged into this one (one entry per unscanned nested stack, src/engine/nested-stack-groups.ts). */
  details?: Unverified[];
}

/**
 * A value given to a template from outside it: plain data, a resource of another scanned template, a
 * list of those, or something the giver could not know (which then also hides the parameter's default).
 */
export type LinkedValue = string | number | boolean | { entity: string; label: string } | { unknown: string } | LinkedValue[];

/** Values a template receives from the files linked to it (cross-file linking, src/engine/cfn-link.ts). */
export interface StackInputs {
  /** Parameter values: from the parent stack's `Parameters`, else a parameter file. */
  parameters?: Record<string, LinkedValue>;
  /** Where each parameter value comes from, for reasons ("parent.yaml:12"). */
  parameterSources?: Record<string, string>;
  /** `${nestedStackLogicalId}.${outputName}` → the child template's output. */
  stackOutputs?: Record<string, LinkedValue>;
  /** Export name → value of the exporting template's output. */
  imports?: Record<string, LinkedValue>;
  /** Nested stacks whose template is scanned and linked (no "not in this template" note). */
  linkedStacks?: string[];
}

/** What a CloudFormation template offers to and needs from other scanned files (cross-file linking). */
export interface TemplateLinks {
  /** Declared parameters: name → Type. */
  parameters: Record<string, string>;
  /** Nested stacks: where their template is (`*` for parts not known statically) and what they are given. */
  stacks: { id: string; location?: string; loc: Loc; parameters: Record<string, LinkedValue> }[];
  /** Outputs, with their export name (`*` for parts not known statically, e.g. AWS::StackName). */
  outputs: { name: string; value: LinkedValue; exportName?: string; loc: Loc }[];
  /** Export names read with Fn::ImportValue. */
  imports: string[];
  /** Rules of standalone rule resources whose security group is in another scanned template. */
  externalRules: { groupKey: string; rule: SgRule }[];
  /**
   * What says the template is about HyperPod (a parameter naming HyperPod or instance groups, `ml.*` instance
   * types, its Description): read when a security group is used by no scanned cluster (src/engine/without-cluster.ts).
   */
  hyperpodSigns?: { what: string; loc: Loc; instanceTypes?: string[]; efa?: boolean }[];
  /** Entity keys of other templates' resources this template reads (parameters, nested-stack outputs, imports). */
  referenced?: string[];
}

/**
 * A security group no scanned cluster uses that is plainly meant for HyperPod/EFA nodes: the EFA rules check it
 * as if a cluster used it (decided by src/engine/without-cluster.ts, read by HP010-HP012).
 */
export interface WithoutCluster {
  /** Why it is taken for a HyperPod group, completing "linked because …": "its GroupDescription mentions HyperPod". */
  reason: string;
  /** True when the evidence says EFA (the config's list, EFA on the group, an EFA-capable instance type). */
  efa: boolean;
  /** Where the evidence is written when it is not on the group itself (a parameter, the config entry). */
  evidence?: Loc;
}

/** What a parser returns for one file. */
export interface ParsedFile {
  file: string;
  kind: InputKind;
  entities: Entity[];
  errors: InputError[];
  unverified: Unverified[];
  /** Template-level or file-level suppressions. */
  suppressions: Suppression[];
  /** Region the file declares (Terraform provider region, spec region), if any. */
  region?: string;
  /** CloudFormation: what links the template to other scanned files. */
  cfn?: TemplateLinks;
  /** The text that was parsed (templates and cluster specs), for the fix layer's edits. */
  text?: string;
  /** CloudFormation: the template's Resources as the fix layer reads them, from this parse (parsers/cfn-outline.ts). */
  outline?: TemplateOutline;
}
