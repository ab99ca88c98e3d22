/** HP001: an EKS-orchestrated HyperPod cluster needs a VpcConfig (hyperpod-reference.md §R2 [SEED][DG-PREREQ]). */
import { defineRule } from './types.js';
import { clusterLabel } from './util/cluster.js';

export default defineRule({
  meta: {
    id: 'HP001',
    name: 'eks-requires-vpc',
    title: 'EKS-orchestrated cluster has no VpcConfig',
    defaultSeverity: 'error',
    description:
      'An EKS-orchestrated HyperPod cluster must be created in your own VPC: VpcConfig with subnets and security groups is ' +
      'mandatory when Orchestrator.Eks is set. Without it, CreateCluster fails.',
    docs: 'docs/rules/HP001.md',
  },
  check(ctx) {
    for (const cluster of ctx.model.ofType('Cluster')) {
      // UpdateCluster bodies never carry VpcConfig (hyperpod-reference.md §2 [BOTO]).
      if (cluster.vpcConfig || cluster.isUpdate || cluster.notVisible) continue;
      const name = clusterLabel(cluster);
      if (!cluster.orchestrator.known) {
        // A bare instance-group file passes VpcConfig and orchestrator separately; its parser already says so.
        if (cluster.sourceKind === 'cluster-spec') continue;
        ctx.unverified({
          file: cluster.file,
          line: cluster.loc.line,
          resource: cluster.name,
          reason: `cluster ${name} has no VpcConfig and its orchestrator is unknown (${cluster.orchestrator.reason}); a VpcConfig is required if it is EKS`,
        });
        continue;
      }
      if (cluster.orchestrator.value !== 'eks') continue;
      ctx.report({
        loc: cluster.loc,
        resource: cluster.name,
        entityKey: cluster.key,
        detail: name,
        message:
          `Cluster ${name} is orchestrated by Amazon EKS but has no VpcConfig. HyperPod clusters on EKS must run in your VPC, ` +
          'so CreateCluster rejects a cluster without VpcConfig.',
        fix: "Add VpcConfig with Subnets (1 to 16 private subnets, in the EKS cluster's VPC) and SecurityGroupIds (1 to 5 security groups).",
        related: cluster.orchestratorLoc ? [cluster.orchestratorLoc] : undefined,
      });
    }
  },
});
