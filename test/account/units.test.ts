/** Account-mode pieces that need no emulator: error classes, retry, reference collection, conversions. */
import { describe, expect, it } from 'vitest';
import { classifyError, REGION_PATTERN } from '../../src/account/errors.js';
import { eksClusterEntity, instanceNetworkOf, routeTableEntity, securityGroupEntity, subnetEntity } from '../../src/account/feed.js';
import { clusterUsageQuotaName, isClusterQuotaName } from '../../src/account/quota-names.js';
import { collectReferences } from '../../src/account/references.js';
import { withRetry } from '../../src/account/retry.js';
import { known, type SecurityGroup, type Subnet } from '../../src/model/types.js';
import { clusterEntity, idRef, loc, modelOf } from './support.js';

const sdkError = (name: string, status?: number, code?: string) =>
  Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status }, code });

describe('classifyError', () => {
  it.each([
    ['UnauthorizedOperation', 403, 'access-denied'],
    ['AccessDeniedException', 400, 'access-denied'],
    ['ThrottlingException', 400, 'throttled'],
    ['RequestLimitExceeded', 503, 'throttled'],
    ['SomethingNew', 429, 'throttled'],
    ['ExpiredToken', 400, 'credentials-rejected'],
    ['ExpiredTokenException', 400, 'credentials-rejected'],
    ['InvalidClientTokenId', 403, 'credentials-rejected'],
    ['CredentialsProviderError', undefined, 'credentials-missing'],
    ['InvalidSubnetID.NotFound', 400, 'not-found'],
    ['NoSuchResourceException', 400, 'not-found'],
    ['InternalError', 500, 'transient'],
    ['AbortError', undefined, 'aborted'],
    ['ValidationException', 400, 'other'],
  ] as const)('%s (%s) is %s', (name, status, kind) => {
    expect(classifyError(sdkError(name, status))).toBe(kind);
  });

  it('treats DNS failure as an unreachable endpoint (wrong region)', () => {
    const error = Object.assign(new Error('getaddrinfo ENOTFOUND ec2.us-weast-1.amazonaws.com'), { code: 'ENOTFOUND' });
    expect(classifyError(error)).toBe('unreachable');
    expect(classifyError(Object.assign(new Error('wrapped'), { cause: error }))).toBe('unreachable');
  });

  it('accepts region names and rejects other text', () => {
    for (const region of ['us-east-1', 'eu-central-2', 'us-gov-west-1', 'ap-southeast-5', 'cn-north-1'])
      expect(REGION_PATTERN.test(region)).toBe(true);
    for (const text of ['useast1', 'us-east', 'US-EAST-1', 'us-east-1a', '']) expect(REGION_PATTERN.test(text)).toBe(false);
  });
});

describe('withRetry', () => {
  it('retries throttling with full-jitter exponential backoff, then returns', async () => {
    const delays: number[] = [];
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls <= 3) throw sdkError('ThrottlingException', 400);
        return 'ok';
      },
      { sleep: async (ms) => void delays.push(ms), random: () => 1, baseDelayMs: 100 },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(4);
    expect(delays).toEqual([100, 200, 400]);
  });

  it('gives up after the attempts and rethrows the last error', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw sdkError('RequestLimitExceeded', 503);
        },
        { sleep: async () => {}, attempts: 3 },
      ),
    ).rejects.toThrow('RequestLimitExceeded happened');
    expect(calls).toBe(3);
  });

  it('does not retry access denied', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw sdkError('UnauthorizedOperation', 403);
        },
        { sleep: async () => {} },
      ),
    ).rejects.toThrow('UnauthorizedOperation');
    expect(calls).toBe(1);
  });

  it('stops waiting once the signal aborts', async () => {
    const controller = new AbortController();
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw sdkError('ThrottlingException', 400);
        },
        { sleep: async () => controller.abort(), signal: controller.signal },
      ),
    ).rejects.toThrow();
    expect(calls).toBe(1);
  });
});

