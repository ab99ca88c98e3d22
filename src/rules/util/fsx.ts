/**
 * The FSx file systems a cluster uses, shared by HP050 (same zone) and HP051 (needs a VpcConfig), so
 * both rules agree on which file systems belong to a cluster.
 *
 * A file system belongs to a cluster when
 * - an instance group mounts it: `InstanceStorageConfigs` `FsxLustreConfig.DnsName` equals its DNS name;
 * - the cluster references it (`!GetAtt Fsx.DNSName`, a Terraform reference): `Cluster.fsxFileSystems`;
 * - it is deployed with the cluster: declared in the same file (template, plan or module root) as the
 *   cluster, when that file declares exactly one cluster.
 */
import type { Model } from '../../model/model.js';
import type { Cluster, FsxFileSystem, InstanceGroup } from '../../model/types.js';
import type { RuleContext } from '../types.js';
import { groupsOf } from './groups.js';

/** How a file system was tied to the cluster (the strongest tie wins). */
export type FsxTie = 'mounted' | 'referenced' | 'same-file';

export interface FsxUse {
  /** The instance groups that use it: the mounting groups, else all groups of the cluster. */
  groups: InstanceGroup[];
  tie: FsxTie;
}

/** True for FSx for Lustre, false for another type, undefined when the type is not known. */
export function isLustre(fsx: FsxFileSystem): boolean | undefined {
  return fsx.fileSystemType.known ? fsx.fileSystemType.value.toUpperCase() === 'LUSTRE' : undefined;
}

/** FSx file systems by DNS name and by file, and clusters per file (built once per model). */
function fsxIndex(model: Model) {
  return model.memo('fsx:index', (m) => {
    const byDns = new Map<string, FsxFileSystem[]>();
    const byFile = new Map<string, FsxFileSystem[]>();
    for (const fsx of m.ofType('FsxFileSystem')) {
      if (fsx.sourceKind === 'account') continue;
      if (fsx.dnsName?.known) {
        const dns = fsx.dnsName.value.toLowerCase();
        if (!byDns.has(dns)) byDns.set(dns, []);
        byDns.get(dns)!.push(fsx);
      }
      if (!byFile.has(fsx.file)) byFile.set(fsx.file, []);
      byFile.get(fsx.file)!.push(fsx);
    }
    const clustersPerFile = new Map<string, number>();
    for (const cluster of m.ofType('Cluster')) clustersPerFile.set(cluster.file, (clustersPerFile.get(cluster.file) ?? 0) + 1);
    return { byDns, byFile, clustersPerFile };
  });
}

/** The file systems of the scanned files a cluster uses, with the groups that use each and how it is tied. */
export function fileSystemsOf(ctx: Pick<RuleContext, 'model'>, cluster: Cluster): Map<FsxFileSystem, FsxUse> {
  const groups = groupsOf(cluster);
  const result = new Map<FsxFileSystem, FsxUse>();
  const { byDns, byFile, clustersPerFile } = fsxIndex(ctx.model);
  for (const group of groups) {
    for (const mount of group.fsxMounts) {
      if (!mount.known) continue;
      for (const fsx of byDns.get(mount.value.toLowerCase()) ?? []) {
        const use = result.get(fsx) ?? { groups: [], tie: 'mounted' };
        if (!use.groups.includes(group)) use.groups.push(group);
        result.set(fsx, use);
      }
    }
  }
  for (const ref of cluster.fsxFileSystems ?? []) {
    const fsx = ctx.model.resolve(ref, 'FsxFileSystem');
    if (fsx && !result.has(fsx)) result.set(fsx, { groups, tie: 'referenced' });
  }
  // A file system deployed beside the cluster belongs to it only when the file holds one cluster.
  if ((clustersPerFile.get(cluster.file) ?? 0) === 1) {
    for (const fsx of byFile.get(cluster.file) ?? []) {
      if (!result.has(fsx)) result.set(fsx, { groups, tie: 'same-file' });
    }
  }
  return result;
}
