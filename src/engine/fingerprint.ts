import { sha256Hex } from '../util/sha256.js';

/** What identifies a finding independently of where it sits in the file. */
export interface FingerprintParts {
  ruleId: string;
  /** Relative path; backslashes and a leading "./" are normalised away. */
  file: string;
  /** CloudFormation logical ID, Terraform address, or cluster/instance-group name. */
  resource?: string;
  /** Short text that tells apart two findings of one rule on one resource. */
  detail?: string;
}

/** Length of a fingerprint in hex characters (128 bits of SHA-256). */
export const FINGERPRINT_LENGTH = 32;

/** Normalises a path the way findings report it: forward slashes, no leading "./". */
export function normalizeFindingPath(file: string): string {
  let path = file.replace(/\\/g, '/');
  while (path.startsWith('./')) path = path.slice(2);
  return path;
}

/**
 * Stable identity of a finding: SHA-256 of rule, file, resource and detail (hex, 32 characters).
 * Line numbers are left out on purpose, so moving a resource does not change it.
 * Used for new-vs-existing classification, the config `ignore` list and SARIF partialFingerprints.
 */
export function fingerprint(parts: FingerprintParts): string {
  // A JSON array keeps the parts apart, so ("a","bc") and ("ab","c") never collide.
  const text = JSON.stringify([parts.ruleId, normalizeFindingPath(parts.file), parts.resource ?? '', parts.detail ?? '']);
  return sha256Hex(text).slice(0, FINGERPRINT_LENGTH);
}
