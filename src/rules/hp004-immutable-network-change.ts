/**
 * HP004: VpcConfig, an existing group's OverrideVpcConfig and a used subnet's CIDR cannot change on a live cluster
 * (hyperpod-reference.md §R10, §R11, §R12, §3 [SEED][CFN-SCHEMA][BOTO]).
 */
import type { Model } from '../model/model.js';
import type { ChangeInfo, Cluster, InputKind, InstanceGroup, Ref, RefList, Subnet, VpcConfig } from '../model/types.js';
import { defineRule, type RuleContext, type RuleReport } from './types.js';
import { clusterLabel, clusterSubnetRefs, groupsOf, joinWords, refLabel } from './util/cluster.js';

export default defineRule({
  meta: {
    id: 'HP004',
    name: 'immutable-network-change',
    title: 'Change to network settings that cannot change on a live cluster',
    defaultSeverity: 'error',
    description:
      "A change alters the cluster's VpcConfig, an existing instance group's OverrideVpcConfig, or the CIDR of a subnet " +
      'the cluster uses. None of these can change after creation: the cluster is destroyed and recreated, or the update fails.',
    docs: 'docs/rules/HP004.md',
  },
  check(ctx) {
    const reported = new Set<string>();
    const report = (r: RuleReport) => {
      const key = `${r.loc.file}:${r.loc.line}:${r.detail ?? ''}`;
      if (reported.has(key)) return;
      reported.add(key);
      ctx.report(r);
    };
    for (const cluster of ctx.model.ofType('Cluster')) {
      if (cluster.change) checkPlannedClusterChange(ctx, cluster, cluster.change, report);
    }
    for (const subnet of ctx.model.ofType('Subnet')) {
      if (subnet.change) checkPlannedSubnetChange(ctx, subnet, subnet.change, report);
    }
    if (ctx.base) compareWithBase(ctx, ctx.base, report);
    if (ctx.account?.liveClusters) compareWithLive(ctx, ctx.account.liveClusters, report);
  },
});

type Report = (r: RuleReport) => void;

// ---------------------------------------------------------------------------------------------
// Terraform plan: resource_changes of the cluster and of the subnets it uses (hyperpod-reference.md §5).

function isReplace(change: ChangeInfo): boolean {
  return change.actions.includes('delete') && change.actions.includes('create');
}

function replaceText(change: ChangeInfo): string {
  return change.actions[0] === 'create'
    ? 'create a new cluster and then destroy the existing one'
    : 'destroy the existing cluster and create a new one';
}

function checkPlannedClusterChange(ctx: RuleContext, cluster: Cluster, change: ChangeInfo, report: Report): void {
  const replace = isReplace(change);
  if (!replace && !change.actions.includes('update')) return;
  const name = clusterLabel(cluster);
  const before = asRecord(change.before);
  const after = asRecord(change.after);
  const replacePaths = change.replacePaths ?? [];
  const related = cluster.sourceLoc ? [cluster.sourceLoc] : undefined;
  const consequence = replace
    ? `Terraform plans to ${replaceText(change)} (actions: ${change.actions.join(', ')}): all its nodes are terminated and their local data is lost.`
    : 'Terraform plans an in-place update, which HyperPod cannot apply: the apply fails or the provider has to replace the cluster.';

  // Cluster-level vpc_config.
  const vpcByPath = replacePaths.some((path) => path[0] === 'vpc_config');
  const vpcDiff = diffPlanVpc(before?.vpc_config, after?.vpc_config);
  if (vpcByPath || vpcDiff.changed) {
    report({
      loc: cluster.vpcConfig?.loc ?? cluster.loc,
      resource: cluster.name,
      entityKey: cluster.key,
      detail: 'VpcConfig',
      related,
      message:
        `The vpc_config of cluster ${name} changes (${vpcDiff.text ?? 'Terraform lists vpc_config in replace_paths'}). ` +
        `VpcConfig cannot change after a HyperPod cluster is created. ${consequence}`,
      fix: 'Keep vpc_config as deployed and build a new cluster for the new network, or suppress this finding with a reason if the replacement is intended.',
    });
  } else if (vpcDiff.unknown && before?.vpc_config != null) {
    ctx.unverified({
      file: cluster.file,
      line: cluster.loc.line,
      resource: cluster.name,
      reason: `vpc_config of cluster ${name} is not fully known until apply; a change of it cannot be ruled out`,
    });
  }

  // Per-group override_vpc_config of groups that exist before and after.
  const beforeGroups = planGroups(before);
  const afterGroups = planGroups(after);
  for (const [groupName, afterGroup] of afterGroups) {
    const beforeGroup = beforeGroups.get(groupName);
    if (!beforeGroup) continue; // a new group may set any override
    const byPath = replacePaths.some(
      (path) =>
        (path[0] === 'instance_groups' || path[0] === 'instance_group') &&
        path.includes('override_vpc_config') &&
        pathGroupName(before, path) === groupName,
    );
    const diff = diffPlanVpc(beforeGroup.group.override_vpc_config, afterGroup.group.override_vpc_config);
    if (!byPath && !diff.changed) continue;
    const group = findGroup(cluster, groupName);
    report({
      loc: group?.overrideVpcConfig?.loc ?? group?.loc ?? cluster.vpcConfig?.loc ?? cluster.loc,
      resource: cluster.name,
      entityKey: cluster.key,
      detail: `${groupName}/OverrideVpcConfig`,
      related,
      message:
        `The override_vpc_config of existing instance group ${groupName} in cluster ${name} changes (${diff.text ?? 'Terraform lists it in replace_paths'}). ` +
        `OverrideVpcConfig cannot change once the group exists. ${consequence}`,
      fix: `Keep the override of ${groupName} as deployed, or add a new instance group with the new network settings and remove the old one.`,
    });
  }
}

