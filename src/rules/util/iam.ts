/**
 * Just enough IAM policy evaluation for HP060/HP061: which principals may call ssm:StartSession
 * on HyperPod cluster nodes (hyperpod-reference.md §R13 [SEED][SSM-RUNAS]).
 */
import type { Model } from '../../model/model.js';
import type { IamPolicy, IamPrincipal, Loc, PolicyStatement, Val } from '../../model/types.js';
import { appendAll } from '../../util/arrays.js';
import { globMatches } from '../../util/glob.js';

export { globMatches };

export const START_SESSION = 'ssm:StartSession';
/** Resources of HyperPod clusters, in any partition, region and account. */
export const CLUSTER_ARN_PATTERN = 'arn:aws*:sagemaker:*:*:cluster/*';
const CLUSTER_ARN_SEGMENTS = ['arn', 'aws*', 'sagemaker', '*', '*', 'cluster/*'];

/** Splits an ARN into its six segments (the resource keeps its own colons). */
function arnSegments(arn: string): string[] {
  const parts = arn.split(':');
  return parts.length <= 6 ? parts : [...parts.slice(0, 5), parts.slice(5).join(':')];
}

/** True when a Resource pattern can match a HyperPod cluster ARN; wildcards do not cross ARN segments. */
export function canNameCluster(pattern: string): boolean {
  const p = pattern.trim();
  if (p === '*') return true;
  const segments = arnSegments(p);
  if (segments.length < 6) return segments[segments.length - 1]!.endsWith('*') && globsIntersect(p, CLUSTER_ARN_PATTERN);
  return segments.every((segment, i) => globsIntersect(segment, CLUSTER_ARN_SEGMENTS[i]!));
}

/** True when some string matches both globs (used to ask: can this Resource pattern name a cluster?). */
export function globsIntersect(a: string, b: string): boolean {
  const seen = new Set<number>();
  const stack: [number, number][] = [[0, 0]];
  while (stack.length > 0) {
    const [i, j] = stack.pop()!;
    const id = i * (b.length + 1) + j;
    if (seen.has(id)) continue;
    seen.add(id);
    if (i === a.length && j === b.length) return true;
    const ca = a[i];
    const cb = b[j];
    if (ca === '*') {
      stack.push([i + 1, j]);
      if (j < b.length) stack.push([i, j + 1]);
    }
    if (cb === '*') {
      stack.push([i, j + 1]);
      if (i < a.length) stack.push([i + 1, j]);
    }
    if (ca !== undefined && cb !== undefined && ca !== '*' && cb !== '*' && (ca === '?' || cb === '?' || ca === cb)) {
      stack.push([i + 1, j + 1]);
    }
  }
  return false;
}

/** True when every string matched by `inner` is matched by `outer` (exact for the shapes IAM policies use). */
export function globCovers(outer: string, inner: string): boolean {
  if (outer === inner || outer === '*') return true;
  const firstWildcard = outer.search(/[*?]/);
  if (firstWildcard === outer.length - 1 && outer.endsWith('*')) {
    const prefix = outer.slice(0, -1);
    const innerLiteral = inner.slice(0, inner.search(/[*?]/) === -1 ? inner.length : inner.search(/[*?]/));
    return innerLiteral.startsWith(prefix);
  }
  if (firstWildcard === -1) return false;
  // Wildcards of the inner pattern must fall inside a `*` of the outer one; without `?` a literal match ensures that.
  return !outer.includes('?') && globMatches(outer, inner);
}

export function actionMatches(pattern: string, action: string): boolean {
  return globMatches(pattern.trim(), action, true);
}

/** True when the pattern allows every ssm action (`*`, `ssm:*`, `s*`, ...). */
export function coversAllSsm(pattern: string): boolean {
  const p = pattern.trim().toLowerCase();
  if (!p.endsWith('*')) return false;
  const prefix = p.slice(0, -1);
  return !/[*?]/.test(prefix) && 'ssm:'.startsWith(prefix);
}

/**
 * AWS managed policies whose published document cannot grant ssm:StartSession (no ssm: action, no
 * wildcard action, no NotAction). Other AWS managed policies stay unknown.
 */
const AWS_MANAGED_WITHOUT_START_SESSION = new Set([
  // Logs, CloudWatch metrics, S3 on sagemaker-* buckets and the four ssmmessages:*Channel actions: hyperpod-reference.md §7.1 [MP].
  'AmazonSageMakerClusterInstanceRolePolicy',
  // logs:CreateLogGroup, logs:CreateLogStream, logs:PutLogEvents (policy v1): AWS Managed Policy Reference,
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AWSLambdaBasicExecutionRole.html
  'service-role/AWSLambdaBasicExecutionRole',
]);

