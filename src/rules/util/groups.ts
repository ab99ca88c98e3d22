/**
 * Instance groups of a cluster and where they can be placed (effective VpcConfig),
 * shared by the batch-2 rules.
 */
import type { Model } from '../../model/model.js';
import type { Cluster, InstanceGroup, Loc, Ref, Subnet, Val, VpcConfig } from '../../model/types.js';
import type { RuleContext } from '../types.js';
import { clusterLabel, clusterRegion, effectiveVpcConfig, groupEfa, groupsOf } from './cluster.js';

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

/**
 * The instance groups of a cluster as comparable text (name, types, count, whether they run in a
 * customer VPC; order ignored), or undefined when the list or one of these values is unknown.
 */
function groupsSignature(cluster: Cluster): string | undefined {
  if (!Array.isArray(cluster.instanceGroups)) return undefined;
  const parts: string[] = [];
  for (const group of cluster.instanceGroups) {
    if (!group.name.known || !group.instanceCount.known) return undefined;
    const types: string[] = [];
    for (const type of group.instanceTypes) {
      if (!type.known) return undefined;
      types.push(type.value);
    }
    parts.push(JSON.stringify([group.name.value, types, group.instanceCount.value, effectiveVpcConfig(cluster, group) !== undefined]));
  }
  return parts.sort().join('\n');
}

/**
 * Scanned clusters for demand figures (HP031, HP040). Each file+resource is a cluster of its own,
 * except an exact twin: the same known ClusterName and region with the same instance groups (e.g. a
 * CreateCluster file and its CloudFormation copy) counts once. Same-name definitions that differ
 * are all counted, since dropping one would hide its demand; an unverified entry names their files.
 */
export function distinctClusters(ctx: RuleContext): Cluster[] {
  const byName = new Map<string, { cluster: Cluster; signature?: string }[]>();
  const result: Cluster[] = [];
  for (const cluster of scannedClusters(ctx.model)) {
    // An opaque group list (custom resource, nested stack) adds no demand, so it cannot overlap another definition.
    if (cluster.clusterName.known && Array.isArray(cluster.instanceGroups)) {
      const id = `${clusterRegion(ctx, cluster) ?? ''}/${cluster.clusterName.value}`;
      const signature = groupsSignature(cluster);
      const same = byName.get(id) ?? [];
      if (signature !== undefined && same.some((entry) => entry.signature === signature)) continue;
      same.push({ cluster, signature });
      byName.set(id, same);
    }
    result.push(cluster);
  }
  for (const same of byName.values()) {
    if (same.length < 2) continue;
    const clusters = same.map((entry) => entry.cluster);
    const oneFile = new Set(clusters.map((c) => c.file)).size < clusters.length;
    const names = clusters.map((c) => (oneFile ? `${c.file} (${c.name})` : c.file));
    const last = clusters[clusters.length - 1]!;
    const region = clusterRegion(ctx, last);
    ctx.unverified({
      file: last.file,
      line: last.loc.line,
      resource: clusterLabel(last),
      reason:
        `cluster ${clusterLabel(last)}${region ? ` in ${region}` : ''} is defined in ${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} ` +
        'with the same name but different instance groups; each is counted (if they are one cluster, the demand is overstated)',
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