function checkPlannedSubnetChange(ctx: RuleContext, subnet: Subnet, change: ChangeInfo, report: Report): void {
  const before = asRecord(change.before);
  const after = asRecord(change.after);
  const beforeCidr = typeof before?.cidr_block === 'string' ? before.cidr_block : undefined;
  const afterCidr = typeof after?.cidr_block === 'string' ? after.cidr_block : undefined;
  const cidrChanged = beforeCidr !== undefined && afterCidr !== undefined && beforeCidr !== afterCidr;
  const replace = isReplace(change);
  if (!replace && !cidrChanged) return;
  const users = clustersUsingSubnet(ctx.model, subnet);
  if (users.length === 0) return;
  const what = cidrChanged
    ? `changes the CIDR of subnet ${subnet.name} from ${beforeCidr} to ${afterCidr}`
    : `replaces subnet ${subnet.name}`;
  const actions = change.actions.join(', ');
  report({
    loc: cidrChanged ? (subnet.cidrLoc ?? subnet.loc) : subnet.loc,
    resource: subnet.name,
    entityKey: subnet.key,
    detail: 'subnet-change',
    related: subnet.sourceLoc ? [subnet.sourceLoc] : undefined,
    message:
      `Terraform ${what} (actions: ${actions}), and cluster ${joinWords(users)} uses it. ` +
      "A subnet's CIDR cannot change in place, so the subnet is destroyed and recreated with a new ID; the cluster's subnets " +
      "cannot change on a live cluster, so the cluster has to be destroyed and recreated as well (or the subnet deletion fails while the cluster's network interfaces are in it).",
    fix: `Keep subnet ${subnet.name} as deployed; to get more addresses, add a new subnet (for example in a secondary VPC CIDR) and use it for a new cluster or a new instance group.`,
  });
}

