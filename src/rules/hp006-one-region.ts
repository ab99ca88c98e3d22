/** HP006: every resource a cluster uses is in the cluster's region (hyperpod-reference.md §R6 [SEED]). */
import type { Cluster, Entity, Loc } from '../model/types.js';
import { defineRule, type RuleContext } from './types.js';
import { clusterLabel, clusterRegion, clusterSecurityGroupRefs, clusterSubnetRefs } from './util/cluster.js';

// Region segment of an ARN: arn:<partition>:<service>:<region>:<account>:... (EKS ARN pattern in hyperpod-reference.md §2 [BOTO]).
const ARN = /^arn:aws[a-z-]*:[a-z0-9-]+:([a-z0-9-]*):/;
// S3 endpoint service name com.amazonaws.<region>.s3 (hyperpod-reference.md §R6, §4.4); China regions prefix "cn.".
const S3_SERVICE = /^(?:cn\.)?com\.amazonaws\.([a-z0-9-]+)\.s3$/;
// AZ name = region + zone letter (us-west-2a), or region + Local/Wavelength zone suffix (us-west-2-lax-1a).
const AZ_NAME = /^([a-z]{2}(?:-[a-z]+)+-\d+)(?:[a-z]|-[a-z0-9-]+)$/;
const AZ_ID = /^([a-z0-9]+?)-(?:az\d+|[a-z0-9]+-az\d+)$/;

/**
 * AZ ID prefix -> region, for the prefixes AWS documents ("Availability Zone IDs for your AWS resources",
 * AWS RAM User Guide; usw2 <-> us-west-2 also in hyperpod-reference.md §R6). Unlisted prefixes stay unknown.
 */
const AZ_ID_PREFIX_REGION: Record<string, string> = {
  use1: 'us-east-1',
  use2: 'us-east-2',
  usw1: 'us-west-1',
  usw2: 'us-west-2',
  cac1: 'ca-central-1',
  euw1: 'eu-west-1',
  euw2: 'eu-west-2',
  euw3: 'eu-west-3',
  euc1: 'eu-central-1',
  eun1: 'eu-north-1',
  eus1: 'eu-south-1',
  apne1: 'ap-northeast-1',
  apne2: 'ap-northeast-2',
  apne3: 'ap-northeast-3',
  aps1: 'ap-south-1',
  apse1: 'ap-southeast-1',
  apse2: 'ap-southeast-2',
  ape1: 'ap-east-1',
  sae1: 'sa-east-1',
  mes1: 'me-south-1',
  afs1: 'af-south-1',
  usgw1: 'us-gov-west-1',
  usge1: 'us-gov-east-1',
  cnn1: 'cn-north-1',
  cnnw1: 'cn-northwest-1',
};

export function regionOfArn(arn: string): string | undefined {
  const region = ARN.exec(arn)?.[1];
  return region ? region : undefined;
}

export function regionOfAzName(az: string): string | undefined {
  return AZ_NAME.exec(az)?.[1];
}

export function regionOfAzId(azId: string): string | undefined {
  const prefix = AZ_ID.exec(azId)?.[1];
  return prefix ? AZ_ID_PREFIX_REGION[prefix] : undefined;
}

export function regionOfS3Service(serviceName: string): string | undefined {
  return S3_SERVICE.exec(serviceName)?.[1];
}

export default defineRule({
  meta: {
    id: 'HP006',
    name: 'one-region',
    title: 'Resource in another region than the cluster',
    defaultSeverity: 'error',
    description:
      "A resource the cluster uses is in another region than the cluster: the EKS cluster's ARN, the S3 endpoint's service " +
      "name, a subnet's Availability Zone name or ID, an FSx file system, or an explicit region field. HyperPod needs all of them in the cluster's region.",
    docs: 'docs/rules/HP006.md',
  },
  check(ctx) {
    for (const cluster of ctx.model.ofType('Cluster')) checkCluster(ctx, cluster);
  },
});

