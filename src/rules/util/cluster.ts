/** Cluster helpers shared by rules: effective VpcConfig per instance group, EFA capability, used subnets/SGs. */
import type { Model } from '../../model/model.js';
import type { Cluster, InstanceGroup, Loc, Ref, RefList, VpcConfig } from '../../model/types.js';
import type { RuleContext } from '../types.js';
import { resolveClusterRegion } from './regions.js';

/** Display name of a cluster: its ClusterName when known, else the resource name. */
export function clusterLabel(cluster: Cluster): string {
  return cluster.clusterName.known ? cluster.clusterName.value : cluster.name;
}

/** Display name of an instance group. */
export function groupLabel(group: InstanceGroup, index?: number): string {
  if (group.name.known) return group.name.value;
  return index === undefined ? '(unnamed group)' : `#${index + 1}`;
}

/** The instance groups of a cluster, or an empty list when the list itself is unknown. */
export function groupsOf(cluster: Cluster): InstanceGroup[] {
  return Array.isArray(cluster.instanceGroups) ? cluster.instanceGroups : [];
}

/** Where a group's network settings come from. */
export interface EffectiveVpc {
  config: VpcConfig;
  source: 'override' | 'cluster';
}

/** The group's OverrideVpcConfig, else the cluster's VpcConfig (hyperpod-reference.md §R12 [SEED]). */
export function effectiveVpcConfig(cluster: Cluster, group: InstanceGroup): EffectiveVpc | undefined {
  if (group.overrideVpcConfig) return { config: group.overrideVpcConfig, source: 'override' };
  if (cluster.vpcConfig) return { config: cluster.vpcConfig, source: 'cluster' };
  return undefined;
}

/** Every VpcConfig of a cluster: the cluster-level one first, then the overrides. */
export function allVpcConfigs(cluster: Cluster): { config: VpcConfig; group?: InstanceGroup }[] {
  const configs: { config: VpcConfig; group?: InstanceGroup }[] = [];
  if (cluster.vpcConfig) configs.push({ config: cluster.vpcConfig });
  for (const group of groupsOf(cluster)) {
    if (group.overrideVpcConfig) configs.push({ config: group.overrideVpcConfig, group });
  }
  return configs;
}

/** A reference with the best location to report it at. */
export interface PlacedRef {
  ref: Ref;
  loc: Loc;
  config: VpcConfig;
  group?: InstanceGroup;
}

function placed(list: RefList | undefined, config: VpcConfig, group: InstanceGroup | undefined): PlacedRef[] {
  if (!list?.known) return [];
  return list.items.map((ref) => ({ ref, loc: ref.loc ?? list.loc ?? config.loc, config, group }));
}

/** Subnet references of a cluster (cluster level and overrides). */
export function clusterSubnetRefs(cluster: Cluster): PlacedRef[] {
  return allVpcConfigs(cluster).flatMap(({ config, group }) => placed(config.subnets, config, group));
}

/** Security-group references of a cluster (cluster level and overrides). */
export function clusterSecurityGroupRefs(cluster: Cluster): PlacedRef[] {
  return allVpcConfigs(cluster).flatMap(({ config, group }) => placed(config.securityGroups, config, group));
}

/** Security-group references of one VpcConfig. */
export function securityGroupRefs(config: VpcConfig, group?: InstanceGroup): PlacedRef[] {
  return placed(config.securityGroups, config, group);
}

/** Whether an instance type supports EFA: true, false, or undefined when the data does not say. */
export function efaSupported(ctx: Pick<RuleContext, 'instances' | 'account'>, type: string): boolean | undefined {
  const network = ctx.instances.get(type) ?? ctx.account?.instanceTypes?.[type];
  return network?.efaSupported ?? undefined;
}

/** EFA capability of a group: the EFA-capable types it may run, and the types whose support is not known. */
export interface GroupEfa {
  efaTypes: string[];
  /** Reasons EFA support could not be decided for some of its types. */
  undecided: string[];
}

/**
 * An instance group is EFA-capable when any of its instance types has `efaSupported: true`
 * in the instance data (rules.md; src/data/instance-network.json).
 */
export function groupEfa(ctx: Pick<RuleContext, 'instances' | 'account'>, group: InstanceGroup): GroupEfa {
  const efaTypes: string[] = [];
  const undecided: string[] = [];
  for (const type of group.instanceTypes) {
    if (!type.known) {
      undecided.push(`instance type is unknown (${type.reason})`);
      continue;
    }
    const supported = efaSupported(ctx, type.value);
    if (supported === true) efaTypes.push(type.value);
    else if (supported === undefined) undecided.push(`EFA support of ${type.value} is not in the instance data`);
  }
  if (group.instanceTypes.length === 0) undecided.push('the group has no instance type');
  return { efaTypes, undecided };
}

/** The EFA-capable groups of a cluster. */
export function efaGroups(
  ctx: Pick<RuleContext, 'instances' | 'account'>,
  cluster: Cluster,
): { group: InstanceGroup; index: number; efaTypes: string[] }[] {
  const result: { group: InstanceGroup; index: number; efaTypes: string[] }[] = [];
  groupsOf(cluster).forEach((group, index) => {
    const { efaTypes } = groupEfa(ctx, group);
    if (efaTypes.length > 0) result.push({ group, index, efaTypes });
  });
  return result;
}

/**
 * The region a cluster is created in: the region its file states, else the one every resource it uses
 * names, else the run's default region (a default never outranks the file: util/regions.ts).
 */
export function clusterRegion(ctx: Pick<RuleContext, 'model' | 'options'>, cluster: Cluster): string | undefined {
  const resolved = resolveClusterRegion(ctx.model, cluster, ctx.model.region ?? ctx.options.region);
  return resolved.kind === 'unknown' ? undefined : resolved.region;
}

/** Short text of a reference for messages: entity name, literal ID, or "an unresolved value". */
export function refLabel(model: Model, ref: Ref): string {
  if (ref.kind === 'entity') {
    const entity = model.get(ref.key);
    if (!entity) return ref.key.slice(ref.key.indexOf('#') + 1);
    return entity.physicalId && entity.physicalId !== entity.name ? `${entity.name} (${entity.physicalId})` : entity.name;
  }
  if (ref.kind === 'id') {
    const entity = model.target(ref);
    return entity ? `${entity.name} (${ref.id})` : ref.id;
  }
  return ref.expr ?? 'an unresolved value';
}

/** "a, b and c" */
export function joinWords(items: string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** Placeholders of templating tools (envsubst ${X} or $X, Jinja/Helm {{ x }}, <x>): filled in outside the scanned files. */
export function isPlaceholder(text: string): boolean {
  return /\$\{[^}]*\}|\{\{[^}]*\}\}|^\$[A-Za-z_]\w*$|^<[^>]+>$/.test(text);
}
