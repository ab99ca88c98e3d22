/**
 * The address plan of every subnet the scanned clusters place instance groups in: what each group needs
 * (HP030's formula, util/capacity.ts), what the subnet offers, and how many instances of each group fit.
 * HP030 reports from it; the capacity planner table (src/report/capacity.ts) shows it.
 */
import type { Model } from '../../model/model.js';
import type { Cluster, InstanceGroup, Loc, Subnet } from '../../model/types.js';
import type { InstanceNetworkData } from '../../data/instance-network.js';
import type { Unverified } from '../../model/types.js';
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
} from './groups.js';
import { addressesPerInstance, interfaceModeOf, ipv4Prefix, lowestPerInstance, usableAddresses } from './capacity.js';

/** What one group needs in one subnet. */
export interface GroupDemand {
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

/** A group placed in a subnet whose demand cannot be computed. */
export interface UnknownDemand {
  cluster: Cluster;
  group: InstanceGroup;
  label: string;
  reason: string;
}

export interface SubnetPlan {
  subnet: Subnet;
  /** First place a cluster names the subnet (used when the subnet itself is not in the scanned files). */
  firstRef: Loc;
  demands: GroupDemand[];
  unknown: UnknownDemand[];
  /** Usable addresses: the account's free count when known, else 2^(32-prefix) - 5; undefined when not known. */
  usable?: number;
  usableSource: 'account' | 'cidr' | 'unknown';
  prefix?: number;
  /** Why usable is not known. */
  usableReason?: string;
  /** Addresses the known groups need now. */
  needed: number;
  /** Addresses they need once every group grows by the headroom. */
  grown: number;
}

export interface SubnetPlans {
  plans: SubnetPlan[];
  headroom: number;
  /** What could not be planned, for HP030's unverified list. */
  unverified: Omit<Unverified, 'ruleId'>[];
}

/** The demand of one group, or why it cannot be computed. */
function groupDemand(
  instances: InstanceNetworkData,
  cluster: Cluster,
  group: InstanceGroup,
  orchestrator: 'eks' | 'slurm',
): GroupDemand | string {
  const label = groupLabel(cluster, group);
  if (!group.instanceCount.known) return `InstanceCount of group ${label}: ${group.instanceCount.reason}`;
  const { types, unknownReasons } = typesOf(group);
  if (unknownReasons.length > 0) return `instance type of group ${label}: ${unknownReasons[0]}`;
  const mode = interfaceModeOf(group);
  if (!mode) return `NetworkInterface.InterfaceType of group ${label} is not known`;
  const per = lowestPerInstance(types, (type) => addressesPerInstance(instances, type, orchestrator, mode));
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

/** A count grown by the headroom (0.5 = +50%), rounded up. */
export const grownCount = (count: number, headroom: number): number => Math.ceil(count * (1 + headroom));

/** The configured headroom as a usable fraction (non-finite or negative counts as none). */
export const effectiveHeadroom = (headroom: number): number => (Number.isFinite(headroom) && headroom > 0 ? headroom : 0);

/** Instances of `demand`'s group that fit in the plan's subnet beside the other groups at their counts. */
export function largestFit(plan: SubnetPlan, demand: GroupDemand): number | undefined {
  if (plan.usable === undefined) return undefined;
  const others = plan.needed - demand.count * demand.perInstance;
  return Math.max(0, Math.floor((plan.usable - others) / demand.perInstance));
}

export function planSubnets(model: Model, instances: InstanceNetworkData, headroomSetting: number): SubnetPlans {
  const headroom = effectiveHeadroom(headroomSetting);
  const bySubnet = new Map<string, SubnetPlan>();
  const unverified: Omit<Unverified, 'ruleId'>[] = [];
  const unresolved = new Set<string>();
  for (const cluster of scannedClusters(model)) {
    const groups = groupsOf(cluster);
    if (groups.length === 0) continue;
    const orchestrator = orchestratorOf(cluster);
    if (!orchestrator) {
      const at = cluster.orchestratorLoc ?? cluster.loc;
      unverified.push({
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
      const subnets = subnetsOf(model, placement.config);
      if (!subnets.known) {
        const at = placement.config.loc;
        unverified.push({
          file: at.file,
          line: at.line,
          resource: cluster.name,
          reason: `subnet sizing: subnets of ${clusterLabel(cluster)}/${groupLabel(cluster, group)}: ${subnets.reason}`,
        });
        continue;
      }
      const demand = groupDemand(instances, cluster, group, orchestrator);
      if (typeof demand === 'string') {
        const at = group.instanceTypeLoc ?? group.loc;
        unverified.push({ file: at.file, line: at.line, resource: groupLabel(cluster, group), reason: `subnet sizing: ${demand}` });
      }
      for (const use of subnets.items) {
        const at = use.ref.loc ?? placement.config.loc;
        if (!use.subnet) {
          const id = use.identity ?? `${at.file}:${at.line}`;
          if (!unresolved.has(id)) {
            unresolved.add(id);
            unverified.push({
              file: at.file,
              line: at.line,
              resource: cluster.name,
              reason: `subnet sizing: ${unresolvedSubnetReason(use.ref)}`,
            });
          }
          continue;
        }
        let plan = bySubnet.get(use.subnet.key);
        if (!plan) {
          plan = { subnet: use.subnet, firstRef: at, demands: [], unknown: [], usableSource: 'unknown', needed: 0, grown: 0 };
          bySubnet.set(use.subnet.key, plan);
        }
        if (typeof demand === 'string') {
          if (!plan.unknown.some((d) => d.group === group))
            plan.unknown.push({ cluster, group, label: groupLabel(cluster, group), reason: demand });
        } else if (!plan.demands.some((d) => d.group === group)) {
          plan.demands.push(demand);
        }
      }
    }
  }

  for (const plan of bySubnet.values()) {
    const { subnet } = plan;
    plan.needed = plan.demands.reduce((sum, d) => sum + d.count * d.perInstance, 0);
    plan.grown = plan.demands.reduce((sum, d) => sum + grownCount(d.count, headroom) * d.perInstance, 0);
    const cidr = subnet.cidr.known ? subnet.cidr.value : undefined;
    const prefix = cidr === undefined ? undefined : ipv4Prefix(cidr);
    if (prefix !== undefined) plan.prefix = prefix;
    if (subnet.availableIpAddressCount !== undefined) {
      plan.usable = subnet.availableIpAddressCount;
      plan.usableSource = 'account';
    } else if (prefix !== undefined) {
      plan.usable = usableAddresses(prefix);
      plan.usableSource = 'cidr';
    } else {
      plan.usableReason = subnet.cidr.known ? `CIDR ${subnet.cidr.value} is not an IPv4 CIDR` : subnet.cidr.reason;
      if (plan.demands.length) {
        const at = subnet.cidrLoc ?? subnet.loc;
        unverified.push({
          file: at.file,
          line: at.line,
          resource: subnet.name,
          reason: `subnet sizing of ${subnet.name}: ${plan.usableReason}`,
        });
      }
    }
  }
  return { plans: [...bySubnet.values()], headroom, unverified };
}
