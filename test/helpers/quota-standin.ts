/**
 * A loopback stand-in for AWS Service Quotas (moto does not serve it for `sagemaker`/`ec2`).
 * Speaks the AWS JSON 1.1 protocol as the SDK sends it: POST /, header
 * `X-Amz-Target: ServiceQuotasV20190624.<Operation>`, JSON body; errors carry `__type`.
 * Response shapes follow the Service Quotas API (ListServiceQuotas → {Quotas, NextToken},
 * GetServiceQuota → {Quota}); see hyperpod-reference.md §6 [SQ-API].
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';

export interface StandInQuota {
  QuotaCode: string;
  QuotaName: string;
  Value: number;
  Adjustable?: boolean;
}

export type StandInError = 'AccessDeniedException' | 'ThrottlingException' | 'NoSuchResourceException' | 'ServiceException';

export interface QuotaRequest {
  operation: string;
  body: Record<string, unknown>;
}

export interface QuotaStandIn {
  url: string;
  /** Quotas per service code. */
  quotas: Record<string, StandInQuota[]>;
  /** Page size of ListServiceQuotas when the request sets no MaxResults. */
  pageSize: number;
  requests: QuotaRequest[];
  /** The next `times` calls of `operation` answer with `error`. */
  failNext(operation: string, error: StandInError, times?: number): void;
  close(): Promise<void>;
}

const STATUS: Record<StandInError, number> = {
  AccessDeniedException: 400,
  ThrottlingException: 400,
  NoSuchResourceException: 400,
  ServiceException: 500,
};

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (c: Buffer) => chunks.push(c));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

export async function startQuotaStandIn(quotas: Record<string, StandInQuota[]> = {}): Promise<QuotaStandIn> {
  const failures = new Map<string, { error: StandInError; times: number }>();
  const state: QuotaStandIn = {
    url: '',
    quotas,
    pageSize: 3,
    requests: [],
    failNext(operation, error, times = 1) {
      failures.set(operation, { error, times });
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const quotaShape = (serviceCode: string, q: StandInQuota) => ({
    ServiceCode: serviceCode,
    ServiceName: serviceCode,
    QuotaArn: `arn:aws:servicequotas:us-east-1:123456789012:${serviceCode}/${q.QuotaCode}`,
    QuotaCode: q.QuotaCode,
    QuotaName: q.QuotaName,
    Value: q.Value,
    Unit: 'None',
    Adjustable: q.Adjustable ?? true,
    GlobalQuota: false,
  });

  const server: Server = createServer(async (request, response) => {
    const send = (status: number, payload: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-requestid': 'standin' });
      response.end(JSON.stringify(payload));
    };
    const fail = (type: StandInError, message: string) => {
      response.setHeader('x-amzn-errortype', type);
      send(STATUS[type], { __type: type, message, Message: message });
    };
    const raw = await readBody(request);
    const target = String(request.headers['x-amz-target'] ?? '');
    const [prefix, operation = ''] = target.split('.');
    if (request.method !== 'POST' || prefix !== 'ServiceQuotasV20190624') {
      return send(400, { __type: 'UnknownOperationException', message: `unexpected target ${target}` });
    }
    let body: Record<string, unknown>;
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return send(400, { __type: 'SerializationException', message: 'body is not JSON' });
    }
    state.requests.push({ operation, body });

    const injected = failures.get(operation);
    if (injected && injected.times > 0) {
      injected.times--;
      return fail(injected.error, `stand-in ${injected.error} for ${operation}`);
    }

    const serviceCode = String(body.ServiceCode ?? '');
    const list = state.quotas[serviceCode];
    if (operation === 'GetServiceQuota') {
      const quota = list?.find((q) => q.QuotaCode === body.QuotaCode);
      if (!quota)
        return fail(
          'NoSuchResourceException',
          `The request failed because the specified quota ${String(body.QuotaCode)} does not exist for ${serviceCode}.`,
        );
      return send(200, { Quota: quotaShape(serviceCode, quota) });
    }
    if (operation === 'ListServiceQuotas') {
      if (!list) return fail('NoSuchResourceException', `The request failed because the specified service ${serviceCode} does not exist.`);
      const start = body.NextToken ? Number(body.NextToken) : 0;
      const size = typeof body.MaxResults === 'number' ? body.MaxResults : state.pageSize;
      const page = list.slice(start, start + size);
      const next = start + size < list.length ? String(start + size) : undefined;
      return send(200, { Quotas: page.map((q) => quotaShape(serviceCode, q)), ...(next ? { NextToken: next } : {}) });
    }
    return send(400, { __type: 'UnknownOperationException', message: `operation ${operation} is not served by the stand-in` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  return state;
}
