import { defineRule } from './types.js';
import { clusterLabel, groupLabel, groupsOf, scannedClusters } from './util/groups.js';

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
      if (cluster.vpcConfig) continue;
      const mounting = groupsOf(cluster).filter((g) => g.fsxMounts.length > 0);
      const deployed = (cluster.fsxFileSystems ?? [])
        .map((ref) => ctx.model.resolve(ref, 'FsxFileSystem'))
        .filter((fsx) => !fsx || !fsx.fileSystemType.known || fsx.fileSystemType.value.toUpperCase() === 'LUSTRE');
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
