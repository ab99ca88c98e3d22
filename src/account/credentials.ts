import { AssumeRoleWithWebIdentityCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { classifyError, errorMessage, errorName } from './errors.js';

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  expiration?: Date;
}

export type CredentialResult =
  | { ok: true; credentials: AwsCredentials; account?: string; masked: string[]; source: string }
  | { ok: false; missing: boolean; message: string; masked: string[] };

export interface CredentialRequest {
  region: string;
  endpoint?: string;
  roleToAssume?: string;
  roleSessionName?: string;
  audience?: string;
  getIdToken?: (audience: string) => Promise<string>;
  /** Called at once with each secret, before anything can log it. */
  mask?: (secret: string) => void;
  signal: AbortSignal;
}

/** Default audience of the GitHub OIDC token for AWS (as in aws-actions/configure-aws-credentials). */
export const DEFAULT_AUDIENCE = 'sts.amazonaws.com';
const DEFAULT_SESSION_NAME = 'hyperpod-prereq';

/**
 * Gets credentials: the GitHub OIDC token exchanged through STS AssumeRoleWithWebIdentity when a
 * role is given, otherwise the SDK's default chain. Then checks them once with GetCallerIdentity,
 * so an expired token or a wrong region gives one clear message instead of one per call.
 */
export async function resolveCredentials(request: CredentialRequest): Promise<CredentialResult> {
  const masked: string[] = [];
  const secret = (value: string) => {
    masked.push(value);
    try {
      request.mask?.(value);
    } catch {
      // masking is best effort; the caller still gets the list
    }
  };
  let credentials: AwsCredentials;
  let source: string;
  if (request.roleToAssume) {
    if (!request.getIdToken) {
      return { ok: false, missing: true, masked, message: 'role-to-assume is set but no GitHub OIDC token can be requested here.' };
    }
    const audience = request.audience || DEFAULT_AUDIENCE;
    let token: string;
    try {
      token = await request.getIdToken(audience);
    } catch (error) {
      return {
        ok: false,
        missing: true,
        masked,
        message: `could not get the GitHub OIDC token (${errorMessage(error)}); the workflow needs "permissions: id-token: write".`,
      };
    }
    secret(token);
    const sts = new STSClient({ region: request.region, endpoint: request.endpoint, maxAttempts: 3 });
    try {
      const response = await sts.send(
        new AssumeRoleWithWebIdentityCommand({
          RoleArn: request.roleToAssume,
          RoleSessionName: request.roleSessionName || DEFAULT_SESSION_NAME,
          WebIdentityToken: token,
        }),
        { abortSignal: request.signal },
      );
      const c = response.Credentials;
      if (!c?.AccessKeyId || !c.SecretAccessKey) {
        return { ok: false, missing: true, masked, message: `STS returned no credentials for ${request.roleToAssume}.` };
      }
      secret(c.AccessKeyId);
      secret(c.SecretAccessKey);
      if (c.SessionToken) secret(c.SessionToken);
      credentials = {
        accessKeyId: c.AccessKeyId,
        secretAccessKey: c.SecretAccessKey,
        sessionToken: c.SessionToken,
        expiration: c.Expiration,
      };
      source = `role ${request.roleToAssume}`;
    } catch (error) {
      return { ok: false, missing: true, masked, message: explainStsFailure(error, request.region, `assuming ${request.roleToAssume}`) };
    } finally {
      sts.destroy();
    }
  } else {
    const sts = new STSClient({ region: request.region, endpoint: request.endpoint });
    try {
      const resolved = await sts.config.credentials();
      credentials = {
        accessKeyId: resolved.accessKeyId,
        secretAccessKey: resolved.secretAccessKey,
        sessionToken: resolved.sessionToken,
        expiration: resolved.expiration,
      };
      source = 'the default credential chain';
    } catch (error) {
      return {
        ok: false,
        missing: true,
        masked,
        message: `no AWS credentials found (${errorMessage(error).split('\n')[0]}); set role-to-assume or provide credentials (environment, profile).`,
      };
    } finally {
      sts.destroy();
    }
  }

  const check = new STSClient({ region: request.region, endpoint: request.endpoint, credentials, maxAttempts: 3 });
  try {
    const identity = await check.send(new GetCallerIdentityCommand({}), { abortSignal: request.signal });
    return { ok: true, credentials, account: identity.Account, masked, source };
  } catch (error) {
    const kind = classifyError(error);
    return {
      ok: false,
      missing: kind === 'credentials-rejected' || kind === 'credentials-missing',
      masked,
      message: explainStsFailure(error, request.region, `checking the credentials from ${source}`),
    };
  } finally {
    check.destroy();
  }
}

function explainStsFailure(error: unknown, region: string, doing: string): string {
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
