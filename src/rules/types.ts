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