describe('collectReferences', () => {
  it('collects literal IDs with the loc of their first reference, by region', () => {
    const arn = 'arn:aws:eks:eu-west-1:123456789012:cluster/ml';
    const cluster = clusterEntity({
      name: 'c',
      subnets: [
        { id: 'subnet-0aaa', line: 12 },
        { id: 'subnet-0bbb', line: 13 },
        { id: 'subnet-0aaa', line: 40 },
      ],
      securityGroups: [{ id: 'sg-0ccc', line: 16 }],
      groups: [
        { name: 'w', type: 'ml.p5.48xlarge', count: 16 },
        { name: 'x', type: 'ml.trn2.3xlarge', count: 1 },
      ],
      eksArn: { arn, line: 6 },
    });
    const model = modelOf(cluster);
    const work = collectReferences(model, 'us-east-1');
    expect([...work.keys()].sort()).toEqual(['eu-west-1', 'us-east-1']);
    const east = work.get('us-east-1')!;
    expect([...east.subnets.values()]).toEqual([
      { id: 'subnet-0aaa', region: 'us-east-1', loc: loc(12) },
      { id: 'subnet-0bbb', region: 'us-east-1', loc: loc(13) },
    ]);
    expect([...east.securityGroups.keys()]).toEqual(['sg-0ccc']);
    expect([...east.clusterNames]).toEqual(['c']);
    expect([...east.instanceTypes]).toEqual(['ml.p5.48xlarge', 'ml.trn2.3xlarge']);
    expect(east.hasClusters).toBe(true);
    // The EKS cluster is looked up in the ARN's region.
    const west = work.get('eu-west-1')!;
    expect([...west.eksClusters.values()]).toEqual([{ id: arn, region: 'eu-west-1', loc: loc(6) }]);
    expect(west.hasClusters).toBe(false);
  });

  it('skips IDs the scanned files already provide and picks up peers and file subnets', () => {
    const cluster = clusterEntity({
      name: 'c',
      subnets: [{ id: 'subnet-0fff', line: 12 }],
      securityGroups: [{ id: 'sg-0aaa', line: 16 }],
      groups: [],
    });
    const fileSubnet: Subnet = {
      key: 't.yaml#Private',
      type: 'Subnet',
      name: 'Private',
      file: 't.yaml',
      sourceKind: 'cloudformation',
      loc: loc(3, 3, 't.yaml'),
      physicalId: 'subnet-0fff',
      vpc: { kind: 'unknown', reason: 'x' },
      cidr: known('10.0.0.0/24'),
      az: known('us-east-1a'),
      azId: { known: false, reason: 'x' },
      ipv6: known(false),
      mapPublicIp: known(false),
    };
    const fileSg: SecurityGroup = {
      key: 't.yaml#Sg',
      type: 'SecurityGroup',
      name: 'Sg',
      file: 't.yaml',
      sourceKind: 'cloudformation',
      loc: loc(20, 3, 't.yaml'),
      vpc: { kind: 'unknown', reason: 'x' },
      ingress: [
        {
          direction: 'ingress',
          protocol: known('-1'),
          fromPort: undefined,
          toPort: undefined,
          peer: { kind: 'sg', ref: idRef('sg-0peer', 24) },
          loc: loc(23),
        },
      ],
      egress: [],
      implicitAllowAllEgress: true,
      rulesComplete: true,
    };
    const model = modelOf(cluster);
    model.add(fileSubnet);
    model.add(fileSg);
    const east = collectReferences(model, 'us-east-1').get('us-east-1')!;
    // subnet-0fff is defined by t.yaml: looked up once, anchored at the file subnet, not as an external ID.
    expect([...east.subnets.values()]).toEqual([{ id: 'subnet-0fff', region: 'us-east-1', loc: loc(3, 3, 't.yaml') }]);
    expect(east.fileSubnets).toEqual([fileSubnet]);
    expect([...east.securityGroups.keys()]).toEqual(['sg-0aaa', 'sg-0peer']);
    expect(east.securityGroups.get('sg-0peer')!.loc).toEqual(loc(24));
  });
});

