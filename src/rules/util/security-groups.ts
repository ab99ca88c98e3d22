/** Security-group questions the EFA and intra-cluster rules ask (hyperpod-reference.md §R7, §R9, §4.5). */
import type { Model } from '../../model/model.js';
import type { Cluster, InstanceGroup, Loc, Ref, SecurityGroup, SgRule, Unverified, WithoutCluster } from '../../model/types.js';
import type { RuleContext } from '../types.js';
import { clusterLabel, effectiveVpcConfig, groupEfa, groupLabel, joinWords, securityGroupRefs } from './cluster.js';

/** Three-valued answer: true, false, or undefined when the model cannot tell. */
export type Maybe = boolean | undefined;

function and(...values: Maybe[]): Maybe {
  if (values.some((v) => v === false)) return false;
  return values.every((v) => v === true) ? true : undefined;
}

/** The model identity of a security group entity, comparable with `model.refIdentity`. */
export function sgIdentity(sg: SecurityGroup): string {
  return `entity:${sg.key}`;
}

/** A rule whose condition is false never exists; an undecidable condition may or may not. */
export function ruleExists(rule: SgRule): Maybe {
  if (!rule.condition) return true;
  return rule.condition.known ? rule.condition.value : undefined;
}

/** Protocol -1 ("all", ports ignored) allows all traffic (hyperpod-reference.md §4.5 [CFN-SG][TF-SG]). */
export function isAllTraffic(rule: SgRule): Maybe {
  if (!rule.protocol.known) return undefined;
  const protocol = String(rule.protocol.value).trim().toLowerCase();
  return protocol === '-1' || protocol === 'all';
}

/** Whether the rule's peer is the owning group itself. */
export function peerIsSelf(model: Model, sg: SecurityGroup, rule: SgRule): Maybe {
  const peer = rule.peer;
  switch (peer.kind) {
    case 'self':
      return true;
    case 'sg': {
      const identity = model.refIdentity(peer.ref);
      if (identity === sgIdentity(sg)) return true;
      if (peer.ref.kind === 'entity') return false;
      if (peer.ref.kind === 'id') {
        if (model.byId(peer.ref.id)) return false;
        if (sg.physicalId === peer.ref.id) return true;
        // A literal ID could be this group's deployed ID when the group's own ID is not known.
        return sg.physicalId ? false : undefined;
      }
      return undefined;
    }
    case 'unknown':
      return undefined;
    default:
      return false;
  }
}

export interface SelfRuleCheck {
  /** true: a self all-traffic rule exists; false: none; undefined: cannot tell. */
  present: Maybe;
  /** Why it cannot be told, when `present` is undefined. */
  reason?: string;
  rule?: SgRule;
}

/** Does the group have an all-traffic rule in `direction` whose peer is the group itself? */
export function selfAllTrafficRule(model: Model, sg: SecurityGroup, direction: 'ingress' | 'egress'): SelfRuleCheck {
  const rules = direction === 'ingress' ? sg.ingress : sg.egress;
  const word = direction === 'ingress' ? 'inbound' : 'outbound';
  let undecided: string | undefined;
  for (const rule of rules) {
    if (rule.direction !== direction) continue;
    const result = and(ruleExists(rule), isAllTraffic(rule), peerIsSelf(model, sg, rule));
    if (result === true) return { present: true, rule };
    if (result === undefined && !undecided) undecided = describeUndecided(rule, word);
  }
  if (undecided) return { present: undefined, reason: undecided };
  if (!sg.rulesComplete) {
    return { present: undefined, reason: `some ${word} rules of security group ${sg.name} are not visible in the scanned files` };
  }
  return { present: false };
}

function describeUndecided(rule: SgRule, word: string): string {
  const where = rule.resourceName ? `${word} rule ${rule.resourceName}` : `an ${word} rule at line ${rule.loc.line}`;
  if (rule.condition && !rule.condition.known) return `${where} depends on a condition that cannot be decided (${rule.condition.reason})`;
  if (!rule.protocol.known) return `the protocol of ${where} is unknown (${rule.protocol.reason})`;
  if (rule.peer.kind === 'unknown') return `the peer of ${where} is unknown (${rule.peer.reason})`;
  if (rule.peer.kind === 'sg' && rule.peer.ref.kind === 'unknown') return `the peer of ${where} is unknown (${rule.peer.ref.reason})`;
  return `the peer security group of ${where} may or may not be the group itself`;
}

