import type { Model } from '../model/model.js';
import type { Loc, Severity, Unverified } from '../model/types.js';
import type { InstanceNetwork, InstanceNetworkData } from '../data/instance-network.js';

export interface RuleMeta {
  /** Stable public ID, e.g. HP010. */
  id: string;
  /** kebab-case name, e.g. efa-sg-self-inbound. */
  name: string;
  title: string;
  defaultSeverity: Severity;
  /** One paragraph: what fires and why it matters. */
  description: string;
  /** Relative docs page, e.g. docs/rules/HP010.md. */
  docs: string;
}

/** What a rule reports. The engine adds file, fingerprint and the final severity. */
export interface RuleReport {
  /** Location of the construct at fault (the property, or the resource when something is missing). */
  loc: Loc;
  message: string;
  /** CloudFormation logical ID, Terraform address, or cluster/instance-group name. */
  resource?: string;
  /** Key of the entity the finding is about (for suppressions). */
  entityKey?: string;
  /** Overrides the rule's default severity for this finding (e.g. HP012 notice vs warning). */
  severity?: Severity;
  /** Short text that identifies the finding beyond rule+file+resource (for fingerprints). */
  detail?: string;
  /** How to fix it. */
  fix?: string;
  /** Other locations worth showing (e.g. the .tf line of a plan resource). */
  related?: Loc[];
  /** What the fix is, as data from the model; src/fix turns it into a text edit or a snippet. */
  fixData?: FixData;
}

/**
 * A fix described from the model (no file text): the fix layer (src/fix) turns it into a suggested
 * text edit when the change is local to the file, or into a snippet to add elsewhere.
 */
export type FixData =
  /** HP030: a larger subnet CIDR (`cidr`), or why none fits (`none`). `at` is where the CIDR is written. */
  | { kind: 'subnet-cidr'; at: Loc; subnet: string; current: string; addresses: number; cidr?: string; none?: string }
  /**
   * HP010/HP011: an all-traffic rule from/to the group itself. `at` is the group's declaration when a scanned
   * file declares it; `groupId` its physical ID when known (a group of the account).
   */
  | { kind: 'sg-self-rule'; at?: Loc; direction: 'ingress' | 'egress'; group: string; groupId?: string }
  /**
   * HP012: an explicit rule to 0.0.0.0/0 (`at` is the rule), or CloudFormation's implicit allow-all egress
   * (`implicit`, `at` is the group), narrowed to the VPC CIDR (`vpcCidr`, or `vpc`, the VPC declared in the same file).
   */
  | { kind: 'open-egress'; at: Loc; group: string; cidr: string; vpcCidr?: string; vpc?: string; implicit?: boolean }
  /**
   * HP020: a Gateway endpoint for S3 on the subnet's route table. `at` is the route table's declaration when it has one;
   * `vpc` the VPC's name in that file (or `vpcId`, its physical ID); `region` the deployment region when known.
   */
  | { kind: 's3-endpoint'; at?: Loc; subnet: string; vpc?: string; vpcId?: string; routeTable?: string; region?: string };

/** One row of the capacity planner: a group placed in a subnet. */
export interface GroupCapacity {
  cluster: string;
  group: string;
  /** The instance type the figures use (the lowest of several InstanceRequirements types). */
  instanceType?: string;
  typeCount?: number;
  orchestrator?: 'eks' | 'slurm';
  count?: number;
  perInstance?: number;
  needed?: number;
  /** Count once grown by the headroom. */
  grownCount?: number;
  /** Most instances of this group that fit beside the other groups at their counts. */
  largestFit?: number;
  assumption?: string;
  /** Why the figures of this group are not known. */
  unknown?: string;
}

/** The capacity plan of one subnet (HP030's figures, for the capacity planner). */
export interface SubnetCapacity {
  subnet: string;
  entityKey: string;
  file: string;
  line: number;
  cidr?: string;
  az?: string;
  clusters: string[];
  usable?: number;
  /** account: AvailableIpAddressCount from the account; cidr: 2^(32-prefix) - 5. */
  usableSource: 'account' | 'cidr' | 'unknown';
  usableReason?: string;
  needed: number;
  grown: number;
  headroom: number;
  status: 'fits' | 'no-headroom' | 'too-small' | 'unknown';
  groups: GroupCapacity[];
  /** The smallest CIDR that fits with headroom, when the subnet is too small. */
  suggestedCidr?: string;
}

export interface RuleOptions {
  /** Growth room every group needs in its subnet, as a fraction (0.5 = +50%). */
  headroom: number;
  region?: string;
}

/** Demand figures computed offline for HP031/HP040, compared with live quotas in account mode. */
export interface DemandReport {
  eniPerRegion: Record<string, number>;
  instancesPerType: Record<string, number>;
  clusters: { cluster: string; file: string; region?: string; instances: number; perType: Record<string, number> }[];
  /** Subnet capacity plans (HP030). */
  subnets?: SubnetCapacity[];
}

export interface RuleContext {
  readonly model: Model;
  readonly options: RuleOptions;
  readonly instances: InstanceNetworkData;
  /** Live figures from account mode, when on. */
  readonly account?: AccountFacts;
  /** The model of the pull request's base revision, when known (HP004 compares with it). */
  readonly base?: Model;
  report(report: RuleReport): void;
  unverified(item: Omit<Unverified, 'ruleId'>): void;
  /** Rules that compute demand figures record them here. */
  demand: DemandReport;
}

/** Facts from the target account (filled by account mode; undefined offline). */
export interface AccountFacts {
  /** Quota L-DF5E4CA3 value and interfaces in use, per region. */
  eni?: Record<string, { quota?: number; inUse?: number }>;
  /** sagemaker quotas by name, per region. */
  sagemakerQuotas?: Record<string, Record<string, number>>;
  /** Calls that failed, by check, with the missing permission. */
  degraded: { check: string; reason: string }[];
  /** Live VpcConfig of existing SageMaker clusters, by cluster name (SageMaker DescribeCluster). */
  liveClusters?: Record<string, { subnets: string[]; securityGroupIds: string[] }>;
  /** Network data of instance types missing from the embedded table (EC2 DescribeInstanceTypes), by `ml.` type. */
  instanceTypes?: Record<string, InstanceNetwork>;
}

export interface Rule {
  meta: RuleMeta;
  check(ctx: RuleContext): void;
}

export const defineRule = (rule: Rule): Rule => rule;
