import { defineRule } from './types.js';
import { clusterLabel, clusterSubnets, scannedClusters } from './util/groups.js';
import { internetRouteOf, routeTableOf, s3EndpointFor } from './util/connectivity.js';

export default defineRule({
  meta: {
    id: 'HP020',
    name: 's3-reachable',
    title: 'Cluster subnet cannot reach Amazon S3',
    defaultSeverity: 'error',
    description:
      'A subnet the cluster uses has no S3 VPC endpoint (a Gateway endpoint on its route table or an Interface endpoint in its VPC) ' +
      'and no default route to a NAT gateway (an internet gateway does not count: HyperPod nodes have no public addresses). ' +
      'Nodes cannot download their lifecycle scripts from S3 and fail to provision. Warning when only a NAT gateway route gives access.',
    docs: 'docs/rules/HP020.md',
  },
  check(ctx) {
    for (const cluster of scannedClusters(ctx.model)) {
      for (const { subnet, at } of clusterSubnets(ctx, cluster, 'S3 access')) {
        const table = routeTableOf(ctx.model, subnet);
        if (table.kind === 'unknown') {
          ctx.unverified({
            file: at.file,
            line: at.line,
            resource: cluster.name,
            reason: `S3 access of subnet ${subnet.name}: ${table.reason}`,
          });
          continue;
        }
        const endpoint = s3EndpointFor(ctx.model, subnet, table);
        if (endpoint.kind === 'endpoint') continue;
        if (endpoint.kind === 'maybe') {
          ctx.unverified({ file: at.file, line: at.line, resource: cluster.name, reason: endpoint.reason });
          continue;
        }
        const tableText =
          table.kind === 'implicit-main'
            ? 'the VPC main route table (not declared, so only the local route)'
            : table.how === 'main'
              ? `the VPC main route table (${table.table.name}; the subnet has no route table association)`
              : `route table ${table.table.name}`;
        const internet = internetRouteOf(table);
        if (internet.kind === 'maybe') {
          ctx.unverified({
            file: at.file,
            line: at.line,
            resource: cluster.name,
            reason: `S3 access of subnet ${subnet.name}: ${internet.reason}`,
          });
          continue;
        }
        const clusterName = clusterLabel(cluster);
        const vpc = ctx.model.resolve(subnet.vpc, 'Vpc');
        const declared =
          table.kind === 'table' && table.how === 'explicit' && table.table.sourceKind !== 'account' ? table.table : undefined;
        const region = subnet.region?.known ? subnet.region.value : ctx.options.region;
        const fixData = {
          kind: 's3-endpoint' as const,
          subnet: subnet.name,
          ...(declared
            ? { at: declared.sourceKind === 'terraform-plan' ? declared.sourceLoc : declared.loc, routeTable: declared.name }
            : {}),
          ...(vpc && declared && vpc.file === declared.file && vpc.sourceKind !== 'account' ? { vpc: vpc.name } : {}),
          ...(vpc?.physicalId ? { vpcId: vpc.physicalId } : subnet.vpc.kind === 'id' ? { vpcId: subnet.vpc.id } : {}),
          ...(region ? { region } : {}),
        };
        const explicitTable = table.kind === 'table' && table.how === 'explicit' ? table.table.name : undefined;
        const endpointFix = explicitTable
          ? `Add an AWS::EC2::VPCEndpoint with ServiceName com.amazonaws.<region>.s3 and RouteTableIds including ${explicitTable}`
          : `Associate subnet ${subnet.name} with a route table and add an AWS::EC2::VPCEndpoint with ServiceName com.amazonaws.<region>.s3 and that table in RouteTableIds`;
        if (internet.kind === 'route' && internet.via === 'nat') {
          ctx.report({
            loc: at,
            severity: 'warning',
            resource: cluster.name,
            entityKey: cluster.key,
            detail: subnet.name,
            fixData,
            message:
              `Subnet ${subnet.name} of cluster ${clusterName} reaches Amazon S3 only through a NAT gateway ` +
              `(${tableText}, route ${internet.route.destination.known ? internet.route.destination.value : ''}): there is no S3 VPC endpoint ` +
              `for it, so lifecycle scripts and training data go through the gateway.`,
            fix: `${endpointFix}.`,
          });
          continue;
        }
        // HyperPod nodes get no public addresses, so an internet gateway route gives them no way out (HP022).
        const gatewayText =
          internet.kind === 'route'
            ? `its only default route (${internet.route.destination.known ? internet.route.destination.value : ''}) goes to an internet gateway, ` +
              'which HyperPod nodes cannot use because they have no public addresses'
            : 'no default route (0.0.0.0/0) goes to a NAT gateway';
        ctx.report({
          loc: at,
          resource: cluster.name,
          entityKey: cluster.key,
          detail: subnet.name,
          fixData,
          message:
            `Subnet ${subnet.name} of cluster ${clusterName} cannot reach Amazon S3: ${tableText} has no S3 Gateway endpoint, ` +
            `the VPC has no S3 Interface endpoint, and ${gatewayText}. ` +
            `Nodes cannot download their lifecycle scripts and fail to provision.`,
          fix: `${endpointFix}, or a 0.0.0.0/0 route to a NAT gateway.`,
        });
      }
    }
  },
});
