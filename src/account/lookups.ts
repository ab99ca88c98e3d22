import {
  DescribeAvailabilityZonesCommand,
  DescribeInstanceTypesCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSecurityGroupRulesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  EC2Client,
  type InstanceTypeInfo,
  type NatGateway as Ec2NatGateway,
  type RouteTable as Ec2RouteTable,
  type SecurityGroup as Ec2SecurityGroup,
  type SecurityGroupRule as Ec2SecurityGroupRule,
  type Subnet as Ec2Subnet,
  type VpcEndpoint as Ec2VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { DescribeClusterCommand as DescribeEksClusterCommand, EKSClient, type Cluster as EksClusterInfo } from '@aws-sdk/client-eks';
import {
  DescribeClusterCommand as DescribeSageMakerClusterCommand,
  SageMakerClient,
  type DescribeClusterCommandOutput as SageMakerClusterInfo,
} from '@aws-sdk/client-sagemaker';
import { GetServiceQuotaCommand, ListServiceQuotasCommand, ServiceQuotasClient, type ServiceQuota } from '@aws-sdk/client-service-quotas';
import type { LimitFunction } from 'p-limit';
import type { AwsCredentials } from './credentials.js';
import { classifyError, errorMessage, errorName } from './errors.js';
import { withRetry, type Sleep } from './retry.js';

/** What a failed call reports, so only the checks that need it degrade. */
export interface CallFailure {
  permission: string;
  region: string;
  kind: ReturnType<typeof classifyError>;
  error: unknown;
}

export interface LookupContext {
  credentials: AwsCredentials;
  endpoint?: string;
  serviceQuotasEndpoint?: string;
  signal: AbortSignal;
  sleep: Sleep;
  limit: LimitFunction;
  onFailure(failure: CallFailure): void;
}

/** IDs per filter value list: a batch size of our choosing, to keep requests small. */
const BATCH = 100;
/** DescribeNetworkInterfaces page size: the API's maximum MaxResults (EC2 API reference, DescribeNetworkInterfaces). */
const ENI_PAGE_SIZE = 1000;
/** Quota "Network interfaces per Region" (hyperpod-reference.md §R3 [SEED]). */
export const ENI_QUOTA_CODE = 'L-DF5E4CA3';
/** §R3 [FS-ENI]: public scripts use both service codes for this quota; `vpc` first as the seed files it there. */
const ENI_QUOTA_SERVICE_CODES = ['vpc', 'ec2'];

/**
 * A resource that does not exist is an answer, not a failure. SageMaker reports a missing cluster
 * as ResourceNotFound or as a ValidationException "Could not find cluster ...".
 */
function nullWhenMissing(error: unknown): null {
  const kind = classifyError(error);
  if (kind === 'not-found') return null;
  if (errorName(error) === 'ValidationException' && /could not find|not found|does not exist/i.test(errorMessage(error))) return null;
  throw error;
}

const chunks = <T>(items: T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Read-only look-ups in one region. Every call is rate-limited, retried on throttling,
 * bound to the run's abort signal, and cached for the run (by ID where calls take IDs).
 * A failed call returns undefined after reporting it; nothing here throws.
 */
export class RegionLookups {
  private readonly ec2: EC2Client;
  private readonly eks: EKSClient;
  private readonly sagemaker: SageMakerClient;
  private readonly quotas: ServiceQuotasClient;
  private readonly subnetCache = new Map<string, Ec2Subnet | null>();
  private readonly groupCache = new Map<string, Ec2SecurityGroup | null>();
  private readonly ruleCache = new Map<string, Ec2SecurityGroupRule[]>();
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly region: string,
    private readonly ctx: LookupContext,
  ) {
    // Retries are ours (jittered, injectable sleep), so the SDK makes one attempt per call.
    const common = { region, credentials: ctx.credentials, maxAttempts: 1 };
    const endpoint = ctx.endpoint ? { endpoint: ctx.endpoint } : {};
    this.ec2 = new EC2Client({ ...common, ...endpoint });
    this.eks = new EKSClient({ ...common, ...endpoint });
    this.sagemaker = new SageMakerClient({ ...common, ...endpoint });
    this.quotas = new ServiceQuotasClient({
      ...common,
      ...(ctx.serviceQuotasEndpoint ? { endpoint: ctx.serviceQuotasEndpoint } : endpoint),
    });
  }

  destroy(): void {
    this.ec2.destroy();
    this.eks.destroy();
    this.sagemaker.destroy();
    this.quotas.destroy();
  }

  /** One API call: limited, retried, abortable. */
  private async call<T>(permission: string, send: (signal: AbortSignal) => Promise<T>): Promise<T | undefined> {
    try {
      return await this.ctx.limit(() => withRetry(() => send(this.ctx.signal), { sleep: this.ctx.sleep, signal: this.ctx.signal }));
    } catch (error) {
      const kind = this.ctx.signal.aborted ? 'aborted' : classifyError(error);
      this.ctx.onFailure({ permission, region: this.region, kind, error });
      return undefined;
    }
  }

  /** Follows NextToken until the end; undefined when any page fails (partial lists would mislead). */
  private async paged<P extends { NextToken?: string }>(
    permission: string,
    fetch: (token: string | undefined, signal: AbortSignal) => Promise<P>,
  ): Promise<P[] | undefined> {
    const pages: P[] = [];
    const seen = new Set<string>();
    let token: string | undefined;
    do {
      const page = await this.call(permission, (signal) => fetch(token, signal));
      if (!page) return undefined;
      pages.push(page);
      token = page.NextToken || undefined;
      if (token && seen.has(token)) break; // a service repeating a token must not loop forever
      if (token) seen.add(token);
    } while (token);
    return pages;
  }

  private once<T>(key: string, run: () => Promise<T>): Promise<T> {
    let p = this.memo.get(key) as Promise<T> | undefined;
    if (!p) this.memo.set(key, (p = run()));
    return p;
  }

  /** Fetches the IDs not yet cached, in batches; IDs the account does not have map to null. */
  private async byIds<T>(
    cache: Map<string, T | null>,
    ids: string[],
    fetch: (batch: string[]) => Promise<T[] | undefined>,
    idOf: (item: T) => string | undefined,
  ): Promise<Map<string, T | null> | undefined> {
    const missing = [...new Set(ids)].filter((id) => !cache.has(id));
    let failed = false;
    await Promise.all(
      chunks(missing, BATCH).map(async (batch) => {
        const items = await fetch(batch);
        if (!items) {
          failed = true;
          return;
        }
        for (const id of batch) cache.set(id, null);
        for (const item of items) {
          const id = idOf(item);
          if (id) cache.set(id, item);
        }
      }),
    );
    if (failed && ids.some((id) => !cache.has(id))) return undefined;
    return new Map(ids.map((id) => [id, cache.get(id) ?? null]));
  }

  subnets(ids: string[]): Promise<Map<string, Ec2Subnet | null> | undefined> {
    return this.byIds(
      this.subnetCache,
      ids,
      async (batch) =>
        (
          await this.paged('ec2:DescribeSubnets', (NextToken, abortSignal) =>
            this.ec2.send(new DescribeSubnetsCommand({ Filters: [{ Name: 'subnet-id', Values: batch }], NextToken }), { abortSignal }),
          )
        )?.flatMap((p) => p.Subnets ?? []),
      (s) => s.SubnetId,
    );
  }

  securityGroups(ids: string[]): Promise<Map<string, Ec2SecurityGroup | null> | undefined> {
    return this.byIds(
      this.groupCache,
      ids,
      async (batch) =>
        (
          await this.paged('ec2:DescribeSecurityGroups', (NextToken, abortSignal) =>
            this.ec2.send(new DescribeSecurityGroupsCommand({ Filters: [{ Name: 'group-id', Values: batch }], NextToken }), {
              abortSignal,
            }),
          )
        )?.flatMap((p) => p.SecurityGroups ?? []),
      (g) => g.GroupId,
    );
  }

  /** All rules of the groups, by group ID. */
  async securityGroupRules(groupIds: string[]): Promise<Map<string, Ec2SecurityGroupRule[]> | undefined> {
    const missing = [...new Set(groupIds)].filter((id) => !this.ruleCache.has(id));
    let failed = false;
    await Promise.all(
      chunks(missing, BATCH).map(async (batch) => {
        const pages = await this.paged('ec2:DescribeSecurityGroupRules', (NextToken, abortSignal) =>
          this.ec2.send(new DescribeSecurityGroupRulesCommand({ Filters: [{ Name: 'group-id', Values: batch }], NextToken }), {
            abortSignal,
          }),
        );
        if (!pages) {
          failed = true;
          return;
        }
        for (const id of batch) this.ruleCache.set(id, []);
        for (const rule of pages.flatMap((p) => p.SecurityGroupRules ?? [])) {
          if (rule.GroupId && this.ruleCache.has(rule.GroupId)) this.ruleCache.get(rule.GroupId)!.push(rule);
        }
      }),
    );
    if (failed) return undefined;
    return new Map(groupIds.map((id) => [id, this.ruleCache.get(id) ?? []]));
  }

  /** Route tables explicitly associated with the subnets. */
  routeTablesOfSubnets(subnetIds: string[]): Promise<Ec2RouteTable[] | undefined> {
    return this.routeTables('association.subnet-id', subnetIds);
  }

  /** The main route tables of the VPCs. */
  mainRouteTables(vpcIds: string[]): Promise<Ec2RouteTable[] | undefined> {
    return this.routeTables('vpc-id', vpcIds, [{ Name: 'association.main', Values: ['true'] }]);
  }

  private routeTables(
    filter: string,
    ids: string[],
    extra: { Name: string; Values: string[] }[] = [],
  ): Promise<Ec2RouteTable[] | undefined> {
    return this.listByBatches(
      `rt:${filter}:${extra.map((f) => f.Name).join()}`,
      'ec2:DescribeRouteTables',
      ids,
      (batch, NextToken, abortSignal) =>
        this.ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: filter, Values: batch }, ...extra], NextToken }), { abortSignal }),
      (page) => page.RouteTables,
    );
  }

  vpcEndpoints(vpcIds: string[]): Promise<Ec2VpcEndpoint[] | undefined> {
    return this.listByBatches(
      'vpce',
      'ec2:DescribeVpcEndpoints',
      vpcIds,
      (batch, NextToken, abortSignal) =>
        this.ec2.send(new DescribeVpcEndpointsCommand({ Filters: [{ Name: 'vpc-id', Values: batch }], NextToken }), { abortSignal }),
      (page) => page.VpcEndpoints,
    );
  }

  natGateways(ids: string[]): Promise<Ec2NatGateway[] | undefined> {
    return this.listByBatches(
      'nat',
      'ec2:DescribeNatGateways',
      ids,
      (batch, NextToken, abortSignal) =>
        this.ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'nat-gateway-id', Values: batch }], NextToken }), { abortSignal }),
      (page) => page.NatGateways,
    );
  }

  /** A filtered list call per batch of IDs, paged through and cached by the IDs; undefined when any batch fails. */
  private listByBatches<P extends { NextToken?: string }, T>(
    key: string,
    permission: string,
    ids: string[],
    fetch: (batch: string[], token: string | undefined, signal: AbortSignal) => Promise<P>,
    itemsOf: (page: P) => T[] | undefined,
  ): Promise<T[] | undefined> {
    const sorted = [...new Set(ids)].sort();
    return this.once(`${key}:${sorted.join()}`, async () => {
      const results = await Promise.all(
        chunks(sorted, BATCH).map((batch) => this.paged(permission, (token, signal) => fetch(batch, token, signal))),
      );
      if (results.some((r) => !r)) return undefined;
      return results.flatMap((pages) => pages!.flatMap((p) => itemsOf(p) ?? []));
    });
  }

  /** Network interfaces in the region (all of them count against the quota). */
  networkInterfaceCount(): Promise<number | undefined> {
    return this.once('eni-count', async () => {
      const pages = await this.paged('ec2:DescribeNetworkInterfaces', (NextToken, abortSignal) =>
        this.ec2.send(new DescribeNetworkInterfacesCommand({ MaxResults: ENI_PAGE_SIZE, NextToken }), { abortSignal }),
      );
      return pages?.reduce((sum, p) => sum + (p.NetworkInterfaces?.length ?? 0), 0);
    });
  }

  /** EC2 instance types by name (without the `ml.` prefix). A filter, so an unknown type is just absent. */
  instanceTypes(types: string[]): Promise<InstanceTypeInfo[] | undefined> {
    const sorted = [...new Set(types)].sort();
    return this.once(`types:${sorted.join()}`, async () => {
      const pages = await this.paged('ec2:DescribeInstanceTypes', (NextToken, abortSignal) =>
        this.ec2.send(new DescribeInstanceTypesCommand({ Filters: [{ Name: 'instance-type', Values: sorted }], NextToken }), {
          abortSignal,
        }),
      );
      return pages?.flatMap((p) => p.InstanceTypes ?? []);
    });
  }

  /** Zone name → zone ID. */
  zoneIds(): Promise<Map<string, string> | undefined> {
    return this.once('zones', async () => {
      const response = await this.call('ec2:DescribeAvailabilityZones', (abortSignal) =>
        this.ec2.send(new DescribeAvailabilityZonesCommand({}), { abortSignal }),
      );
      if (!response) return undefined;
      const zones = new Map<string, string>();
      for (const zone of response.AvailabilityZones ?? []) if (zone.ZoneName && zone.ZoneId) zones.set(zone.ZoneName, zone.ZoneId);
      return zones;
    });
  }

  /** The EKS cluster, null when it does not exist here. */
  eksCluster(name: string): Promise<EksClusterInfo | null | undefined> {
    return this.once(`eks:${name}`, async () => {
      const response = await this.call('eks:DescribeCluster', (abortSignal) =>
        this.eks.send(new DescribeEksClusterCommand({ name }), { abortSignal }).catch(nullWhenMissing),
      );
      return response === null ? null : response?.cluster;
    });
  }

  /** The live SageMaker cluster, null when no cluster of that name exists (a cluster still to be created). */
  sageMakerCluster(name: string): Promise<SageMakerClusterInfo | null | undefined> {
    return this.once(`sm:${name}`, () =>
      this.call('sagemaker:DescribeCluster', (abortSignal) =>
        this.sagemaker.send(new DescribeSageMakerClusterCommand({ ClusterName: name }), { abortSignal }).catch(nullWhenMissing),
      ),
    );
  }

  /** Quota L-DF5E4CA3, trying service code `vpc` then `ec2`. */
  eniQuota(): Promise<number | undefined> {
    return this.once('eni-quota', async () => {
      for (const ServiceCode of ENI_QUOTA_SERVICE_CODES) {
        const response = await this.call('servicequotas:GetServiceQuota', (abortSignal) =>
          this.quotas.send(new GetServiceQuotaCommand({ ServiceCode, QuotaCode: ENI_QUOTA_CODE }), { abortSignal }).catch(nullWhenMissing),
        );
        if (response === null) continue;
        return response?.Quota?.Value;
      }
      return undefined;
    });
  }

  /** Every `sagemaker` quota, paged through. */
  sageMakerQuotas(): Promise<ServiceQuota[] | undefined> {
    return this.once('sm-quotas', async () => {
      const pages = await this.paged('servicequotas:ListServiceQuotas', (NextToken, abortSignal) =>
        this.quotas.send(new ListServiceQuotasCommand({ ServiceCode: 'sagemaker', NextToken }), { abortSignal }),
      );
      return pages?.flatMap((p) => p.Quotas ?? []);
    });
  }
}
