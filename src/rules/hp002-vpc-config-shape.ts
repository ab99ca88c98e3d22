/** HP002: VpcConfig / OverrideVpcConfig must hold 1-16 subnet IDs and 1-5 security-group IDs (hyperpod-reference.md §R4, §R12). */
import type { Cluster, InstanceGroup, Loc, RefList, VpcConfig } from '../model/types.js';
import { defineRule, type RuleContext } from './types.js';
import { allVpcConfigs, clusterLabel, groupLabel, isPlaceholder } from './util/cluster.js';

// VpcConfig.Subnets: 1-16 items; VpcConfig.SecurityGroupIds: 1-5 items; each ID at most 32 characters
// matching [-0-9a-zA-Z]+ (hyperpod-reference.md §R4 [BOTO][API-VPC][CFN-SCHEMA]).
const ID_PATTERN = /^[-0-9a-zA-Z]+$/;
const ID_MAX_LENGTH = 32;
// EC2 gives IDs 8 (before 2016) or 17 characters after the prefix, hexadecimal in every ID it issues
// (EC2 User Guide, "Resource IDs": https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/resource-ids.html).
// The API pattern accepts more, so in a template a literal outside this form is a notice (likely placeholder); in a
// cluster spec, the request body submitted as it is, such a literal can never resolve and is an error (issue 17 item 7).
const EC2_ID_SUFFIX = /^(?:[0-9a-f]{8}|[0-9a-f]{17})$/i;
/** `<subnet-id>`: no templating tool fills it in, so a spec holding it is sent as written. */
const ANGLE_PLACEHOLDER = /^<[^>]+>$/;

interface ListSpec {
  key: 'Subnets' | 'SecurityGroupIds';
  what: string;
  min: number;
  max: number;
  prefix: string;
}

const SUBNETS: ListSpec = { key: 'Subnets', what: 'subnet', min: 1, max: 16, prefix: 'subnet-' };
const SECURITY_GROUPS: ListSpec = { key: 'SecurityGroupIds', what: 'security group', min: 1, max: 5, prefix: 'sg-' };

export default defineRule({
  meta: {
    id: 'HP002',
    name: 'vpc-config-shape',
    title: 'VpcConfig or OverrideVpcConfig is malformed',
    defaultSeverity: 'error',
    description:
      'VpcConfig and OverrideVpcConfig need both Subnets (1 to 16 subnet IDs) and SecurityGroupIds (1 to 5 security-group IDs). ' +
      'A missing list, a list out of bounds, or a literal that is not a subnet or security-group ID makes CreateCluster fail.',
    docs: 'docs/rules/HP002.md',
  },
  check(ctx) {
    for (const cluster of ctx.model.ofType('Cluster')) {
      for (const { config, group } of allVpcConfigs(cluster)) {
        checkList(ctx, cluster, config, group, config.subnets, SUBNETS);
        checkList(ctx, cluster, config, group, config.securityGroups, SECURITY_GROUPS);
      }
    }
  },
});

