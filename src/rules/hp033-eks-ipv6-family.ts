import { defineRule } from './types.js';
import type { EksCluster } from '../model/types.js';
import { clusterLabel, clusterSubnets, orchestratorOf, scannedClusters } from './util/groups.js';

/** ip_family in a Terraform before/after object (aws_eks_cluster block list or awscc object). */
function ipFamilyIn(state: unknown): string | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  let config = (state as Record<string, unknown>).kubernetes_network_config;
  if (Array.isArray(config)) config = config[0];
  if (typeof config !== 'object' || config === null) return undefined;
  const family = (config as Record<string, unknown>).ip_family;
  return typeof family === 'string' ? family.toLowerCase() : undefined;
}

/** The IP family switch a change makes to an existing EKS cluster: Terraform replacement, or base revision vs head. */
function familySwitch(eks: EksCluster, base: EksCluster | undefined): { from: string; to: string; how: string } | undefined {
  const change = eks.change;
  if (change && change.actions.includes('delete') && change.actions.includes('create')) {
    const from = ipFamilyIn(change.before) ?? (change.before ? 'ipv4' : undefined);
    const to = ipFamilyIn(change.after) ?? (eks.ipFamily.known ? eks.ipFamily.value.toLowerCase() : undefined);
    if (from && to && from !== to) return { from, to, how: 'the plan replaces the EKS cluster' };
  }
  if (base && base.ipFamily.known && eks.ipFamily.known) {
    const from = base.ipFamily.value.toLowerCase();
    const to = eks.ipFamily.value.toLowerCase();
    if (from !== to) return { from, to, how: 'IpFamily is create-only, so CloudFormation replaces the EKS cluster' };
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'HP033',
    name: 'eks-ipv6-family',
    title: 'IPv6 subnets with an IPv4 EKS cluster',
    defaultSeverity: 'warning',
    description:
      "An EKS-orchestrated cluster uses subnets with IPv6, but the EKS cluster's IpFamily is ipv4 (or unset): nodes get " +
      'dual-stack addresses but pods stay IPv4, and an IPv4 EKS cluster cannot be converted. Error when a change would switch ' +
      "an existing EKS cluster's IP family, which replaces it.",
    docs: 'docs/rules/HP033.md',
  },
  check(ctx) {
    // Switching the family of an existing EKS cluster: hyperpod-reference.md §R5 [EKS-KNC][AWSCC-EKS] (create-only).
    for (const eks of ctx.model.ofType('EksCluster')) {
      if (eks.sourceKind === 'account') continue;
      const base = ctx.base?.get(eks.key);
      const change = familySwitch(eks, base?.type === 'EksCluster' ? base : undefined);
      if (!change) continue;
      ctx.report({
        loc: eks.ipFamily.loc ?? eks.loc,
        severity: 'error',
        resource: eks.name,
        entityKey: eks.key,
        detail: 'ip-family-change',
        message:
          `EKS cluster ${eks.name} changes IpFamily from ${change.from} to ${change.to}: ${change.how}, ` +
          'and every HyperPod cluster attached to it loses its orchestrator.',
        fix: 'Keep the IP family of the existing EKS cluster, or create a new EKS cluster and a new HyperPod cluster for it.',
      });
    }

    // IPv6 subnets with an IPv4 EKS cluster: hyperpod-reference.md §R5 [SEED].
    for (const cluster of scannedClusters(ctx.model)) {
      if (orchestratorOf(cluster) !== 'eks') continue;
      const used = clusterSubnets(ctx, cluster, 'EKS IP family');
      const ipv6Subnets = used.filter(({ subnet }) => subnet.ipv6.known && subnet.ipv6.value);
      if (ipv6Subnets.length === 0) {
        for (const { subnet, at } of used) {
          if (!subnet.ipv6.known) {
            ctx.unverified({
              file: at.file,
              line: at.line,
              resource: cluster.name,
              reason: `EKS IP family: IPv6 of subnet ${subnet.name}: ${subnet.ipv6.reason}`,
            });
          }
        }
        continue;
      }
      const eks = ctx.model.resolve(cluster.eksCluster, 'EksCluster');
      if (!eks) {
        const at = cluster.orchestratorLoc ?? cluster.loc;
        ctx.unverified({
          file: at.file,
          line: at.line,
          resource: cluster.name,
          reason: `EKS IP family: the EKS cluster of ${clusterLabel(cluster)} is not in the scanned files`,
        });
        continue;
      }
      if (!eks.ipFamily.known) {
        ctx.unverified({
          file: eks.file,
          line: eks.loc.line,
          resource: eks.name,
          reason: `EKS IP family of ${eks.name}: ${eks.ipFamily.reason}`,
        });
        continue;
      }
      if (eks.ipFamily.value.toLowerCase() !== 'ipv4') continue;
      const names = ipv6Subnets.map(({ subnet }) => subnet.name).join(', ');
      ctx.report({
        loc: eks.ipFamilyExplicit ? (eks.ipFamily.loc ?? eks.loc) : eks.loc,
        resource: eks.name,
        entityKey: eks.key,
        detail: clusterLabel(cluster),
        message:
          `HyperPod cluster ${clusterLabel(cluster)} uses IPv6 subnets (${names}), but EKS cluster ${eks.name} has IpFamily ipv4` +
          `${eks.ipFamilyExplicit ? '' : ' (unset)'}: nodes get dual-stack addresses but pods get IPv4 only, and an IPv4 EKS cluster cannot be converted later.`,
        fix: 'If pods should use IPv6, set KubernetesNetworkConfig.IpFamily: ipv6 when the EKS cluster is created; otherwise suppress this finding with a reason.',
      });
    }
  },
});
