import type {
  InstanceTypeInfo,
  NatGateway as Ec2NatGateway,
  Route as Ec2Route,
  RouteTable as Ec2RouteTable,
  SecurityGroup as Ec2SecurityGroup,
  SecurityGroupRule as Ec2SecurityGroupRule,
  Subnet as Ec2Subnet,
  VpcEndpoint as Ec2VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { Cluster as EksClusterInfo } from '@aws-sdk/client-eks';
import type { InstanceNetwork } from '../data/instance-network.js';
import {
  known,
  unknown,
  type EksCluster,
  type InternetGateway,
  type Loc,
  type NatGateway,
  type Ref,
  type Route,
  type RouteTable,
  type RouteTarget,
  type SecurityGroup,
  type SgPeer,
  type SgRule,
  type Subnet,
  type VpcEndpoint,
} from '../model/types.js';

/** Where an account entity is shown: the first place in the scanned files that leads to it. */
export interface Anchor {
  loc: Loc;
  region: string;
}

export const accountKey = (id: string): string => `account#${id}`;

const idRef = (id: string, loc?: Loc): Ref => ({ kind: 'id', id, loc });

function base<T extends string>(type: T, id: string, anchor: Anchor) {
  return {
    key: accountKey(id),
    type,
    name: id,
    file: anchor.loc.file,
    sourceKind: 'account' as const,
    loc: anchor.loc,
    physicalId: id,
    region: known(anchor.region),
  };
}

const vpcRef = (vpcId: string | undefined, loc: Loc): Ref =>
  vpcId ? idRef(vpcId, loc) : { kind: 'unknown', reason: 'the account look-up returned no VPC ID', loc };

export function subnetEntity(subnet: Ec2Subnet, anchor: Anchor): Subnet {
  const id = subnet.SubnetId!;
  const ipv6 =
    subnet.Ipv6Native === true ||
    (subnet.Ipv6CidrBlockAssociationSet ?? []).some(
      (a) => a.Ipv6CidrBlockState?.State === 'associated' || a.Ipv6CidrBlockState?.State === 'associating',
    );
  const fromAccount = (what: string) => unknown(`the account look-up of ${id} returned no ${what}`, anchor.loc);
  return {
    ...base('Subnet', id, anchor),
    vpc: vpcRef(subnet.VpcId, anchor.loc),
    cidr: subnet.CidrBlock ? known(subnet.CidrBlock, anchor.loc) : fromAccount('IPv4 CIDR'),
    az: subnet.AvailabilityZone ? known(subnet.AvailabilityZone, anchor.loc) : fromAccount('Availability Zone'),
    azId: subnet.AvailabilityZoneId ? known(subnet.AvailabilityZoneId, anchor.loc) : fromAccount('zone ID'),
    ipv6: known(ipv6, anchor.loc),
    mapPublicIp: known(subnet.MapPublicIpOnLaunch === true, anchor.loc),
    availableIpAddressCount: subnet.AvailableIpAddressCount,
  };
}

function rulePeer(rule: Ec2SecurityGroupRule, groupId: string, loc: Loc): SgPeer {
  const referenced = rule.ReferencedGroupInfo?.GroupId;
  if (referenced) return referenced === groupId ? { kind: 'self' } : { kind: 'sg', ref: idRef(referenced, loc) };
  if (rule.CidrIpv4) return { kind: 'cidr', cidr: rule.CidrIpv4 };
  if (rule.CidrIpv6) return { kind: 'cidr6', cidr: rule.CidrIpv6 };
  if (rule.PrefixListId) return { kind: 'prefixList', id: rule.PrefixListId };
  return { kind: 'unknown', reason: `rule ${rule.SecurityGroupRuleId ?? '(no ID)'} names no peer the tool understands` };
}

function sgRule(rule: Ec2SecurityGroupRule, groupId: string, loc: Loc): SgRule {
  const protocol = rule.IpProtocol;
  const allTraffic = protocol === '-1';
  const port = (value: number | undefined) =>
    allTraffic ? undefined : value === undefined ? unknown('the account look-up returned no port', loc) : known(value, loc);
  return {
    direction: rule.IsEgress ? 'egress' : 'ingress',
    protocol: protocol ? known(protocol, loc) : unknown('the account look-up returned no protocol', loc),
    fromPort: port(rule.FromPort),
    toPort: port(rule.ToPort),
    peer: rulePeer(rule, groupId, loc),
    loc,
    resourceName: rule.SecurityGroupRuleId,
  };
}

/** A security group as it exists; `rules` undefined when DescribeSecurityGroupRules failed. */
export function securityGroupEntity(group: Ec2SecurityGroup, rules: Ec2SecurityGroupRule[] | undefined, anchor: Anchor): SecurityGroup {
  const id = group.GroupId!;
  const all = (rules ?? []).map((r) => sgRule(r, id, anchor.loc));
  return {
    ...base('SecurityGroup', id, anchor),
    vpc: vpcRef(group.VpcId, anchor.loc),
    ingress: all.filter((r) => r.direction === 'ingress'),
    egress: all.filter((r) => r.direction === 'egress'),
    // The real rules are listed, the default egress included when it exists.
    implicitAllowAllEgress: false,
    rulesComplete: rules !== undefined,
  };
}

const DEFAULT_ROUTES = new Set(['0.0.0.0/0', '::/0']);

function routeTarget(route: Ec2Route, loc: Loc): RouteTarget {
  const destination = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? '';
  if (route.State === 'blackhole') return { kind: 'other', what: 'blackhole (its target no longer exists)' };
  if (route.NatGatewayId) return { kind: 'nat', ref: idRef(route.NatGatewayId, loc) };
  const gateway = route.GatewayId;
  if (gateway?.startsWith('igw-')) return { kind: 'igw', ref: idRef(gateway, loc) };
  if (gateway?.startsWith('vpce-')) return { kind: 'vpce', ref: idRef(gateway, loc) };
  if (gateway === 'local') return { kind: 'other', what: 'local' };
  const via =
    route.TransitGatewayId ??
    route.VpcPeeringConnectionId ??
    route.NetworkInterfaceId ??
    route.InstanceId ??
    route.CoreNetworkArn ??
    gateway;
  const what = route.EgressOnlyInternetGatewayId
    ? `egress-only internet gateway ${route.EgressOnlyInternetGatewayId}`
    : (via ?? 'unknown target');
  // A default route through a transit gateway, peering, appliance or VPN may well reach the internet.
  if (!route.EgressOnlyInternetGatewayId && via && DEFAULT_ROUTES.has(destination)) {
    return { kind: 'unknown', reason: `default route via ${via}, whose onward path the tool cannot see` };
  }
  return { kind: 'other', what };
}

export function routeTableEntity(table: Ec2RouteTable, anchor: Anchor): RouteTable {
  const id = table.RouteTableId!;
  const routes: Route[] = (table.Routes ?? []).map((route) => {
    const destination = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId;
    return {
      destination: destination ? known(destination, anchor.loc) : unknown('the route has no destination', anchor.loc),
      target: routeTarget(route, anchor.loc),
      loc: anchor.loc,
    };
  });
  const associations = table.Associations ?? [];
  return {
    ...base('RouteTable', id, anchor),
    vpc: vpcRef(table.VpcId, anchor.loc),
    main: associations.some((a) => a.Main === true),
    routes,
    subnets: associations.filter((a) => a.SubnetId).map((a) => idRef(a.SubnetId!, anchor.loc)),
  };
}

const LIVE_ENDPOINT_STATES = new Set(['available', 'pending', 'pendingacceptance']);

export const isLiveEndpoint = (endpoint: Ec2VpcEndpoint): boolean =>
  endpoint.State === undefined || LIVE_ENDPOINT_STATES.has(endpoint.State.toLowerCase());

export function vpcEndpointEntity(endpoint: Ec2VpcEndpoint, anchor: Anchor): VpcEndpoint {
  const id = endpoint.VpcEndpointId!;
  let policy: VpcEndpoint['policy'];
  if (endpoint.PolicyDocument) {
    try {
      policy = known(JSON.parse(endpoint.PolicyDocument) as unknown, anchor.loc);
    } catch {
      policy = unknown('the endpoint policy returned by the account is not JSON', anchor.loc);
    }
  }
  return {
    ...base('VpcEndpoint', id, anchor),
    vpc: vpcRef(endpoint.VpcId, anchor.loc),
    serviceName: endpoint.ServiceName ? known(endpoint.ServiceName, anchor.loc) : unknown('no service name returned', anchor.loc),
    endpointType: known(endpoint.VpcEndpointType ?? 'Gateway', anchor.loc),
    routeTables: { known: true, items: (endpoint.RouteTableIds ?? []).map((rt) => idRef(rt, anchor.loc)), loc: anchor.loc },
    subnets: { known: true, items: (endpoint.SubnetIds ?? []).map((s) => idRef(s, anchor.loc)), loc: anchor.loc },
    policy,
  };
}

const DEAD_NAT_STATES = new Set(['deleting', 'deleted', 'failed']);

export const isLiveNatGateway = (nat: Ec2NatGateway): boolean => !nat.State || !DEAD_NAT_STATES.has(nat.State);

export function natGatewayEntity(nat: Ec2NatGateway, anchor: Anchor): NatGateway {
  return {
    ...base('NatGateway', nat.NatGatewayId!, anchor),
    subnet: nat.SubnetId ? idRef(nat.SubnetId, anchor.loc) : { kind: 'unknown', reason: 'no subnet returned', loc: anchor.loc },
  };
}

export function internetGatewayEntity(id: string, vpcId: string | undefined, anchor: Anchor): InternetGateway {
  return { ...base('InternetGateway', id, anchor), vpc: vpcId ? idRef(vpcId, anchor.loc) : undefined };
}

export function eksClusterEntity(arn: string, cluster: EksClusterInfo, anchor: Anchor): EksCluster {
  const family = cluster.kubernetesNetworkConfig?.ipFamily;
  return {
    ...base('EksCluster', arn, anchor),
    name: cluster.name ?? arn,
    ipFamily: known(family ?? 'ipv4', anchor.loc),
    ipFamilyExplicit: family !== undefined,
    arn: known(cluster.arn ?? arn, anchor.loc),
    subnets: { known: true, items: (cluster.resourcesVpcConfig?.subnetIds ?? []).map((s) => idRef(s, anchor.loc)), loc: anchor.loc },
  };
}

/** Network limits of an instance type, as the embedded table stores them. */
export function instanceNetworkOf(info: InstanceTypeInfo): InstanceNetwork {
  const net = info.NetworkInfo;
  const defaultCard = net?.DefaultNetworkCardIndex ?? 0;
  const card = net?.NetworkCards?.find((c) => (c.NetworkCardIndex ?? 0) === defaultCard);
  const efa = net?.EfaSupported ?? null;
  return {
    networkCards: net?.MaximumNetworkCards ?? null,
    maxInterfaces: net?.MaximumNetworkInterfaces ?? null,
    defaultCardMaxInterfaces: card?.MaximumNetworkInterfaces ?? null,
    ipv4PerInterface: net?.Ipv4AddressesPerInterface ?? null,
    efaSupported: efa,
    maxEfaInterfaces: net?.EfaInfo?.MaximumEfaInterfaces ?? (efa === false ? 0 : null),
  };
}

/** Routes' NAT gateway and internet gateway IDs. */
export function gatewayIds(tables: Ec2RouteTable[]): { nat: Set<string>; igw: Map<string, string | undefined> } {
  const nat = new Set<string>();
  const igw = new Map<string, string | undefined>();
  for (const table of tables) {
    for (const route of table.Routes ?? []) {
      if (route.State === 'blackhole') continue;
      if (route.NatGatewayId) nat.add(route.NatGatewayId);
      if (route.GatewayId?.startsWith('igw-')) igw.set(route.GatewayId, table.VpcId);
    }
  }
  return { nat, igw };
}
