/** HP005: all subnets and security groups of a cluster belong to one VPC (hyperpod-reference.md §R4, §R11 [SEED][BOTO]). */
import type { Model } from '../model/model.js';
import type { Cluster, Ref } from '../model/types.js';
import { defineRule, type RuleContext } from './types.js';
import {
  clusterLabel,
  clusterSecurityGroupRefs,
  clusterSubnetRefs,
  groupLabel,
  isPlaceholder,
  refLabel,
  type PlacedRef,
} from './util/cluster.js';

export default defineRule({
  meta: {
    id: 'HP005',
    name: 'one-vpc',
    title: 'Cluster subnets and security groups span several VPCs',
    defaultSeverity: 'error',
    description:
      'The subnets and security groups of a cluster, at cluster level and in every OverrideVpcConfig, must all belong to one VPC. ' +
      'A security group cannot be attached to an interface in another VPC, and EFA traffic cannot cross VPCs.',
    docs: 'docs/rules/HP005.md',
  },
  check(ctx) {
    for (const cluster of ctx.model.ofType('Cluster')) checkCluster(ctx, cluster);
  },
});

/** What is known about the VPC of one subnet or security group. */
interface Member {
  placed: PlacedRef;
  kind: 'subnet' | 'security group';
  label: string;
  vpc: Ref;
  vpcLabel: string;
}

function checkCluster(ctx: RuleContext, cluster: Cluster): void {
  const model = ctx.model;
  const name = clusterLabel(cluster);
  const members: Member[] = [];
  const unverified = (reason: string, line: number) => ctx.unverified({ file: cluster.file, line, resource: cluster.name, reason });

  const collect = (placedRefs: PlacedRef[], kind: Member['kind']) => {
    for (const placed of placedRefs) {
      const entity = kind === 'subnet' ? model.resolve(placed.ref, 'Subnet') : model.resolve(placed.ref, 'SecurityGroup');
      const label = refLabel(model, placed.ref);
      if (!entity) {
        if (placed.ref.kind === 'id')
          unverified(`the VPC of ${kind} ${placed.ref.id} is not in the scanned files; account mode can check it`, placed.loc.line);
        continue;
      }
      if (entity.vpc.kind === 'unknown' && entity.vpc.expr === undefined) {
        unverified(`the VPC of ${kind} ${label} is unknown (${entity.vpc.reason})`, placed.loc.line);
        continue;
      }
      members.push({ placed, kind, label, vpc: entity.vpc, vpcLabel: refLabel(model, entity.vpc) });
    }
  };
  collect(clusterSubnetRefs(cluster), 'subnet');
  collect(clusterSecurityGroupRefs(cluster), 'security group');
  if (members.length < 2) return;

  // The VPC most members share (the first one on a tie, cluster-level subnets first) is the reference;
  // each member in a provably different VPC fires.
  const counts = new Map<string, number>();
  for (const member of members) {
    const id = model.refIdentity(member.vpc) ?? '';
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const reference = members.reduce((best, member) =>
    (counts.get(model.refIdentity(member.vpc) ?? '') ?? 0) > (counts.get(model.refIdentity(best.vpc) ?? '') ?? 0) ? member : best,
  );
  for (const member of members) {
    if (member === reference) continue;
    if (differentVpc(model, reference.vpc, member.vpc) !== true) continue;
    const where = member.placed.group ? `OverrideVpcConfig of instance group ${groupLabel(member.placed.group)}` : 'VpcConfig';
    const refWhere = reference.placed.group ? `OverrideVpcConfig of instance group ${groupLabel(reference.placed.group)}` : 'VpcConfig';
    ctx.report({
      loc: member.placed.loc,
      resource: cluster.name,
      entityKey: cluster.key,
      detail: `${member.kind}:${member.label}`,
      message:
        `${capitalize(member.kind)} ${member.label} in the ${where} of cluster ${name} is in VPC ${member.vpcLabel}, but ` +
        `${reference.kind} ${reference.label} in the ${refWhere} is in VPC ${reference.vpcLabel}. ` +
        'All subnets and security groups of a HyperPod cluster must belong to one VPC.',
      fix: `Use a ${member.kind} of VPC ${reference.vpcLabel} here, or move the cluster's other subnets and security groups to VPC ${member.vpcLabel}.`,
    });
  }
}

/**
 * True only when two VPC references are provably different VPCs: two distinct entities, two distinct literal IDs,
 * or an entity whose physical ID differs from a literal. An entity without a physical ID may be any literal VPC.
 */
function differentVpc(model: Model, a: Ref, b: Ref): boolean | undefined {
  const idA = model.refIdentity(a);
  const idB = model.refIdentity(b);
  if (idA === undefined || idB === undefined) return undefined;
  if (idA === idB) return false;
  if ([a, b].some((ref) => ref.kind === 'id' && isPlaceholder(ref.id))) return undefined;
  const kind = (id: string) => id.slice(0, id.indexOf(':'));
  if (kind(idA) === 'expr' || kind(idB) === 'expr') return undefined; // two expressions may give the same value
  if (kind(idA) === kind(idB)) return true; // two entities, or two literal IDs
  const entityRef = kind(idA) === 'entity' ? idA : idB;
  const entity = model.get(entityRef.slice('entity:'.length));
  return entity?.physicalId ? true : undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
