import { defineRule } from './types.js';
import type { GroupCapacity, SubnetCapacity } from './types.js';
import { clusterLabel } from './util/groups.js';
import { RESERVED_ADDRESSES_PER_SUBNET } from './util/capacity.js';
import { suggestSubnetCidr } from './util/cidr.js';
import { grownCount, largestFit, planSubnets, type GroupDemand as Demand, type SubnetPlan } from './util/subnet-plan.js';
import type { Model } from '../model/model.js';

/** The known IPv4 CIDRs of the subnet's VPC and of the VPC's other subnets (for a CIDR suggestion). */
function neighbourhood(model: Model, plan: SubnetPlan): { vpcCidrs?: string[]; otherSubnets: string[] } {
  const vpc = model.resolve(plan.subnet.vpc, 'Vpc');
  const vpcCidrs = vpc?.cidrBlocks.flatMap((c) => (c.known ? [c.value] : []));
  const identity = model.refIdentity(plan.subnet.vpc);
  const otherSubnets = model
    .ofType('Subnet')
    .filter((s) => s !== plan.subnet && identity !== undefined && model.refIdentity(s.vpc) === identity && s.cidr.known)
    .map((s) => (s.cidr as { value: string }).value);
  return { vpcCidrs: vpcCidrs?.length ? vpcCidrs : undefined, otherSubnets };
}

function describe(demand: Demand, withCluster: boolean): string {
  const name = withCluster ? `${clusterLabel(demand.cluster)}/${demand.label}` : demand.label;
  const notes = [
    demand.typeCount > 1 ? `${demand.type}, the lowest of its ${demand.typeCount} types` : demand.type,
    demand.orchestrator === 'eks' ? 'EKS' : 'Slurm',
  ];
  if (demand.assumption) notes.push(demand.assumption);
  return `${name} ${demand.count} × ${demand.perInstance} = ${demand.count * demand.perInstance} (${notes.join(', ')})`;
}

