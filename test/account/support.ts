/** Test support for account mode: OIDC token stand-in, a denying proxy in front of moto, model builders. */
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { Model } from '../../src/model/model.js';
import { known, type Cluster, type Loc, type Ref } from '../../src/model/types.js';

const listen = (server: Server): Promise<string> =>
  new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      resolve(`http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`);
    }),
  );

const readBody = (request: IncomingMessage): Promise<Buffer> =>
  new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });

export interface OidcStandIn {
  /** Value for ACTIONS_ID_TOKEN_REQUEST_URL. */
  requestUrl: string;
  /** Value for ACTIONS_ID_TOKEN_REQUEST_TOKEN. */
  requestToken: string;
  /** The JWT it hands out. */
  idToken: string;
  /** Audiences asked for, in order. */
  audiences: string[];
  close(): Promise<void>;
}

/**
 * The runner's OIDC token endpoint as @actions/core calls it: GET `${URL}&audience=…` with
 * `Authorization: Bearer ${TOKEN}`, answering `{"value": "<jwt>"}`.
 */
export async function startOidcStandIn(): Promise<OidcStandIn> {
  const requestToken = 'runner-request-token';
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const idToken = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64({ iss: 'https://token.actions.githubusercontent.com', aud: 'sts.amazonaws.com', sub: 'repo:o/r:pull_request' })}.c2lnbmF0dXJl`;
  const audiences: string[] = [];
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (request.headers.authorization !== `Bearer ${requestToken}`) {
      response.writeHead(401).end();
      return;
    }
    audiences.push(url.searchParams.get('audience') ?? '');
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: idToken }));
  });
  const base = await listen(server);
  return {
    requestUrl: `${base}/_apis/token?api-version=2.0`,
    requestToken,
    idToken,
    audiences,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

export interface DenyProxy {
  url: string;
  /** EC2 actions answered with 403 UnauthorizedOperation. */
  denied: Set<string>;
  /** Actions seen, in order. */
  actions: string[];
  /** Most requests open at the same time. */
  maxInFlight: number;
  close(): Promise<void>;
}

/**
 * A loopback proxy in front of moto that refuses chosen EC2 Query actions like IAM would,
 * never answers the `hang` ones (to exercise the time box), and answers the `expired` ones as AWS
 * does for expired temporary credentials (STS: ExpiredToken; EC2: RequestExpired).
 */
export async function startDenyProxy(
  target: string,
  { denied = [], hang = [], expired = [], delayMs = 0 }: { denied?: string[]; hang?: string[]; expired?: string[]; delayMs?: number },
): Promise<DenyProxy> {
  const state = { denied: new Set(denied), actions: [] as string[], maxInFlight: 0 };
  let inFlight = 0;
  const upstream = new URL(target);
  const server = createServer(async (request, response) => {
    inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, inFlight);
    response.on('close', () => inFlight--);
    const body = await readBody(request);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    const action = /(?:^|&)Action=([A-Za-z]+)/.exec(body.toString('utf8'))?.[1];
    if (action) state.actions.push(action);
    if (action && hang.includes(action)) return;
    if (action && expired.includes(action)) {
      const xml =
        action === 'GetCallerIdentity'
          ? '<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>ExpiredToken</Code>' +
            '<Message>The security token included in the request is expired</Message></Error><RequestId>proxy</RequestId></ErrorResponse>'
          : '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>RequestExpired</Code>' +
            '<Message>Request has expired.</Message></Error></Errors><RequestID>proxy</RequestID></Response>';
      response.writeHead(action === 'GetCallerIdentity' ? 403 : 400, { 'content-type': 'text/xml' }).end(xml);
      return;
    }
    if (action && state.denied.has(action)) {
      const xml =
        '<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>UnauthorizedOperation</Code>' +
        '<Message>You are not authorized to perform this operation.</Message></Error></Errors>' +
        '<RequestID>proxy-denied</RequestID></Response>';
      response.writeHead(403, { 'content-type': 'text/xml;charset=UTF-8' }).end(xml);
      return;
    }
    const forward = httpRequest(
      { host: upstream.hostname, port: upstream.port, method: request.method, path: request.url, headers: request.headers },
      (upstreamResponse) => {
        response.writeHead(upstreamResponse.statusCode ?? 502, upstreamResponse.headers);
        upstreamResponse.pipe(response);
      },
    );
    forward.on('error', () => response.writeHead(502).end());
    forward.end(body);
  });
  const url = await listen(server);
  return {
    url,
    denied: state.denied,
    actions: state.actions,
    get maxInFlight() {
      return state.maxInFlight;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const FILE = 'infra/create-cluster.json';

export const loc = (line: number, column = 5, file = FILE): Loc => ({ file, line, column, endLine: line, endColumn: column + 20 });

export const idRef = (id: string, line: number): Ref => ({ kind: 'id', id, loc: loc(line) });

export interface ClusterShape {
  name: string;
  subnets: { id: string; line: number }[];
  securityGroups: { id: string; line: number }[];
  groups: { name: string; type: string; count: number }[];
  eksArn?: { arn: string; line: number };
  region?: string;
}

/** A cluster-spec entity as the parser would build it from a CreateCluster body naming IDs. */
export function clusterEntity(shape: ClusterShape): Cluster {
  return {
    key: `${FILE}#${shape.name}`,
    type: 'Cluster',
    name: shape.name,
    file: FILE,
    sourceKind: 'cluster-spec',
    loc: loc(1, 1),
    region: shape.region ? known(shape.region) : undefined,
    clusterName: known(shape.name, loc(2)),
    orchestrator: known(shape.eksArn ? 'eks' : 'slurm'),
    eksClusterArn: shape.eksArn ? known(shape.eksArn.arn, loc(shape.eksArn.line)) : undefined,
    vpcConfig: {
      loc: loc(10),
      subnets: { known: true, items: shape.subnets.map((s) => idRef(s.id, s.line)), loc: loc(11) },
      securityGroups: { known: true, items: shape.securityGroups.map((s) => idRef(s.id, s.line)), loc: loc(15) },
    },
    instanceGroups: shape.groups.map((g, i) => ({
      name: known(g.name),
      loc: loc(30 + i * 10),
      instanceTypes: [known(g.type, loc(31 + i * 10))],
      instanceCount: known(g.count, loc(32 + i * 10)),
      fsxMounts: [],
    })),
    isUpdate: false,
  };
}

export function modelOf(...clusters: Cluster[]): Model {
  return Model.fromParsed([{ file: FILE, kind: 'cluster-spec', entities: clusters, errors: [], unverified: [], suppressions: [] }]);
}
