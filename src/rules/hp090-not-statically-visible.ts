/** HP090: say so when a cluster is created in a way the scan cannot see (hyperpod-reference.md §3 [HPSETUP-HPC]). */
import { defineRule } from './types.js';
import { clusterLabel } from './util/cluster.js';

export default defineRule({
  meta: {
    id: 'HP090',
    name: 'not-statically-visible',
    title: 'Cluster definition is not statically visible',
    defaultSeverity: 'notice',
    description:
      'A cluster is created in a way the action cannot see, such as a Lambda-backed custom resource or instance groups passed ' +
      'as an opaque JSON string parameter, or a nested stack whose template is not scanned. Its prerequisites are not checked, so the scan says so instead of passing silently.',
    docs: 'docs/rules/HP090.md',
  },
  check(ctx) {
    for (const cluster of ctx.model.ofType('Cluster')) {
      // Set by parsers for custom resources and opaque instance-group values; a bare VpcConfig file is not such a case.
      const why = cluster.notVisible;
      if (!why) continue;
      const name = clusterLabel(cluster);
      ctx.report({
        loc: cluster.loc,
        resource: cluster.name,
        entityKey: cluster.key,
        detail: name,
        message:
          `Cluster ${name} is defined in a way this scan cannot see (${why}), so its instance groups, VPC and security-group ` +
          'prerequisites were not checked.',
        fix:
          'Declare the cluster as AWS::SageMaker::Cluster (or awscc_sagemaker_cluster, or a CreateCluster file) with literal instance groups, ' +
          "scan the CreateCluster request the custom resource sends, or scan the nested stack's template with the values the parent stack passes " +
          'as parameter defaults; run with account mode to check the live cluster.',
      });
    }
  },
});
