/**
 * Account mode: read-only look-ups in the target AWS account that resolve what the scanned files
 * only reference (subnets, security groups, EKS clusters by ID) and fetch the quotas rules compare
 * with. Loaded by the engine through a dynamic import, so offline runs never load the AWS SDK.
 */
import type {
  NatGateway as Ec2NatGateway,
  RouteTable as Ec2RouteTable,
  SecurityGroup as Ec2SecurityGroup,
  SecurityGroupRule as Ec2SecurityGroupRule,
  Subnet as Ec2Subnet,
  VpcEndpoint as Ec2VpcEndpoint,
} from '@aws-sdk/client-ec2';
import type { Cluster as EksClusterInfo } from '@aws-sdk/client-eks';
import type { DescribeClusterCommandOutput as SageMakerClusterInfo } from '@aws-sdk/client-sagemaker';
import type { ServiceQuota } from '@aws-sdk/client-service-quotas';
import pLimit from 'p-limit';
import { loadInstanceNetworkData, type InstanceNetwork } from '../data/instance-network.js';
import type { Model } from '../model/model.js';
import { known, type Loc } from '../model/types.js';
import type { AccountFacts } from '../rules/types.js';
import { emptyRecord } from '../util/records.js';
import { plural } from '../util/plural.js';
import { resolveCredentials, type AwsCredentials } from './credentials.js';
import { REGION_PATTERN, errorMessage, errorName } from './errors.js';
import {
  eksClusterEntity,
  gatewayIds,
  instanceNetworkOf,
  internetGatewayEntity,
  isLiveEndpoint,
  isLiveNatGateway,
  natGatewayEntity,
  routeTableEntity,
  securityGroupEntity,
  subnetEntity,
  vpcEndpointEntity,
  type Anchor,
} from './feed.js';
import { RegionLookups, type CallFailure } from './lookups.js';
import { isClusterQuotaName } from './quota-names.js';
import { collectReferences, isSecurityGroupId, type IdReference, type RegionWork } from './references.js';
import { realSleep, type Sleep } from './retry.js';
import { compareText } from '../util/compare.js';

export interface AccountOptions {
  mode: 'auto' | 'required';
  region?: string;
  /** Time box of the whole phase; default 60 000 ms. */
  timeoutMs?: number;
  roleToAssume?: string;
  roleSessionName?: string;
  audience?: string;
  /** The action passes core.getIDToken. */
  getIdToken?: (audience: string) => Promise<string>;
  isForkPullRequest?: boolean;
  /** Called at once with each secret obtained (the action passes core.setSecret); `masked` lists them too. */
  mask?: (secret: string) => void;
  /** Tests: one endpoint for EC2, STS, EKS and SageMaker (moto). */
  endpoint?: string;
  /** Tests: Service Quotas endpoint. */
  serviceQuotasEndpoint?: string;
  /** Calls in flight at once; default 4. */
  concurrency?: number;
  sleep?: Sleep;
}

export interface AccountOutcome {
  facts?: AccountFacts;
  notices: string[];
  /** Only for mode `required` when no usable credentials can be had. */
  fatal?: string;
  /** Secrets the caller must mask in logs. */
  masked?: string[];
}

export const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_CONCURRENCY = 4;
/** How long a timed-out phase may take to wind down its aborted calls before it is abandoned. */
const ABORT_GRACE_MS = 2_000;

