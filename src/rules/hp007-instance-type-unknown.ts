import { defineRule } from './types.js';
import { clusterLabel, groupLabel, groupsOf, instanceTypeLoc, scannedClusters } from './util/groups.js';
import type { InstanceNetworkData } from '../data/instance-network.js';
import { CLUSTER_INSTANCE_TYPES } from '../data/sagemaker-api-model.js';
import { editDistance } from './util/api-validate.js';
import { compareText } from '../util/compare.js';

/** Sizes probed to suggest valid types of the same family (no type is listed by hand). */
const SIZES = [
  'medium',
  'large',
  'xlarge',
  '2xlarge',
  '3xlarge',
  '4xlarge',
  '6xlarge',
  '8xlarge',
  '9xlarge',
  '12xlarge',
  '16xlarge',
  '18xlarge',
  '24xlarge',
  '32xlarge',
  '36xlarge',
  '48xlarge',
];

/**
 * A replacement for a mistyped type (ml.-prefixed or lower-case form), the family's valid sizes,
 * or else the closest valid names of the SageMaker ClusterInstanceType enum (edit distance).
 */
export function suggestionFor(
  instances: InstanceNetworkData,
  type: string,
): { replacement?: string; family?: string[]; closest?: string[] } {
  const lower = type.trim().toLowerCase();
  const normalized = lower.startsWith('ml.') ? lower : `ml.${lower}`;
  if (normalized !== type && instances.isHyperPodType(normalized)) return { replacement: normalized };
  const family = normalized.slice(0, normalized.lastIndexOf('.'));
  const sizes = family.length > 3 ? SIZES.map((size) => `${family}.${size}`).filter((t) => instances.isHyperPodType(t)) : [];
  if (sizes.length > 0) return { family: sizes };
  // Two edits at most (ml.p5.48xlage, ml.g5.2xlargee): a third would turn inf2 into trn2.
  const closest = CLUSTER_INSTANCE_TYPES.map((t) => ({ t, d: editDistance(normalized, t) }))
    .filter((x) => x.d <= 2 && instances.isHyperPodType(x.t))
    .sort((a, b) => a.d - b.d || compareText(a.t, b.t))
    .slice(0, 3)
    .map((x) => x.t);
  return closest.length > 0 ? { closest } : {};
}

export default defineRule({
  meta: {
    id: 'HP007',
    name: 'instance-type-unknown',
    title: 'Instance type is not a HyperPod cluster instance type',
    defaultSeverity: 'error',
    description:
      'An instance group names an instance type (InstanceType, or an item of InstanceRequirements.InstanceTypes) that is not ' +
      'in the HyperPod ClusterInstanceType list, for example a size that does not exist or a type without the ml. prefix. ' +
      'CreateCluster and UpdateCluster reject such a request.',
    docs: 'docs/rules/HP007.md',
  },
  check(ctx) {
    for (const cluster of scannedClusters(ctx.model)) {
      for (const group of groupsOf(cluster)) {
        const name = groupLabel(cluster, group);
        for (const type of group.instanceTypes) {
          const at = instanceTypeLoc(group, type);
          if (!type.known) {
            ctx.unverified({ file: at.file, line: at.line, resource: name, reason: `instance type of group ${name}: ${type.reason}` });
            continue;
          }
          // The ClusterInstanceType enum of the SageMaker API model (src/data/sagemaker-api-model.json,
          // generated from botocore by scripts/gen-api-model.mjs): hyperpod-reference.md §2 [BOTO].
          // A valid type without network data is not this rule's concern (HP030/HP031 say "network data missing").
          if (ctx.instances.isHyperPodType(type.value)) continue;
          const hint = suggestionFor(ctx.instances, type.value);
          const hintText = hint.replacement
            ? `; did you mean ${hint.replacement}?`
            : hint.family
              ? `; valid types of this family are ${hint.family.join(', ')}.`
              : hint.closest
                ? `; the closest valid types are ${hint.closest.join(', ')}.`
                : '.';
          ctx.report({
            loc: at,
            resource: name,
            entityKey: cluster.key,
            detail: `${name}:${type.value}`,
            message:
              `Instance type ${type.value} of instance group ${name} (cluster ${clusterLabel(cluster)}) is not one of the ` +
              `HyperPod cluster instance types, so CreateCluster/UpdateCluster rejects it${hintText}`,
            fix: hint.replacement
              ? `Change it to ${hint.replacement}.`
              : 'Use an ml. instance type from the SageMaker ClusterInstanceType list (see docs/rules/HP007.md).',
          });
        }
      }
    }
  },
});
