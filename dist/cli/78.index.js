export const id = 78;
export const ids = [78];
export const modules = {

/***/ 2078:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  runAccountMode: () => (/* binding */ runAccountMode)
});

// UNUSED EXPORTS: CHECKS_BY_PERMISSION, DEFAULT_TIMEOUT_MS

// EXTERNAL MODULE: ./node_modules/p-limit/index.js + 1 modules
var p_limit = __webpack_require__(370);
// EXTERNAL MODULE: ./src/data/instance-network.ts + 1 modules
var instance_network = __webpack_require__(1196);
// EXTERNAL MODULE: ./src/model/types.ts
var types = __webpack_require__(440);
// EXTERNAL MODULE: ./src/util/records.ts
var records = __webpack_require__(9378);
// EXTERNAL MODULE: ./src/util/plural.ts
var plural = __webpack_require__(1976);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sts/dist-cjs/index.js
var dist_cjs = __webpack_require__(1695);
;// CONCATENATED MODULE: ./src/account/errors.ts
/** Classifies AWS SDK errors so each failure degrades only what it must. */
const ACCESS_DENIED = new Set([
    'AccessDenied',
    'AccessDeniedException',
    'UnauthorizedOperation',
    'UnauthorizedException',
    'AuthorizationError',
]);
const THROTTLED = new Set([
    'Throttling',
    'ThrottlingException',
    'ThrottledException',
    'RequestLimitExceeded',
    'RequestThrottled',
    'RequestThrottledException',
    'TooManyRequestsException',
    'SlowDown',
    'EC2ThrottledException',
    'BandwidthLimitExceeded',
]);
const REJECTED = new Set([
    'ExpiredToken',
    'ExpiredTokenException',
    'RequestExpired',
    'InvalidClientTokenId',
    'UnrecognizedClientException',
    'SignatureDoesNotMatch',
    'AuthFailure',
    'InvalidIdentityToken',
    'IDPRejectedClaim',
    'InvalidAccessKeyId',
]);
const NOT_FOUND = /NotFound|NoSuchResource|ResourceNotFound/;
const UNREACHABLE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH']);
function errorCode(error) {
    let current = error;
    for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
        const code = current.code;
        if (typeof code === 'string')
            return code;
        current = current.cause;
    }
    return undefined;
}
function errorName(error) {
    if (error && typeof error === 'object') {
        const e = error;
        if (typeof e.name === 'string' && e.name !== 'Error')
            return e.name;
        if (typeof e.code === 'string')
            return e.code;
    }
    return 'Error';
}
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}
function classifyError(error) {
    const name = errorName(error);
    const status = error?.$metadata?.httpStatusCode;
    if (name === 'AbortError' || name === 'TimeoutError')
        return 'aborted';
    if (ACCESS_DENIED.has(name))
        return 'access-denied';
    if (THROTTLED.has(name) || status === 429)
        return 'throttled';
    if (REJECTED.has(name))
        return 'credentials-rejected';
    if (name === 'CredentialsProviderError')
        return 'credentials-missing';
    if (NOT_FOUND.test(name))
        return 'not-found';
    const code = errorCode(error);
    if (code && UNREACHABLE_CODES.has(code))
        return 'unreachable';
    if (status === 403)
        return 'access-denied';
    if ((status !== undefined && status >= 500) || code === 'ECONNRESET' || code === 'ETIMEDOUT')
        return 'transient';
    return 'other';
}
/** Region names look like us-east-1, eu-central-2, us-gov-west-1, cn-north-1. */
const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

;// CONCATENATED MODULE: ./src/account/credentials.ts


/** Default audience of the GitHub OIDC token for AWS (as in aws-actions/configure-aws-credentials). */
const DEFAULT_AUDIENCE = 'sts.amazonaws.com';
const DEFAULT_SESSION_NAME = 'hyperpod-prereq';
/**
 * Gets credentials: the GitHub OIDC token exchanged through STS AssumeRoleWithWebIdentity when a
 * role is given, otherwise the SDK's default chain. Then checks them once with GetCallerIdentity,
 * so an expired token or a wrong region gives one clear message instead of one per call.
 */
async function resolveCredentials(request) {
    const masked = [];
    const secret = (value) => {
        masked.push(value);
        try {
            request.mask?.(value);
        }
        catch {
            // masking is best effort; the caller still gets the list
        }
    };
    let credentials;
    let source;
    if (request.roleToAssume) {
        if (!request.getIdToken) {
            return { ok: false, missing: true, masked, message: 'role-to-assume is set but no GitHub OIDC token can be requested here.' };
        }
        const audience = request.audience || DEFAULT_AUDIENCE;
        let token;
        try {
            token = await request.getIdToken(audience);
        }
        catch (error) {
            return {
                ok: false,
                missing: true,
                masked,
                message: `could not get the GitHub OIDC token (${errorMessage(error)}); the workflow needs "permissions: id-token: write".`,
            };
        }
        secret(token);
        const sts = new dist_cjs/* STSClient */.iM({ region: request.region, endpoint: request.endpoint, maxAttempts: 3 });
        try {
            const response = await sts.send(new dist_cjs/* AssumeRoleWithWebIdentityCommand */.WH({
                RoleArn: request.roleToAssume,
                RoleSessionName: request.roleSessionName || DEFAULT_SESSION_NAME,
                WebIdentityToken: token,
            }), { abortSignal: request.signal });
            const c = response.Credentials;
            if (!c?.AccessKeyId || !c.SecretAccessKey) {
                return { ok: false, missing: true, masked, message: `STS returned no credentials for ${request.roleToAssume}.` };
            }
            secret(c.AccessKeyId);
            secret(c.SecretAccessKey);
            if (c.SessionToken)
                secret(c.SessionToken);
            credentials = {
                accessKeyId: c.AccessKeyId,
                secretAccessKey: c.SecretAccessKey,
                sessionToken: c.SessionToken,
                expiration: c.Expiration,
            };
            source = `role ${request.roleToAssume}`;
        }
        catch (error) {
            return { ok: false, missing: true, masked, message: explainStsFailure(error, request.region, `assuming ${request.roleToAssume}`) };
        }
        finally {
            sts.destroy();
        }
    }
    else {
        const sts = new dist_cjs/* STSClient */.iM({ region: request.region, endpoint: request.endpoint });
        try {
            const resolved = await sts.config.credentials();
            credentials = {
                accessKeyId: resolved.accessKeyId,
                secretAccessKey: resolved.secretAccessKey,
                sessionToken: resolved.sessionToken,
                expiration: resolved.expiration,
            };
            source = 'the default credential chain';
        }
        catch (error) {
            return {
                ok: false,
                missing: true,
                masked,
                message: `no AWS credentials found (${errorMessage(error).split('\n')[0]}); set role-to-assume or provide credentials (environment, profile).`,
            };
        }
        finally {
            sts.destroy();
        }
    }
    const check = new dist_cjs/* STSClient */.iM({ region: request.region, endpoint: request.endpoint, credentials, maxAttempts: 3 });
    try {
        const identity = await check.send(new dist_cjs/* GetCallerIdentityCommand */.zI({}), { abortSignal: request.signal });
        return { ok: true, credentials, account: identity.Account, masked, source };
    }
    catch (error) {
        const kind = classifyError(error);
        return {
            ok: false,
            missing: kind === 'credentials-rejected' || kind === 'credentials-missing',
            masked,
            message: explainStsFailure(error, request.region, `checking the credentials from ${source}`),
        };
    }
    finally {
        check.destroy();
    }
}
function explainStsFailure(error, region, doing) {
    const kind = classifyError(error);
    const detail = `${errorName(error)}: ${errorMessage(error).split('\n')[0]}`;
    switch (kind) {
        case 'credentials-rejected':
            return `AWS rejected the credentials while ${doing} (${detail}); they may be expired or the role's trust policy may not accept this token.`;
        case 'unreachable':
            return `cannot reach AWS STS in region "${region}" while ${doing} (${detail}); check aws-region.`;
        case 'access-denied':
            return `access denied while ${doing} (${detail}).`;
        case 'aborted':
            return `timed out while ${doing}.`;
        default:
            return `failed while ${doing} (${detail}).`;
    }
}