function checkList(
  ctx: RuleContext,
  cluster: Cluster,
  config: VpcConfig,
  group: InstanceGroup | undefined,
  list: RefList | undefined,
  spec: ListSpec,
): void {
  const owner = group
    ? `OverrideVpcConfig of instance group ${groupLabel(group)} in cluster ${clusterLabel(cluster)}`
    : `VpcConfig of cluster ${clusterLabel(cluster)}`;
  const detail = `${group ? `${groupLabel(group)}/Override` : ''}VpcConfig.${spec.key}`;
  const report = (loc: Loc, message: string, fix: string, extra = '') =>
    ctx.report({ loc, message, fix, resource: cluster.name, entityKey: cluster.key, detail: detail + extra });

  if (list === undefined) {
    report(
      config.loc,
      `${owner} has no ${spec.key}. Both Subnets and SecurityGroupIds are required, so the request is rejected.`,
      `Add ${spec.key} with ${spec.min} to ${spec.max} ${spec.what} IDs.`,
    );
    return;
  }
  if (!list.known) {
    ctx.unverified({
      file: cluster.file,
      line: (list.loc ?? config.loc).line,
      resource: cluster.name,
      reason: `${spec.key} of the ${owner} is unknown (${list.reason}); its size cannot be checked`,
    });
    return;
  }
  const count = list.items.length;
  if (count < spec.min || count > spec.max) {
    report(
      list.loc ?? config.loc,
      `${owner} lists ${count} ${spec.what}${count === 1 ? '' : 's'} in ${spec.key}; HyperPod accepts ${spec.min} to ${spec.max}.`,
      count < spec.min
        ? `List at least ${spec.min} ${spec.what} ID in ${spec.key}.`
        : `Keep at most ${spec.max} ${spec.what} IDs in ${spec.key}.`,
    );
  }
  // A cluster spec is the request body itself: what it says is what CreateCluster receives.
  const isSpec = cluster.sourceKind === 'cluster-spec';
  for (const item of list.items) {
    if (item.kind !== 'id') continue; // entity references and unresolved values are fine
    if (isSpec && ANGLE_PLACEHOLDER.test(item.id.trim())) {
      report(
        item.loc ?? list.loc ?? config.loc,
        `${spec.key} of the ${owner} holds the placeholder "${item.id}", which no tool fills in: the request is sent with it and rejected.`,
        `Replace it with the ID of an existing ${spec.what} (${spec.prefix} and 8 or 17 hexadecimal digits).`,
        `:${item.id}`,
      );
      continue;
    }
    if (isPlaceholder(item.id)) {
      // e.g. a cluster-config.json filled in by envsubst before use: unknown, not wrong.
      ctx.unverified({
        file: cluster.file,
        line: (item.loc ?? list.loc ?? config.loc).line,
        resource: cluster.name,
        reason: `${spec.key} of the ${owner} holds the template placeholder "${item.id}", filled in outside the scanned files`,
      });
      continue;
    }
    const problem = idProblem(item.id, spec);
    if (!problem) {
      if (EC2_ID_SUFFIX.test(item.id.slice(spec.prefix.length))) continue;
      ctx.report({
        loc: item.loc ?? list.loc ?? config.loc,
        severity: isSpec ? 'error' : 'notice',
        message:
          `${spec.key} of the ${owner} contains "${item.id}", which is not an EC2 ${spec.what} ID (${spec.prefix} followed by 8 or 17 ` +
          (isSpec
            ? 'hexadecimal digits); it is a placeholder that can never resolve, so the request is rejected.'
            : 'hexadecimal digits); it looks like a placeholder to replace before deploying.'),
        fix: `Replace it with the ID of an existing ${spec.what} (${spec.prefix} and 8 or 17 hexadecimal digits), or reference the ${spec.what} resource.`,
        resource: cluster.name,
        entityKey: cluster.key,
        detail: `${detail}:${item.id}`,
      });
      continue;
    }
    report(
      item.loc ?? list.loc ?? config.loc,
      `${spec.key} of the ${owner} contains "${item.id}", which ${problem}.`,
      `Use the ID of a ${spec.what} (${spec.prefix}...), or a reference to a ${spec.what} resource.`,
      `:${item.id}`,
    );
  }
}

function idProblem(id: string, spec: ListSpec): string | undefined {
  if (!id.startsWith(spec.prefix)) return `is not a ${spec.what} ID (${spec.prefix}...)`;
  if (id.length > ID_MAX_LENGTH) return `is longer than the ${ID_MAX_LENGTH} characters an ID may have`;
  if (!ID_PATTERN.test(id) || id.length === spec.prefix.length)
    return `is not a valid ${spec.what} ID (letters, digits and hyphens after ${spec.prefix})`;
  return undefined;
}
