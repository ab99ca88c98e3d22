/** HP003: on Slurm, OverrideVpcConfig is only allowed with a cluster-level VpcConfig (hyperpod-reference.md §R2, §R12 [SEED]). */
import { defineRule } from './types.js';
import { clusterLabel, groupLabel, groupsOf } from './util/cluster.js';

export default defineRule({
  meta: {
    id: 'HP003',
    name: 'override-needs-cluster-vpc',
    title: 'OverrideVpcConfig without a cluster-level VpcConfig',
    defaultSeverity: 'error',
    description:
      'A Slurm-orchestrated cluster without VpcConfig runs in the service-owned VPC, where instance groups cannot use ' +
      'OverrideVpcConfig. An instance group with OverrideVpcConfig therefore needs a cluster-level VpcConfig.',
    docs: 'docs/rules/HP003.md',
  },
  check(ctx) {
    for (const cluster of ctx.model.ofType('Cluster')) {
      if (cluster.vpcConfig) continue;
      const groups = groupsOf(cluster)
        .map((group, index) => ({ group, index }))
        .filter(({ group }) => group.overrideVpcConfig);
      if (groups.length === 0) continue;
      const name = clusterLabel(cluster);
      if (cluster.isUpdate || !cluster.orchestrator.known) {
        // An UpdateCluster body never carries VpcConfig, so the live cluster's setting is not visible.
        const why = cluster.isUpdate
          ? 'an UpdateCluster body does not show the cluster-level VpcConfig'
          : `the orchestrator is unknown (${cluster.orchestrator.known ? '' : cluster.orchestrator.reason})`;
        ctx.unverified({
          file: cluster.file,
          line: cluster.loc.line,
          resource: cluster.name,
          reason: `cluster ${name} uses OverrideVpcConfig but ${why}; account mode or the CreateCluster file can confirm a VpcConfig exists`,
        });
        continue;
      }
      if (cluster.orchestrator.value !== 'slurm') continue; // EKS without VpcConfig is HP001
      for (const { group, index } of groups) {
        const label = groupLabel(group, index);
        ctx.report({
          loc: group.overrideVpcConfig!.loc,
          resource: cluster.name,
          entityKey: cluster.key,
          detail: label,
          message:
            `Instance group ${label} of Slurm cluster ${name} sets OverrideVpcConfig, but the cluster has no VpcConfig. ` +
            'Without a cluster-level VpcConfig the cluster uses the service-owned VPC and per-group overrides are rejected.',
          fix: `Add a cluster-level VpcConfig (subnets and security groups of the same VPC), or remove OverrideVpcConfig from ${label}.`,
        });
      }
    }
  },
});