describe('account entities', () => {
  const anchor = { loc: loc(12), region: 'us-east-1' };

  it('builds a subnet with real free addresses and IPv6 from the associations', () => {
    const subnet = subnetEntity(
      {
        SubnetId: 'subnet-1',
        VpcId: 'vpc-1',
        CidrBlock: '10.0.0.0/28',
        AvailabilityZone: 'us-east-1a',
        AvailabilityZoneId: 'use1-az4',
        AvailableIpAddressCount: 2,
        MapPublicIpOnLaunch: false,
        Ipv6CidrBlockAssociationSet: [{ Ipv6CidrBlock: '2600::/64', Ipv6CidrBlockState: { State: 'associated' } }],
      },
      anchor,
    );
    expect(subnet).toMatchObject({
      key: 'account#subnet-1',
      physicalId: 'subnet-1',
      sourceKind: 'account',
      file: 'infra/create-cluster.json',
      availableIpAddressCount: 2,
      ipv6: known(true, loc(12)),
      azId: known('use1-az4', loc(12)),
      region: known('us-east-1'),
    });
  });

  it('marks a group whose rules could not be read as incomplete', () => {
    const sg = securityGroupEntity({ GroupId: 'sg-1', VpcId: 'vpc-1' }, undefined, anchor);
    expect(sg.rulesComplete).toBe(false);
    expect(sg.ingress).toEqual([]);
  });

  it('maps rule peers: self, other group, CIDR, prefix list', () => {
    const sg = securityGroupEntity(
      { GroupId: 'sg-1', VpcId: 'vpc-1' },
      [
        { GroupId: 'sg-1', IsEgress: false, IpProtocol: '-1', FromPort: -1, ToPort: -1, ReferencedGroupInfo: { GroupId: 'sg-1' } },
        { GroupId: 'sg-1', IsEgress: false, IpProtocol: 'tcp', FromPort: 988, ToPort: 988, ReferencedGroupInfo: { GroupId: 'sg-2' } },
        { GroupId: 'sg-1', IsEgress: true, IpProtocol: '-1', CidrIpv6: '::/0' },
        { GroupId: 'sg-1', IsEgress: true, IpProtocol: 'tcp', FromPort: 443, ToPort: 443, PrefixListId: 'pl-63a5400a' },
      ],
      anchor,
    );
    expect(sg.ingress.map((r) => r.peer)).toEqual([{ kind: 'self' }, { kind: 'sg', ref: { kind: 'id', id: 'sg-2', loc: loc(12) } }]);
    expect(sg.ingress[0]!.fromPort).toBeUndefined();
    expect(sg.ingress[1]!.fromPort).toEqual(known(988, loc(12)));
    expect(sg.egress.map((r) => r.peer)).toEqual([
      { kind: 'cidr6', cidr: '::/0' },
      { kind: 'prefixList', id: 'pl-63a5400a' },
    ]);
  });

  it('maps route targets; a default route via a transit gateway stays unknown', () => {
    const table = routeTableEntity(
      {
        RouteTableId: 'rtb-1',
        VpcId: 'vpc-1',
        Associations: [{ Main: true }, { SubnetId: 'subnet-1' }],
        Routes: [
          { DestinationCidrBlock: '10.0.0.0/16', GatewayId: 'local' },
          { DestinationCidrBlock: '0.0.0.0/0', TransitGatewayId: 'tgw-1' },
          { DestinationPrefixListId: 'pl-63a5400a', GatewayId: 'vpce-1' },
          { DestinationCidrBlock: '172.16.0.0/12', NatGatewayId: 'nat-dead', State: 'blackhole' },
          { DestinationIpv6CidrBlock: '::/0', GatewayId: 'igw-1' },
        ],
      },
      anchor,
    );
    expect(table.main).toBe(true);
    expect(table.subnets).toEqual([{ kind: 'id', id: 'subnet-1', loc: loc(12) }]);
    expect(table.routes.map((r) => r.target)).toEqual([
      { kind: 'other', what: 'local' },
      { kind: 'unknown', reason: 'default route via tgw-1, whose onward path the tool cannot see' },
      { kind: 'vpce', ref: { kind: 'id', id: 'vpce-1', loc: loc(12) } },
      { kind: 'other', what: 'blackhole (its target no longer exists)' },
      { kind: 'igw', ref: { kind: 'id', id: 'igw-1', loc: loc(12) } },
    ]);
  });

  it('reads an EKS cluster without an explicit family as ipv4', () => {
    const eks = eksClusterEntity(
      'arn:aws:eks:us-east-1:123456789012:cluster/ml',
      { name: 'ml', resourcesVpcConfig: { subnetIds: ['subnet-1'] } },
      anchor,
    );
    expect(eks.ipFamily).toEqual(known('ipv4', loc(12)));
    expect(eks.ipFamilyExplicit).toBe(false);
    expect(eks.physicalId).toBe('arn:aws:eks:us-east-1:123456789012:cluster/ml');
  });

  it('converts DescribeInstanceTypes network info to the embedded shape', () => {
    expect(
      instanceNetworkOf({
        InstanceType: 'p5.48xlarge',
        NetworkInfo: {
          MaximumNetworkCards: 32,
          MaximumNetworkInterfaces: 64,
          DefaultNetworkCardIndex: 0,
          NetworkCards: [
            { NetworkCardIndex: 0, MaximumNetworkInterfaces: 2 },
            { NetworkCardIndex: 1, MaximumNetworkInterfaces: 2 },
          ],
          Ipv4AddressesPerInterface: 50,
          EfaSupported: true,
          EfaInfo: { MaximumEfaInterfaces: 32 },
        },
      }),
    ).toEqual({
      networkCards: 32,
      maxInterfaces: 64,
      defaultCardMaxInterfaces: 2,
      ipv4PerInterface: 50,
      efaSupported: true,
      maxEfaInterfaces: 32,
    });
    expect(instanceNetworkOf({ InstanceType: 'c5.large' })).toEqual({
      networkCards: null,
      maxInterfaces: null,
      defaultCardMaxInterfaces: null,
      ipv4PerInterface: null,
      efaSupported: null,
      maxEfaInterfaces: null,
    });
  });
});

describe('quota names', () => {
  it('matches the HyperPod quotas by name only', () => {
    expect(clusterUsageQuotaName('ml.p5.48xlarge')).toBe('ml.p5.48xlarge for cluster usage');
    expect(isClusterQuotaName('ml.p5.48xlarge for cluster usage')).toBe(true);
    expect(isClusterQuotaName('Maximum number instances allowed per SageMaker HyperPod cluster')).toBe(true);
    expect(isClusterQuotaName('Total number of instances allowed across SageMaker HyperPod clusters')).toBe(true);
    expect(isClusterQuotaName('ml.p5.48xlarge for cluster spot instance usage')).toBe(false);
    expect(isClusterQuotaName('ml.p5.48xlarge for training job usage')).toBe(false);
  });
});