AWS_MANAGED_WITHOUT_START_SESSION.add(
  // ssm:Describe*, ssm:Get*, ssm:List* on * (policy v1): AWS Managed Policy Reference,
  // https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMReadOnlyAccess.html
  'AmazonSSMReadOnlyAccess',
);

/**
 * AWS managed policies whose published document grants ssm:StartSession on every resource, as the
 * statements that grant it (the other statements cannot grant it). Sources: AWS Managed Policy Reference.
 * Every other AWS managed policy that is in neither list stays unverified: the reference the project
 * pins (hyperpod-reference.md) is silent on them, so none is assumed.
 */
const AWS_MANAGED_GRANTING_START_SESSION: Record<string, { actions?: string[]; notActions?: string[]; source: string }> = {
  // "Action": "*", "Resource": "*"
  AdministratorAccess: {
    actions: ['*'],
    source: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AdministratorAccess.html',
  },
  // "NotAction": ["iam:*", "organizations:*", "account:*"], "Resource": "*" (policy v12)
  PowerUserAccess: {
    notActions: ['iam:*', 'organizations:*', 'account:*'],
    source: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/PowerUserAccess.html',
  },
  // "Action": ["ssm:*", ...], "Resource": "*"
  AmazonSSMFullAccess: {
    actions: ['ssm:*'],
    source: 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonSSMFullAccess.html',
  },
};

const awsManagedName = (arn: string): string | undefined => /^arn:aws(?:-[a-z]+)*:iam::aws:policy\/(.+)$/.exec(arn.trim())?.[1];

/** True for the ARN of an AWS managed policy (account `aws`, any partition) known not to grant StartSession. */
export function isAwsManagedWithoutStartSession(arn: string): boolean {
  const name = awsManagedName(arn);
  return name !== undefined && AWS_MANAGED_WITHOUT_START_SESSION.has(name);
}

/** The names of the AWS managed policies known to grant ssm:StartSession (docs/rules/HP060.md lists them). */
export const AWS_MANAGED_START_SESSION_POLICIES = Object.keys(AWS_MANAGED_GRANTING_START_SESSION);

/** The granting statement of a known AWS managed policy, located at the reference to it. */
function awsManagedGrant(arn: string, loc: Loc): PolicyStatement | undefined {
  const name = awsManagedName(arn);
  const known = name !== undefined ? AWS_MANAGED_GRANTING_START_SESSION[name] : undefined;
  if (!known) return undefined;
  const val = <T>(value: T): Val<T> => ({ known: true, value, loc });
  return {
    effect: val('Allow'),
    actions: val(known.actions ?? []),
    ...(known.notActions ? { notActions: val(known.notActions) } : {}),
    resources: val(['*']),
    loc,
  };
}

/** Where a statement came from. */
export interface StatementSource {
  statement: PolicyStatement;
  /** Inline policy of the principal, or the managed IamPolicy entity. */
  policy?: IamPolicy;
  /** The AWS managed policy (name) the statement stands for, when it is not in the scanned files. */
  awsManaged?: string;
  file: string;
}

/** All statements that apply to a principal, and the reasons some policies cannot be read. */
export function statementsOf(
  model: Model,
  principal: IamPrincipal,
): { statements: StatementSource[]; unknown: { reason: string; loc: Loc }[] } {
  const statements: StatementSource[] = [];
  const unknown: { reason: string; loc: Loc }[] = [];
  const principalIdentity = `entity:${principal.key}`;
  for (const document of principal.inlinePolicies) {
    if (Array.isArray(document.statements)) {
      for (const statement of document.statements) statements.push({ statement, file: principal.file });
    } else unknown.push({ reason: `inline policy of ${principal.name}: ${document.statements.reason}`, loc: document.loc });
  }
  const policies = new Map<string, IamPolicy>();
  for (const ref of principal.managedPolicies) {
    const policy = model.resolve(ref, 'IamPolicy');
    if (policy) policies.set(policy.key, policy);
    else if (ref.kind === 'id' && isAwsManagedWithoutStartSession(ref.id)) continue;
    else if (ref.kind === 'id' && awsManagedGrant(ref.id, ref.loc ?? principal.loc))
      statements.push({
        statement: awsManagedGrant(ref.id, ref.loc ?? principal.loc)!,
        awsManaged: awsManagedName(ref.id),
        file: principal.file,
      });
    else if (ref.kind === 'id')
      unknown.push({ reason: `managed policy ${ref.id} of ${principal.name} is not in the scanned files`, loc: ref.loc ?? principal.loc });
    else if (ref.kind === 'unknown')
      unknown.push({ reason: `managed policy of ${principal.name}: ${ref.reason}`, loc: ref.loc ?? principal.loc });
  }
  for (const policy of model.indexByRef('IamPolicy', 'attachedTo', (p) => p.attachedTo).get(principalIdentity) ?? [])
    policies.set(policy.key, policy);
  for (const policy of policies.values()) {
    if (Array.isArray(policy.document.statements)) {
      for (const statement of policy.document.statements) statements.push({ statement, policy, file: policy.file });
    } else unknown.push({ reason: `policy ${policy.name}: ${policy.document.statements.reason}`, loc: policy.document.loc });
  }
  return { statements, unknown };
}