/** The rules whose account checks each permission feeds (facts.degraded names them). */
export const CHECKS_BY_PERMISSION: Record<string, string[]> = {
  'ec2:DescribeSubnets': ['HP005', 'HP006', 'HP020', 'HP030', 'HP032', 'HP050'],
  'ec2:DescribeSecurityGroups': ['HP005', 'HP010', 'HP011', 'HP012', 'HP013'],
  'ec2:DescribeSecurityGroupRules': ['HP010', 'HP011', 'HP012', 'HP013'],
  'ec2:DescribeRouteTables': ['HP020'],
  'ec2:DescribeVpcEndpoints': ['HP020', 'HP021'],
  'ec2:DescribeNatGateways': ['HP020'],
  'ec2:DescribeNetworkInterfaces': ['HP031'],
  'ec2:DescribeInstanceTypes': ['HP010', 'HP011', 'HP012', 'HP030', 'HP031'],
  'ec2:DescribeAvailabilityZones': ['HP032', 'HP050'],
  'eks:DescribeCluster': ['HP033'],
  'sagemaker:DescribeCluster': ['HP004'],
  'servicequotas:GetServiceQuota': ['HP031'],
  'servicequotas:ListServiceQuotas': ['HP040'],
};

const describeLoc = (loc: Loc): string => `${loc.file}:${loc.line}`;

/** A place in the files that puts something in this region's work. */
function firstLoc(w: RegionWork): Loc | undefined {
  const refs = [...w.subnets.values(), ...w.securityGroups.values(), ...w.eksClusters.values()];
  return refs[0]?.loc ?? w.fileSubnets[0]?.loc ?? w.zoneSubnets[0]?.loc;
}

export async function runAccountMode(model: Model, opts: AccountOptions): Promise<AccountOutcome> {
  const notices: string[] = [];
  const masked: string[] = [];
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException(`account look-ups exceeded ${timeoutMs} ms`, 'TimeoutError')),
    timeoutMs,
  );
  // Set when the phase is abandoned: late results must not touch the model any more.
  const state = { closed: false };
  let graceTimer: NodeJS.Timeout | undefined;
  try {
    const abandoned = new Promise<'abandoned'>((resolve) => {
      controller.signal.addEventListener('abort', () => {
        graceTimer = setTimeout(() => resolve('abandoned'), ABORT_GRACE_MS);
      });
    });
    const result = await Promise.race([run(model, opts, controller.signal, notices, masked, timeoutMs, state), abandoned]);
    if (result === 'abandoned') {
      state.closed = true;
      notices.push(`Account checks stopped: the look-ups did not finish within ${timeoutMs} ms; results come from the files only.`);
      return { notices, masked, facts: { degraded: [{ check: 'account', reason: `timed out after ${timeoutMs} ms` }] } };
    }
    return { ...result, notices, masked };
  } catch (error) {
    state.closed = true;
    notices.push(`Account checks stopped by an internal error (${errorMessage(error)}); results come from the files only.`);
    return { notices, masked };
  } finally {
    clearTimeout(timer);
    if (graceTimer) clearTimeout(graceTimer);
  }
}

