/**
 * Region evidence of a cluster: the region a file states (spec `Region`, Terraform provider), the
 * regions its resources show (ARNs, Availability Zones, S3 service names, explicit region fields),
 * and the default region of the run (--region, config). A default never outranks what a file states.
 */
import type { Model } from '../../model/model.js';
import type { Cluster, Entity, Loc, Ref, Val } from '../../model/types.js';

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

/** One resource fact that names a region. */
export interface RegionFact {
  region: string;
  /** e.g. "The EKS cluster ARN arn:…" */
  what: string;
  loc: Loc;
  resource: string;
  entityKey?: string;
  fix: (clusterRegion: string) => string;
}

/**
 * A region a parser stamped from the run's default (no location, same value as the default) is not
 * evidence: only regions a file states are.
 */
export function isStatedRegion(
  value: Val<string> | undefined,
  defaultRegion: string | undefined,
): value is { known: true; value: string; loc?: Loc } {
  return value !== undefined && value.known && (value.loc !== undefined || value.value !== defaultRegion);
}

function refsOf(cluster: Cluster, field: 'subnets' | 'securityGroups'): Ref[] {
  const configs = [
    cluster.vpcConfig,
    ...(Array.isArray(cluster.instanceGroups) ? cluster.instanceGroups.map((g) => g.overrideVpcConfig) : []),
  ];
  const refs: Ref[] = [];
  for (const config of configs) {
    const list = config?.[field];
    if (list?.known) refs.push(...list.items);
  }
  return refs;
}

/** Every fact about the resources a cluster uses that names a region, in a stable order. */
export function regionFacts(model: Model, cluster: Cluster, defaultRegion: string | undefined): RegionFact[] {
  const facts: RegionFact[] = [];
  const explicit = (entity: Entity, kind: string) => {
    if (!isStatedRegion(entity.region, defaultRegion)) return;
    facts.push({
      region: entity.region.value,
      what: `${kind} ${entity.name}`,
      loc: entity.region.loc ?? entity.loc,
      resource: entity.name,
      entityKey: entity.key,
      fix: (region) => `Create ${entity.name} in ${region}.`,
    });
  };
  if (cluster.eksClusterArn?.known) {
    const region = regionOfArn(cluster.eksClusterArn.value);
    if (region) {
      facts.push({
        region,
        what: `The EKS cluster ARN ${cluster.eksClusterArn.value}`,
        loc: cluster.eksClusterArn.loc ?? cluster.orchestratorLoc ?? cluster.loc,
        resource: cluster.name,
        entityKey: cluster.key,
        fix: (clusterRegion) => `Use an EKS cluster in ${clusterRegion}, or create the HyperPod cluster in ${region}.`,
      });
    }
  }
  const eks = model.resolve(cluster.eksCluster, 'EksCluster');
  if (eks) {
    explicit(eks, 'EKS cluster');
    const region = eks.arn.known ? regionOfArn(eks.arn.value) : undefined;
    if (region && eks.arn.known) {
      facts.push({
        region,
        what: `The ARN of EKS cluster ${eks.name} (${eks.arn.value})`,
        loc: eks.arn.loc ?? eks.loc,
        resource: eks.name,
        entityKey: eks.key,
        fix: (clusterRegion) => `Use an EKS cluster in ${clusterRegion}.`,
      });
    }
  }
  const vpcIds = new Set<string>();
  for (const ref of refsOf(cluster, 'subnets')) {
    const subnet = model.resolve(ref, 'Subnet');
    if (!subnet) continue;
    const vpcId = model.refIdentity(subnet.vpc);
    if (vpcId) vpcIds.add(vpcId);
    explicit(subnet, 'Subnet');
    const fix = (region: string) => `Use a subnet in an Availability Zone of ${region}.`;
    const zone = subnet.az.known ? regionOfAzName(subnet.az.value) : undefined;
    if (zone && subnet.az.known) {
      facts.push({
        region: zone,
        what: `Availability Zone ${subnet.az.value} of subnet ${subnet.name}`,
        loc: subnet.az.loc ?? subnet.loc,
        resource: subnet.name,
        entityKey: subnet.key,
        fix,
      });
    }
    const zoneId = subnet.azId.known ? regionOfAzId(subnet.azId.value) : undefined;
    if (zoneId && subnet.azId.known) {
      facts.push({
        region: zoneId,
        what: `Availability Zone ID ${subnet.azId.value} of subnet ${subnet.name}`,
        loc: subnet.azId.loc ?? subnet.loc,
        resource: subnet.name,
        entityKey: subnet.key,
        fix,
      });
    }
  }
  for (const ref of refsOf(cluster, 'securityGroups')) {
    const sg = model.resolve(ref, 'SecurityGroup');
    if (!sg) continue;
    explicit(sg, 'Security group');
    const vpcId = model.refIdentity(sg.vpc);
    if (vpcId) vpcIds.add(vpcId);
  }
  const endpointsByVpc = model.indexByRef('VpcEndpoint', 'vpc', (e) => [e.vpc]);
  for (const endpoint of [...vpcIds].flatMap((vpcId) => endpointsByVpc.get(vpcId) ?? [])) {
    explicit(endpoint, 'VPC endpoint');
    const region = endpoint.serviceName.known ? regionOfS3Service(endpoint.serviceName.value) : undefined;
    if (region && endpoint.serviceName.known) {
      facts.push({
        region,
        what: `The service name ${endpoint.serviceName.value} of S3 endpoint ${endpoint.name}`,
        loc: endpoint.serviceName.loc ?? endpoint.loc,
        resource: endpoint.name,
        entityKey: endpoint.key,
        fix: (clusterRegion) => `Use service name com.amazonaws.${clusterRegion}.s3 (for example !Sub com.amazonaws.\${AWS::Region}.s3).`,
      });
    }
  }
  for (const fsxRef of cluster.fsxFileSystems ?? []) {
    const fsx = model.resolve(fsxRef, 'FsxFileSystem');
    if (fsx) explicit(fsx, 'FSx file system');
  }
  return facts;
}

/** Where a cluster's region comes from. */
export type ClusterRegion =
  /** A region the cluster's own file states (spec Region key, Terraform provider). */
  | { kind: 'stated'; region: string; loc?: Loc; facts: RegionFact[] }
  /** No stated region: every resource fact names this one (the default region, if any, is overruled or agrees). */
  | { kind: 'evidence'; region: string; facts: RegionFact[]; defaultRegion?: string }
  /** Only the run's default region (facts absent, or split between regions). */
  | { kind: 'default'; region: string; facts: RegionFact[] }
  /** Nothing says; facts may still disagree among themselves. */
  | { kind: 'unknown'; facts: RegionFact[] };

/** The region of a cluster, from the strongest source (see ClusterRegion). */
export function resolveClusterRegion(model: Model, cluster: Cluster, defaultRegion: string | undefined): ClusterRegion {
  return model.memo(`cluster-region:${cluster.key}:${defaultRegion ?? ''}`, () => {
    const facts = regionFacts(model, cluster, defaultRegion);
    if (isStatedRegion(cluster.region, defaultRegion)) {
      return { kind: 'stated', region: cluster.region.value, loc: cluster.region.loc, facts };
    }
    const regions = new Set(facts.map((f) => f.region));
    if (regions.size === 1) return { kind: 'evidence', region: facts[0]!.region, facts, defaultRegion };
    if (defaultRegion) return { kind: 'default', region: defaultRegion, facts };
    return { kind: 'unknown', facts };
  });
}