function clustersUsingSubnet(model: Model, subnet: Subnet): string[] {
  const users: string[] = [];
  for (const cluster of model.ofType('Cluster')) {
    if (clusterSubnetRefs(cluster).some(({ ref }) => model.resolve(ref, 'Subnet')?.key === subnet.key)) users.push(clusterLabel(cluster));
  }
  return users;
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  if (Array.isArray(value) && value.length === 1) value = value[0]; // block style: a one-element list
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

interface PlanDiff {
  changed: boolean;
  unknown?: boolean;
  text?: string;
}

function stringList(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return undefined;
  return value as string[];
}

/** Compares two plan-JSON vpc configs; `before` is prior state (fully known), `after` may omit unknown values. */
function diffPlanVpc(beforeValue: unknown, afterValue: unknown): PlanDiff {
  const before = asRecord(beforeValue);
  const after = asRecord(afterValue);
  if (!before && !after) return { changed: false, unknown: afterValue === null && beforeValue != null };
  if (!before) return { changed: true, text: 'added' };
  if (!after) return { changed: false, unknown: true }; // null in after: unknown until apply, or removed
  const parts: string[] = [];
  let unknown = false;
  for (const [key, label] of [
    ['subnets', 'subnets'],
    ['security_group_ids', 'security groups'],
  ] as const) {
    const b = stringList(before[key]) ?? [];
    const a = stringList(after[key]);
    if (!a) {
      unknown = true;
      continue;
    }
    if (!sameSet(b, a)) parts.push(`${label} ${listText(b)} -> ${listText(a)}`);
  }
  return { changed: parts.length > 0, unknown, text: parts.join('; ') || undefined };
}

function planGroups(value: Record<string, unknown> | undefined): Map<string, { index: number; group: Record<string, unknown> }> {
  const groups = new Map<string, { index: number; group: Record<string, unknown> }>();
  const list = value?.instance_groups ?? value?.instance_group;
  if (!Array.isArray(list)) return groups;
  list.forEach((item, index) => {
    const group = asRecord(item);
    const name = group?.instance_group_name;
    if (group && typeof name === 'string') groups.set(name, { index, group });
  });
  return groups;
}

function pathGroupName(before: Record<string, unknown> | undefined, path: (string | number)[]): string | undefined {
  const list = typeof path[0] === 'string' ? before?.[path[0]] : undefined;
  if (!Array.isArray(list) || typeof path[1] !== 'number') return undefined;
  const name = asRecord(list[path[1]])?.instance_group_name;
  return typeof name === 'string' ? name : undefined;
}

function findGroup(cluster: Cluster, name: string): InstanceGroup | undefined {
  return groupsOf(cluster).find((group) => group.name.known && group.name.value === name);
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x)) && b.every((x) => a.includes(x));
}

function listText(items: string[]): string {
  return items.length === 0 ? '(none)' : `[${items.join(', ')}]`;
}

// ---------------------------------------------------------------------------------------------
// Pull request: head model compared with the base revision's model.

function compareWithBase(ctx: RuleContext, base: Model, report: Report): void {
  for (const cluster of ctx.model.ofType('Cluster')) {
    if (cluster.notVisible) continue;
    const previous = findBaseCluster(base, cluster);
    if (!previous) continue; // a new cluster
    const name = clusterLabel(cluster);
    const consequence = replacementText(cluster.sourceKind);
    const unverified = (reason: string, line: number) => ctx.unverified({ file: cluster.file, line, resource: cluster.name, reason });

    // UpdateCluster bodies never carry VpcConfig (hyperpod-reference.md §2 [BOTO]).
    if (!cluster.isUpdate && !previous.isUpdate) {
      const diff = diffVpcConfig(ctx.model, cluster.vpcConfig, base, previous.vpcConfig);
      if (diff.changed) {
        report({
          loc: cluster.vpcConfig?.loc ?? cluster.loc,
          resource: cluster.name,
          entityKey: cluster.key,
          detail: 'VpcConfig',
          message: `The VpcConfig of cluster ${name} changes from the base revision (${diff.text}). VpcConfig cannot change after the cluster is created: ${consequence}`,
          fix: 'Keep VpcConfig as deployed and create a new cluster for the new network, or suppress this finding with a reason if recreating the cluster is intended.',
        });
      } else if (diff.unknown) {
        unverified(
          `VpcConfig of cluster ${name} cannot be compared with the base revision: ${diff.unknown}`,
          cluster.vpcConfig?.loc.line ?? cluster.loc.line,
        );
      }
    }

    const baseGroups = new Map<string, InstanceGroup>();
    for (const group of groupsOf(previous)) if (group.name.known) baseGroups.set(group.name.value, group);
    for (const group of groupsOf(cluster)) {
      if (!group.name.known) continue;
      const baseGroup = baseGroups.get(group.name.value);
      if (!baseGroup) continue; // a new group may set any override
      const diff = diffVpcConfig(ctx.model, group.overrideVpcConfig, base, baseGroup.overrideVpcConfig);
      const label = group.name.value;
      if (diff.changed) {
        report({
          loc: group.overrideVpcConfig?.loc ?? group.loc,
          resource: cluster.name,
          entityKey: cluster.key,
          detail: `${label}/OverrideVpcConfig`,
          message:
            `The OverrideVpcConfig of existing instance group ${label} in cluster ${name} changes from the base revision (${diff.text}). ` +
            `OverrideVpcConfig cannot change once the group exists: ${consequence}`,
          fix: `Keep the override of ${label} as deployed, or add a new instance group with the new network settings and remove the old one.`,
        });
      } else if (diff.unknown) {
        unverified(
          `OverrideVpcConfig of group ${label} in cluster ${name} cannot be compared with the base revision: ${diff.unknown}`,
          group.loc.line,
        );
      }
    }

    // Subnets the cluster uses in either revision (the deployed cluster still sits in the base ones).
    const subnetKeys = new Set<string>();
    for (const { ref } of clusterSubnetRefs(cluster)) {
      const key = ctx.model.resolve(ref, 'Subnet')?.key;
      if (key) subnetKeys.add(key);
    }
    for (const { ref } of clusterSubnetRefs(previous)) {
      const key = base.resolve(ref, 'Subnet')?.key;
      if (key) subnetKeys.add(key);
    }
    for (const key of subnetKeys) {
      const subnet = ctx.model.get(key);
      if (subnet?.type !== 'Subnet') continue;
      const baseSubnet = base.get(subnet.key);
      if (baseSubnet?.type !== 'Subnet' || !subnet.cidr.known || !baseSubnet.cidr.known) continue;
      if (subnet.cidr.value === baseSubnet.cidr.value) continue;
      report({
        loc: subnet.cidr.loc ?? subnet.cidrLoc ?? subnet.loc,
        resource: subnet.name,
        entityKey: subnet.key,
        detail: 'subnet-cidr',
        message:
          `The CIDR of subnet ${subnet.name} changes from ${baseSubnet.cidr.value} to ${subnet.cidr.value}, and cluster ${name} uses it. ` +
          "A subnet's CIDR cannot change in place: the subnet is replaced with a new ID, and the cluster's subnets cannot change on a live cluster, " +
          "so the cluster has to be destroyed and recreated (or the subnet replacement fails while the cluster's network interfaces are in it).",
        fix: `Keep subnet ${subnet.name} at ${baseSubnet.cidr.value}; to get more addresses, add a new subnet and use it for a new cluster or a new instance group.`,
      });
    }
  }
}

