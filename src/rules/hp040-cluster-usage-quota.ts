import { defineRule } from './types.js';
import { emptyRecord } from '../util/records.js';
import type { Cluster, InstanceGroup } from '../model/types.js';
import {
  clusterLabel,
  clusterRegion,
  distinctClusters,
  distinctLabels,
  groupLabel,
  groupsOf,
  instanceTypeLoc,
  typesOf,
  UNKNOWN_REGION,
} from './util/groups.js';

// Quota names, looked up by name not code: hyperpod-reference.md §6 [DG-PREREQ][FS-QUOTA].
export const PER_CLUSTER_QUOTA = 'Maximum number instances allowed per SageMaker HyperPod cluster';
export const TOTAL_QUOTA = 'Total number of instances allowed across SageMaker HyperPod clusters';
export const typeQuotaName = (type: string): string => `${type} for cluster usage`;

interface GroupUse {
  cluster: Cluster;
  group: InstanceGroup;
  count: number;
  /** The type the instances count against: the only type, or the first (highest priority) of InstanceRequirements. */
  type: string;
  /** True when InstanceRequirements lists several types (the provisioned type is not known). */
  several: boolean;
}

export default defineRule({
  meta: {
    id: 'HP040',
    name: 'cluster-usage-quota',
    title: 'Instances exceed the HyperPod cluster-usage quotas',
    defaultSeverity: 'error',
    description:
      'Account mode: the instances of a type across the scanned clusters exceed the applied quota "<type> for cluster usage", ' +
      'or a cluster exceeds the per-cluster or the total-instances quota. Clusters can only be created within these quotas. ' +
      'Offline, the run summary lists the demand per type.',
    docs: 'docs/rules/HP040.md',
  },
  check(ctx) {
    const uses: GroupUse[] = [];
    const clusters = distinctClusters(ctx);
    const labelOf = distinctLabels(clusters);
    for (const cluster of clusters) {
      const perType = emptyRecord<number>();
      let instances = 0;
      for (const group of groupsOf(cluster)) {
        const label = groupLabel(cluster, group);
        const { types, unknownReasons } = typesOf(group);
        if (!group.instanceCount.known || unknownReasons.length > 0 || types.length === 0) {
          const at = group.instanceCountLoc ?? group.loc;
          const reason = !group.instanceCount.known ? group.instanceCount.reason : (unknownReasons[0] ?? 'no instance type');
          ctx.unverified({ file: at.file, line: at.line, resource: label, reason: `instance demand of group ${label}: ${reason}` });
          continue;
        }
        const count = group.instanceCount.value;
        const type = types[0]!;
        uses.push({ cluster, group, count, type, several: types.length > 1 });
        perType[type] = (perType[type] ?? 0) + count;
        instances += count;
        ctx.demand.instancesPerType[type] = (ctx.demand.instancesPerType[type] ?? 0) + count;
      }
      ctx.demand.clusters.push({
        cluster: clusterLabel(cluster),
        file: cluster.file,
        region: clusterRegion(ctx, cluster),
        instances,
        perType,
      });
    }

    const quotasByRegion = ctx.account?.sagemakerQuotas;
    if (!ctx.account || !quotasByRegion) return;
    const byRegion = new Map<string, GroupUse[]>();
    for (const use of uses) {
      const region = clusterRegion(ctx, use.cluster) ?? UNKNOWN_REGION;
      byRegion.set(region, [...(byRegion.get(region) ?? []), use]);
    }
    for (const [region, list] of byRegion) {
      const quotas = quotasByRegion[region];
      const first = list[0]!;
      if (!quotas) {
        ctx.unverified({
          file: first.cluster.file,
          line: first.cluster.loc.line,
          resource: first.cluster.name,
          reason: `SageMaker quotas in ${region} are not known`,
        });
        continue;
      }
      const multiCluster = new Set(list.map((u) => u.cluster.key)).size > 1;
      const name = (u: GroupUse) =>
        multiCluster ? `${labelOf(u.cluster)}/${groupLabel(u.cluster, u.group)}` : groupLabel(u.cluster, u.group);

      // Per type; a group with several candidate types is not counted against any one of them.
      const byType = new Map<string, GroupUse[]>();
      for (const use of list) if (!use.several) byType.set(use.type, [...(byType.get(use.type) ?? []), use]);
      for (const [type, typeUses] of byType) {
        const quotaName = typeQuotaName(type);
        const quota = quotas[quotaName];
        const largest = typeUses.reduce((a, b) => (b.count > a.count ? b : a));
        const at = instanceTypeLoc(largest.group, largest.group.instanceTypes[0]);
        if (quota === undefined) {
          ctx.unverified({ file: at.file, line: at.line, resource: name(largest), reason: `quota "${quotaName}" not found in ${region}` });
          continue;
        }
        const total = typeUses.reduce((sum, u) => sum + u.count, 0);
        if (total <= quota) continue;
        ctx.report({
          loc: at,
          resource: name(largest),
          entityKey: largest.cluster.key,
          detail: `${region}:${type}`,
          message:
            `The scanned clusters request ${total} ${type} instances in ${region} (${typeUses.map((u) => `${name(u)} ${u.count}`).join(', ')}), ` +
            `but the applied quota "${quotaName}" is ${quota}; instances of other clusters in the account also count against it.`,
          fix: `Request an increase of "${quotaName}" (Service Quotas, service sagemaker) to at least ${total}, or lower InstanceCount.`,
        });
      }

      const perCluster = quotas[PER_CLUSTER_QUOTA];
      const clusterTotals = new Map<Cluster, number>();
      for (const use of list) clusterTotals.set(use.cluster, (clusterTotals.get(use.cluster) ?? 0) + use.count);
      if (perCluster !== undefined) {
        for (const [cluster, total] of clusterTotals) {
          if (total <= perCluster) continue;
          ctx.report({
            loc: cluster.loc,
            resource: cluster.name,
            entityKey: cluster.key,
            detail: `${region}:per-cluster`,
            message: `Cluster ${labelOf(cluster)} requests ${total} instances, but the applied quota "${PER_CLUSTER_QUOTA}" in ${region} is ${perCluster}.`,
            fix: `Request an increase of "${PER_CLUSTER_QUOTA}" (Service Quotas, service sagemaker) to at least ${total}, or split the groups across clusters.`,
          });
        }
      }
      const allClusters = quotas[TOTAL_QUOTA];
      const regionTotal = [...clusterTotals.values()].reduce((a, b) => a + b, 0);
      if (allClusters !== undefined && regionTotal > allClusters) {
        const [largest] = [...clusterTotals].reduce((a, b) => (b[1] > a[1] ? b : a));
        ctx.report({
          loc: largest.loc,
          resource: largest.name,
          entityKey: largest.key,
          detail: `${region}:total`,
          message:
            `The scanned clusters request ${regionTotal} instances in ${region} (${[...clusterTotals].map(([c, n]) => `${labelOf(c)} ${n}`).join(', ')}), ` +
            `but the applied quota "${TOTAL_QUOTA}" is ${allClusters}.`,
          fix: `Request an increase of "${TOTAL_QUOTA}" (Service Quotas, service sagemaker) to at least ${regionTotal}.`,
        });
      }
    }
  },
});
