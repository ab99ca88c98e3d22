import { defineRule, type RuleContext } from './types.js';
import type { Cluster, InstanceGroup, Loc, Subnet } from '../model/types.js';
import {
  clusterLabel,
  effectiveVpcConfig,
  groupLabel,
  groupsOf,
  orchestratorOf,
  scannedClusters,
  subnetsOf,
  typesOf,
  unresolvedSubnetReason,
} from './util/groups.js';
import {
  addressesPerInstance,
  interfaceModeOf,
  ipv4Prefix,
  lowestPerInstance,
  RESERVED_ADDRESSES_PER_SUBNET,
  usableAddresses,
} from './util/capacity.js';

/** What one group needs in one subnet. */
interface Demand {
  cluster: Cluster;
  group: InstanceGroup;
  label: string;
  count: number;
  perInstance: number;
  type: string;
  typeCount: number;
  orchestrator: 'eks' | 'slurm';
  assumption?: string;
}

interface SubnetDemand {
  subnet: Subnet;
  /** First place a cluster names the subnet (used when the subnet itself is not in the scanned files). */
  firstRef: Loc;
  demands: Demand[];
}

/** The demand of one group, or why it cannot be computed. */
function groupDemand(ctx: RuleContext, cluster: Cluster, group: InstanceGroup, orchestrator: 'eks' | 'slurm'): Demand | string {
  const label = groupLabel(cluster, group);
  if (!group.instanceCount.known) return `InstanceCount of group ${label}: ${group.instanceCount.reason}`;
  const { types, unknownReasons } = typesOf(group);
  if (unknownReasons.length > 0) return `instance type of group ${label}: ${unknownReasons[0]}`;
  const mode = interfaceModeOf(group);
  if (!mode) return `NetworkInterface.InterfaceType of group ${label} is not known`;
  const per = lowestPerInstance(types, (type) => addressesPerInstance(ctx.instances, type, orchestrator, mode));
  if (!per.known) return `addresses per instance of group ${label}: ${per.reason}`;
  return {
    cluster,
    group,
    label,
    count: group.instanceCount.value,
    perInstance: per.value,
    type: per.type ?? types[0]!,
    typeCount: types.length,
    orchestrator,
    assumption: per.assumption,
  };
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
    const bySubnet = new Map<string, SubnetDemand>();
    const unresolved = new Set<string>();
    for (const cluster of scannedClusters(ctx.model)) {
      const groups = groupsOf(cluster);
      if (groups.length === 0) continue;
      const orchestrator = orchestratorOf(cluster);
      if (!orchestrator) {
        const at = cluster.orchestratorLoc ?? cluster.loc;
        ctx.unverified({
          file: at.file,
          line: at.line,
          resource: cluster.name,
          reason: `subnet sizing: orchestrator of cluster ${clusterLabel(cluster)} is not known`,
        });
        continue;
      }
      for (const group of groups) {
        const placement = effectiveVpcConfig(cluster, group);
        if (!placement) continue; // platform VPC (Slurm without VpcConfig)
        const subnets = subnetsOf(ctx.model, placement.config);
        if (!subnets.known) {
          const at = placement.config.loc;
          ctx.unverified({
            file: at.file,
            line: at.line,
            resource: cluster.name,
            reason: `subnet sizing: subnets of ${clusterLabel(cluster)}/${groupLabel(cluster, group)}: ${subnets.reason}`,
          });
          continue;
        }
        const demand = groupDemand(ctx, cluster, group, orchestrator);
        if (typeof demand === 'string') {
          const at = group.instanceTypeLoc ?? group.loc;
          ctx.unverified({ file: at.file, line: at.line, resource: groupLabel(cluster, group), reason: `subnet sizing: ${demand}` });
          continue;
        }
        for (const use of subnets.items) {
          const at = use.ref.loc ?? placement.config.loc;
          if (!use.subnet) {
            const id = use.identity ?? `${at.file}:${at.line}`;
            if (!unresolved.has(id)) {
              unresolved.add(id);
              ctx.unverified({
                file: at.file,
                line: at.line,
                resource: cluster.name,
                reason: `subnet sizing: ${unresolvedSubnetReason(use.ref)}`,
              });
            }
            continue;
          }
          let entry = bySubnet.get(use.subnet.key);
          if (!entry) bySubnet.set(use.subnet.key, (entry = { subnet: use.subnet, firstRef: at, demands: [] }));
          if (!entry.demands.some((d) => d.group === group)) entry.demands.push(demand);
        }
      }
    }

    const headroom = Number.isFinite(ctx.options.headroom) && ctx.options.headroom > 0 ? ctx.options.headroom : 0;
    for (const { subnet, firstRef, demands } of bySubnet.values()) {
      const cidr = subnet.cidr.known ? subnet.cidr.value : undefined;
      let usable: number;
      let usableText: string;
      if (subnet.availableIpAddressCount !== undefined) {
        usable = subnet.availableIpAddressCount;
        usableText = `${usable} free IPv4 addresses (AvailableIpAddressCount from the account)`;
      } else {
        const prefix = cidr === undefined ? undefined : ipv4Prefix(cidr);
        if (prefix === undefined) {
          const at = subnet.cidrLoc ?? subnet.loc;
          const reason = subnet.cidr.known ? `CIDR ${subnet.cidr.value} is not an IPv4 CIDR` : subnet.cidr.reason;
          ctx.unverified({ file: at.file, line: at.line, resource: subnet.name, reason: `subnet sizing of ${subnet.name}: ${reason}` });
          continue;
        }
        usable = usableAddresses(prefix);
        // hyperpod-reference.md §R10 [EC2-SUBNET]: AWS reserves 5 addresses per subnet.
        usableText = `${usable} usable IPv4 addresses (2^(32-${prefix}) - ${RESERVED_ADDRESSES_PER_SUBNET})`;
      }
      const needed = demands.reduce((sum, d) => sum + d.count * d.perInstance, 0);
      const grown = demands.reduce((sum, d) => sum + Math.ceil(d.count * (1 + headroom)) * d.perInstance, 0);
      if (needed <= usable && grown <= usable) continue;

      const withCluster = new Set(demands.map((d) => d.cluster.key)).size > 1;
      const biggest = demands.reduce((a, b) => (b.count * b.perInstance > a.count * a.perInstance ? b : a));
      const others = needed - biggest.count * biggest.perInstance;
      const fits = Math.max(0, Math.floor((usable - others) / biggest.perInstance));
      const biggestName = withCluster ? `${clusterLabel(biggest.cluster)}/${biggest.label}` : biggest.label;
      const list = demands.map((d) => describe(d, withCluster)).join('; ');
      const subnetText = `Subnet ${subnet.name}${cidr ? ` (${cidr})` : ''}`;
      const fitsText =
        `At most ${fits} instance${fits === 1 ? '' : 's'} of ${biggestName} fit${fits === 1 ? 's' : ''}` +
        (demands.length > 1 ? ' beside the other groups.' : '.');
      const loc = subnet.sourceKind === 'account' ? firstRef : (subnet.cidrLoc ?? subnet.cidr.loc ?? subnet.loc);
      const common = { loc, resource: subnet.name, entityKey: subnet.key, detail: 'capacity' };
      if (needed > usable) {
        ctx.report({
          ...common,
          message:
            `${subnetText} has ${usableText} but the instance groups that can be placed in it need ${needed}: ` + `${list}. ${fitsText}`,
          fix: 'Use a larger subnet CIDR (it cannot be changed after creation), give some groups an OverrideVpcConfig with other subnets, or lower InstanceCount.',
        });
      } else {
        const percent = Math.round(headroom * 100);
        ctx.report({
          ...common,
          severity: 'warning',
          message:
            `${subnetText} has ${usableText}; the instance groups that can be placed in it need ${needed} now (${list}), ` +
            `and ${grown} to grow every group by ${percent}% (headroom ${headroom}). ${fitsText}`,
          fix: 'Size the subnet for growth now: its CIDR cannot be changed after creation (use a larger prefix, or move groups to their own subnets with OverrideVpcConfig).',
        });
      }
    }
  },
});
