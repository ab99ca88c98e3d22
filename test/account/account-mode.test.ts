/**
 * Account mode against moto_server (EC2, STS, EKS, SageMaker) and a Service Quotas stand-in.
 * In CI (CI=true) these tests fail when moto_server is missing; elsewhere they are skipped.
 */
import * as core from '@actions/core';
import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AuthorizeSecurityGroupEgressCommand,
  AuthorizeSecurityGroupIngressCommand,
  CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeNetworkInterfacesCommand,
  EC2Client,
} from '@aws-sdk/client-ec2';
import { CreateClusterCommand as CreateEksClusterCommand, EKSClient } from '@aws-sdk/client-eks';
import { CreateClusterCommand as CreateSageMakerClusterCommand, SageMakerClient } from '@aws-sdk/client-sagemaker';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAccountMode, type AccountOptions } from '../../src/account/index.js';
import { parseFileContent } from '../../src/engine/parse-file.js';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import { Model } from '../../src/model/model.js';
import hp010 from '../../src/rules/hp010-efa-sg-self-inbound.js';
import hp011 from '../../src/rules/hp011-efa-sg-self-outbound.js';
import hp020 from '../../src/rules/hp020-s3-reachable.js';
import hp030 from '../../src/rules/hp030-subnet-ip-capacity.js';
import hp031 from '../../src/rules/hp031-eni-quota.js';
import hp040 from '../../src/rules/hp040-cluster-usage-quota.js';
import type { Rule } from '../../src/rules/types.js';
import { runRule } from '../rules/run-rule.js';
import { known, type Subnet } from '../../src/model/types.js';
import { isolateAwsEnv, skipWithoutMoto, startMoto, type MotoServer } from '../helpers/moto.js';
import { startQuotaStandIn, type QuotaStandIn, type StandInQuota } from '../helpers/quota-standin.js';
import { clusterEntity, FILE, idRef, loc, modelOf, startDenyProxy, startOidcStandIn, type ClusterShape } from './support.js';

const REGION = 'us-east-1';
const ACCOUNT = '123456789012'; // moto's default account

const SAGEMAKER_QUOTAS: StandInQuota[] = [
  { QuotaCode: 'L-AAAA0001', QuotaName: 'ml.p5.48xlarge for training job usage', Value: 4 },
  { QuotaCode: 'L-AAAA0002', QuotaName: 'ml.p5.48xlarge for cluster usage', Value: 8 },
  { QuotaCode: 'L-AAAA0003', QuotaName: 'ml.p5.48xlarge for cluster spot instance usage', Value: 50 },
  { QuotaCode: 'L-AAAA0004', QuotaName: 'Maximum number instances allowed per SageMaker HyperPod cluster', Value: 100 },
  { QuotaCode: 'L-AAAA0005', QuotaName: 'Total number of instances allowed across SageMaker HyperPod clusters', Value: 120 },
  { QuotaCode: 'L-AAAA0006', QuotaName: 'ml.trn2.3xlarge for cluster usage', Value: 2 },
  { QuotaCode: 'L-AAAA0007', QuotaName: 'Number of domains', Value: 10 },
];

interface Infra {
  vpcId: string;
  tinySubnet: string;
  tinyZoneId: string;
  bigSubnet: string;
  efaSg: string;
  noSelfSg: string;
  privateTable: string;
  natId: string;
  endpointId: string;
  eksArn: string;
  enisInRegion: number;
}

const skip = skipWithoutMoto();