export interface OpenEgress {
  /** Explicit egress rules to 0.0.0.0/0 or ::/0 that exist. */
  explicit: SgRule[];
  /** CloudFormation's default allow-all egress is kept (hyperpod-reference.md §R9 [CFN-SG]). */
  implicit: boolean;
}

/** Egress open to any address, explicit or implicit. Rules whose condition is false or undecidable are left out. */
export function openEgress(sg: SecurityGroup): OpenEgress {
  const explicit = sg.egress.filter(
    (rule) =>
      ruleExists(rule) === true &&
      ((rule.peer.kind === 'cidr' && rule.peer.cidr.trim() === '0.0.0.0/0') ||
        (rule.peer.kind === 'cidr6' && rule.peer.cidr.trim() === '::/0')),
  );
  return { explicit, implicit: sg.implicitAllowAllEgress };
}

/** A security group reference resolved to an entity, or the reason it cannot be checked. */
export type ResolvedSg = { sg: SecurityGroup } | { sg?: undefined; reason: string };

export function resolveSecurityGroup(model: Model, ref: Ref): ResolvedSg {
  const sg = model.resolve(ref, 'SecurityGroup');
  if (sg) return { sg };
  switch (ref.kind) {
    case 'id':
      return { reason: `security group ${ref.id} is not in the scanned files; account mode can check it` };
    case 'entity':
      return { reason: `${ref.key.slice(ref.key.indexOf('#') + 1)} is not a security group declared in the scanned files` };
    default:
      return { reason: `a security group cannot be resolved statically (${ref.reason})` };
  }
}

/** Text of a rule's protocol and ports, for messages. */
export function describeRule(rule: SgRule): string {
  const protocol = rule.protocol.known ? String(rule.protocol.value) : 'unknown protocol';
  if (isAllTraffic(rule)) return 'all traffic (protocol -1)';
  const from = rule.fromPort?.known ? rule.fromPort.value : undefined;
  const to = rule.toPort?.known ? rule.toPort.value : undefined;
  if (from === undefined && to === undefined) return `protocol ${protocol}`;
  return from === to || to === undefined ? `${protocol} port ${from}` : `${protocol} ports ${from}-${to}`;
}

/** One EFA-capable instance group that uses a security group. */
export interface EfaUser {
  cluster: Cluster;
  group: InstanceGroup;
  groupLabel: string;
  efaTypes: string[];
}

export interface EfaSecurityGroup {
  sg: SecurityGroup;
  /** The EFA-capable instance groups using it; none for a group checked without its cluster. */
  users: EfaUser[];
  /** Set when no scanned cluster uses the group but it is plainly meant for HyperPod/EFA nodes (model.withoutCluster). */
  without?: WithoutCluster;
}

export interface EfaSecurityGroups {
  /**
   * Security groups of EFA-capable groups that resolve to entities, with the groups using them (model order),
   * then the groups no scanned cluster uses that are meant for HyperPod/EFA nodes (docs/cross-file.md).
   */
  groups: EfaSecurityGroup[];
  /** What could not be checked, and why. */
  unverified: Omit<Unverified, 'ruleId'>[];
}

