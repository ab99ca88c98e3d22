import type { Model } from '../model/model.js';
import type { Cluster, Entity, Loc, Ref, RefList, Subnet } from '../model/types.js';

/** The first place in the scanned files that names a physical ID. */
export interface IdReference {
  id: string;
  region: string;
  loc: Loc;
}

/** Everything account mode looks up, grouped by region. */
export interface RegionWork {
  region: string;
  /** Subnet IDs the files only reference, and subnets from files whose physical ID is known. */
  subnets: Map<string, IdReference>;
  securityGroups: Map<string, IdReference>;
  /** EKS cluster ARNs named by clusters (`Orchestrator.Eks.ClusterArn`). */
  eksClusters: Map<string, IdReference>;
  /** SageMaker cluster names (literal), for the live VpcConfig. */
  clusterNames: Set<string>;
  /** `ml.` instance types used by clusters of this region. */
  instanceTypes: Set<string>;
  /** Subnet entities from files with a known physical ID (for free addresses and zone IDs). */
  fileSubnets: Subnet[];
  /** Subnet entities from files with a zone name but no zone ID (DescribeAvailabilityZones fills it). */
  zoneSubnets: Subnet[];
  /** True when a cluster lives in this region (quotas are looked up only then). */
  hasClusters: boolean;
}

const SUBNET_ID = /^subnet-[0-9a-zA-Z]+$/;
const SG_ID = /^sg-[0-9a-zA-Z]+$/;
const EKS_ARN = /^arn:aws[a-z-]*:eks:([a-z0-9-]+):\d{12}:cluster\/[0-9A-Za-z][A-Za-z0-9_-]*$/;

export const isSubnetId = (id: string): boolean => SUBNET_ID.test(id);
export const isSecurityGroupId = (id: string): boolean => SG_ID.test(id);
export const eksArnRegion = (arn: string): string | undefined => EKS_ARN.exec(arn)?.[1];

function regionOf(entity: Entity, fallback: string): string {
  return entity.region?.known ? entity.region.value : fallback;
}

export function collectReferences(model: Model, defaultRegion: string): Map<string, RegionWork> {
  const work = new Map<string, RegionWork>();
  const forRegion = (region: string): RegionWork => {
    let w = work.get(region);
    if (!w) {
      w = {
        region,
        subnets: new Map(),
        securityGroups: new Map(),
        eksClusters: new Map(),
        clusterNames: new Set(),
        instanceTypes: new Set(),
        fileSubnets: [],
        zoneSubnets: [],
        hasClusters: false,
      };
      work.set(region, w);
    }
    return w;
  };
  const note = (target: Map<string, IdReference>, id: string, region: string, loc: Loc) => {
    if (!target.has(id)) target.set(id, { id, region, loc });
  };
  /** Literal IDs that no scanned entity provides. */
  const literal = (ref: Ref | undefined): string | undefined => (ref?.kind === 'id' && !model.byId(ref.id) ? ref.id : undefined);
  const addList = (list: RefList | undefined, fallback: Loc, region: string) => {
    if (!list?.known) return;
    const w = forRegion(region);
    for (const ref of list.items) {
      const id = literal(ref);
      if (!id) continue;
      const loc = ref.loc ?? list.loc ?? fallback;
      if (isSubnetId(id)) note(w.subnets, id, region, loc);
      else if (isSecurityGroupId(id)) note(w.securityGroups, id, region, loc);
    }
  };

  for (const cluster of model.ofType('Cluster')) {
    const region = regionOf(cluster, defaultRegion);
    const w = forRegion(region);
    w.hasClusters = true;
    collectCluster(cluster, region, w, addList);
    if (cluster.clusterName.known && cluster.clusterName.value) w.clusterNames.add(cluster.clusterName.value);
    const arn = cluster.eksClusterArn;
    if (arn?.known && !model.resolve(cluster.eksCluster, 'EksCluster')) {
      const arnRegion = eksArnRegion(arn.value);
      if (arnRegion) note(forRegion(arnRegion).eksClusters, arn.value, arnRegion, arn.loc ?? cluster.orchestratorLoc ?? cluster.loc);
    }
  }
  for (const fsx of model.ofType('FsxFileSystem')) addList(fsx.subnets, fsx.loc, regionOf(fsx, defaultRegion));

  // Peers of the scanned security groups' rules that name other groups by ID.
  for (const sg of model.ofType('SecurityGroup')) {
    const region = regionOf(sg, defaultRegion);
    for (const rule of [...sg.ingress, ...sg.egress]) {
      const id = rule.peer.kind === 'sg' ? literal(rule.peer.ref) : undefined;
      if (id && isSecurityGroupId(id))
        note(forRegion(region).securityGroups, id, region, rule.peer.kind === 'sg' ? (rule.peer.ref.loc ?? rule.loc) : rule.loc);
    }
  }

  for (const subnet of model.ofType('Subnet')) {
    if (subnet.sourceKind === 'account') continue;
    const region = regionOf(subnet, defaultRegion);
    if (subnet.physicalId && isSubnetId(subnet.physicalId)) {
      const w = forRegion(region);
      w.fileSubnets.push(subnet);
      note(w.subnets, subnet.physicalId, region, subnet.loc);
    } else if (subnet.az.known && !subnet.azId.known) {
      forRegion(region).zoneSubnets.push(subnet);
    }
  }
  return work;
}

function collectCluster(
  cluster: Cluster,
  region: string,
  w: RegionWork,
  addList: (list: RefList | undefined, fallback: Loc, region: string) => void,
): void {
  if (cluster.vpcConfig) {
    addList(cluster.vpcConfig.subnets, cluster.vpcConfig.loc, region);
    addList(cluster.vpcConfig.securityGroups, cluster.vpcConfig.loc, region);
  }
  if (!Array.isArray(cluster.instanceGroups)) return;
  for (const group of cluster.instanceGroups) {
    for (const type of group.instanceTypes) if (type.known) w.instanceTypes.add(type.value);
    const override = group.overrideVpcConfig;
    if (override) {
      addList(override.subnets, override.loc, region);
      addList(override.securityGroups, override.loc, region);
    }
  }
}