describe.skipIf(skip)('account mode against moto', () => {
  let moto: MotoServer;
  let quotas: QuotaStandIn;
  let infra: Infra;
  let restoreEnv: () => void;

  beforeAll(async () => {
    restoreEnv = isolateAwsEnv();
    moto = await startMoto();
    quotas = await startQuotaStandIn({
      vpc: [{ QuotaCode: 'L-DF5E4CA3', QuotaName: 'Network interfaces per Region', Value: 10 }],
      sagemaker: SAGEMAKER_QUOTAS,
    });
    infra = await buildInfra(moto.url);
  });

  afterAll(async () => {
    await quotas?.close();
    await moto?.stop();
    restoreEnv?.();
  });

  const baseOptions = (): AccountOptions => ({
    mode: 'auto',
    region: REGION,
    endpoint: moto.url,
    serviceQuotasEndpoint: quotas.url,
    sleep: async () => {},
  });

  const shape = (over: Partial<ClusterShape> = {}): ClusterShape => ({
    name: 'train',
    subnets: [
      { id: infra.tinySubnet, line: 12 },
      { id: infra.bigSubnet, line: 13 },
    ],
    securityGroups: [
      { id: infra.efaSg, line: 16 },
      { id: infra.noSelfSg, line: 17 },
    ],
    groups: [{ name: 'workers', type: 'ml.p5.48xlarge', count: 16 }],
    eksArn: { arn: infra.eksArn, line: 6 },
    ...over,
  });

  it('resolves referenced IDs into account entities on the referencing lines, with quotas', async () => {
    const model = modelOf(clusterEntity(shape()));
    quotas.requests.length = 0;
    const outcome = await runAccountMode(model, baseOptions());

    expect(outcome.fatal).toBeUndefined();
    expect(outcome.facts?.degraded).toEqual([]);
    expect(outcome.notices).toHaveLength(1);
    expect(outcome.notices[0]).toBe(
      `Account checks ran in account ${ACCOUNT} (${REGION}) with the default credential chain: ` +
        '2 subnets, 2 security groups, 2 route tables, 1 VPC endpoint added from the account.',
    );

    // Quota too low for 16 P5 instances: the facts carry the applied value (8) by name.
    expect(outcome.facts?.sagemakerQuotas).toEqual({
      [REGION]: {
        'ml.p5.48xlarge for cluster usage': 8,
        'Maximum number instances allowed per SageMaker HyperPod cluster': 100,
        'Total number of instances allowed across SageMaker HyperPod clusters': 120,
        'ml.trn2.3xlarge for cluster usage': 2,
      },
    });
    // ListServiceQuotas was paged through (7 quotas, 3 per page).
    const listCalls = quotas.requests.filter((r) => r.operation === 'ListServiceQuotas');
    expect(listCalls.map((r) => r.body.NextToken ?? null)).toEqual([null, '3', '6']);
    expect(listCalls.every((r) => r.body.ServiceCode === 'sagemaker')).toBe(true);

    // ENI quota nearly used up: quota 10, interfaces in the region counted (3 made by the test + moto's own).
    expect(infra.enisInRegion).toBeGreaterThanOrEqual(3);
    expect(outcome.facts?.eni).toEqual({ [REGION]: { quota: 10, inUse: infra.enisInRegion } });
    expect(quotas.requests.filter((r) => r.operation === 'GetServiceQuota').map((r) => r.body)).toEqual([
      { ServiceCode: 'vpc', QuotaCode: 'L-DF5E4CA3' },
    ]);

    // External subnet with too few free addresses: a /28 with 3 interfaces in it has 16-5-3 = 8 left.
    const tiny = model.resolve(idRef(infra.tinySubnet, 12), 'Subnet')!;
    expect(tiny).toBeDefined();
    expect(tiny.key).toBe(`account#${infra.tinySubnet}`);
    expect(tiny.sourceKind).toBe('account');
    expect(tiny.file).toBe(FILE);
    expect(tiny.loc).toEqual(loc(12));
    expect(tiny.cidr).toEqual(known('10.0.0.0/28', loc(12)));
    expect(tiny.availableIpAddressCount).toBe(8);
    expect(tiny.azId).toEqual(known(infra.tinyZoneId, loc(12)));
    expect(tiny.vpc).toEqual({ kind: 'id', id: infra.vpcId, loc: loc(12) });
    expect(tiny.routeTable).toEqual({ kind: 'id', id: infra.privateTable, loc: loc(12) });
    const big = model.resolve(idRef(infra.bigSubnet, 13), 'Subnet')!;
    expect(big.availableIpAddressCount).toBe(4096 - 5 - 1); // a /20 less AWS's 5 reserved and the NAT gateway's address
    expect(big.routeTable).toBeUndefined(); // served by the VPC's main table

    // External security group without a self rule: real rules, complete, no implicit egress.
    const noSelf = model.resolve(idRef(infra.noSelfSg, 17), 'SecurityGroup')!;
    expect(noSelf.loc).toEqual(loc(17));
    expect(noSelf.rulesComplete).toBe(true);
    expect(noSelf.implicitAllowAllEgress).toBe(false);
    expect(noSelf.ingress.map((r) => [r.protocol, r.fromPort, r.toPort, r.peer])).toEqual([
      [known('tcp', loc(17)), known(443, loc(17)), known(443, loc(17)), { kind: 'cidr', cidr: '10.0.0.0/16' }],
    ]);
    expect(noSelf.egress.map((r) => [r.protocol.known && r.protocol.value, r.peer])).toEqual([['-1', { kind: 'cidr', cidr: '0.0.0.0/0' }]]);

    const efa = model.resolve(idRef(infra.efaSg, 16), 'SecurityGroup')!;
    const selfRules = (rules: typeof efa.ingress) =>
      rules.filter((r) => r.peer.kind === 'self' && r.protocol.known && r.protocol.value === '-1').length;
    expect(selfRules(efa.ingress)).toBe(1);
    expect(selfRules(efa.egress)).toBe(1);
    expect(efa.ingress[0]!.fromPort).toBeUndefined();

    // Route tables: the private one with its NAT route, and the VPC's main table.
    const tables = model.ofType('RouteTable');
    expect(tables).toHaveLength(2);
    const privateTable = model.byId(infra.privateTable);
    expect(privateTable?.type).toBe('RouteTable');
    if (privateTable?.type !== 'RouteTable') throw new Error('unreachable');
    expect(privateTable.main).toBe(false);
    expect(privateTable.subnets).toEqual([{ kind: 'id', id: infra.tinySubnet, loc: loc(12) }]);
    expect(privateTable.routes.find((r) => r.destination.known && r.destination.value === '0.0.0.0/0')?.target).toEqual({
      kind: 'nat',
      ref: { kind: 'id', id: infra.natId, loc: loc(12) },
    });
    expect(tables.filter((t) => t.main)).toHaveLength(1);
    expect(model.byId(infra.natId)?.type).toBe('NatGateway');

    // The S3 gateway endpoint on the private table.
    const endpoints = model.ofType('VpcEndpoint');
    expect(endpoints).toHaveLength(1);
    expect(endpoints[0]!.physicalId).toBe(infra.endpointId);
    expect(endpoints[0]!.serviceName).toEqual(known(`com.amazonaws.${REGION}.s3`, loc(12)));
    expect(endpoints[0]!.endpointType).toEqual(known('Gateway', loc(12)));
    expect(endpoints[0]!.routeTables).toEqual({ known: true, items: [{ kind: 'id', id: infra.privateTable, loc: loc(12) }], loc: loc(12) });

    // EKS cluster by ARN: IPv6 family, linked from the cluster.
    const eks = model.byId(infra.eksArn);
    expect(eks?.type).toBe('EksCluster');
    if (eks?.type !== 'EksCluster') throw new Error('unreachable');
    expect(eks.ipFamily).toEqual(known('ipv6', loc(6)));
    expect(eks.loc).toEqual(loc(6));
    const cluster = model.ofType('Cluster')[0]!;
    expect(model.resolve(cluster.eksCluster, 'EksCluster')).toBe(eks);

    // A cluster that does not exist yet has no live VpcConfig.
    expect(outcome.facts?.liveClusters).toBeUndefined();
  });

  it('end to end: a parsed cluster spec naming account IDs gets findings on those lines from the real rules', async () => {
    const template = readFileSync(new URL('../../fixtures/account/create-cluster.json', import.meta.url), 'utf8');
    const text = template
      .replace('${EFA_SG}', infra.efaSg)
      .replace('${NO_SELF_SG}', infra.noSelfSg)
      .replace('${TINY_SUBNET}', infra.tinySubnet)
      .replace('${BIG_SUBNET}', infra.bigSubnet);
    const file = 'infra/create-cluster.json';
    const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    const parsed = parseFileContent(file, Buffer.from(text), { limits: DEFAULT_LIMITS, region: REGION });
    if (parsed.status !== 'parsed') throw new Error(`fixture not parsed: ${JSON.stringify(parsed)}`);
    const model = Model.fromParsed([parsed.parsed], REGION);

    // Offline, the external IDs leave these rules silent.
    const offline = [hp010, hp011, hp020, hp030, hp031, hp040].flatMap((rule) => runRule(rule, model).findings);
    expect(offline).toEqual([]);

    const outcome = await runAccountMode(model, baseOptions());
    expect(outcome.facts?.degraded).toEqual([]);
    const at = (rule: Rule) => runRule(rule, model, { account: outcome.facts }).findings.map((f) => `${f.file}:${f.line}:${f.severity}`);
    // 16 P5 instances against an applied "ml.p5.48xlarge for cluster usage" quota of 8.
    expect(at(hp040)).toEqual([`${file}:${lineOf('"InstanceType": "ml.p5.48xlarge"')}:error`]);
    // 16 P5 need far more than the 8 free addresses of the /28.
    expect(at(hp030)).toEqual([`${file}:${lineOf(infra.tinySubnet)}:error`]);
    // The existing group without self rules, on the line naming it.
    expect(at(hp010)).toEqual([`${file}:${lineOf(infra.noSelfSg)}:error`]);
    expect(at(hp011)).toEqual([`${file}:${lineOf(infra.noSelfSg)}:error`]);
    // The big subnet's main route table has no NAT route and no S3 endpoint; the tiny one has both.
    expect(at(hp020)).toEqual([`${file}:${lineOf(infra.bigSubnet)}:error`]);
    // ENI quota 10 cannot hold 16 P5 instances' interfaces.
    expect(at(hp031).map((f) => f.endsWith(':error'))).toEqual([true]);
  });

  it('reads the live VpcConfig of an existing SageMaker cluster and fills missing instance-type data', async () => {
    const model = modelOf(
      clusterEntity(shape({ name: 'live-cluster', groups: [{ name: 'g', type: 'ml.trn2.3xlarge', count: 2 }], eksArn: undefined })),
    );
    const outcome = await runAccountMode(model, baseOptions());
    expect(outcome.facts?.liveClusters).toEqual({ 'live-cluster': { subnets: [infra.bigSubnet], securityGroupIds: [infra.efaSg] } });
    // The embedded table lacks trn2.3xlarge's EFA fields; only those come from DescribeInstanceTypes.
    expect(outcome.facts?.instanceTypes).toEqual({
      'ml.trn2.3xlarge': {
        networkCards: 1,
        maxInterfaces: 2,
        defaultCardMaxInterfaces: 2,
        ipv4PerInterface: 15,
        efaSupported: true,
        maxEfaInterfaces: 1,
      },
    });
  });

  it('keys live clusters by name without a prototype: a cluster named "constructor" finds no live cluster', async () => {
    const groups = [{ name: 'g', type: 'ml.trn2.3xlarge', count: 2 }];
    const model = modelOf(
      clusterEntity(shape({ name: 'live-cluster', groups, eksArn: undefined })),
      clusterEntity(shape({ name: 'constructor', groups, eksArn: undefined })),
    );
    const outcome = await runAccountMode(model, baseOptions());
    expect(outcome.facts?.liveClusters?.['live-cluster']).toEqual({ subnets: [infra.bigSubnet], securityGroupIds: [infra.efaSg] });
    expect(outcome.facts?.liveClusters?.['constructor']).toBeUndefined();
    expect(outcome.facts?.liveClusters?.['toString']).toBeUndefined();
  });

  it('sets real free addresses on file subnets with a known ID and zone IDs on subnets named by zone', async () => {
    const fileSubnet = (name: string, physicalId: string | undefined, line: number): Subnet => ({
      key: `net.yaml#${name}`,
      type: 'Subnet',
      name,
      file: 'net.yaml',
      sourceKind: 'cloudformation',
      loc: loc(line, 3, 'net.yaml'),
      physicalId,
      vpc: { kind: 'unknown', reason: 'test' },
      cidr: known('10.0.0.0/28'),
      az: known('us-east-1a', loc(line + 2, 3, 'net.yaml')),
      azId: { known: false, reason: 'not in the template' },
      ipv6: known(false),
      mapPublicIp: known(false),
    });
    const withId = fileSubnet('Tiny', infra.tinySubnet, 4);
    const withoutId = fileSubnet('Fresh', undefined, 20);
    const model = modelOf(clusterEntity(shape({ subnets: [], securityGroups: [], eksArn: undefined })));
    model.add(withId);
    model.add(withoutId);
    const outcome = await runAccountMode(model, baseOptions());
    expect(outcome.facts?.degraded).toEqual([]);
    expect(withId.availableIpAddressCount).toBe(8);
    expect(withId.azId).toEqual(known(infra.tinyZoneId, loc(6, 3, 'net.yaml')));
    expect(withoutId.azId).toEqual(known(infra.tinyZoneId, loc(22, 3, 'net.yaml')));
    // No duplicate account entity for a subnet the files already define.
    expect(
      model
        .ofType('Subnet')
        .map((s) => s.key)
        .sort(),
    ).toEqual(['net.yaml#Fresh', 'net.yaml#Tiny']);
  });

  it('degrades only HP020/HP021 when DescribeVpcEndpoints is denied', async () => {
    const proxy = await startDenyProxy(moto.url, { denied: ['DescribeVpcEndpoints'] });
    try {
      const model = modelOf(clusterEntity(shape()));
      const outcome = await runAccountMode(model, { ...baseOptions(), endpoint: proxy.url });
      // One batched call per look-up: both subnets in one DescribeSubnets, both groups in one call.
      expect([...proxy.actions].sort()).toEqual([
        'DescribeNatGateways',
        'DescribeNetworkInterfaces',
        'DescribeRouteTables',
        'DescribeRouteTables',
        'DescribeSecurityGroupRules',
        'DescribeSecurityGroups',
        'DescribeSubnets',
        'DescribeVpcEndpoints',
        'GetCallerIdentity',
      ]);
      expect(outcome.facts?.degraded).toEqual([
        { check: 'HP020', reason: 'missing permission ec2:DescribeVpcEndpoints' },
        { check: 'HP021', reason: 'missing permission ec2:DescribeVpcEndpoints' },
      ]);
      expect(outcome.notices.slice(1)).toEqual([
        `Account checks: missing permission ec2:DescribeVpcEndpoints (${REGION}); HP020, HP021 not verified against the account.`,
      ]);
      expect(model.ofType('VpcEndpoint')).toHaveLength(0);
      // Everything else still arrived.
      expect(model.resolve(idRef(infra.tinySubnet, 12), 'Subnet')?.availableIpAddressCount).toBe(8);
      expect(model.ofType('RouteTable')).toHaveLength(2);
      expect(outcome.facts?.eni?.[REGION]?.quota).toBe(10);
    } finally {
      await proxy.close();
    }
  });

  it('time-boxes the phase: a call that never answers is cut off and only its checks degrade', async () => {
    const proxy = await startDenyProxy(moto.url, { hang: ['DescribeSubnets'] });
    try {
      const model = modelOf(clusterEntity(shape()));
      const started = Date.now();
      const outcome = await runAccountMode(model, { ...baseOptions(), endpoint: proxy.url, timeoutMs: 1500 });
      expect(Date.now() - started).toBeLessThan(1500 + 2500);
      expect(outcome.notices.slice(1)).toEqual([
        'Account checks: the look-ups hit the 1500 ms time limit; unfinished: ec2:DescribeSubnets.',
      ]);
      expect(outcome.facts?.degraded.map((d) => d.check)).toEqual(['HP005', 'HP006', 'HP020', 'HP030', 'HP032', 'HP050']);
      expect(outcome.facts?.degraded.every((d) => d.reason === 'ec2:DescribeSubnets: timed out')).toBe(true);
      // What answered in time is kept.
      expect(model.ofType('Subnet')).toHaveLength(0);
      expect(model.ofType('SecurityGroup')).toHaveLength(2);
      expect(outcome.facts?.eni?.[REGION]?.quota).toBe(10);
    } finally {
      await proxy.close();
    }
  });

  it('gives one clear message for expired credentials, at the start or during the look-ups', async () => {
    const atStart = await startDenyProxy(moto.url, { expired: ['GetCallerIdentity'] });
    try {
      const auto = await runAccountMode(modelOf(clusterEntity(shape())), { ...baseOptions(), endpoint: atStart.url });
      expect(auto.facts).toBeUndefined();
      expect(auto.notices).toEqual([
        'Account checks skipped: AWS rejected the credentials while checking the credentials from the default credential chain ' +
          "(ExpiredToken: The security token included in the request is expired); they may be expired or the role's trust policy may not accept this token.",
      ]);
      const required = await runAccountMode(modelOf(clusterEntity(shape())), { ...baseOptions(), mode: 'required', endpoint: atStart.url });
      expect(required.fatal).toMatch(/^aws-checks is "required" but AWS rejected the credentials/);
    } finally {
      await atStart.close();
    }

    const ec2Actions = ['DescribeSubnets', 'DescribeSecurityGroups', 'DescribeSecurityGroupRules', 'DescribeNetworkInterfaces'];
    const midway = await startDenyProxy(moto.url, { expired: ec2Actions });
    try {
      const outcome = await runAccountMode(modelOf(clusterEntity(shape())), { ...baseOptions(), endpoint: midway.url });
      expect(outcome.notices.slice(1)).toEqual([
        'Account checks: AWS rejected the credentials during the look-ups (RequestExpired: Request has expired.); they may have expired. ' +
          'Not done: ec2:DescribeNetworkInterfaces, ec2:DescribeSecurityGroupRules, ec2:DescribeSecurityGroups, ec2:DescribeSubnets.',
      ]);
      expect(new Set(outcome.facts?.degraded.map((d) => d.check))).toEqual(
        new Set(['HP005', 'HP006', 'HP020', 'HP030', 'HP032', 'HP050', 'HP010', 'HP011', 'HP012', 'HP013', 'HP031']),
      );
    } finally {
      await midway.close();
    }
  });

  it('runs calls concurrently, never more at once than the limit', async () => {
    for (const concurrency of [1, 3]) {
      const proxy = await startDenyProxy(moto.url, { delayMs: 40 });
      try {
        const outcome = await runAccountMode(modelOf(clusterEntity(shape())), { ...baseOptions(), endpoint: proxy.url, concurrency });
        expect(outcome.facts?.degraded).toEqual([]);
        expect(proxy.maxInFlight).toBe(concurrency);
      } finally {
        await proxy.close();
      }
    }
  });

  it('retries a throttled ListServiceQuotas with backoff and gets the quotas', async () => {
    const delays: number[] = [];
    quotas.failNext('ListServiceQuotas', 'ThrottlingException', 2);
    const outcome = await runAccountMode(modelOf(clusterEntity(shape())), {
      ...baseOptions(),
      sleep: async (ms) => void delays.push(ms),
    });
    expect(delays).toHaveLength(2);
    expect(delays[0]).toBeLessThanOrEqual(250);
    expect(delays[1]).toBeLessThanOrEqual(500);
    expect(outcome.facts?.degraded).toEqual([]);
    expect(outcome.facts?.sagemakerQuotas?.[REGION]?.['ml.p5.48xlarge for cluster usage']).toBe(8);
  });

  it('degrades HP040 with one notice when throttling outlasts the retries', async () => {
    quotas.failNext('ListServiceQuotas', 'ThrottlingException', 5);
    const outcome = await runAccountMode(modelOf(clusterEntity(shape())), baseOptions());
    expect(outcome.facts?.sagemakerQuotas).toBeUndefined();
    expect(outcome.facts?.degraded).toEqual([{ check: 'HP040', reason: 'servicequotas:ListServiceQuotas: still throttled after retries' }]);
    expect(outcome.notices.slice(1)).toEqual([
      `Account checks: servicequotas:ListServiceQuotas still throttled after retries (${REGION}; ThrottlingException: stand-in ThrottlingException for ListServiceQuotas); HP040 not verified against the account.`,
    ]);
  });

  it('degrades HP031 when GetServiceQuota is denied, keeping the interface count', async () => {
    quotas.failNext('GetServiceQuota', 'AccessDeniedException', 1);
    const outcome = await runAccountMode(modelOf(clusterEntity(shape())), baseOptions());
    expect(outcome.facts?.eni).toEqual({ [REGION]: { inUse: infra.enisInRegion } });
    expect(outcome.facts?.degraded).toEqual([{ check: 'HP031', reason: 'missing permission servicequotas:GetServiceQuota' }]);
    expect(outcome.notices.slice(1)).toEqual([
      `Account checks: missing permission servicequotas:GetServiceQuota (${REGION}); HP031 not verified against the account.`,
    ]);
  });

  it('finds the ENI quota under service code ec2 when vpc does not have it', async () => {
    const saved = quotas.quotas.vpc;
    delete quotas.quotas.vpc;
    quotas.quotas.ec2 = [{ QuotaCode: 'L-DF5E4CA3', QuotaName: 'Network interfaces per Region', Value: 5000 }];
    quotas.requests.length = 0;
    try {
      const outcome = await runAccountMode(modelOf(clusterEntity(shape())), baseOptions());
      expect(outcome.facts?.eni?.[REGION]?.quota).toBe(5000);
      expect(quotas.requests.filter((r) => r.operation === 'GetServiceQuota').map((r) => r.body.ServiceCode)).toEqual(['vpc', 'ec2']);
      expect(outcome.facts?.degraded).toEqual([]);
    } finally {
      quotas.quotas.vpc = saved!;
      delete quotas.quotas.ec2;
    }
  });

  it('names IDs that do not exist in the account, on their lines', async () => {
    const model = modelOf(
      clusterEntity(
        shape({
          subnets: [{ id: 'subnet-0123456789abcdef0', line: 12 }],
          securityGroups: [{ id: 'sg-0123456789abcdef0', line: 16 }],
          eksArn: undefined,
        }),
      ),
    );
    const outcome = await runAccountMode(model, baseOptions());
    expect(outcome.notices.slice(1)).toEqual([
      `Account check: subnet-0123456789abcdef0 (${FILE}:12) does not exist in region ${REGION} of account ${ACCOUNT}.`,
      `Account check: sg-0123456789abcdef0 (${FILE}:16) does not exist in region ${REGION} of account ${ACCOUNT}.`,
    ]);
    expect(model.ofType('Subnet')).toHaveLength(0);
  });

  it('assumes the role with the GitHub OIDC token and masks the secrets', async () => {
    const oidc = await startOidcStandIn();
    const restore = isolateAwsEnv({
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      ACTIONS_ID_TOKEN_REQUEST_URL: oidc.requestUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: oidc.requestToken,
    });
    try {
      const role = `arn:aws:iam::${ACCOUNT}:role/hyperpod-prereq-readonly`;
      const maskedAtOnce: string[] = [];
      const model = modelOf(clusterEntity(shape()));
      const outcome = await runAccountMode(model, {
        ...baseOptions(),
        mode: 'required',
        roleToAssume: role,
        getIdToken: (audience) => core.getIDToken(audience),
        mask: (secret) => void maskedAtOnce.push(secret),
      });
      expect(maskedAtOnce).toEqual(outcome.masked);
      expect(outcome.fatal).toBeUndefined();
      expect(oidc.audiences).toEqual(['sts.amazonaws.com']);
      expect(outcome.notices[0]).toMatch(
        new RegExp(`^Account checks ran in account ${ACCOUNT} \\(${REGION}\\) with role ${role}: 2 subnet`),
      );
      expect(outcome.masked).toHaveLength(4);
      expect(outcome.masked?.[0]).toBe(oidc.idToken);
      expect(outcome.masked?.[1]).toMatch(/^ASIA/); // STS access key of a temporary session
      expect(outcome.facts?.degraded).toEqual([]);
      expect(model.resolve(idRef(infra.tinySubnet, 12), 'Subnet')?.availableIpAddressCount).toBe(8);
    } finally {
      restore();
      await oidc.close();
    }
  });

  it('explains a missing id-token permission once (no OIDC endpoint in the environment)', async () => {
    const restore = isolateAwsEnv({ ACTIONS_ID_TOKEN_REQUEST_URL: undefined, ACTIONS_ID_TOKEN_REQUEST_TOKEN: undefined });
    try {
      const outcome = await runAccountMode(modelOf(clusterEntity(shape())), {
        ...baseOptions(),
        mode: 'required',
        roleToAssume: `arn:aws:iam::${ACCOUNT}:role/r`,
        getIdToken: (audience) => core.getIDToken(audience),
      });
      expect(outcome.facts).toBeUndefined();
      expect(outcome.fatal).toMatch(
        /^aws-checks is "required" but could not get the GitHub OIDC token \(.*\); the workflow needs "permissions: id-token: write"\.$/,
      );
    } finally {
      restore();
    }
  });

  it('without credentials: one notice under auto, fatal under required', async () => {
    const restore = isolateAwsEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined });
    try {
      const auto = await runAccountMode(modelOf(clusterEntity(shape())), baseOptions());
      expect(auto.fatal).toBeUndefined();
      expect(auto.facts).toBeUndefined();
      expect(auto.notices).toHaveLength(1);
      expect(auto.notices[0]).toMatch(
        /^Account checks skipped: no AWS credentials found \(.+\); set role-to-assume or provide credentials/,
      );

      const required = await runAccountMode(modelOf(clusterEntity(shape())), { ...baseOptions(), mode: 'required' });
      expect(required.notices).toEqual([]);
      expect(required.facts).toBeUndefined();
      expect(required.fatal).toMatch(/^aws-checks is "required" but no AWS credentials found/);
    } finally {
      restore();
    }
  });

  it('skips a fork pull request with a notice and no calls', async () => {
    quotas.requests.length = 0;
    const outcome = await runAccountMode(modelOf(clusterEntity(shape())), { ...baseOptions(), mode: 'required', isForkPullRequest: true });
    expect(outcome).toEqual({
      notices: ['Account checks skipped: a pull request from a fork gets no OIDC token or AWS credentials.'],
      masked: [],
    });
    expect(quotas.requests).toEqual([]);
  });

  it('gives one clear message for a bad region name or an unreachable region', async () => {
    const bad = await runAccountMode(modelOf(clusterEntity(shape())), { ...baseOptions(), region: 'useast1' });
    expect(bad.notices).toEqual(['Account checks skipped: "useast1" is not an AWS region name (check aws-region).']);

    const unreachable = await runAccountMode(modelOf(clusterEntity(shape())), { ...baseOptions(), endpoint: 'http://127.0.0.1:1' });
    expect(unreachable.facts).toBeUndefined();
    expect(unreachable.notices).toHaveLength(1);
    expect(unreachable.notices[0]).toMatch(
      /^Account checks skipped: cannot reach AWS STS in region "us-east-1" while checking the credentials from the default credential chain/,
    );
  });
});

