import { defineRule } from './types.js';
import type { InstanceGroup, Subnet, VpcConfig } from '../model/types.js';
import { clusterLabel, comparableZones, effectiveVpcConfig, groupLabel, scannedClusters, subnetsOf } from './util/groups.js';
import { fileSystemsOf, isLustre } from './util/fsx.js';

export default defineRule({
  meta: {
    id: 'HP050',
    name: 'fsx-same-az',
    title: 'FSx for Lustre file system in another Availability Zone',
    defaultSeverity: 'warning',
    description:
      'An FSx for Lustre file system the cluster uses sits in another Availability Zone than the subnets its instance groups ' +
      'can use. Cross-zone access adds latency and data-transfer cost; AWS recommends the same physical zone. Zone IDs are ' +
      'compared when both sides give them, zone names only when both are names in the same file.',
    docs: 'docs/rules/HP050.md',
  },
  check(ctx) {
    for (const cluster of scannedClusters(ctx.model)) {
      for (const [fsx, { groups }] of fileSystemsOf(ctx, cluster)) {
        const lustre = isLustre(fsx);
        if (lustre === false) continue;
        if (lustre === undefined) {
          ctx.unverified({
            file: fsx.file,
            line: fsx.loc.line,
            resource: fsx.name,
            reason: `FSx zone: file system type of ${fsx.name} is not known`,
          });
          continue;
        }
        if (!fsx.subnets.known) {
          ctx.unverified({
            file: fsx.file,
            line: fsx.loc.line,
            resource: fsx.name,
            reason: `FSx zone: SubnetIds of ${fsx.name}: ${fsx.subnets.reason}`,
          });
          continue;
        }
        if (fsx.subnets.items.length === 0) continue;
        // FSx for Lustre takes exactly one subnet: hyperpod-reference.md §R14 [FSX-SUBNET].
        const fsxRef = fsx.subnets.items[0]!;
        const at = fsxRef.loc ?? fsx.subnets.loc ?? fsx.loc;
        const fsxSubnet = ctx.model.resolve(fsxRef, 'Subnet');
        if (!fsxSubnet) {
          ctx.unverified({
            file: at.file,
            line: at.line,
            resource: fsx.name,
            reason: `FSx zone: subnet of ${fsx.name} is not in the scanned files`,
          });
          continue;
        }
        // Each VpcConfig the groups use is one place HyperPod may put them.
        const configs = new Map<VpcConfig, InstanceGroup[]>();
        for (const group of groups) {
          const placement = effectiveVpcConfig(cluster, group);
          if (placement) configs.set(placement.config, [...(configs.get(placement.config) ?? []), group]);
        }
        for (const [config, users] of configs) {
          const subnets = subnetsOf(ctx.model, config);
          if (!subnets.known || subnets.items.some((u) => !u.subnet)) {
            ctx.unverified({
              file: config.loc.file,
              line: config.loc.line,
              resource: cluster.name,
              reason: `FSx zone: some subnets of ${clusterLabel(cluster)} are not in the scanned files`,
            });
            continue;
          }
          const clusterSubnets = subnets.items.map((u) => u.subnet!) as Subnet[];
          const verdict = compareZones(fsxSubnet, clusterSubnets);
          if (verdict.kind === 'unknown') {
            ctx.unverified({ file: at.file, line: at.line, resource: fsx.name, reason: `FSx zone of ${fsx.name}: ${verdict.reason}` });
            continue;
          }
          if (verdict.kind === 'same') continue;
          const groupNames = users.map((g) => groupLabel(cluster, g)).join(', ');
          ctx.report({
            loc: at,
            resource: fsx.name,
            entityKey: fsx.key,
            detail: `${clusterLabel(cluster)}:${users.map((g) => groupLabel(cluster, g)).join(',')}`,
            message:
              `FSx for Lustre file system ${fsx.name} is in ${verdict.fsxZone} (subnet ${fsxSubnet.name}), but instance groups ` +
              `${groupNames} of cluster ${clusterLabel(cluster)} use subnets in ${verdict.clusterZones.join(', ')} ` +
              `(compared by AZ ${verdict.by}). Cross-zone file-system traffic adds latency and data-transfer cost.`,
            fix: `Put the file system in a subnet of ${verdict.clusterZones.join(' or ')}, or the cluster subnets in ${verdict.fsxZone}.`,
          });
        }
      }
    }
  },
});

type Verdict =
  | { kind: 'same' }
  | { kind: 'different'; fsxZone: string; clusterZones: string[]; by: 'ID' | 'name' }
  | { kind: 'unknown'; reason: string };

/** Same zone when the FSx zone is one the cluster subnets can be in (HyperPod picks one subnet of the list). */
function compareZones(fsxSubnet: Subnet, clusterSubnets: Subnet[]): Verdict {
  const compare = comparableZones([fsxSubnet, ...clusterSubnets]);
  if (!compare) return { kind: 'unknown', reason: 'zone IDs are not known on both sides, and zone names are not both in one file' };
  const zone = compare.zoneOf;
  const by = compare.kind === 'id' ? 'ID' : 'name';
  const fsxZone = zone(fsxSubnet);
  const clusterZones = [...new Set(clusterSubnets.map(zone))].sort();
  return clusterZones.includes(fsxZone) ? { kind: 'same' } : { kind: 'different', fsxZone, clusterZones, by };
}
