/** Classifies AWS SDK errors so each failure degrades only what it must. */

export type FailureKind =
  | 'access-denied'
  | 'throttled'
  | 'not-found'
  | 'credentials-missing'
  | 'credentials-rejected'
  | 'unreachable'
  | 'aborted'
  | 'transient'
  | 'other';

interface SdkErrorLike {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  cause?: unknown;
}

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

function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as SdkErrorLike).code;
    if (typeof code === 'string') return code;
    current = (current as SdkErrorLike).cause;
  }
  return undefined;
}

export function errorName(error: unknown): string {
  if (error && typeof error === 'object') {
    const e = error as SdkErrorLike;
    if (typeof e.name === 'string' && e.name !== 'Error') return e.name;
    if (typeof e.code === 'string') return e.code;
  }
  return 'Error';
}

export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function classifyError(error: unknown): FailureKind {
  const name = errorName(error);
  const status = (error as SdkErrorLike | undefined)?.$metadata?.httpStatusCode;
  if (name === 'AbortError' || name === 'TimeoutError') return 'aborted';
  if (ACCESS_DENIED.has(name)) return 'access-denied';
  if (THROTTLED.has(name) || status === 429) return 'throttled';
  if (REJECTED.has(name)) return 'credentials-rejected';
  if (name === 'CredentialsProviderError') return 'credentials-missing';
  if (NOT_FOUND.test(name)) return 'not-found';
  const code = errorCode(error);
  if (code && UNREACHABLE_CODES.has(code)) return 'unreachable';
  if (status === 403) return 'access-denied';
  if ((status !== undefined && status >= 500) || code === 'ECONNRESET' || code === 'ETIMEDOUT') return 'transient';
  return 'other';
}

/** Region names look like us-east-1, eu-central-2, us-gov-west-1, cn-north-1. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;
