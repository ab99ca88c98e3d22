/**
 * Instance groups of a cluster and where they can be placed (effective VpcConfig),
 * shared by the batch-2 rules.
 */
import type { Model } from '../../model/model.js';
import type { Cluster, InstanceGroup, Loc, Ref, Subnet, Val, VpcConfig } from '../../model/types.js';
import type { RuleContext } from '../types.js';
import { clusterLabel, clusterRegion, effectiveVpcConfig, groupEfa, groupsOf, joinWords } from './cluster.js';

export { clusterLabel, clusterRegion, effectiveVpcConfig, groupsOf };

/** Clusters proposed by the scanned files (existing clusters read from the account are context only). */
export function scannedClusters(model: Model): Cluster[] {
  return model.ofType('Cluster').filter((cluster) => cluster.sourceKind !== 'account');
}

/** Display name of a group: its name, or its position when the name is unknown. */
export function groupLabel(cluster: Cluster, group: InstanceGroup): string {
  if (group.name.known) return group.name.value;
  return `#${groupsOf(cluster).indexOf(group) + 1}`;
}

/** 'eks' | 'slurm', or undefined when unknown. */
export function orchestratorOf(cluster: Cluster): 'eks' | 'slurm' | undefined {
  return cluster.orchestrator.known ? cluster.orchestrator.value : undefined;
}

/** A subnet reference with the entity it resolves to (undefined for external IDs and unknowns). */
export interface SubnetUse {
  ref: Ref;
  subnet?: Subnet;
  /** Stable identity for deduplication (entity key, literal ID or expression). */
  identity?: string;
}

/** The subnets of a VpcConfig, or an Unknown reason when the list itself is unknown or absent. */
export function subnetsOf(model: Model, config: VpcConfig): { known: true; items: SubnetUse[] } | { known: false; reason: string } {
  const list = config.subnets;
  if (!list) return { known: false, reason: 'Subnets is not set' };
  if (!list.known) return { known: false, reason: list.reason };
  return {
    known: true,
    items: list.items.map((ref) => ({ ref, subnet: model.resolve(ref, 'Subnet'), identity: model.refIdentity(ref) })),
  };
}

/** Why a subnet reference cannot be followed, for unverified entries. */
export function unresolvedSubnetReason(ref: Ref): string {
  if (ref.kind === 'id') return `subnet ${ref.id} is not defined in the scanned files`;
  if (ref.kind === 'unknown') return ref.reason;
  return 'the reference does not point to a subnet';
}

/** The known instance types of a group, and whether some are unknown. */
export function typesOf(group: InstanceGroup): { types: string[]; unknownReasons: string[] } {
  const types: string[] = [];
  const unknownReasons: string[] = [];
  for (const type of group.instanceTypes) {
    if (type.known) types.push(type.value);
    else unknownReasons.push(type.reason);
  }
  return { types, unknownReasons };
}

/** Best location for something about a group's instance type. */
export function instanceTypeLoc(group: InstanceGroup, type?: Val<string>): Loc {
  return type?.loc ?? group.instanceTypeLoc ?? group.loc;
}

/** True when a group's known types include an EFA-capable one (instance data efaSupported). */
export function isEfaCapable(ctx: RuleContext, group: InstanceGroup): boolean {
  return groupEfa(ctx, group).efaTypes.length > 0;
}

/** Availability Zone identity of a subnet: its AZ ID when known, else its AZ name. */
export function zoneOf(subnet: Subnet): { id?: string; name?: string } {
  return {
    id: subnet.azId.known ? subnet.azId.value : undefined,
    name: subnet.az.known ? subnet.az.value : undefined,
  };
}

/**
 * Compares zones of several subnets: by AZ ID when every subnet has one, else by AZ name when every
 * subnet has one and all come from one file (names map to different physical zones per account:
 * hyperpod-reference.md §R14 [SEED]); undefined when neither is possible.
 */
export function comparableZones(subnets: Subnet[]): { kind: 'id' | 'name'; zoneOf: (subnet: Subnet) => string } | undefined {
  if (subnets.every((s) => s.azId.known)) return { kind: 'id', zoneOf: (s) => (s.azId as { value: string }).value };
  const files = new Set(subnets.map((s) => s.file));
  if (files.size <= 1 && subnets.every((s) => s.az.known)) return { kind: 'name', zoneOf: (s) => (s.az as { value: string }).value };
  return undefined;
}

/** Count of a group when known. */
export function countOf(group: InstanceGroup): number | undefined {
  return group.instanceCount.known ? group.instanceCount.value : undefined;
}

/**
 * Each subnet a cluster can use (cluster VpcConfig and overrides), once, with the first place it is named.
 * Subnets that cannot be followed are listed as unverified unless `listUnresolved` is false (another rule lists them).
 */