async function run(
  model: Model,
  opts: AccountOptions,
  signal: AbortSignal,
  notices: string[],
  masked: string[],
  timeoutMs: number,
  state: { closed: boolean },
): Promise<Omit<AccountOutcome, 'notices' | 'masked'>> {
  const cannot = (message: string): Omit<AccountOutcome, 'notices' | 'masked'> => {
    if (state.closed) return {};
    if (opts.mode === 'required') return { fatal: `aws-checks is "required" but ${message}` };
    notices.push(`Account checks skipped: ${message}`);
    return {};
  };

  if (opts.isForkPullRequest) {
    notices.push('Account checks skipped: a pull request from a fork gets no OIDC token or AWS credentials.');
    return {};
  }
  // Where STS and the look-ups run comes from the caller (inputs, --region) or the environment only,
  // never from the scanned files: a pull request's config or template must not choose the endpoint.
  const region = opts.region || process.env.AWS_REGION || process.env.AWS_DEFAULT_REGION;
  if (!region) return cannot('no AWS region is set (aws-region input, --region, or AWS_REGION).');
  if (!REGION_PATTERN.test(region)) return cannot(`"${region}" is not an AWS region name (check aws-region).`);

  const credentials = await withAbort(
    resolveCredentials({
      region,
      endpoint: opts.endpoint,
      roleToAssume: opts.roleToAssume,
      roleSessionName: opts.roleSessionName,
      audience: opts.audience,
      getIdToken: opts.getIdToken,
      mask: opts.mask,
      signal,
    }),
    signal,
  );
  if (!credentials) return cannot(`getting AWS credentials took longer than ${timeoutMs} ms.`);
  masked.push(...credentials.masked);
  if (!credentials.ok) return cannot(credentials.message);

  const work = collectReferences(model, region);
  // Regions named in the files are look-up targets only when they are region names (the SDK builds
  // endpoint host names from them).
  for (const [name, w] of work) {
    if (REGION_PATTERN.test(name)) continue;
    work.delete(name);
    const where = firstLoc(w);
    notices.push(
      `Account checks: "${name}"${where ? ` (${describeLoc(where)})` : ''} is not an AWS region name; the references in it were not looked up.`,
    );
  }
  const failures: CallFailure[] = [];
  const limit = pLimit(Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY));
  const sessions = new Map<string, RegionLookups>();
  const lookupsFor = (r: string): RegionLookups => {
    let session = sessions.get(r);
    if (!session) {
      session = new RegionLookups(r, {
        credentials: credentials.credentials as AwsCredentials,
        endpoint: opts.endpoint,
        serviceQuotasEndpoint: opts.serviceQuotasEndpoint,
        signal,
        sleep: opts.sleep ?? realSleep,
        limit,
        onFailure: (failure) => failures.push(failure),
      });
      sessions.set(r, session);
    }
    return session;
  };

  try {
    const instanceData = loadInstanceNetworkData();
    const incomplete = (type: string) => {
      const data = instanceData.get(type);
      return instanceData.isHyperPodType(type) && (!data || Object.values(data).some((v) => v === null));
    };
    const typesToFetch = [...new Set([...work.values()].flatMap((w) => [...w.instanceTypes]))].filter(incomplete).sort();
    const typeRegion = [...work.values()].find((w) => w.hasClusters)?.region ?? region;

    const [regionData, instanceTypes] = await Promise.all([
      Promise.all([...work.values()].map((w) => lookRegion(lookupsFor(w.region), w))),
      typesToFetch.length ? lookupsFor(typeRegion).instanceTypes(typesToFetch.map((t) => t.replace(/^ml\./, ''))) : undefined,
    ]);
    if (state.closed) return {};

    const facts: AccountFacts = { degraded: [] };
    const counts = { subnets: 0, securityGroups: 0, routeTables: 0, endpoints: 0 };
    for (const data of regionData) feedRegion(model, data, facts, notices, credentials.account, counts);
    if (instanceTypes) {
      for (const info of instanceTypes) {
        const type = `ml.${info.InstanceType}`;
        if (!typesToFetch.includes(type)) continue;
        const network = mergeNetwork(instanceData.get(type) ?? null, instanceNetworkOf(info));
        (facts.instanceTypes ??= emptyRecord())[type] = network;
      }
    }
    reportFailures(failures, facts, notices, timeoutMs);
    const fromFiles = [...work.keys()].filter((r) => r !== region);
    const regions = fromFiles.length ? `${region}; from the files: ${fromFiles.join(', ')}` : region;
    notices.unshift(
      `Account checks ran in account ${credentials.account ?? '(unknown)'} (${regions}) with ${credentials.source}: ` +
        `${plural(counts.subnets, 'subnet')}, ${plural(counts.securityGroups, 'security group')}, ${plural(counts.routeTables, 'route table')}, ` +
        `${plural(counts.endpoints, 'VPC endpoint')} added from the account.`,
    );
    return { facts };
  } finally {
    for (const session of sessions.values()) session.destroy();
  }
}

