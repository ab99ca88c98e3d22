import { defineRule } from './types.js';
import type { InstanceGroup, Subnet, VpcConfig } from '../model/types.js';
import {
  clusterLabel,
  comparableZones,
  groupLabel,
  groupsOf,
  isEfaCapable,
  scannedClusters,
  subnetsOf,
  unresolvedSubnetReason,
} from './util/groups.js';

/** Where some EFA groups can land: the cluster VpcConfig (shared by all groups without override) or one override. */
interface Slot {
  groups: InstanceGroup[];
  config: VpcConfig;
  override: boolean;
  subnets: Subnet[];
}

export default defineRule({
  meta: {
    id: 'HP032',
    name: 'efa-single-az',
    title: 'EFA instance groups can land in different Availability Zones',
    defaultSeverity: 'warning',
    description:
      'EFA-capable instance groups of one cluster can be placed in different Availability Zones, where EFA traffic between them ' +
      'is impossible: an OverrideVpcConfig puts a group in another zone than the rest, or pins a group to one zone while the ' +
      'cluster-level subnets span several. Groups without overrides share the one subnet HyperPod picks, so a multi-zone ' +
      'cluster-level list alone is not a finding.',
    docs: 'docs/rules/HP032.md',
  },
  check(ctx) {
    for (const cluster of scannedClusters(ctx.model)) {
      const efaGroups = groupsOf(cluster).filter((group) => isEfaCapable(ctx, group));
      if (efaGroups.length < 2 || !efaGroups.some((g) => g.overrideVpcConfig)) continue;
      const slots: Slot[] = [];
      const shared = efaGroups.filter((g) => !g.overrideVpcConfig);
      if (shared.length > 0 && cluster.vpcConfig) slots.push({ groups: shared, config: cluster.vpcConfig, override: false, subnets: [] });
      for (const group of efaGroups) {
        if (group.overrideVpcConfig) slots.push({ groups: [group], config: group.overrideVpcConfig, override: true, subnets: [] });
      }
      let complete = true;
      for (const slot of slots) {
        const subnets = subnetsOf(ctx.model, slot.config);
        if (!subnets.known) {
          ctx.unverified({
            file: slot.config.loc.file,
            line: slot.config.loc.line,
            resource: cluster.name,
            reason: `EFA zones: ${subnets.reason}`,
          });
          complete = false;
          continue;
        }
        for (const use of subnets.items) {
          if (use.subnet) slot.subnets.push(use.subnet);
          else {
            const at = use.ref.loc ?? slot.config.loc;
            ctx.unverified({
              file: at.file,
              line: at.line,
              resource: cluster.name,
              reason: `EFA zones: ${unresolvedSubnetReason(use.ref)}`,
            });
            complete = false;
          }
        }
      }
      if (!complete || slots.length < 2) continue;
      const all = slots.flatMap((s) => s.subnets);
      const compare = comparableZones(all);
      if (!compare) {
        const at = slots.find((s) => s.override)!.config.loc;
        ctx.unverified({
          file: at.file,
          line: at.line,
          resource: cluster.name,
          reason: `EFA zones of cluster ${clusterLabel(cluster)}: the subnets do not all give AZ IDs, or AZ names in one file`,
        });
        continue;
      }
      const zonesOf = (slot: Slot) => [...new Set(slot.subnets.map(compare.zoneOf))].sort();
      const placement = (slot: Slot) =>
        `${slot.override ? 'by OverrideVpcConfig' : 'by the cluster VpcConfig'} in ${zonesOf(slot).join(' or ')}`;
      const describe = (slot: Slot) => `${slot.groups.map((g) => groupLabel(cluster, g)).join(', ')} ${placement(slot)}`;
      for (const slot of slots) {
        if (!slot.override) continue;
        const mine = zonesOf(slot);
        const others = slots.filter((s) => s !== slot && new Set([...mine, ...zonesOf(s)]).size > 1);
        if (others.length === 0) continue;
        const group = slot.groups[0]!;
        const name = groupLabel(cluster, group);
        ctx.report({
          loc: slot.config.loc,
          resource: name,
          entityKey: cluster.key,
          detail: name,
          message:
            `EFA-capable instance group ${name} of cluster ${clusterLabel(cluster)} is placed ${placement(slot)}, while ` +
            `${others.map(describe).join('; ')}. They can end up in different Availability Zones (compared by AZ ${compare.kind === 'id' ? 'ID' : 'name'}), ` +
            'and EFA traffic cannot cross zones.',
          fix: 'Give every EFA group subnets in one and the same Availability Zone (one subnet, or an OverrideVpcConfig with subnets of that zone only).',
        });
      }
    }
  },
});
