import { defineRule } from './types.js';
import type { Cluster } from '../model/types.js';
import {
  clusterRegion,
  distinctClusters,
  distinctLabels,
  effectiveVpcConfig,
  groupLabel,
  groupsOf,
  typesOf,
  UNKNOWN_REGION,
} from './util/groups.js';
import { interfacesPerInstance, lowestPerInstance } from './util/capacity.js';

/** Warn when the cluster would use more than this share of the free interfaces (rules.md HP031: 20% margin). */
const MARGIN = 0.2;

interface ClusterEnis {
  cluster: Cluster;
  region: string;
  enis: number;
  parts: string[];
}

export default defineRule({
  meta: {
    id: 'HP031',
    name: 'eni-quota',
    title: 'Network interfaces exceed the Region quota',
    defaultSeverity: 'error',
    description:
      'The network interfaces the clusters create in their VPC (one per network card of every instance) exceed the Region quota ' +
      'L-DF5E4CA3 "Network interfaces per Region" minus the interfaces already in use (error), or leave less than a 20% margin ' +
      '(warning). HyperPod does not raise the quota itself. Needs account mode; offline the run summary shows the estimate.',
    docs: 'docs/rules/HP031.md',
  },
  check(ctx) {
    const perCluster: ClusterEnis[] = [];
    const clusters = distinctClusters(ctx);
    const labelOf = distinctLabels(clusters);
    for (const cluster of clusters) {
      const region = clusterRegion(ctx, cluster) ?? UNKNOWN_REGION;
      const entry: ClusterEnis = { cluster, region, enis: 0, parts: [] };
      for (const group of groupsOf(cluster)) {
        // Only groups in a customer VPC create interfaces there (hyperpod-reference.md §R3 [SEED]).
        if (!effectiveVpcConfig(cluster, group)) continue;
        const label = groupLabel(cluster, group);
        const { types, unknownReasons } = typesOf(group);
        const per =
          unknownReasons.length > 0
            ? { known: false as const, reason: unknownReasons[0]! }
            : lowestPerInstance(types, (t) => interfacesPerInstance(ctx.instances, t));
        if (!group.instanceCount.known || !per.known) {
          const reason = !group.instanceCount.known ? group.instanceCount.reason : (per as { reason: string }).reason;
          const at = group.instanceCountLoc ?? group.loc;
          ctx.unverified({ file: at.file, line: at.line, resource: label, reason: `network interfaces of group ${label}: ${reason}` });
          continue;
        }
        const enis = group.instanceCount.value * per.value;
        entry.enis += enis;
        entry.parts.push(`${label} ${group.instanceCount.value} × ${per.value} = ${enis}`);
      }
      if (entry.parts.length > 0) perCluster.push(entry);
    }

    const byRegion = new Map<string, ClusterEnis[]>();
    for (const entry of perCluster) {
      ctx.demand.eniPerRegion[entry.region] = (ctx.demand.eniPerRegion[entry.region] ?? 0) + entry.enis;
      const list = byRegion.get(entry.region) ?? [];
      list.push(entry);
      byRegion.set(entry.region, list);
    }

    if (!ctx.account) return;
    for (const [region, entries] of byRegion) {
      const facts = ctx.account.eni?.[region];
      const largest = entries.reduce((a, b) => (b.enis > a.enis ? b : a));
      const at = largest.cluster.vpcConfig?.loc ?? largest.cluster.loc;
      if (!facts || facts.quota === undefined || facts.inUse === undefined) {
        ctx.unverified({
          file: at.file,
          line: at.line,
          resource: largest.cluster.name,
          reason: `network interface quota or usage in ${region} is not known`,
        });
        continue;
      }
      const free = facts.quota - facts.inUse;
      const demand = entries.reduce((sum, e) => sum + e.enis, 0);
      const detail = entries.map((e) => `${labelOf(e.cluster)}: ${e.parts.join(', ')}`).join('; ');
      const head =
        `The clusters in ${region} create ${demand} network interfaces (${detail}); quota L-DF5E4CA3 "Network interfaces per Region" ` +
        `is ${facts.quota} with ${facts.inUse} in use, leaving ${free}`;
      const common = { loc: at, resource: largest.cluster.name, entityKey: largest.cluster.key, detail: region };
      if (demand > free) {
        ctx.report({
          ...common,
          message: `${head}: ${demand - free} too few. HyperPod does not request the increase itself, so instances fail to launch.`,
          fix: `Request an increase of quota L-DF5E4CA3 in ${region} (Service Quotas, Amazon VPC) to at least ${facts.inUse + demand}, or lower InstanceCount.`,
        });
      } else if (free - demand < MARGIN * free) {
        ctx.report({
          ...common,
          severity: 'warning',
          message: `${head}: ${free - demand} would remain, less than the 20% margin (${Math.ceil(MARGIN * free)}) needed for node replacement and other workloads.`,
          fix: `Request an increase of quota L-DF5E4CA3 in ${region} (Service Quotas, Amazon VPC) before scaling further.`,
        });
      }
    }
  },
});
