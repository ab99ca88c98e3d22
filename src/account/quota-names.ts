/**
 * SageMaker HyperPod quota names (service code `sagemaker`), matched by name because public
 * material disagrees on the codes (hyperpod-reference.md §6 [DG-PREREQ][FS-QUOTA]).
 * No SDK import here: rules may use these names.
 */
export const PER_CLUSTER_INSTANCES_QUOTA = 'Maximum number instances allowed per SageMaker HyperPod cluster';
export const TOTAL_INSTANCES_QUOTA = 'Total number of instances allowed across SageMaker HyperPod clusters';
const CLUSTER_USAGE_SUFFIX = ' for cluster usage';

/** `ml.p5.48xlarge for cluster usage` for `ml.p5.48xlarge` (§R1 [SEED]). */
export const clusterUsageQuotaName = (instanceType: string): string => `${instanceType}${CLUSTER_USAGE_SUFFIX}`;

/** The quotas account mode hands to HP040. */
export function isClusterQuotaName(name: string): boolean {
  return (
    name === PER_CLUSTER_INSTANCES_QUOTA ||
    name === TOTAL_INSTANCES_QUOTA ||
    (name.startsWith('ml.') && name.endsWith(CLUSTER_USAGE_SUFFIX))
  );
}