export function clusterSubnets(ctx: RuleContext, cluster: Cluster, purpose: string, listUnresolved = true): { subnet: Subnet; at: Loc }[] {
  const configs = new Set([cluster.vpcConfig, ...groupsOf(cluster).map((g) => effectiveVpcConfig(cluster, g)?.config)]);
  const seen = new Set<string>();
  const result: { subnet: Subnet; at: Loc }[] = [];
  for (const config of configs) {
    if (!config) continue;
    const subnets = subnetsOf(ctx.model, config);
    if (!subnets.known) {
      if (!listUnresolved) continue;
      ctx.unverified({
        file: config.loc.file,
        line: config.loc.line,
        resource: cluster.name,
        reason: `${purpose}: subnets of cluster ${clusterLabel(cluster)}: ${subnets.reason}`,
      });
      continue;
    }
    for (const use of subnets.items) {
      const at = use.ref.loc ?? config.loc;
      if (!use.subnet) {
        if (use.identity && seen.has(use.identity)) continue;
        if (use.identity) seen.add(use.identity);
        if (listUnresolved)
          ctx.unverified({
            file: at.file,
            line: at.line,
            resource: cluster.name,
            reason: `${purpose}: ${unresolvedSubnetReason(use.ref)}`,
          });
        continue;
      }
      if (seen.has(use.subnet.key)) continue;
      seen.add(use.subnet.key);
      result.push({ subnet: use.subnet, at });
    }
  }
  return result;
}

/** Which definitions are one cluster: same ClusterName and region; unnamed cluster specs of one folder; else each on its own. */
function clusterIdentity(ctx: RuleContext, cluster: Cluster): string {
  // An opaque group list (custom resource, nested stack) adds no demand, so it cannot overlap another definition.
  if (!Array.isArray(cluster.instanceGroups)) return `key:${cluster.key}`;
  if (cluster.clusterName.known) return `name:${clusterRegion(ctx, cluster) ?? ''}/${cluster.clusterName.value}`;
  if (cluster.sourceKind === 'cluster-spec')
    return `folder:${cluster.file.includes('/') ? cluster.file.slice(0, cluster.file.lastIndexOf('/')) : '.'}`;
  return `key:${cluster.key}`;
}

/** One cluster from several definitions: the union of their groups by name and type, each with the largest known count. */
function mergeDefinitions(definitions: Cluster[]): { cluster: Cluster; overlapping: string[] } {
  const base = definitions.find((c) => !c.isUpdate) ?? definitions[0]!;
  const byName = new Map<string, InstanceGroup>();
  const unnamed: InstanceGroup[] = [];
  const overlapping = new Set<string>();
  for (const cluster of [base, ...definitions.filter((c) => c !== base)]) {
    for (const group of groupsOf(cluster)) {
      if (!group.name.known) {
        unnamed.push(group);
        continue;
      }
      // A group that changes type between definitions keeps both types' demand (overstated rather than hidden).
      const key = `${group.name.value}\n${group.instanceTypes.map((t) => (t.known ? t.value : '?')).join(',')}`;
      const previous = byName.get(key);
      if (!previous) {
        byName.set(key, group);
        continue;
      }
      overlapping.add(group.name.value);
      const count = (g: InstanceGroup) => (g.instanceCount.known ? g.instanceCount.value : -1);
      if (count(group) > count(previous)) byName.set(key, group);
    }
  }
  return { cluster: { ...base, instanceGroups: [...byName.values(), ...unnamed] }, overlapping: [...overlapping].sort() };
}

/**
 * Scanned clusters for demand figures (HP031, HP040), each counted once. Definitions of one cluster
 * (the same known ClusterName and region, e.g. a CreateCluster body, its UpdateCluster bodies and a
 * CloudFormation copy; or cluster specs without a name in one folder) are merged: their instance
 * groups by InstanceGroupName and type, each with the largest InstanceCount a definition gives, so no group's
 * demand is dropped and none is counted twice. An unverified entry names the overlapping files.
 */
export function distinctClusters(ctx: RuleContext): Cluster[] {
  const buckets = new Map<string, Cluster[]>();
  for (const cluster of scannedClusters(ctx.model)) {
    const id = clusterIdentity(ctx, cluster);
    const list = buckets.get(id);
    if (list) list.push(cluster);
    else buckets.set(id, [cluster]);
  }
  const result: Cluster[] = [];
  for (const [id, definitions] of buckets) {
    if (definitions.length === 1) {
      result.push(definitions[0]!);
      continue;
    }
    const { cluster, overlapping } = mergeDefinitions(definitions);
    result.push(cluster);
    const oneFile = new Set(definitions.map((c) => c.file)).size < definitions.length;
    const names = definitions.map((c) => (oneFile ? `${c.file} (${c.name})` : c.file));
    const last = definitions[definitions.length - 1]!;
    const region = clusterRegion(ctx, last);
    const what = id.startsWith('folder:')
      ? `the cluster specs without a ClusterName in folder ${id.slice('folder:'.length)} (${joinWords(names)}) are taken as one cluster`
      : `cluster ${clusterLabel(last)}${region ? ` in ${region}` : ''} is defined in ${joinWords(names)}`;
    ctx.unverified({
      file: last.file,
      line: last.loc.line,
      resource: clusterLabel(last),
      reason:
        `${what}; it is counted once, each instance group with the largest InstanceCount given` +
        (overlapping.length ? ` (groups in several definitions: ${joinWords(overlapping)})` : ''),
    });
  }
  return result;
}

/** Display names for several clusters: the cluster label, with its file when another cluster has the same label. */
export function distinctLabels(clusters: Cluster[]): (cluster: Cluster) => string {
  const counts = new Map<string, number>();
  for (const cluster of clusters) counts.set(clusterLabel(cluster), (counts.get(clusterLabel(cluster)) ?? 0) + 1);
  return (cluster) => {
    const label = clusterLabel(cluster);
    return (counts.get(label) ?? 0) > 1 ? `${label} (${cluster.file})` : label;
  };
}

/** Key for figures whose region cannot be known. */
export const UNKNOWN_REGION = 'unknown';