function replacementText(kind: InputKind | 'account'): string {
  switch (kind) {
    case 'cloudformation':
      return 'CloudFormation replaces the cluster, so it is destroyed and recreated and all its nodes are terminated (with a fixed ClusterName the stack update fails instead).';
    case 'terraform-plan':
    case 'terraform-source':
      return 'Terraform replaces the cluster, so it is destroyed and recreated and all its nodes are terminated.';
    default:
      return 'UpdateCluster cannot apply it, so the cluster would have to be deleted and created again, terminating all its nodes.';
  }
}

function findBaseCluster(base: Model, cluster: Cluster): Cluster | undefined {
  const same = base.get(cluster.key);
  if (same?.type === 'Cluster') return same;
  if (!cluster.clusterName.known) return undefined;
  const name = cluster.clusterName.value;
  return base.ofType('Cluster').find((c) => c.clusterName.known && c.clusterName.value === name);
}

interface ConfigDiff {
  changed: boolean;
  text?: string;
  /** Why the comparison cannot be made. */
  unknown?: string;
}

function diffVpcConfig(head: Model, headConfig: VpcConfig | undefined, base: Model, baseConfig: VpcConfig | undefined): ConfigDiff {
  if (!headConfig && !baseConfig) return { changed: false };
  if (!baseConfig) return { changed: true, text: 'it is added; the base revision has none' };
  if (!headConfig) return { changed: true, text: 'it is removed' };
  const parts: string[] = [];
  const unknowns: string[] = [];
  for (const [key, label] of [
    ['subnets', 'subnets'],
    ['securityGroups', 'security groups'],
  ] as const) {
    const diff = diffRefList(head, headConfig[key], base, baseConfig[key]);
    if (diff.unknown) unknowns.push(`${label}: ${diff.unknown}`);
    else if (diff.changed) parts.push(`${label} ${diff.text}`);
  }
  if (parts.length > 0) return { changed: true, text: parts.join('; ') };
  return unknowns.length > 0 ? { changed: false, unknown: unknowns.join('; ') } : { changed: false };
}

