// New versus pre-existing findings, and the verdict (the fail policy is a layer after the rules).
import type { Finding } from '../engine/types.js';
import type { Severity } from '../model/types.js';
import type { FailOn } from './inputs.js';
import { compareText } from '../util/compare.js';

export const SEVERITY_RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

/**
 * Sets `isNew` on each head finding: new unless the base has a finding with the same
 * fingerprint. Fingerprints are counted, so a second copy of a base finding is new.
 */
export function markNew(head: Finding[], base: Finding[]): void {
  const remaining = new Map<string, number>();
  for (const finding of base) remaining.set(finding.fingerprint, (remaining.get(finding.fingerprint) ?? 0) + 1);
  for (const finding of head) {
    const left = remaining.get(finding.fingerprint) ?? 0;
    finding.isNew = left === 0;
    if (left > 0) remaining.set(finding.fingerprint, left - 1);
  }
}

export const atOrAbove = (severity: Severity, failOn: FailOn): boolean =>
  failOn !== 'never' && SEVERITY_RANK[severity] <= SEVERITY_RANK[failOn];

/** Findings that count for the verdict: only new ones when the scope is `new` and new is known. */
export function findingsInFailScope(findings: Finding[], failOnScope: 'new' | 'all'): Finding[] {
  return failOnScope === 'new' ? findings.filter((f) => f.isNew !== false) : findings;
}

export function verdict(findings: Finding[], failOn: FailOn, failOnScope: 'new' | 'all'): { failed: boolean; failing: Finding[] } {
  const failing = findingsInFailScope(findings, failOnScope).filter((f) => atOrAbove(f.severity, failOn));
  return { failed: failing.length > 0, failing };
}

/** Most important first: new before pre-existing, then severity, file and line. */
export function byImportance(a: Finding, b: Finding): number {
  return (
    Number(a.isNew === false) - Number(b.isNew === false) ||
    SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
    compareText(a.file, b.file) ||
    a.line - b.line ||
    compareText(a.ruleId, b.ruleId)
  );
}

/** Path relative to the repository root, as GitHub wants it; "." (the run itself) stays ".". */
export function toRepoPath(prefix: string, file: string): string {
  return !prefix || file === '.' ? file : `${prefix}/${file}`;
}
