/**
 * HP022: a cluster subnet is public. Subnets used by HyperPod must be private; a public subnet is a
 * create-time failure in the awsome-distributed-training validator (hyperpod-reference.md §7.2 [ADT-VALIDATE]).
 */
import type { Loc, Route, Subnet } from '../model/types.js';
import { defineRule } from './types.js';
import { clusterLabel, clusterSubnets, scannedClusters } from './util/groups.js';
import { routeTableOf } from './util/connectivity.js';

const DEFAULT_ROUTES = new Set(['0.0.0.0/0', '::/0']);

type Publicness = { kind: 'public'; why: string; evidence: Loc } | { kind: 'private' } | { kind: 'unknown'; reason: string };

/** Whether a subnet is public: MapPublicIpOnLaunch, or a default route of its route table to an internet gateway. */
export function subnetPublicness(model: Parameters<typeof routeTableOf>[0], subnet: Subnet): Publicness {
  if (subnet.mapPublicIp.known && subnet.mapPublicIp.value) {
    return { kind: 'public', why: 'it sets MapPublicIpOnLaunch to true', evidence: subnet.mapPublicIp.loc ?? subnet.loc };
  }
  const table = routeTableOf(model, subnet);
  let reason: string | undefined = subnet.mapPublicIp.known ? undefined : `MapPublicIpOnLaunch: ${subnet.mapPublicIp.reason}`;
  if (table.kind === 'unknown') return { kind: 'unknown', reason: reason ?? table.reason };
  if (table.kind === 'table') {
    const igwRoutes = table.table.routes.filter((route: Route) => route.target.kind === 'igw');
    const defaultRoute = igwRoutes.find((route) => route.destination.known && DEFAULT_ROUTES.has(route.destination.value.trim()));
    if (defaultRoute) {
      const destination = (defaultRoute.destination as { value: string }).value.trim();
      return {
        kind: 'public',
        why: `its route table ${table.table.name} sends ${destination} to an internet gateway`,
        evidence: defaultRoute.loc,
      };
    }
    const openRoute = igwRoutes.find((route) => !route.destination.known);
    if (openRoute) reason ??= `route table ${table.table.name} has a route to an internet gateway whose destination is not known`;
  }
  return reason ? { kind: 'unknown', reason } : { kind: 'private' };
}

export default defineRule({
  meta: {
    id: 'HP022',
    name: 'private-subnet',
    title: 'Cluster subnet is public',
    defaultSeverity: 'error',
    description:
      'A subnet the cluster uses is public: it sets MapPublicIpOnLaunch, or its route table sends the default route (0.0.0.0/0 or ::/0) ' +
      'to an internet gateway. HyperPod needs private subnets; HyperPod nodes get no public addresses, so they cannot use an ' +
      "internet gateway, and AWS's own pre-flight validator treats a public subnet as a cluster-creation failure.",
    docs: 'docs/rules/HP022.md',
  },
  check(ctx) {
    // Subnets that cannot be followed at all are already listed by HP020 and HP030.
    for (const cluster of scannedClusters(ctx.model)) {
      for (const { subnet, at } of clusterSubnets(ctx, cluster, 'private subnet', false)) {
        const result = subnetPublicness(ctx.model, subnet);
        if (result.kind === 'private') continue;
        if (result.kind === 'unknown') {
          ctx.unverified({
            file: at.file,
            line: at.line,
            resource: cluster.name,
            reason: `whether subnet ${subnet.name} is private: ${result.reason}`,
          });
          continue;
        }
        ctx.report({
          loc: at,
          resource: cluster.name,
          entityKey: cluster.key,
          detail: subnet.name,
          related: [result.evidence],
          message:
            `Subnet ${subnet.name} of cluster ${clusterLabel(cluster)} is a public subnet: ${result.why} ` +
            `(${result.evidence.file}:${result.evidence.line}). HyperPod needs private subnets; its nodes get no public addresses.`,
          fix:
            `Use a private subnet: set MapPublicIpOnLaunch to false and route 0.0.0.0/0 of its route table to a NAT gateway ` +
            `(and add an S3 VPC endpoint), or list another subnet in the cluster's Subnets.`,
        });
      }
    }
  },
});