/** Resolves to undefined when the signal aborts first (for steps that take no signal). */
async function withAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T | undefined> {
  if (signal.aborted) return undefined;
  let onAbort: (() => void) | undefined;
  const aborted = new Promise<undefined>((resolve) => {
    onAbort = () => resolve(undefined);
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([promise, aborted]);
  } finally {
    if (onAbort) signal.removeEventListener('abort', onAbort);
  }
}

/** Live values replace only the fields the embedded table does not have. */
function mergeNetwork(embedded: InstanceNetwork | null, live: InstanceNetwork): InstanceNetwork {
  if (!embedded) return live;
  const merged = { ...embedded };
  for (const key of Object.keys(merged) as (keyof InstanceNetwork)[]) {
    if (merged[key] === null) (merged as Record<string, unknown>)[key] = live[key];
  }
  return merged;
}

interface RegionData {
  work: RegionWork;
  subnets?: Map<string, Ec2Subnet | null>;
  groups: Map<string, { group: Ec2SecurityGroup; rules?: Ec2SecurityGroupRule[]; anchor: IdReference }>;
  missingGroups: IdReference[];
  groupsFailed: boolean;
  routeTables?: Ec2RouteTable[];
  endpoints?: Ec2VpcEndpoint[];
  natGateways?: Ec2NatGateway[];
  eks: Map<string, EksClusterInfo | null | undefined>;
  clusters: Map<string, SageMakerClusterInfo | null | undefined>;
  eniQuota?: number;
  eniInUse?: number;
  sageMakerQuotas?: ServiceQuota[];
  zones?: Map<string, string>;
}

async function lookRegion(lookups: RegionLookups, work: RegionWork): Promise<RegionData> {
  const data: RegionData = { work, groups: new Map(), missingGroups: [], groupsFailed: false, eks: new Map(), clusters: new Map() };
  const subnetIds = [...work.subnets.keys()];

  const describeGroups = async (refs: IdReference[], reportMissing: boolean) => {
    if (!refs.length) return;
    const ids = refs.map((r) => r.id);
    const [groups, rules] = await Promise.all([lookups.securityGroups(ids), lookups.securityGroupRules(ids)]);
    if (!groups) {
      data.groupsFailed = true;
      return;
    }
    for (const ref of refs) {
      const group = groups.get(ref.id);
      if (group) data.groups.set(ref.id, { group, rules: rules?.get(ref.id), anchor: ref });
      else if (reportMissing) data.missingGroups.push(ref);
    }
  };

  const networkPhase = async () => {
    if (!subnetIds.length) return;
    data.subnets = await lookups.subnets(subnetIds);
    if (!data.subnets) return;
    const found = [...data.subnets.values()].filter((s): s is Ec2Subnet => !!s);
    const vpcIds = [...new Set(found.map((s) => s.VpcId).filter((v): v is string => !!v))];
    if (!found.length) return;
    const [associated, main, endpoints] = await Promise.all([
      lookups.routeTablesOfSubnets(found.map((s) => s.SubnetId!)),
      lookups.mainRouteTables(vpcIds),
      lookups.vpcEndpoints(vpcIds),
    ]);
    data.endpoints = endpoints;
    if (associated && main) {
      const byId = new Map<string, Ec2RouteTable>();
      for (const table of [...associated, ...main]) if (table.RouteTableId) byId.set(table.RouteTableId, table);
      data.routeTables = [...byId.values()];
      const { nat } = gatewayIds(data.routeTables);
      if (nat.size) data.natGateways = await lookups.natGateways([...nat]);
    }
  };

  const groupPhase = async () => {
    await describeGroups([...work.securityGroups.values()], true);
    // One level of peers: groups the fetched rules name by ID, so peers resolve too.
    const peers = new Map<string, IdReference>();
    for (const { rules, anchor } of data.groups.values()) {
      for (const rule of rules ?? []) {
        const peer = rule.ReferencedGroupInfo?.GroupId;
        if (peer && isSecurityGroupId(peer) && !data.groups.has(peer) && !peers.has(peer)) {
          peers.set(peer, { id: peer, region: work.region, loc: anchor.loc });
        }
      }
    }
    await describeGroups([...peers.values()], false);
  };

  const eksPhase = Promise.all(
    [...work.eksClusters.keys()].map(async (arn) => {
      const name = arn.slice(arn.indexOf(':cluster/') + ':cluster/'.length);
      data.eks.set(arn, await lookups.eksCluster(name));
    }),
  );
  const clusterPhase = Promise.all(
    [...work.clusterNames].map(async (name) => data.clusters.set(name, await lookups.sageMakerCluster(name))),
  );
  const quotaPhase = work.hasClusters
    ? Promise.all([
        lookups.eniQuota().then((v) => (data.eniQuota = v)),
        lookups.networkInterfaceCount().then((v) => (data.eniInUse = v)),
        lookups.sageMakerQuotas().then((v) => (data.sageMakerQuotas = v)),
      ])
    : undefined;
  const zonePhase = work.zoneSubnets.length ? lookups.zoneIds().then((z) => (data.zones = z)) : undefined;

  await Promise.all([networkPhase(), groupPhase(), eksPhase, clusterPhase, quotaPhase, zonePhase]);
  return data;
}

function feedRegion(
  model: Model,
  data: RegionData,
  facts: AccountFacts,
  notices: string[],
  account: string | undefined,
  counts: { subnets: number; securityGroups: number; routeTables: number; endpoints: number },
): void {
  const { work } = data;
  const region = work.region;
  const where = `region ${region}${account ? ` of account ${account}` : ''}`;
  const anchorOf = (ref: IdReference): Anchor => ({ loc: ref.loc, region });

  // Subnets: new entities for IDs only referenced; real free addresses and zone IDs for file subnets.
  const subnetAnchor = new Map<string, Anchor>();
  if (data.subnets) {
    for (const [id, subnet] of data.subnets) {
      const ref = work.subnets.get(id)!;
      subnetAnchor.set(id, anchorOf(ref));
      const existing = model.byId(id);
      if (!subnet) {
        if (!existing) notices.push(`Account check: ${id} (${describeLoc(ref.loc)}) does not exist in ${where}.`);
        continue;
      }
      if (existing?.type === 'Subnet') {
        existing.availableIpAddressCount = subnet.AvailableIpAddressCount;
        if (!existing.azId.known && subnet.AvailabilityZoneId)
          existing.azId = known(subnet.AvailabilityZoneId, existing.az.loc ?? existing.loc);
        if (!existing.az.known && subnet.AvailabilityZone) existing.az = known(subnet.AvailabilityZone, existing.loc);
      } else if (!existing) {
        model.add(subnetEntity(subnet, anchorOf(ref)));
        counts.subnets++;
      }
    }
  }
  if (data.zones) {
    for (const subnet of work.zoneSubnets) {
      if (subnet.az.known && !subnet.azId.known) {
        const zoneId = data.zones.get(subnet.az.value);
        if (zoneId) subnet.azId = known(zoneId, subnet.az.loc);
      }
    }
  }

  // Security groups with their real rules.
  for (const ref of data.missingGroups) {
    notices.push(`Account check: ${ref.id} (${describeLoc(ref.loc)}) does not exist in ${where}.`);
  }
  for (const [id, { group, rules, anchor }] of data.groups) {
    if (model.byId(id)) continue;
    model.add(securityGroupEntity(group, rules, anchorOf(anchor)));
    counts.securityGroups++;
  }

  // Route tables: anchored at the first looked-up subnet they serve (or of their VPC, for main tables).
  const vpcAnchor = new Map<string, Anchor>();
  for (const [id, subnet] of data.subnets ?? []) {
    if (subnet?.VpcId && !vpcAnchor.has(subnet.VpcId)) vpcAnchor.set(subnet.VpcId, subnetAnchor.get(id)!);
  }
  const tableAnchor = new Map<string, Anchor>();
  for (const table of data.routeTables ?? []) {
    const served = (table.Associations ?? []).map((a) => a.SubnetId).find((s) => s && subnetAnchor.has(s));
    const anchor = (served && subnetAnchor.get(served)) || (table.VpcId ? vpcAnchor.get(table.VpcId) : undefined);
    if (!anchor || !table.RouteTableId) continue;
    tableAnchor.set(table.RouteTableId, anchor);
    if (!model.byId(table.RouteTableId)) {
      model.add(routeTableEntity(table, anchor));
      counts.routeTables++;
    }
    for (const association of table.Associations ?? []) {
      if (!association.SubnetId) continue;
      const subnet = model.byId(association.SubnetId);
      if (subnet?.type === 'Subnet' && !subnet.routeTable) {
        subnet.routeTable = { kind: 'id', id: table.RouteTableId, loc: subnet.loc };
      }
    }
  }
  const { igw } = gatewayIds(data.routeTables ?? []);
  for (const [id, vpcId] of igw) {
    const anchor = vpcId ? vpcAnchor.get(vpcId) : undefined;
    if (anchor && !model.byId(id)) model.add(internetGatewayEntity(id, vpcId, anchor));
  }
  for (const nat of data.natGateways ?? []) {
    if (!nat.NatGatewayId || !isLiveNatGateway(nat) || model.byId(nat.NatGatewayId)) continue;
    const anchor = nat.VpcId ? vpcAnchor.get(nat.VpcId) : undefined;
    const viaTable = (data.routeTables ?? []).find((t) => t.Routes?.some((r) => r.NatGatewayId === nat.NatGatewayId));
    const chosen = anchor ?? (viaTable?.RouteTableId ? tableAnchor.get(viaTable.RouteTableId) : undefined);
    if (chosen) model.add(natGatewayEntity(nat, chosen));
  }
  for (const endpoint of data.endpoints ?? []) {
    if (!endpoint.VpcEndpointId || !isLiveEndpoint(endpoint) || model.byId(endpoint.VpcEndpointId)) continue;
    const anchor = endpoint.VpcId ? vpcAnchor.get(endpoint.VpcId) : undefined;
    if (!anchor) continue;
    model.add(vpcEndpointEntity(endpoint, anchor));
    counts.endpoints++;
  }

  // EKS clusters named by ARN.
  for (const [arn, info] of data.eks) {
    const ref = work.eksClusters.get(arn)!;
    if (info === null) {
      notices.push(`Account check: EKS cluster ${arn} (${describeLoc(ref.loc)}) does not exist in ${where}.`);
      continue;
    }
    if (!info || model.byId(arn)) continue;
    model.add(eksClusterEntity(arn, info, anchorOf(ref)));
    for (const cluster of model.ofType('Cluster')) {
      if (cluster.eksClusterArn?.known && cluster.eksClusterArn.value === arn && !cluster.eksCluster) {
        cluster.eksCluster = { kind: 'id', id: arn, loc: cluster.eksClusterArn.loc };
      }
    }
  }

  // Live VpcConfig of existing SageMaker clusters. Facts are keyed by names from the files: records without a prototype.
  for (const [name, info] of data.clusters) {
    if (!info) continue;
    (facts.liveClusters ??= emptyRecord())[name] = {
      subnets: info.VpcConfig?.Subnets ?? [],
      securityGroupIds: info.VpcConfig?.SecurityGroupIds ?? [],
    };
  }

  // Quotas.
  if (work.hasClusters && (data.eniQuota !== undefined || data.eniInUse !== undefined)) {
    const eni: { quota?: number; inUse?: number } = {};
    if (data.eniQuota !== undefined) eni.quota = data.eniQuota;
    if (data.eniInUse !== undefined) eni.inUse = data.eniInUse;
    (facts.eni ??= emptyRecord())[region] = eni;
  }
  if (data.sageMakerQuotas) {
    const quotas = emptyRecord<number>();
    for (const quota of data.sageMakerQuotas) {
      if (quota.QuotaName && typeof quota.Value === 'number' && isClusterQuotaName(quota.QuotaName)) quotas[quota.QuotaName] = quota.Value;
    }
    (facts.sagemakerQuotas ??= emptyRecord())[region] = quotas;
  }
}

const KIND_TEXT: Record<CallFailure['kind'], string> = {
  'access-denied': 'access denied',
  throttled: 'still throttled after retries',
  'not-found': 'not found',
  'credentials-missing': 'no credentials',
  'credentials-rejected': 'credentials rejected (expired?)',
  unreachable: 'endpoint unreachable (check the region)',
  aborted: 'timed out',
  transient: 'AWS server error after retries',
  other: 'failed',
};

/**
 * One notice per permission and kind of failure, and one degraded entry per check. Failures that
 * hit every call alike (time limit, rejected credentials, unreachable endpoint) give one notice each.
 */
function reportFailures(failures: CallFailure[], facts: AccountFacts, notices: string[], timeoutMs: number): void {
  const groups = new Map<string, CallFailure[]>();
  // Calls finish in any order; sort so notices and degraded entries are stable.
  const sorted = [...failures].sort((a, b) => compareText(a.permission, b.permission) || compareText(a.region, b.region));
  for (const failure of sorted) {
    const key = `${failure.kind}|${failure.permission}`;
    groups.set(key, [...(groups.get(key) ?? []), failure]);
  }
  const degraded = new Set<string>();
  const shared = new Map<
    'aborted' | 'credentials-rejected' | 'unreachable',
    { permissions: string[]; error: unknown; regions: Set<string> }
  >();
  for (const list of groups.values()) {
    const { kind, permission, error } = list[0]!;
    const regions = [...new Set(list.map((f) => f.region))];
    const checks = CHECKS_BY_PERMISSION[permission] ?? [];
    const reason = kind === 'access-denied' ? `missing permission ${permission}` : `${permission}: ${KIND_TEXT[kind]}`;
    for (const check of checks) {
      const key = `${check}|${reason}`;
      if (degraded.has(key)) continue;
      degraded.add(key);
      facts.degraded.push({ check, reason });
    }
    const affected = checks.length ? `; ${checks.join(', ')} not verified against the account` : '';
    if (kind === 'aborted' || kind === 'credentials-rejected' || kind === 'unreachable') {
      const entry = shared.get(kind) ?? { permissions: [], error, regions: new Set<string>() };
      entry.permissions.push(permission);
      for (const region of regions) entry.regions.add(region);
      shared.set(kind, entry);
    } else if (kind === 'access-denied') {
      notices.push(`Account checks: missing permission ${permission} (${regions.join(', ')})${affected}.`);
    } else {
      notices.push(
        `Account checks: ${permission} ${KIND_TEXT[kind]} (${regions.join(', ')}; ${errorName(error)}: ${errorMessage(error).split('\n')[0]})${affected}.`,
      );
    }
  }
  const timedOut = shared.get('aborted');
  if (timedOut) {
    notices.push(`Account checks: the look-ups hit the ${timeoutMs} ms time limit; unfinished: ${timedOut.permissions.join(', ')}.`);
  }
  const rejected = shared.get('credentials-rejected');
  if (rejected) {
    notices.push(
      `Account checks: AWS rejected the credentials during the look-ups (${errorName(rejected.error)}: ` +
        `${errorMessage(rejected.error).split('\n')[0]}); they may have expired. Not done: ${rejected.permissions.join(', ')}.`,
    );
  }
  const unreachable = shared.get('unreachable');
  if (unreachable) {
    notices.push(
      `Account checks: cannot reach AWS in ${[...unreachable.regions].join(', ')} (${errorMessage(unreachable.error).split('\n')[0]}); ` +
        `check the region. Not done: ${unreachable.permissions.join(', ')}.`,
    );
  }
}