/** The security groups of every EFA-capable instance group (effective VpcConfig: override, else cluster level). */
export function efaSecurityGroups(ctx: Pick<RuleContext, 'model' | 'instances' | 'account'>): EfaSecurityGroups {
  const bySg = new Map<string, EfaSecurityGroup>();
  const unverified: Omit<Unverified, 'ruleId'>[] = [];
  for (const cluster of ctx.model.ofType('Cluster')) {
    const clusterName = clusterLabel(cluster);
    if (!Array.isArray(cluster.instanceGroups)) {
      unverified.push({
        file: cluster.file,
        line: cluster.loc.line,
        resource: cluster.name,
        reason: `instance groups of cluster ${clusterName} are unknown (${cluster.instanceGroups.reason}); EFA security groups were not checked`,
      });
      continue;
    }
    cluster.instanceGroups.forEach((group, index) => {
      const label = groupLabel(group, index);
      const { efaTypes, undecided } = groupEfa(ctx, group);
      if (efaTypes.length === 0) {
        if (undecided.length > 0) {
          unverified.push({
            file: cluster.file,
            line: group.loc.line,
            resource: cluster.name,
            reason: `whether instance group ${label} of cluster ${clusterName} uses EFA is unknown: ${undecided.join('; ')}`,
          });
        }
        return;
      }
      const effective = effectiveVpcConfig(cluster, group);
      if (!effective) return; // service-owned VPC: HyperPod manages its security groups
      const list = effective.config.securityGroups;
      if (list && !list.known) {
        unverified.push({
          file: cluster.file,
          line: (list.loc ?? effective.config.loc).line,
          resource: cluster.name,
          reason: `security groups of EFA instance group ${label} in cluster ${clusterName} are unknown (${list.reason})`,
        });
        return;
      }
      for (const { ref, loc } of securityGroupRefs(effective.config, group)) {
        const resolved = resolveSecurityGroup(ctx.model, ref);
        if (!resolved.sg) {
          unverified.push({ file: loc.file, line: loc.line, resource: cluster.name, reason: resolved.reason });
          continue;
        }
        let entry = bySg.get(resolved.sg.key);
        if (!entry) bySg.set(resolved.sg.key, (entry = { sg: resolved.sg, users: [] }));
        if (!entry.users.some((u) => u.cluster === cluster && u.group === group)) {
          entry.users.push({ cluster, group, groupLabel: label, efaTypes });
        }
      }
    });
  }
  for (const [key, without] of ctx.model.withoutCluster) {
    const sg = ctx.model.get(key);
    if (sg?.type === 'SecurityGroup' && !bySg.has(key)) bySg.set(key, { sg, users: [], without });
  }
  return { groups: [...bySg.values()], unverified };
}

/** The note every finding on a group checked without its cluster carries. */
export function withoutClusterNote(without: WithoutCluster): string {
  return `checked without its cluster: no scanned cluster uses this group; linked because ${without.reason}`;
}

/**
 * Who needs the rule, for HP010/HP011 messages: "but EFA-capable instance group … uses it. EFA traffic … fail." or,
 * for a group checked without its cluster, what it is meant for and the note.
 */
export function efaNeed(entry: EfaSecurityGroup): string {
  const { users, without } = entry;
  if (!without) {
    return (
      `but ${describeEfaUsers(users)} ${users.length === 1 ? 'uses' : 'use'} it. ` +
      'EFA traffic between the nodes is dropped and the EFA health checks fail.'
    );
  }
  return without.efa
    ? `and it is meant for HyperPod EFA nodes (${withoutClusterNote(without)}). EFA traffic between the nodes is dropped and the EFA health checks fail.`
    : `and it is meant for HyperPod nodes (${withoutClusterNote(without)}). The nodes cannot reach each other through it, and on ` +
        'EFA-capable instance types EFA traffic is dropped and the EFA health checks fail.';
}

/** "instance group workers (ml.p5.48xlarge) of cluster demo" for one or several users. */
export function describeEfaUsers(users: EfaUser[]): string {
  const parts = users.map((u) => `instance group ${u.groupLabel} (${u.efaTypes.join(', ')}) of cluster ${clusterLabel(u.cluster)}`);
  return `EFA-capable ${joinWords(parts)}`;
}

/** Where a fix to the group is written: its declaration in a scanned file (the .tf line of a plan resource), if any. */
export function declarationOf(sg: SecurityGroup): Loc | undefined {
  if (sg.sourceKind === 'account') return undefined;
  if (sg.sourceKind === 'terraform-plan') return sg.sourceLoc;
  return sg.loc;
}

/** The VPC of the group: its first known IPv4 CIDR, and its name when the same file declares it. */
export function vpcOfGroup(model: Model, sg: SecurityGroup): { vpcCidr?: string; vpc?: string } {
  const vpc = model.resolve(sg.vpc, 'Vpc');
  if (!vpc) return {};
  const cidr = vpc.cidrBlocks.find((c) => c.known);
  return {
    ...(cidr?.known ? { vpcCidr: cidr.value } : {}),
    ...(vpc.file === sg.file && vpc.sourceKind === sg.sourceKind && vpc.sourceKind !== 'account' ? { vpc: vpc.name } : {}),
  };
}