export default defineRule({
  meta: {
    id: 'HP030',
    name: 'subnet-ip-capacity',
    title: 'Subnet is too small for the instance groups placed in it',
    defaultSeverity: 'error',
    description:
      'The IPv4 addresses the instance groups need in a subnet exceed its usable addresses (2^(32-prefix) - 5), or leave less room ' +
      'than the configured headroom. HyperPod places all groups of a VpcConfig in one of its subnets, so each listed subnet must ' +
      'fit all of them, and a subnet CIDR cannot be changed after creation.',
    docs: 'docs/rules/HP030.md',
  },
  check(ctx) {
    const { plans, headroom, unverified } = planSubnets(ctx.model, ctx.instances, ctx.options.headroom);
    for (const item of unverified) ctx.unverified(item);
    const capacity: SubnetCapacity[] = [];
    for (const plan of plans) {
      const { subnet, demands, needed, grown, usable } = plan;
      const cidr = subnet.cidr.known ? subnet.cidr.value : undefined;
      const row: SubnetCapacity = {
        subnet: subnet.name,
        entityKey: subnet.key,
        file: subnet.file,
        line: subnet.loc.line,
        ...(cidr !== undefined ? { cidr } : {}),
        ...(subnet.az.known ? { az: subnet.az.value } : subnet.azId.known ? { az: subnet.azId.value } : {}),
        clusters: [...new Set([...demands, ...plan.unknown].map((d) => clusterLabel(d.cluster)))],
        ...(usable !== undefined ? { usable } : {}),
        usableSource: plan.usableSource,
        ...(plan.usableReason ? { usableReason: plan.usableReason } : {}),
        needed,
        grown,
        headroom,
        status: usable === undefined ? 'unknown' : needed > usable ? 'too-small' : grown > usable ? 'no-headroom' : 'fits',
        groups: [
          ...demands.map((d): GroupCapacity => ({
            cluster: clusterLabel(d.cluster),
            group: d.label,
            instanceType: d.type,
            typeCount: d.typeCount,
            orchestrator: d.orchestrator,
            count: d.count,
            perInstance: d.perInstance,
            needed: d.count * d.perInstance,
            grownCount: grownCount(d.count, headroom),
            ...(usable !== undefined ? { largestFit: largestFit(plan, d) } : {}),
            ...(d.assumption ? { assumption: d.assumption } : {}),
          })),
          ...plan.unknown.map((d): GroupCapacity => ({ cluster: clusterLabel(d.cluster), group: d.label, unknown: d.reason })),
        ],
      };
      capacity.push(row);
      if (usable === undefined || demands.length === 0) continue;
      if (needed <= usable && grown <= usable) continue;

      const usableText =
        plan.usableSource === 'account'
          ? `${usable} free IPv4 addresses (AvailableIpAddressCount from the account)`
          : // hyperpod-reference.md §R10 [EC2-SUBNET]: AWS reserves 5 addresses per subnet.
            `${usable} usable IPv4 addresses (2^(32-${plan.prefix}) - ${RESERVED_ADDRESSES_PER_SUBNET})`;
      const withCluster = new Set(demands.map((d) => d.cluster.key)).size > 1;
      const biggest = demands.reduce((a, b) => (b.count * b.perInstance > a.count * a.perInstance ? b : a));
      const fits = largestFit(plan, biggest) ?? 0;
      const biggestName = withCluster ? `${clusterLabel(biggest.cluster)}/${biggest.label}` : biggest.label;
      const list = demands.map((d) => describe(d, withCluster)).join('; ');
      const subnetText = `Subnet ${subnet.name}${cidr ? ` (${cidr})` : ''}`;
      const fitsText =
        `At most ${fits} instance${fits === 1 ? '' : 's'} of ${biggestName} fit${fits === 1 ? 's' : ''}` +
        (demands.length > 1 ? ' beside the other groups.' : '.');
      const loc = subnet.sourceKind === 'account' ? plan.firstRef : (subnet.cidrLoc ?? subnet.cidr.loc ?? subnet.loc);
      const common = { loc, resource: subnet.name, entityKey: subnet.key, detail: 'capacity' };
      // A larger CIDR only helps a subnet that is still to be created from the scanned files.
      let suggestion = '';
      if (cidr !== undefined && subnet.sourceKind !== 'account' && subnet.cidrLoc) {
        const suggested = suggestSubnetCidr({ current: cidr, addresses: grown, ...neighbourhood(ctx.model, plan) });
        const fixData = {
          kind: 'subnet-cidr' as const,
          at: subnet.cidrLoc,
          subnet: subnet.name,
          current: cidr,
          addresses: grown,
          ...('cidr' in suggested ? { cidr: suggested.cidr } : { none: suggested.none }),
        };
        Object.assign(common, { fixData });
        if ('cidr' in suggested) row.suggestedCidr = suggested.cidr;
        suggestion =
          'cidr' in suggested
            ? ` The smallest CIDR that holds ${grown} addresses here is ${suggested.cidr}.`
            : ` No larger CIDR can be suggested: ${suggested.none}.`;
      }
      if (needed > usable) {
        ctx.report({
          ...common,
          message:
            `${subnetText} has ${usableText} but the instance groups that can be placed in it need ${needed}: ` + `${list}. ${fitsText}`,
          fix:
            'Use a larger subnet CIDR (it cannot be changed after creation), give some groups an OverrideVpcConfig with other subnets, or lower InstanceCount.' +
            suggestion,
        });
      } else {
        const percent = Math.round(headroom * 100);
        ctx.report({
          ...common,
          severity: 'warning',
          message:
            `${subnetText} has ${usableText}; the instance groups that can be placed in it need ${needed} now (${list}), ` +
            `and ${grown} to grow every group by ${percent}% (headroom ${headroom}). ${fitsText}`,
          fix:
            'Size the subnet for growth now: its CIDR cannot be changed after creation (use a larger prefix, or move groups to their own subnets with OverrideVpcConfig).' +
            suggestion,
        });
      }
    }
    ctx.demand.subnets = capacity;
  },
});