function checkCluster(ctx: RuleContext, cluster: Cluster): void {
  const model = ctx.model;
  const region = clusterRegion(ctx, cluster);
  const name = clusterLabel(cluster);
  if (!region) {
    ctx.unverified({
      file: cluster.file,
      line: cluster.loc.line,
      resource: cluster.name,
      reason: `the region of cluster ${name} is unknown (set --region or the provider region); regions of the resources it uses were not compared`,
    });
    return;
  }
  const reported = new Set<string>();
  const fire = (loc: Loc, what: string, found: string, resource: string, entityKey: string | undefined, fix: string) => {
    // One finding per place, resource and region: in a plan, several facts of one resource share its line.
    const key = `${loc.file}:${loc.line}:${resource}:${found}`;
    if (found === region || reported.has(key)) return;
    reported.add(key);
    ctx.report({
      loc,
      resource,
      entityKey,
      detail: `${resource}:${what}`,
      message:
        `${what} is in region ${found}, but cluster ${name} is in ${region}. ` +
        'A HyperPod cluster can only use a VPC, subnets, security groups, EKS cluster, S3 endpoint and FSx file system of its own region.',
      fix,
    });
  };
  const explicitRegion = (entity: Entity, kind: string) => {
    if (entity.region?.known) {
      fire(
        entity.region.loc ?? entity.loc,
        `${kind} ${entity.name}`,
        entity.region.value,
        entity.name,
        entity.key,
        `Create ${entity.name} in ${region}.`,
      );
    }
  };

  // EKS cluster ARN, and the EKS cluster entity's own region.
  if (cluster.eksClusterArn?.known) {
    const arnRegion = regionOfArn(cluster.eksClusterArn.value);
    if (arnRegion) {
      fire(
        cluster.eksClusterArn.loc ?? cluster.orchestratorLoc ?? cluster.loc,
        `The EKS cluster ARN ${cluster.eksClusterArn.value}`,
        arnRegion,
        cluster.name,
        cluster.key,
        `Use an EKS cluster in ${region}, or create the HyperPod cluster in ${arnRegion}.`,
      );
    }
  }
  const eks = model.resolve(cluster.eksCluster, 'EksCluster');
  if (eks) {
    explicitRegion(eks, 'EKS cluster');
    if (eks.arn.known) {
      const arnRegion = regionOfArn(eks.arn.value);
      if (arnRegion)
        fire(
          eks.arn.loc ?? eks.loc,
          `The ARN of EKS cluster ${eks.name} (${eks.arn.value})`,
          arnRegion,
          eks.name,
          eks.key,
          `Use an EKS cluster in ${region}.`,
        );
    }
  }

  // Subnets: AZ names, AZ IDs and region fields.
  const vpcIds = new Set<string>();
  for (const { ref } of clusterSubnetRefs(cluster)) {
    const subnet = model.resolve(ref, 'Subnet');
    if (!subnet) continue;
    const vpcId = model.refIdentity(subnet.vpc);
    if (vpcId) vpcIds.add(vpcId);
    explicitRegion(subnet, 'Subnet');
    const fix = `Use a subnet in an Availability Zone of ${region}.`;
    if (subnet.az.known) {
      const azRegion = regionOfAzName(subnet.az.value);
      if (azRegion)
        fire(
          subnet.az.loc ?? subnet.loc,
          `Availability Zone ${subnet.az.value} of subnet ${subnet.name}`,
          azRegion,
          subnet.name,
          subnet.key,
          fix,
        );
    }
    if (subnet.azId.known) {
      const azRegion = regionOfAzId(subnet.azId.value);
      if (azRegion)
        fire(
          subnet.azId.loc ?? subnet.loc,
          `Availability Zone ID ${subnet.azId.value} of subnet ${subnet.name}`,
          azRegion,
          subnet.name,
          subnet.key,
          fix,
        );
    }
  }
  for (const { ref } of clusterSecurityGroupRefs(cluster)) {
    const sg = model.resolve(ref, 'SecurityGroup');
    if (!sg) continue;
    explicitRegion(sg, 'Security group');
    const vpcId = model.refIdentity(sg.vpc);
    if (vpcId) vpcIds.add(vpcId);
  }

  // S3 endpoints in the cluster's VPC(s).
  const endpointsByVpc = model.indexByRef('VpcEndpoint', 'vpc', (e) => [e.vpc]);
  for (const endpoint of [...vpcIds].flatMap((vpcId) => endpointsByVpc.get(vpcId) ?? [])) {
    explicitRegion(endpoint, 'VPC endpoint');
    if (!endpoint.serviceName.known) continue;
    const s3Region = regionOfS3Service(endpoint.serviceName.value);
    if (s3Region) {
      fire(
        endpoint.serviceName.loc ?? endpoint.loc,
        `The service name ${endpoint.serviceName.value} of S3 endpoint ${endpoint.name}`,
        s3Region,
        endpoint.name,
        endpoint.key,
        `Use service name com.amazonaws.${region}.s3 (for example !Sub com.amazonaws.\${AWS::Region}.s3).`,
      );
    }
  }

  // FSx file systems deployed with the cluster.
  for (const fsxRef of cluster.fsxFileSystems ?? []) {
    const fsx = model.resolve(fsxRef, 'FsxFileSystem');
    if (fsx) explicitRegion(fsx, 'FSx file system');
  }
}