;// CONCATENATED MODULE: ./src/account/feed.ts

const accountKey = (id) => `account#${id}`;
const idRef = (id, loc) => ({ kind: 'id', id, loc });
function base(type, id, anchor) {
    return {
        key: accountKey(id),
        type,
        name: id,
        file: anchor.loc.file,
        sourceKind: 'account',
        loc: anchor.loc,
        physicalId: id,
        region: (0,types/* known */.e)(anchor.region),
    };
}
const vpcRef = (vpcId, loc) => vpcId ? idRef(vpcId, loc) : { kind: 'unknown', reason: 'the account look-up returned no VPC ID', loc };
function subnetEntity(subnet, anchor) {
    const id = subnet.SubnetId;
    const ipv6 = subnet.Ipv6Native === true ||
        (subnet.Ipv6CidrBlockAssociationSet ?? []).some((a) => a.Ipv6CidrBlockState?.State === 'associated' || a.Ipv6CidrBlockState?.State === 'associating');
    const fromAccount = (what) => (0,types/* unknown */.L)(`the account look-up of ${id} returned no ${what}`, anchor.loc);
    return {
        ...base('Subnet', id, anchor),
        vpc: vpcRef(subnet.VpcId, anchor.loc),
        cidr: subnet.CidrBlock ? (0,types/* known */.e)(subnet.CidrBlock, anchor.loc) : fromAccount('IPv4 CIDR'),
        az: subnet.AvailabilityZone ? (0,types/* known */.e)(subnet.AvailabilityZone, anchor.loc) : fromAccount('Availability Zone'),
        azId: subnet.AvailabilityZoneId ? (0,types/* known */.e)(subnet.AvailabilityZoneId, anchor.loc) : fromAccount('zone ID'),
        ipv6: (0,types/* known */.e)(ipv6, anchor.loc),
        mapPublicIp: (0,types/* known */.e)(subnet.MapPublicIpOnLaunch === true, anchor.loc),
        availableIpAddressCount: subnet.AvailableIpAddressCount,
    };
}
function rulePeer(rule, groupId, loc) {
    const referenced = rule.ReferencedGroupInfo?.GroupId;
    if (referenced)
        return referenced === groupId ? { kind: 'self' } : { kind: 'sg', ref: idRef(referenced, loc) };
    if (rule.CidrIpv4)
        return { kind: 'cidr', cidr: rule.CidrIpv4 };
    if (rule.CidrIpv6)
        return { kind: 'cidr6', cidr: rule.CidrIpv6 };
    if (rule.PrefixListId)
        return { kind: 'prefixList', id: rule.PrefixListId };
    return { kind: 'unknown', reason: `rule ${rule.SecurityGroupRuleId ?? '(no ID)'} names no peer the tool understands` };
}
function sgRule(rule, groupId, loc) {
    const protocol = rule.IpProtocol;
    const allTraffic = protocol === '-1';
    const port = (value) => allTraffic ? undefined : value === undefined ? (0,types/* unknown */.L)('the account look-up returned no port', loc) : (0,types/* known */.e)(value, loc);
    return {
        direction: rule.IsEgress ? 'egress' : 'ingress',
        protocol: protocol ? (0,types/* known */.e)(protocol, loc) : (0,types/* unknown */.L)('the account look-up returned no protocol', loc),
        fromPort: port(rule.FromPort),
        toPort: port(rule.ToPort),
        peer: rulePeer(rule, groupId, loc),
        loc,
        resourceName: rule.SecurityGroupRuleId,
    };
}
/** A security group as it exists; `rules` undefined when DescribeSecurityGroupRules failed. */
function securityGroupEntity(group, rules, anchor) {
    const id = group.GroupId;
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
function routeTarget(route, loc) {
    const destination = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId ?? '';
    if (route.State === 'blackhole')
        return { kind: 'other', what: 'blackhole (its target no longer exists)' };
    if (route.NatGatewayId)
        return { kind: 'nat', ref: idRef(route.NatGatewayId, loc) };
    const gateway = route.GatewayId;
    if (gateway?.startsWith('igw-'))
        return { kind: 'igw', ref: idRef(gateway, loc) };
    if (gateway?.startsWith('vpce-'))
        return { kind: 'vpce', ref: idRef(gateway, loc) };
    if (gateway === 'local')
        return { kind: 'other', what: 'local' };
    const via = route.TransitGatewayId ??
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
function routeTableEntity(table, anchor) {
    const id = table.RouteTableId;
    const routes = (table.Routes ?? []).map((route) => {
        const destination = route.DestinationCidrBlock ?? route.DestinationIpv6CidrBlock ?? route.DestinationPrefixListId;
        return {
            destination: destination ? (0,types/* known */.e)(destination, anchor.loc) : (0,types/* unknown */.L)('the route has no destination', anchor.loc),
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
        subnets: associations.filter((a) => a.SubnetId).map((a) => idRef(a.SubnetId, anchor.loc)),
    };
}
const LIVE_ENDPOINT_STATES = new Set(['available', 'pending', 'pendingacceptance']);
const isLiveEndpoint = (endpoint) => endpoint.State === undefined || LIVE_ENDPOINT_STATES.has(endpoint.State.toLowerCase());
function vpcEndpointEntity(endpoint, anchor) {
    const id = endpoint.VpcEndpointId;
    let policy;
    if (endpoint.PolicyDocument) {
        try {
            policy = (0,types/* known */.e)(JSON.parse(endpoint.PolicyDocument), anchor.loc);
        }
        catch {
            policy = (0,types/* unknown */.L)('the endpoint policy returned by the account is not JSON', anchor.loc);
        }
    }
    return {
        ...base('VpcEndpoint', id, anchor),
        vpc: vpcRef(endpoint.VpcId, anchor.loc),
        serviceName: endpoint.ServiceName ? (0,types/* known */.e)(endpoint.ServiceName, anchor.loc) : (0,types/* unknown */.L)('no service name returned', anchor.loc),
        endpointType: (0,types/* known */.e)(endpoint.VpcEndpointType ?? 'Gateway', anchor.loc),
        routeTables: { known: true, items: (endpoint.RouteTableIds ?? []).map((rt) => idRef(rt, anchor.loc)), loc: anchor.loc },
        subnets: { known: true, items: (endpoint.SubnetIds ?? []).map((s) => idRef(s, anchor.loc)), loc: anchor.loc },
        policy,
    };
}
const DEAD_NAT_STATES = new Set(['deleting', 'deleted', 'failed']);
const isLiveNatGateway = (nat) => !nat.State || !DEAD_NAT_STATES.has(nat.State);
function natGatewayEntity(nat, anchor) {
    return {
        ...base('NatGateway', nat.NatGatewayId, anchor),
        subnet: nat.SubnetId ? idRef(nat.SubnetId, anchor.loc) : { kind: 'unknown', reason: 'no subnet returned', loc: anchor.loc },
    };
}
function internetGatewayEntity(id, vpcId, anchor) {
    return { ...base('InternetGateway', id, anchor), vpc: vpcId ? idRef(vpcId, anchor.loc) : undefined };
}
function eksClusterEntity(arn, cluster, anchor) {
    const family = cluster.kubernetesNetworkConfig?.ipFamily;
    return {
        ...base('EksCluster', arn, anchor),
        name: cluster.name ?? arn,
        ipFamily: (0,types/* known */.e)(family ?? 'ipv4', anchor.loc),
        ipFamilyExplicit: family !== undefined,
        arn: (0,types/* known */.e)(cluster.arn ?? arn, anchor.loc),
        subnets: { known: true, items: (cluster.resourcesVpcConfig?.subnetIds ?? []).map((s) => idRef(s, anchor.loc)), loc: anchor.loc },
    };
}
/** Network limits of an instance type, as the embedded table stores them. */
function instanceNetworkOf(info) {
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
function gatewayIds(tables) {
    const nat = new Set();
    const igw = new Map();
    for (const table of tables) {
        for (const route of table.Routes ?? []) {
            if (route.State === 'blackhole')
                continue;
            if (route.NatGatewayId)
                nat.add(route.NatGatewayId);
            if (route.GatewayId?.startsWith('igw-'))
                igw.set(route.GatewayId, table.VpcId);
        }
    }
    return { nat, igw };
}

// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-ec2/dist-cjs/index.js
var client_ec2_dist_cjs = __webpack_require__(5193);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-eks/dist-cjs/index.js
var client_eks_dist_cjs = __webpack_require__(4524);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-sagemaker/dist-cjs/index.js
var client_sagemaker_dist_cjs = __webpack_require__(4459);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-service-quotas/dist-cjs/index.js
var client_service_quotas_dist_cjs = __webpack_require__(2924);
;// CONCATENATED MODULE: ./src/account/retry.ts

const realSleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/**
 * Runs `call`, retrying throttling and transient server errors with full-jitter
 * exponential backoff. Every other error (and an aborted signal) is thrown at once.
 */
async function withRetry(call, options) {
    // Defaults are our choice: 5 attempts, delays capped at 250 ms, 500 ms, 1 s, 2 s (full jitter), at most 5 s.
    const attempts = options.attempts ?? 5;
    const base = options.baseDelayMs ?? 250;
    const cap = options.maxDelayMs ?? 5000;
    const random = options.random ?? Math.random;
    for (let attempt = 1;; attempt++) {
        options.signal?.throwIfAborted();
        try {
            return await call();
        }
        catch (error) {
            const kind = classifyError(error);
            if ((kind !== 'throttled' && kind !== 'transient') || attempt >= attempts)
                throw error;
            if (options.signal?.aborted)
                throw error;
            const ceiling = Math.min(cap, base * 2 ** (attempt - 1));
            await options.sleep(Math.round(random() * ceiling));
        }
    }
}

;// CONCATENATED MODULE: ./src/account/lookups.ts






/** IDs per filter value list: a batch size of our choosing, to keep requests small. */
const BATCH = 100;
/** DescribeNetworkInterfaces page size: the API's maximum MaxResults (EC2 API reference, DescribeNetworkInterfaces). */
const ENI_PAGE_SIZE = 1000;
/** Quota "Network interfaces per Region" (hyperpod-reference.md \u00a7R3 [SEED]). */
const ENI_QUOTA_CODE = 'L-DF5E4CA3';
/** \u00a7R3 [FS-ENI]: public scripts use both service codes for this quota; `vpc` first as the seed files it there. */
const ENI_QUOTA_SERVICE_CODES = ['vpc', 'ec2'];
/**
 * A resource that does not exist is an answer, not a failure. SageMaker reports a missing cluster
 * as ResourceNotFound or as a ValidationException "Could not find cluster ...".
 */
function nullWhenMissing(error) {
    const kind = classifyError(error);
    if (kind === 'not-found')
        return null;
    if (errorName(error) === 'ValidationException' && /could not find|not found|does not exist/i.test(errorMessage(error)))
        return null;
    throw error;
}
const chunks = (items, size) => {
    const out = [];
    for (let i = 0; i < items.length; i += size)
        out.push(items.slice(i, i + size));
    return out;
};
/**
 * Read-only look-ups in one region. Every call is rate-limited, retried on throttling,
 * bound to the run's abort signal, and cached for the run (by ID where calls take IDs).
 * A failed call returns undefined after reporting it; nothing here throws.
 */
class RegionLookups {
    region;
    ctx;
    ec2;
    eks;
    sagemaker;
    quotas;
    subnetCache = new Map();
    groupCache = new Map();
    ruleCache = new Map();
    memo = new Map();
    constructor(region, ctx) {
        this.region = region;
        this.ctx = ctx;
        // Retries are ours (jittered, injectable sleep), so the SDK makes one attempt per call.
        const common = { region, credentials: ctx.credentials, maxAttempts: 1 };
        const endpoint = ctx.endpoint ? { endpoint: ctx.endpoint } : {};
        this.ec2 = new client_ec2_dist_cjs/* EC2Client */.gu5({ ...common, ...endpoint });
        this.eks = new client_eks_dist_cjs/* EKSClient */.JQJ({ ...common, ...endpoint });
        this.sagemaker = new client_sagemaker_dist_cjs/* SageMakerClient */.kHU({ ...common, ...endpoint });
        this.quotas = new client_service_quotas_dist_cjs/* ServiceQuotasClient */.iVb({
            ...common,
            ...(ctx.serviceQuotasEndpoint ? { endpoint: ctx.serviceQuotasEndpoint } : endpoint),
        });
    }
    destroy() {
        this.ec2.destroy();
        this.eks.destroy();
        this.sagemaker.destroy();
        this.quotas.destroy();
    }
    /** One API call: limited, retried, abortable. */
    async call(permission, send) {
        try {
            return await this.ctx.limit(() => withRetry(() => send(this.ctx.signal), { sleep: this.ctx.sleep, signal: this.ctx.signal }));
        }
        catch (error) {
            const kind = this.ctx.signal.aborted ? 'aborted' : classifyError(error);
            this.ctx.onFailure({ permission, region: this.region, kind, error });
            return undefined;
        }
    }
    /** Follows NextToken until the end; undefined when any page fails (partial lists would mislead). */
    async paged(permission, fetch) {
        const pages = [];
        const seen = new Set();
        let token;
        do {
            const page = await this.call(permission, (signal) => fetch(token, signal));
            if (!page)
                return undefined;
            pages.push(page);
            token = page.NextToken || undefined;
            if (token && seen.has(token))
                break; // a service repeating a token must not loop forever
            if (token)
                seen.add(token);
        } while (token);
        return pages;
    }
    once(key, run) {
        let p = this.memo.get(key);
        if (!p)
            this.memo.set(key, (p = run()));
        return p;
    }
    /** Fetches the IDs not yet cached, in batches; IDs the account does not have map to null. */
    async byIds(cache, ids, fetch, idOf) {
        const missing = [...new Set(ids)].filter((id) => !cache.has(id));
        let failed = false;
        await Promise.all(chunks(missing, BATCH).map(async (batch) => {
            const items = await fetch(batch);
            if (!items) {
                failed = true;
                return;
            }
            for (const id of batch)
                cache.set(id, null);
            for (const item of items) {
                const id = idOf(item);
                if (id)
                    cache.set(id, item);
            }
        }));
        if (failed && ids.some((id) => !cache.has(id)))
            return undefined;
        return new Map(ids.map((id) => [id, cache.get(id) ?? null]));
    }
    subnets(ids) {
        return this.byIds(this.subnetCache, ids, async (batch) => (await this.paged('ec2:DescribeSubnets', (NextToken, abortSignal) => this.ec2.send(new client_ec2_dist_cjs/* DescribeSubnetsCommand */.jSW({ Filters: [{ Name: 'subnet-id', Values: batch }], NextToken }), { abortSignal })))?.flatMap((p) => p.Subnets ?? []), (s) => s.SubnetId);
    }
    securityGroups(ids) {
        return this.byIds(this.groupCache, ids, async (batch) => (await this.paged('ec2:DescribeSecurityGroups', (NextToken, abortSignal) => this.ec2.send(new client_ec2_dist_cjs/* DescribeSecurityGroupsCommand */.jsQ({ Filters: [{ Name: 'group-id', Values: batch }], NextToken }), {
            abortSignal,
        })))?.flatMap((p) => p.SecurityGroups ?? []), (g) => g.GroupId);
    }
    /** All rules of the groups, by group ID. */
    async securityGroupRules(groupIds) {
        const missing = [...new Set(groupIds)].filter((id) => !this.ruleCache.has(id));
        let failed = false;
        await Promise.all(chunks(missing, BATCH).map(async (batch) => {
            const pages = await this.paged('ec2:DescribeSecurityGroupRules', (NextToken, abortSignal) => this.ec2.send(new client_ec2_dist_cjs/* DescribeSecurityGroupRulesCommand */.lED({ Filters: [{ Name: 'group-id', Values: batch }], NextToken }), {
                abortSignal,
            }));
            if (!pages) {
                failed = true;
                return;
            }
            for (const id of batch)
                this.ruleCache.set(id, []);
            for (const rule of pages.flatMap((p) => p.SecurityGroupRules ?? [])) {
                if (rule.GroupId && this.ruleCache.has(rule.GroupId))
                    this.ruleCache.get(rule.GroupId).push(rule);
            }
        }));
        if (failed)
            return undefined;
        return new Map(groupIds.map((id) => [id, this.ruleCache.get(id) ?? []]));
    }
    /** Route tables explicitly associated with the subnets. */
    routeTablesOfSubnets(subnetIds) {
        return this.routeTables('association.subnet-id', subnetIds);
    }
    /** The main route tables of the VPCs. */
    mainRouteTables(vpcIds) {
        return this.routeTables('vpc-id', vpcIds, [{ Name: 'association.main', Values: ['true'] }]);
    }
    routeTables(filter, ids, extra = []) {
        return this.listByBatches(`rt:${filter}:${extra.map((f) => f.Name).join()}`, 'ec2:DescribeRouteTables', ids, (batch, NextToken, abortSignal) => this.ec2.send(new client_ec2_dist_cjs/* DescribeRouteTablesCommand */.VS8({ Filters: [{ Name: filter, Values: batch }, ...extra], NextToken }), { abortSignal }), (page) => page.RouteTables);
    }
    vpcEndpoints(vpcIds) {
        return this.listByBatches('vpce', 'ec2:DescribeVpcEndpoints', vpcIds, (batch, NextToken, abortSignal) => this.ec2.send(new client_ec2_dist_cjs/* DescribeVpcEndpointsCommand */.KoP({ Filters: [{ Name: 'vpc-id', Values: batch }], NextToken }), { abortSignal }), (page) => page.VpcEndpoints);
    }
    natGateways(ids) {
        return this.listByBatches('nat', 'ec2:DescribeNatGateways', ids, (batch, NextToken, abortSignal) => this.ec2.send(new client_ec2_dist_cjs/* DescribeNatGatewaysCommand */.F8p({ Filter: [{ Name: 'nat-gateway-id', Values: batch }], NextToken }), { abortSignal }), (page) => page.NatGateways);
    }
    /** A filtered list call per batch of IDs, paged through and cached by the IDs; undefined when any batch fails. */
    listByBatches(key, permission, ids, fetch, itemsOf) {
        const sorted = [...new Set(ids)].sort();
        return this.once(`${key}:${sorted.join()}`, async () => {
            const results = await Promise.all(chunks(sorted, BATCH).map((batch) => this.paged(permission, (token, signal) => fetch(batch, token, signal))));
            if (results.some((r) => !r))
                return undefined;
            return results.flatMap((pages) => pages.flatMap((p) => itemsOf(p) ?? []));
        });
    }
    /** Network interfaces in the region (all of them count against the quota). */
    networkInterfaceCount() {
        return this.once('eni-count', async () => {
            const pages = await this.paged('ec2:DescribeNetworkInterfaces', (NextToken, abortSignal) => this.ec2.send(new client_ec2_dist_cjs/* DescribeNetworkInterfacesCommand */.B1p({ MaxResults: ENI_PAGE_SIZE, NextToken }), { abortSignal }));
            return pages?.reduce((sum, p) => sum + (p.NetworkInterfaces?.length ?? 0), 0);
        });
    }
    /** EC2 instance types by name (without the `ml.` prefix). A filter, so an unknown type is just absent. */
    instanceTypes(types) {
        const sorted = [...new Set(types)].sort();
        return this.once(`types:${sorted.join()}`, async () => {
            const pages = await this.paged('ec2:DescribeInstanceTypes', (NextToken, abortSignal) => this.ec2.send(new client_ec2_dist_cjs/* DescribeInstanceTypesCommand */.hkU({ Filters: [{ Name: 'instance-type', Values: sorted }], NextToken }), {
                abortSignal,
            }));
            return pages?.flatMap((p) => p.InstanceTypes ?? []);
        });
    }
    /** Zone name \u2192 zone ID. */
    zoneIds() {
        return this.once('zones', async () => {
            const response = await this.call('ec2:DescribeAvailabilityZones', (abortSignal) => this.ec2.send(new client_ec2_dist_cjs/* DescribeAvailabilityZonesCommand */.prB({}), { abortSignal }));
            if (!response)
                return undefined;
            const zones = new Map();
            for (const zone of response.AvailabilityZones ?? [])
                if (zone.ZoneName && zone.ZoneId)
                    zones.set(zone.ZoneName, zone.ZoneId);
            return zones;
        });
    }
    /** The EKS cluster, null when it does not exist here. */
    eksCluster(name) {
        return this.once(`eks:${name}`, async () => {
            const response = await this.call('eks:DescribeCluster', (abortSignal) => this.eks.send(new client_eks_dist_cjs/* DescribeClusterCommand */.hV5({ name }), { abortSignal }).catch(nullWhenMissing));
            return response === null ? null : response?.cluster;
        });
    }
    /** The live SageMaker cluster, null when no cluster of that name exists (a cluster still to be created). */
    sageMakerCluster(name) {
        return this.once(`sm:${name}`, () => this.call('sagemaker:DescribeCluster', (abortSignal) => this.sagemaker.send(new client_sagemaker_dist_cjs/* DescribeClusterCommand */.hV5({ ClusterName: name }), { abortSignal }).catch(nullWhenMissing)));
    }
    /** Quota L-DF5E4CA3, trying service code `vpc` then `ec2`. */
    eniQuota() {
        return this.once('eni-quota', async () => {
            for (const ServiceCode of ENI_QUOTA_SERVICE_CODES) {
                const response = await this.call('servicequotas:GetServiceQuota', (abortSignal) => this.quotas.send(new client_service_quotas_dist_cjs/* GetServiceQuotaCommand */.HSc({ ServiceCode, QuotaCode: ENI_QUOTA_CODE }), { abortSignal }).catch(nullWhenMissing));
                if (response === null)
                    continue;
                return response?.Quota?.Value;
            }
            return undefined;
        });
    }
    /** Every `sagemaker` quota, paged through. */
    sageMakerQuotas() {
        return this.once('sm-quotas', async () => {
            const pages = await this.paged('servicequotas:ListServiceQuotas', (NextToken, abortSignal) => this.quotas.send(new client_service_quotas_dist_cjs/* ListServiceQuotasCommand */.Mg2({ ServiceCode: 'sagemaker', NextToken }), { abortSignal }));
            return pages?.flatMap((p) => p.Quotas ?? []);
        });
    }
}

;// CONCATENATED MODULE: ./src/account/quota-names.ts
/**
 * SageMaker HyperPod quota names (service code `sagemaker`), matched by name because public
 * material disagrees on the codes (hyperpod-reference.md \u00a76 [DG-PREREQ][FS-QUOTA]).
 * No SDK import here: rules may use these names.
 */
const PER_CLUSTER_INSTANCES_QUOTA = 'Maximum number instances allowed per SageMaker HyperPod cluster';
const TOTAL_INSTANCES_QUOTA = 'Total number of instances allowed across SageMaker HyperPod clusters';
const CLUSTER_USAGE_SUFFIX = ' for cluster usage';
/** `ml.p5.48xlarge for cluster usage` for `ml.p5.48xlarge` (\u00a7R1 [SEED]). */
const clusterUsageQuotaName = (instanceType) => `${instanceType}${CLUSTER_USAGE_SUFFIX}`;
/** The quotas account mode hands to HP040. */
function isClusterQuotaName(name) {
    return (name === PER_CLUSTER_INSTANCES_QUOTA ||
        name === TOTAL_INSTANCES_QUOTA ||
        (name.startsWith('ml.') && name.endsWith(CLUSTER_USAGE_SUFFIX)));
}

;// CONCATENATED MODULE: ./src/account/references.ts
const SUBNET_ID = /^subnet-[0-9a-zA-Z]+$/;
const SG_ID = /^sg-[0-9a-zA-Z]+$/;
const EKS_ARN = /^arn:aws[a-z-]*:eks:([a-z0-9-]+):\d{12}:cluster\/[0-9A-Za-z][A-Za-z0-9_-]*$/;
const isSubnetId = (id) => SUBNET_ID.test(id);
const isSecurityGroupId = (id) => SG_ID.test(id);
const eksArnRegion = (arn) => EKS_ARN.exec(arn)?.[1];
function regionOf(entity, fallback) {
    return entity.region?.known ? entity.region.value : fallback;
}
function collectReferences(model, defaultRegion) {
    const work = new Map();
    const forRegion = (region) => {
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
    const note = (target, id, region, loc) => {
        if (!target.has(id))
            target.set(id, { id, region, loc });
    };
    /** Literal IDs that no scanned entity provides. */
    const literal = (ref) => (ref?.kind === 'id' && !model.byId(ref.id) ? ref.id : undefined);
    const addList = (list, fallback, region) => {
        if (!list?.known)
            return;
        const w = forRegion(region);
        for (const ref of list.items) {
            const id = literal(ref);
            if (!id)
                continue;
            const loc = ref.loc ?? list.loc ?? fallback;
            if (isSubnetId(id))
                note(w.subnets, id, region, loc);
            else if (isSecurityGroupId(id))
                note(w.securityGroups, id, region, loc);
        }
    };
    for (const cluster of model.ofType('Cluster')) {
        const region = regionOf(cluster, defaultRegion);
        const w = forRegion(region);
        w.hasClusters = true;
        collectCluster(cluster, region, w, addList);
        if (cluster.clusterName.known && cluster.clusterName.value)
            w.clusterNames.add(cluster.clusterName.value);
        const arn = cluster.eksClusterArn;
        if (arn?.known && !model.resolve(cluster.eksCluster, 'EksCluster')) {
            const arnRegion = eksArnRegion(arn.value);
            if (arnRegion)
                note(forRegion(arnRegion).eksClusters, arn.value, arnRegion, arn.loc ?? cluster.orchestratorLoc ?? cluster.loc);
        }
    }
    for (const fsx of model.ofType('FsxFileSystem'))
        addList(fsx.subnets, fsx.loc, regionOf(fsx, defaultRegion));
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
        if (subnet.sourceKind === 'account')
            continue;
        const region = regionOf(subnet, defaultRegion);
        if (subnet.physicalId && isSubnetId(subnet.physicalId)) {
            const w = forRegion(region);
            w.fileSubnets.push(subnet);
            note(w.subnets, subnet.physicalId, region, subnet.loc);
        }
        else if (subnet.az.known && !subnet.azId.known) {
            forRegion(region).zoneSubnets.push(subnet);
        }
    }
    return work;
}
function collectCluster(cluster, region, w, addList) {
    if (cluster.vpcConfig) {
        addList(cluster.vpcConfig.subnets, cluster.vpcConfig.loc, region);
        addList(cluster.vpcConfig.securityGroups, cluster.vpcConfig.loc, region);
    }
    if (!Array.isArray(cluster.instanceGroups))
        return;
    for (const group of cluster.instanceGroups) {
        for (const type of group.instanceTypes)
            if (type.known)
                w.instanceTypes.add(type.value);
        const override = group.overrideVpcConfig;
        if (override) {
            addList(override.subnets, override.loc, region);
            addList(override.securityGroups, override.loc, region);
        }
    }
}

// EXTERNAL MODULE: ./src/util/compare.ts
var compare = __webpack_require__(1251);
;// CONCATENATED MODULE: ./src/account/index.ts













const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_CONCURRENCY = 4;
/** How long a timed-out phase may take to wind down its aborted calls before it is abandoned. */
const ABORT_GRACE_MS = 2_000;
/** The rules whose account checks each permission feeds (facts.degraded names them). */
const CHECKS_BY_PERMISSION = {
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
const describeLoc = (loc) => `${loc.file}:${loc.line}`;
/** A place in the files that puts something in this region's work. */
function firstLoc(w) {
    const refs = [...w.subnets.values(), ...w.securityGroups.values(), ...w.eksClusters.values()];
    return refs[0]?.loc ?? w.fileSubnets[0]?.loc ?? w.zoneSubnets[0]?.loc;
}
async function runAccountMode(model, opts) {
    const notices = [];
    const masked = [];
    const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new DOMException(`account look-ups exceeded ${timeoutMs} ms`, 'TimeoutError')), timeoutMs);
    // Set when the phase is abandoned: late results must not touch the model any more.
    const state = { closed: false };
    let graceTimer;
    try {
        const abandoned = new Promise((resolve) => {
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
    }
    catch (error) {
        state.closed = true;
        notices.push(`Account checks stopped by an internal error (${errorMessage(error)}); results come from the files only.`);
        return { notices, masked };
    }
    finally {
        clearTimeout(timer);
        if (graceTimer)
            clearTimeout(graceTimer);
    }
}
async function run(model, opts, signal, notices, masked, timeoutMs, state) {
    const cannot = (message) => {
        if (state.closed)
            return {};
        if (opts.mode === 'required')
            return { fatal: `aws-checks is "required" but ${message}` };
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
    if (!region)
        return cannot('no AWS region is set (aws-region input, --region, or AWS_REGION).');
    if (!REGION_PATTERN.test(region))
        return cannot(`"${region}" is not an AWS region name (check aws-region).`);
    const credentials = await withAbort(resolveCredentials({
        region,
        endpoint: opts.endpoint,
        roleToAssume: opts.roleToAssume,
        roleSessionName: opts.roleSessionName,
        audience: opts.audience,
        getIdToken: opts.getIdToken,
        mask: opts.mask,
        signal,
    }), signal);
    if (!credentials)
        return cannot(`getting AWS credentials took longer than ${timeoutMs} ms.`);
    masked.push(...credentials.masked);
    if (!credentials.ok)
        return cannot(credentials.message);
    const work = collectReferences(model, region);
    // Regions named in the files are look-up targets only when they are region names (the SDK builds
    // endpoint host names from them).
    for (const [name, w] of work) {
        if (REGION_PATTERN.test(name))
            continue;
        work.delete(name);
        const where = firstLoc(w);
        notices.push(`Account checks: "${name}"${where ? ` (${describeLoc(where)})` : ''} is not an AWS region name; the references in it were not looked up.`);
    }
    const failures = [];
    const limit = (0,p_limit/* default */.A)(Math.max(1, opts.concurrency ?? DEFAULT_CONCURRENCY));
    const sessions = new Map();
    const lookupsFor = (r) => {
        let session = sessions.get(r);
        if (!session) {
            session = new RegionLookups(r, {
                credentials: credentials.credentials,
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
        const instanceData = (0,instance_network/* loadInstanceNetworkData */.c)();
        const incomplete = (type) => {
            const data = instanceData.get(type);
            return instanceData.isHyperPodType(type) && (!data || Object.values(data).some((v) => v === null));
        };
        const typesToFetch = [...new Set([...work.values()].flatMap((w) => [...w.instanceTypes]))].filter(incomplete).sort();
        const typeRegion = [...work.values()].find((w) => w.hasClusters)?.region ?? region;
        const [regionData, instanceTypes] = await Promise.all([
            Promise.all([...work.values()].map((w) => lookRegion(lookupsFor(w.region), w))),
            typesToFetch.length ? lookupsFor(typeRegion).instanceTypes(typesToFetch.map((t) => t.replace(/^ml\./, ''))) : undefined,
        ]);
        if (state.closed)
            return {};
        const facts = { degraded: [] };
        const counts = { subnets: 0, securityGroups: 0, routeTables: 0, endpoints: 0 };
        for (const data of regionData)
            feedRegion(model, data, facts, notices, credentials.account, counts);
        if (instanceTypes) {
            for (const info of instanceTypes) {
                const type = `ml.${info.InstanceType}`;
                if (!typesToFetch.includes(type))
                    continue;
                const network = mergeNetwork(instanceData.get(type) ?? null, instanceNetworkOf(info));
                (facts.instanceTypes ??= (0,records/* emptyRecord */.F)())[type] = network;
            }
        }
        reportFailures(failures, facts, notices, timeoutMs);
        const fromFiles = [...work.keys()].filter((r) => r !== region);
        const regions = fromFiles.length ? `${region}; from the files: ${fromFiles.join(', ')}` : region;
        notices.unshift(`Account checks ran in account ${credentials.account ?? '(unknown)'} (${regions}) with ${credentials.source}: ` +
            `${(0,plural/* plural */.L)(counts.subnets, 'subnet')}, ${(0,plural/* plural */.L)(counts.securityGroups, 'security group')}, ${(0,plural/* plural */.L)(counts.routeTables, 'route table')}, ` +
            `${(0,plural/* plural */.L)(counts.endpoints, 'VPC endpoint')} added from the account.`);
        return { facts };
    }
    finally {
        for (const session of sessions.values())
            session.destroy();
    }
}
/** Resolves to undefined when the signal aborts first (for steps that take no signal). */
async function withAbort(promise, signal) {
    if (signal.aborted)
        return undefined;
    let onAbort;
    const aborted = new Promise((resolve) => {
        onAbort = () => resolve(undefined);
        signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
        return await Promise.race([promise, aborted]);
    }
    finally {
        if (onAbort)
            signal.removeEventListener('abort', onAbort);
    }
}
/** Live values replace only the fields the embedded table does not have. */
function mergeNetwork(embedded, live) {
    if (!embedded)
        return live;
    const merged = { ...embedded };
    for (const key of Object.keys(merged)) {
        if (merged[key] === null)
            merged[key] = live[key];
    }
    return merged;
}
async function lookRegion(lookups, work) {
    const data = { work, groups: new Map(), missingGroups: [], groupsFailed: false, eks: new Map(), clusters: new Map() };
    const subnetIds = [...work.subnets.keys()];
    const describeGroups = async (refs, reportMissing) => {
        if (!refs.length)
            return;
        const ids = refs.map((r) => r.id);
        const [groups, rules] = await Promise.all([lookups.securityGroups(ids), lookups.securityGroupRules(ids)]);
        if (!groups) {
            data.groupsFailed = true;
            return;
        }
        for (const ref of refs) {
            const group = groups.get(ref.id);
            if (group)
                data.groups.set(ref.id, { group, rules: rules?.get(ref.id), anchor: ref });
            else if (reportMissing)
                data.missingGroups.push(ref);
        }
    };
    const networkPhase = async () => {
        if (!subnetIds.length)
            return;
        data.subnets = await lookups.subnets(subnetIds);
        if (!data.subnets)
            return;
        const found = [...data.subnets.values()].filter((s) => !!s);
        const vpcIds = [...new Set(found.map((s) => s.VpcId).filter((v) => !!v))];
        if (!found.length)
            return;
        const [associated, main, endpoints] = await Promise.all([
            lookups.routeTablesOfSubnets(found.map((s) => s.SubnetId)),
            lookups.mainRouteTables(vpcIds),
            lookups.vpcEndpoints(vpcIds),
        ]);
        data.endpoints = endpoints;
        if (associated && main) {
            const byId = new Map();
            for (const table of [...associated, ...main])
                if (table.RouteTableId)
                    byId.set(table.RouteTableId, table);
            data.routeTables = [...byId.values()];
            const { nat } = gatewayIds(data.routeTables);
            if (nat.size)
                data.natGateways = await lookups.natGateways([...nat]);
        }
    };
    const groupPhase = async () => {
        await describeGroups([...work.securityGroups.values()], true);
        // One level of peers: groups the fetched rules name by ID, so peers resolve too.
        const peers = new Map();
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
    const eksPhase = Promise.all([...work.eksClusters.keys()].map(async (arn) => {
        const name = arn.slice(arn.indexOf(':cluster/') + ':cluster/'.length);
        data.eks.set(arn, await lookups.eksCluster(name));
    }));
    const clusterPhase = Promise.all([...work.clusterNames].map(async (name) => data.clusters.set(name, await lookups.sageMakerCluster(name))));
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
function feedRegion(model, data, facts, notices, account, counts) {
    const { work } = data;
    const region = work.region;
    const where = `region ${region}${account ? ` of account ${account}` : ''}`;
    const anchorOf = (ref) => ({ loc: ref.loc, region });
    // Subnets: new entities for IDs only referenced; real free addresses and zone IDs for file subnets.
    const subnetAnchor = new Map();
    if (data.subnets) {
        for (const [id, subnet] of data.subnets) {
            const ref = work.subnets.get(id);
            subnetAnchor.set(id, anchorOf(ref));
            const existing = model.byId(id);
            if (!subnet) {
                if (!existing)
                    notices.push(`Account check: ${id} (${describeLoc(ref.loc)}) does not exist in ${where}.`);
                continue;
            }
            if (existing?.type === 'Subnet') {
                existing.availableIpAddressCount = subnet.AvailableIpAddressCount;
                if (!existing.azId.known && subnet.AvailabilityZoneId)
                    existing.azId = (0,types/* known */.e)(subnet.AvailabilityZoneId, existing.az.loc ?? existing.loc);
                if (!existing.az.known && subnet.AvailabilityZone)
                    existing.az = (0,types/* known */.e)(subnet.AvailabilityZone, existing.loc);
            }
            else if (!existing) {
                model.add(subnetEntity(subnet, anchorOf(ref)));
                counts.subnets++;
            }
        }
    }
    if (data.zones) {
        for (const subnet of work.zoneSubnets) {
            if (subnet.az.known && !subnet.azId.known) {
                const zoneId = data.zones.get(subnet.az.value);
                if (zoneId)
                    subnet.azId = (0,types/* known */.e)(zoneId, subnet.az.loc);
            }
        }
    }
    // Security groups with their real rules.
    for (const ref of data.missingGroups) {
        notices.push(`Account check: ${ref.id} (${describeLoc(ref.loc)}) does not exist in ${where}.`);
    }
    for (const [id, { group, rules, anchor }] of data.groups) {
        if (model.byId(id))
            continue;
        model.add(securityGroupEntity(group, rules, anchorOf(anchor)));
        counts.securityGroups++;
    }
    // Route tables: anchored at the first looked-up subnet they serve (or of their VPC, for main tables).
    const vpcAnchor = new Map();
    for (const [id, subnet] of data.subnets ?? []) {
        if (subnet?.VpcId && !vpcAnchor.has(subnet.VpcId))
            vpcAnchor.set(subnet.VpcId, subnetAnchor.get(id));
    }
    const tableAnchor = new Map();
    for (const table of data.routeTables ?? []) {
        const served = (table.Associations ?? []).map((a) => a.SubnetId).find((s) => s && subnetAnchor.has(s));
        const anchor = (served && subnetAnchor.get(served)) || (table.VpcId ? vpcAnchor.get(table.VpcId) : undefined);
        if (!anchor || !table.RouteTableId)
            continue;
        tableAnchor.set(table.RouteTableId, anchor);
        if (!model.byId(table.RouteTableId)) {
            model.add(routeTableEntity(table, anchor));
            counts.routeTables++;
        }
        for (const association of table.Associations ?? []) {
            if (!association.SubnetId)
                continue;
            const subnet = model.byId(association.SubnetId);
            if (subnet?.type === 'Subnet' && !subnet.routeTable) {
                subnet.routeTable = { kind: 'id', id: table.RouteTableId, loc: subnet.loc };
            }
        }
    }
    const { igw } = gatewayIds(data.routeTables ?? []);
    for (const [id, vpcId] of igw) {
        const anchor = vpcId ? vpcAnchor.get(vpcId) : undefined;
        if (anchor && !model.byId(id))
            model.add(internetGatewayEntity(id, vpcId, anchor));
    }
    for (const nat of data.natGateways ?? []) {
        if (!nat.NatGatewayId || !isLiveNatGateway(nat) || model.byId(nat.NatGatewayId))
            continue;
        const anchor = nat.VpcId ? vpcAnchor.get(nat.VpcId) : undefined;
        const viaTable = (data.routeTables ?? []).find((t) => t.Routes?.some((r) => r.NatGatewayId === nat.NatGatewayId));
        const chosen = anchor ?? (viaTable?.RouteTableId ? tableAnchor.get(viaTable.RouteTableId) : undefined);
        if (chosen)
            model.add(natGatewayEntity(nat, chosen));
    }
    for (const endpoint of data.endpoints ?? []) {
        if (!endpoint.VpcEndpointId || !isLiveEndpoint(endpoint) || model.byId(endpoint.VpcEndpointId))
            continue;
        const anchor = endpoint.VpcId ? vpcAnchor.get(endpoint.VpcId) : undefined;
        if (!anchor)
            continue;
        model.add(vpcEndpointEntity(endpoint, anchor));
        counts.endpoints++;
    }
    // EKS clusters named by ARN.
    for (const [arn, info] of data.eks) {
        const ref = work.eksClusters.get(arn);
        if (info === null) {
            notices.push(`Account check: EKS cluster ${arn} (${describeLoc(ref.loc)}) does not exist in ${where}.`);
            continue;
        }
        if (!info || model.byId(arn))
            continue;
        model.add(eksClusterEntity(arn, info, anchorOf(ref)));
        for (const cluster of model.ofType('Cluster')) {
            if (cluster.eksClusterArn?.known && cluster.eksClusterArn.value === arn && !cluster.eksCluster) {
                cluster.eksCluster = { kind: 'id', id: arn, loc: cluster.eksClusterArn.loc };
            }
        }
    }
    // Live VpcConfig of existing SageMaker clusters. Facts are keyed by names from the files: records without a prototype.
    for (const [name, info] of data.clusters) {
        if (!info)
            continue;
        (facts.liveClusters ??= (0,records/* emptyRecord */.F)())[name] = {
            subnets: info.VpcConfig?.Subnets ?? [],
            securityGroupIds: info.VpcConfig?.SecurityGroupIds ?? [],
        };
    }
    // Quotas.
    if (work.hasClusters && (data.eniQuota !== undefined || data.eniInUse !== undefined)) {
        const eni = {};
        if (data.eniQuota !== undefined)
            eni.quota = data.eniQuota;
        if (data.eniInUse !== undefined)
            eni.inUse = data.eniInUse;
        (facts.eni ??= (0,records/* emptyRecord */.F)())[region] = eni;
    }
    if (data.sageMakerQuotas) {
        const quotas = (0,records/* emptyRecord */.F)();
        for (const quota of data.sageMakerQuotas) {
            if (quota.QuotaName && typeof quota.Value === 'number' && isClusterQuotaName(quota.QuotaName))
                quotas[quota.QuotaName] = quota.Value;
        }
        (facts.sagemakerQuotas ??= (0,records/* emptyRecord */.F)())[region] = quotas;
    }
}
const KIND_TEXT = {
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
function reportFailures(failures, facts, notices, timeoutMs) {
    const groups = new Map();
    // Calls finish in any order; sort so notices and degraded entries are stable.
    const sorted = [...failures].sort((a, b) => (0,compare/* compareText */.n)(a.permission, b.permission) || (0,compare/* compareText */.n)(a.region, b.region));
    for (const failure of sorted) {
        const key = `${failure.kind}|${failure.permission}`;
        groups.set(key, [...(groups.get(key) ?? []), failure]);
    }
    const degraded = new Set();
    const shared = new Map();
    for (const list of groups.values()) {
        const { kind, permission, error } = list[0];
        const regions = [...new Set(list.map((f) => f.region))];
        const checks = CHECKS_BY_PERMISSION[permission] ?? [];
        const reason = kind === 'access-denied' ? `missing permission ${permission}` : `${permission}: ${KIND_TEXT[kind]}`;
        for (const check of checks) {
            const key = `${check}|${reason}`;
            if (degraded.has(key))
                continue;
            degraded.add(key);
            facts.degraded.push({ check, reason });
        }
        const affected = checks.length ? `; ${checks.join(', ')} not verified against the account` : '';
        if (kind === 'aborted' || kind === 'credentials-rejected' || kind === 'unreachable') {
            const entry = shared.get(kind) ?? { permissions: [], error, regions: new Set() };
            entry.permissions.push(permission);
            for (const region of regions)
                entry.regions.add(region);
            shared.set(kind, entry);
        }
        else if (kind === 'access-denied') {
            notices.push(`Account checks: missing permission ${permission} (${regions.join(', ')})${affected}.`);
        }
        else {
            notices.push(`Account checks: ${permission} ${KIND_TEXT[kind]} (${regions.join(', ')}; ${errorName(error)}: ${errorMessage(error).split('\n')[0]})${affected}.`);
        }
    }
    const timedOut = shared.get('aborted');
    if (timedOut) {
        notices.push(`Account checks: the look-ups hit the ${timeoutMs} ms time limit; unfinished: ${timedOut.permissions.join(', ')}.`);
    }
    const rejected = shared.get('credentials-rejected');
    if (rejected) {
        notices.push(`Account checks: AWS rejected the credentials during the look-ups (${errorName(rejected.error)}: ` +
            `${errorMessage(rejected.error).split('\n')[0]}); they may have expired. Not done: ${rejected.permissions.join(', ')}.`);
    }
    const unreachable = shared.get('unreachable');
    if (unreachable) {
        notices.push(`Account checks: cannot reach AWS in ${[...unreachable.regions].join(', ')} (${errorMessage(unreachable.error).split('\n')[0]}); ` +
            `check the region. Not done: ${unreachable.permissions.join(', ')}.`);
    }
}


/***/ })

};
