import { defineRule } from './types.js';
import { isS3ServiceName, serviceOf } from './util/connectivity.js';

/** Resources that leave every bucket open. */
const ALL_BUCKETS = new Set([
  '*',
  'arn:aws:s3:::*',
  'arn:aws:s3:::*/*',
  'arn:aws-cn:s3:::*',
  'arn:aws-cn:s3:::*/*',
  'arn:aws-us-gov:s3:::*',
  'arn:aws-us-gov:s3:::*/*',
]);

type Scope = { kind: 'scoped' } | { kind: 'open'; why: string } | { kind: 'unknown'; reason: string };

function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : value === undefined ? [] : [value];
}

/** Whether an endpoint policy document (object or JSON text) limits the buckets it allows. */
export function policyScope(document: unknown): Scope {
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return { kind: 'unknown', reason: 'the endpoint policy is not valid JSON' };
    }
  }
  if (typeof doc !== 'object' || doc === null) return { kind: 'unknown', reason: 'the endpoint policy is not a JSON object' };
  const statements = asArray((doc as Record<string, unknown>).Statement);
  for (const raw of statements) {
    if (typeof raw !== 'object' || raw === null) return { kind: 'unknown', reason: 'an endpoint policy statement is not an object' };
    const statement = raw as Record<string, unknown>;
    if (typeof statement.Effect !== 'string') return { kind: 'unknown', reason: 'an endpoint policy statement has no literal Effect' };
    if (statement.Effect.toLowerCase() !== 'allow') continue;
    if (statement.NotResource !== undefined) return { kind: 'open', why: 'an Allow statement uses NotResource' };
    const resources = asArray(statement.Resource);
    if (resources.length === 0) return { kind: 'open', why: 'an Allow statement has no Resource' };
    for (const resource of resources) {
      if (typeof resource !== 'string') return { kind: 'unknown', reason: 'a Resource of the endpoint policy is not a literal' };
      if (ALL_BUCKETS.has(resource.trim())) return { kind: 'open', why: `an Allow statement has Resource ${resource.trim()}` };
    }
  }
  return { kind: 'scoped' };
}

export default defineRule({
  meta: {
    id: 'HP021',
    name: 's3-access-scoped',
    title: 'S3 endpoint allows access to every bucket',
    defaultSeverity: 'notice',
    description:
      'An S3 VPC endpoint has no endpoint policy, or its policy allows every bucket (Resource "*"). The HyperPod prerequisites ' +
      'recommend limiting S3 access from the cluster VPC to the buckets it needs.',
    docs: 'docs/rules/HP021.md',
  },
  check(ctx) {
    for (const endpoint of ctx.model.ofType('VpcEndpoint')) {
      if (endpoint.sourceKind === 'account') continue;
      const service = serviceOf(endpoint);
      if (service === undefined) {
        // Not silently skipped: say which endpoint could not be told apart from an S3 one.
        ctx.unverified({
          file: endpoint.file,
          line: endpoint.serviceName.loc?.line ?? endpoint.loc.line,
          resource: endpoint.name,
          reason: `service name of endpoint ${endpoint.name} is not known (${(endpoint.serviceName as { reason: string }).reason}); whether it is an S3 endpoint with an open policy was not checked`,
        });
        continue;
      }
      if (!isS3ServiceName(service)) continue;
      let why: string;
      if (endpoint.policy === undefined) why = 'it has no endpoint policy, so it allows every action on every bucket';
      else if (!endpoint.policy.known) {
        ctx.unverified({
          file: endpoint.file,
          line: endpoint.policy.loc?.line ?? endpoint.loc.line,
          resource: endpoint.name,
          reason: `policy of ${endpoint.name}: ${endpoint.policy.reason}`,
        });
        continue;
      } else {
        const scope = policyScope(endpoint.policy.value);
        if (scope.kind === 'scoped') continue;
        if (scope.kind === 'unknown') {
          ctx.unverified({
            file: endpoint.file,
            line: endpoint.policy.loc?.line ?? endpoint.loc.line,
            resource: endpoint.name,
            reason: `policy of ${endpoint.name}: ${scope.reason}`,
          });
          continue;
        }
        why = `its policy does not limit the buckets: ${scope.why}`;
      }
      ctx.report({
        loc: endpoint.policy?.loc ?? endpoint.loc,
        resource: endpoint.name,
        entityKey: endpoint.key,
        detail: endpoint.name,
        message: `S3 endpoint ${endpoint.name} (${service}) gives the VPC access to all S3 buckets: ${why}.`,
        fix:
          'Add a PolicyDocument whose Allow statements name the lifecycle-script and data buckets ' +
          '(arn:aws:s3:::<bucket> and arn:aws:s3:::<bucket>/*), and restrict the buckets to the VPC with aws:SourceVpce in their bucket policies.',
      });
    }
  },
});