function diffRefList(head: Model, headList: RefList | undefined, base: Model, baseList: RefList | undefined): ConfigDiff {
  if (!headList && !baseList) return { changed: false };
  if (!headList || !baseList) return { changed: true, text: headList ? 'are added' : 'are removed' };
  if (!headList.known || !baseList.known) return { changed: false, unknown: 'the list is not known statically' };
  const headIds = headList.items.map((ref) => identities(head, ref));
  const baseIds = baseList.items.map((ref) => identities(base, ref));
  const unresolved = headList.items.find((_, i) => headIds[i]!.length === 0) ?? baseList.items.find((_, i) => baseIds[i]!.length === 0);
  if (unresolved) {
    return {
      changed: false,
      unknown: unresolved.kind === 'unknown' ? `a value cannot be resolved (${unresolved.reason})` : 'a reference cannot be resolved',
    };
  }
  const matches = (a: string[], others: string[][]) => others.some((b) => b.some((x) => a.includes(x)));
  const added = headList.items.filter((_, i) => !matches(headIds[i]!, baseIds));
  const removed = baseList.items.filter((_, i) => !matches(baseIds[i]!, headIds));
  if (added.length === 0 && removed.length === 0) return { changed: false };
  const text = [
    removed.length > 0 ? `${joinWords(removed.map((r) => refLabel(base, r)))} removed` : '',
    added.length > 0 ? `${joinWords(added.map((r) => refLabel(head, r)))} added` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return { changed: true, text };
}

/** Every identity a reference has in its model: entity key, physical ID, or expression text. */
function identities(model: Model, ref: Ref): string[] {
  const ids: string[] = [];
  const identity = model.refIdentity(ref);
  if (identity) ids.push(identity);
  if (ref.kind === 'id') ids.push(`id:${ref.id}`);
  const entity = model.target(ref);
  if (entity) {
    ids.push(`entity:${entity.key}`);
    if (entity.physicalId) ids.push(`id:${entity.physicalId}`);
  }
  return [...new Set(ids)];
}

// ---------------------------------------------------------------------------------------------
// Account mode: head VpcConfig compared with the live cluster of the same name (SageMaker DescribeCluster).

type LiveClusters = Record<string, { subnets: string[]; securityGroupIds: string[] }>;

function compareWithLive(ctx: RuleContext, live: LiveClusters, report: Report): void {
  for (const cluster of ctx.model.ofType('Cluster')) {
    if (cluster.notVisible || cluster.isUpdate || !cluster.clusterName.known) continue;
    const deployed = live[cluster.clusterName.value];
    if (!deployed) continue;
    const name = clusterLabel(cluster);
    const liveHasVpc = deployed.subnets.length > 0 || deployed.securityGroupIds.length > 0;
    const parts: string[] = [];
    if (!cluster.vpcConfig) {
      if (liveHasVpc) parts.push('the file has no VpcConfig, the live cluster has one');
    } else if (!liveHasVpc) {
      parts.push('the live cluster has no VpcConfig');
    } else {
      for (const [list, ids, label] of [
        [cluster.vpcConfig.subnets, deployed.subnets, 'subnets'],
        [cluster.vpcConfig.securityGroups, deployed.securityGroupIds, 'security groups'],
      ] as const) {
        const headIds = physicalIds(ctx.model, list);
        if (!headIds) {
          ctx.unverified({
            file: cluster.file,
            line: cluster.vpcConfig.loc.line,
            resource: cluster.name,
            reason: `${label} of cluster ${name} cannot be compared with the live cluster: some IDs are not known before deployment`,
          });
          continue;
        }
        const removed = ids.filter((id) => !headIds.includes(id));
        const added = headIds.filter((id) => !ids.includes(id));
        if (removed.length === 0 && added.length === 0) continue;
        parts.push(
          `${label} ${[removed.length > 0 ? `${joinWords(removed)} removed` : '', added.length > 0 ? `${joinWords(added)} added` : '']
            .filter(Boolean)
            .join(', ')}`,
        );
      }
    }
    if (parts.length === 0) continue;
    report({
      loc: cluster.vpcConfig?.loc ?? cluster.loc,
      resource: cluster.name,
      entityKey: cluster.key,
      detail: 'VpcConfig',
      message:
        `The VpcConfig of cluster ${name} differs from the live cluster in the account (${parts.join('; ')}). ` +
        `VpcConfig cannot change after the cluster is created: ${replacementText(cluster.sourceKind)}`,
      fix: "Use the live cluster's subnets and security groups, or create a cluster with a new name for the new network.",
    });
  }
}

/** Literal physical IDs of a list, or undefined when some item has no known physical ID. */
function physicalIds(model: Model, list: RefList | undefined): string[] | undefined {
  if (!list) return [];
  if (!list.known) return undefined;
  const ids: string[] = [];
  for (const ref of list.items) {
    const id = ref.kind === 'id' ? ref.id : ref.kind === 'entity' ? model.get(ref.key)?.physicalId : undefined;
    if (!id) return undefined;
    ids.push(id);
  }
  return ids;
}
