import { defineRule } from './types.js';
import { clusterLabel, groupLabel, groupsOf, instanceTypeLoc, scannedClusters } from './util/groups.js';
import type { InstanceNetworkData } from '../data/instance-network.js';

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

/** A replacement for a mistyped type (ml.-prefixed or lower-case form), or the family's valid sizes. */
export function suggestionFor(instances: InstanceNetworkData, type: string): { replacement?: string; family?: string[] } {
  const lower = type.trim().toLowerCase();
  const normalized = lower.startsWith('ml.') ? lower : `ml.${lower}`;
  if (normalized !== type && instances.isHyperPodType(normalized)) return { replacement: normalized };
  const family = normalized.slice(0, normalized.lastIndexOf('.'));
  if (family.length <= 3) return {};
  const sizes = SIZES.map((size) => `${family}.${size}`).filter((t) => instances.isHyperPodType(t));
  return sizes.length > 0 ? { family: sizes } : {};
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
          // The 201 ClusterInstanceType values of botocore 1.43.67: hyperpod-reference.md §2 [BOTO].
          if (ctx.instances.isHyperPodType(type.value)) continue;
          const hint = suggestionFor(ctx.instances, type.value);
          const hintText = hint.replacement
            ? `; did you mean ${hint.replacement}?`
            : hint.family
              ? `; valid types of this family are ${hint.family.join(', ')}.`
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
