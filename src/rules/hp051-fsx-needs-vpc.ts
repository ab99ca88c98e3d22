import { defineRule } from './types.js';
import type { FsxFileSystem } from '../model/types.js';
import { clusterLabel, groupLabel, groupsOf, scannedClusters } from './util/groups.js';
import { fileSystemsOf, isLustre } from './util/fsx.js';

export default defineRule({
  meta: {
    id: 'HP051',
    name: 'fsx-needs-vpc',
    title: 'Cluster uses FSx for Lustre without a VpcConfig',
    defaultSeverity: 'error',
    description:
      'A cluster mounts an FSx for Lustre file system (InstanceStorageConfigs FsxLustreConfig) or is deployed with one, but has ' +
      'no VpcConfig. Without a VpcConfig the nodes run in the service-owned VPC and cannot reach a file system in your VPC.',
    docs: 'docs/rules/HP051.md',
  },
  check(ctx) {
    // FSx as cluster storage requires VpcConfig: hyperpod-reference.md §R2, §R14 [SEED].
    for (const cluster of scannedClusters(ctx.model)) {
      if (cluster.vpcConfig || cluster.notVisible) continue;
      // As HP001: an UpdateCluster body has no VpcConfig member (hyperpod-reference.md §2 [BOTO]), and a bare
      // instance-group file (--instance-groups) is passed with its VpcConfig separately (--vpc-config).
      if (cluster.isUpdate || cluster.request?.shape === 'ClusterInstanceGroupSpecifications') continue;
      const mounting = groupsOf(cluster).filter((g) => g.fsxMounts.length > 0);
      // The file systems HP050 treats as the cluster's (src/rules/util/fsx.ts), mounted ones aside (said per group).
      const deployed: (FsxFileSystem | undefined)[] = [];
      for (const [fsx, use] of fileSystemsOf(ctx, cluster)) {
        if (use.tie === 'mounted') continue;
        const lustre = isLustre(fsx);
        if (lustre === true || (lustre === undefined && use.tie === 'referenced')) deployed.push(fsx);
        else if (lustre === undefined)
          ctx.unverified({
            file: fsx.file,
            line: fsx.loc.line,
            resource: fsx.name,
            reason: `FSx without VpcConfig: file system type of ${fsx.name}, deployed with cluster ${clusterLabel(cluster)}, is not known`,
          });
      }
      // A reference to a file system outside the scanned files still ties it to the cluster.
      for (const ref of cluster.fsxFileSystems ?? []) if (!ctx.model.resolve(ref, 'FsxFileSystem')) deployed.push(undefined);
      if (mounting.length === 0 && deployed.length === 0) continue;
      const uses: string[] = [];
      if (mounting.length > 0)
        uses.push(
          `instance group${mounting.length > 1 ? 's' : ''} ${mounting.map((g) => groupLabel(cluster, g)).join(', ')} mount${mounting.length > 1 ? '' : 's'} FSx for Lustre`,
        );
      const names = deployed.flatMap((fsx) => (fsx ? [fsx.name] : []));
      if (deployed.length > 0) uses.push(`it is deployed with FSx for Lustre${names.length > 0 ? ` ${names.join(', ')}` : ''}`);
      ctx.report({
        loc: cluster.loc,
        resource: cluster.name,
        entityKey: cluster.key,
        detail: 'fsx',
        message:
          `Cluster ${clusterLabel(cluster)} has no VpcConfig, but ${uses.join(' and ')}. Without a VpcConfig the nodes run in the ` +
          'HyperPod service VPC and cannot reach a file system in your VPC.',
        fix: "Add a VpcConfig with the subnets (in the file system's Availability Zone) and security groups that can reach the file system (TCP 988, 1018-1023).",
      });
    }
  },
});