/** One Allow statement that grants StartSession on cluster resources (after Deny statements). */
export interface SessionGrant {
  source: StatementSource;
  /** The Action pattern that grants it, or `NotAction` when the grant comes from NotAction. */
  action: string;
  /** Resource patterns of the statement that can name a cluster and are not denied. */
  resources: string[];
  /** The grant covers every ssm action (`ssm:*`, `*`, NotAction without ssm). */
  allSsm: boolean;
  /** StartSession on `*`. */
  anyResource: boolean;
}

function grantsAction(statement: PolicyStatement): { granted: boolean; action: string; allSsm: boolean } | undefined {
  if (statement.notActions) {
    if (!statement.notActions.known) return undefined;
    const excluded = statement.notActions.value.some((p) => actionMatches(p, START_SESSION));
    const touchesSsm = statement.notActions.value.some((p) => globsIntersect(p.trim().toLowerCase(), 'ssm:*'));
    return { granted: !excluded, action: 'NotAction', allSsm: !touchesSsm };
  }
  if (!statement.actions.known) return undefined;
  const matching = statement.actions.value.filter((p) => actionMatches(p, START_SESSION));
  if (matching.length === 0) return { granted: false, action: '', allSsm: false };
  const broad = matching.find(coversAllSsm);
  return { granted: true, action: broad ?? matching[0]!, allSsm: broad !== undefined };
}

/**
 * StartSession grants on HyperPod cluster resources, and the statements that could not be evaluated.
 * A Deny of StartSession whose Resource covers an allowed pattern removes that pattern.
 */
export function sessionGrants(statements: StatementSource[]): { grants: SessionGrant[]; unknown: StatementSource[] } {
  const grants: SessionGrant[] = [];
  const unknown: StatementSource[] = [];
  const denied: string[] = [];
  let denyUnknown = false;
  for (const source of statements) {
    const { statement } = source;
    if (!statement.effect.known || statement.effect.value.toLowerCase() !== 'deny') continue;
    const action = grantsAction(statement);
    if (!action) {
      denyUnknown = true;
      continue;
    }
    if (!action.granted) continue;
    if (!statement.resources.known) denyUnknown = true;
    else appendAll(denied, statement.resources.value);
  }
  for (const source of statements) {
    const { statement } = source;
    const action = grantsAction(statement);
    // Actions that cannot match StartSession leave nothing to evaluate, whatever the effect and resources.
    if (action && !action.granted) continue;
    if (!statement.effect.known) {
      unknown.push(source);
      continue;
    }
    if (statement.effect.value.toLowerCase() !== 'allow') continue;
    if (!action || !statement.resources.known) {
      unknown.push(source);
      continue;
    }
    const resources = statement.resources.value
      .map((r) => r.trim())
      .filter(canNameCluster)
      .filter((r) => !denied.some((d) => globCovers(d, r)));
    if (resources.length === 0) continue;
    if (denyUnknown) {
      unknown.push(source);
      continue;
    }
    grants.push({ source, action: action.action, resources, allSsm: action.allSsm, anyResource: resources.includes('*') });
  }
  return { grants, unknown };
}

/** Text of a statement's origin for messages: "inline policy" or "policy <name>". */
export function originText(source: StatementSource): string {
  if (source.awsManaged) return `AWS managed policy ${source.awsManaged}`;
  return source.policy ? `policy ${source.policy.name}` : 'an inline policy';
}
