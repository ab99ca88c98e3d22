/**
 * Trust policies (AssumeRolePolicyDocument, assume_role_policy): the AWS services that are the only
 * principals allowed to assume a role, or undefined when anyone else may (or when it cannot be told).
 * Used by HP060: Session Manager Run As tags matter for people, not for roles only services assume.
 */
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A service principal name such as sagemaker.amazonaws.com (IAM User Guide, "AWS service principals"). */
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.amazonaws\.com(\.cn)?$/;

/** `document`: the evaluated trust policy (plain JSON; any non-JSON value makes the answer undefined). */
export function serviceOnlyTrust(document: unknown): string[] | undefined {
  let doc = document;
  if (typeof doc === 'string') {
    try {
      doc = JSON.parse(doc);
    } catch {
      return undefined;
    }
  }
  if (!isRecord(doc)) return undefined;
  const statements = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  const services = new Set<string>();
  for (const statement of statements) {
    if (!isRecord(statement) || typeof statement.Effect !== 'string') return undefined;
    if (statement.Effect.toLowerCase() === 'deny') continue;
    if (statement.Effect.toLowerCase() !== 'allow' || 'NotPrincipal' in statement || !isRecord(statement.Principal)) return undefined;
    const keys = Object.keys(statement.Principal);
    if (keys.length !== 1 || keys[0] !== 'Service') return undefined;
    const value = statement.Principal.Service;
    const list = Array.isArray(value) ? value : [value];
    if (list.length === 0 || !list.every((s): s is string => typeof s === 'string' && SERVICE.test(s.trim()))) return undefined;
    for (const s of list) services.add(s.trim());
  }
  return services.size > 0 ? [...services].sort() : undefined;
}