async function buildInfra(endpoint: string): Promise<Infra> {
  const config = { region: REGION, endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } };
  const ec2 = new EC2Client(config);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }))).Vpc!.VpcId!;
  const tiny = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.0.0/28', AvailabilityZone: `${REGION}a` })))
    .Subnet!;
  const big = (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: '10.0.16.0/20', AvailabilityZone: `${REGION}b` })))
    .Subnet!;
  for (let i = 0; i < 3; i++) await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: tiny.SubnetId! }));

  const efaSg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'efa', Description: 'efa', VpcId: vpcId }))).GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: efaSg,
      IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: efaSg }] }],
    }),
  );
  await ec2.send(
    new AuthorizeSecurityGroupEgressCommand({
      GroupId: efaSg,
      IpPermissions: [{ IpProtocol: '-1', UserIdGroupPairs: [{ GroupId: efaSg }] }],
    }),
  );
  const noSelfSg = (await ec2.send(new CreateSecurityGroupCommand({ GroupName: 'web', Description: 'no self rule', VpcId: vpcId })))
    .GroupId!;
  await ec2.send(
    new AuthorizeSecurityGroupIngressCommand({
      GroupId: noSelfSg,
      IpPermissions: [{ IpProtocol: 'tcp', FromPort: 443, ToPort: 443, IpRanges: [{ CidrIp: '10.0.0.0/16' }] }],
    }),
  );

  const allocation = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId!;
  const natId = (await ec2.send(new CreateNatGatewayCommand({ SubnetId: big.SubnetId!, AllocationId: allocation }))).NatGateway!
    .NatGatewayId!;
  const privateTable = (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId }))).RouteTable!.RouteTableId!;
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: privateTable, SubnetId: tiny.SubnetId! }));
  await ec2.send(new CreateRouteCommand({ RouteTableId: privateTable, DestinationCidrBlock: '0.0.0.0/0', NatGatewayId: natId }));
  const endpointId = (
    await ec2.send(
      new CreateVpcEndpointCommand({
        VpcId: vpcId,
        ServiceName: `com.amazonaws.${REGION}.s3`,
        VpcEndpointType: 'Gateway',
        RouteTableIds: [privateTable],
      }),
    )
  ).VpcEndpoint!.VpcEndpointId!;

  const eks = new EKSClient(config);
  const eksArn = (
    await eks.send(
      new CreateEksClusterCommand({
        name: 'ml-eks',
        roleArn: `arn:aws:iam::${ACCOUNT}:role/eks`,
        resourcesVpcConfig: { subnetIds: [tiny.SubnetId!, big.SubnetId!] },
        kubernetesNetworkConfig: { ipFamily: 'ipv6' },
      }),
    )
  ).cluster!.arn!;

  // moto 5.2 stores the cluster and then fails building its nodes (it reads a TargetCount the API
  // does not send), answering 500; one attempt and a tolerated error leave a describable cluster.
  const sagemaker = new SageMakerClient({ ...config, maxAttempts: 1 });
  await sagemaker
    .send(
      new CreateSageMakerClusterCommand({
        ClusterName: 'live-cluster',
        InstanceGroups: [
          {
            InstanceGroupName: 'g',
            InstanceType: 'ml.c5.large',
            InstanceCount: 1,
            ExecutionRole: `arn:aws:iam::${ACCOUNT}:role/exec`,
            LifeCycleConfig: { SourceS3Uri: 's3://sagemaker-lcc/', OnCreate: 'on_create.sh' },
          },
        ],
        VpcConfig: { Subnets: [big.SubnetId!], SecurityGroupIds: [efaSg] },
      }),
    )
    .catch(() => undefined);

  // Interfaces moto holds in the region (ours plus any it creates for the NAT gateway).
  const enisInRegion = (await ec2.send(new DescribeNetworkInterfacesCommand({}))).NetworkInterfaces!.length;
  for (const client of [ec2, eks, sagemaker]) client.destroy();
  return {
    vpcId,
    tinySubnet: tiny.SubnetId!,
    tinyZoneId: tiny.AvailabilityZoneId!,
    bigSubnet: big.SubnetId!,
    efaSg,
    noSelfSg,
    privateTable,
    natId,
    endpointId,
    eksArn,
    enisInRegion,
  };
}
