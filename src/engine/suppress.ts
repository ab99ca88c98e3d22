import { globMatcher, ruleSetting } from '../config/effective.js';
import { isExpired, isValidDate, todayUtc } from '../config/dates.js';
import type { IgnoreEntry, ResolvedConfig } from '../config/types.js';
import type { Model } from '../model/model.js';
import type { Cluster, InstanceGroup, Loc, Suppression } from '../model/types.js';
import { INPUT_UNREADABLE, SUPPRESSION_PROBLEM } from '../rules/meta.js';
import { appendAll } from '../util/arrays.js';
import { globMatches } from '../util/glob.js';
import { fingerprint, normalizeFindingPath } from './fingerprint.js';
import type { Finding } from './types.js';
import { compareText } from '../util/compare.js';

export interface SuppressionContext {
  model: Model;
  /** Template-level or file-level suppressions, keyed by the file path findings use. */
  fileSuppressions: Map<string, Suppression[]>;
  config: ResolvedConfig;
  /** YYYY-MM-DD; a suppression expiring on this day still applies. */
  today: string;
  /** Rule IDs suppressions may name; defaults to `config.knownRuleIds`. */
  knownRuleIds?: readonly string[];
}

export interface SuppressionResult {
  /** Findings still reported. */
  active: Finding[];
  /** Findings hidden by a valid suppression, each with `suppressedBy`. */
  suppressed: Finding[];
  /** HP091 findings: suppressions that are expired or invalid (they suppress nothing). */
  problems: Finding[];
}

/** Where an inline suppression was written, for matching and for placing its HP091. */
type InlineScope =
  | { kind: 'entity'; file: string; resource: string; entityKey: string; anchor: Loc }
  | { kind: 'group'; file: string; resource: string; anchor: Loc }
  | { kind: 'file'; file: string };

type Candidate = { source: 'inline'; suppression: Suppression; scope: InlineScope } | { source: 'config'; entry: IgnoreEntry };

interface GroupRange {
  start: number;
  end: number;
  candidates: Candidate[];
}

type ProblemKind = 'unknown-rule' | 'not-suppressible' | 'invalid-date' | 'no-reason' | 'expired';

interface Problem {
  kind: ProblemKind;
  message: string;
}

/**
 * Splits findings into active and suppressed, and reports suppressions that cannot apply (HP091).
 * Sources, in order: the finding's entity Metadata, the instance group whose lines hold the finding,
 * the file's own suppressions, then the config `ignore` list. HP000 is suppressed only by the config list.
 * Expired, reason-less (when required) or unknown-rule suppressions never suppress.
 */
export function applySuppressions(findings: Finding[], ctx: SuppressionContext): SuppressionResult {
  const today = isValidDate(ctx.today) ? ctx.today : todayUtc();
  const known = new Set(ctx.knownRuleIds ?? ctx.config.knownRuleIds);
  const problems = new Map<Candidate, Problem | undefined>();
  const problemOf = (candidate: Candidate): Problem | undefined => {
    if (!problems.has(candidate)) problems.set(candidate, checkCandidate(candidate, known, ctx.config, today));
    return problems.get(candidate);
  };

  const { byEntity, groupsByFile, byFile } = collectInline(ctx.model, ctx.fileSuppressions);
  const configCandidates: Candidate[] = ctx.config.ignore.map((entry) => ({ source: 'config', entry }));
  const configMatchers = new Map<IgnoreEntry, (finding: Finding) => boolean>();
  const configMatches = (entry: IgnoreEntry, finding: Finding): boolean => {
    let matcher = configMatchers.get(entry);
    if (!matcher) configMatchers.set(entry, (matcher = ignoreEntryMatcher(entry)));
    return matcher(finding);
  };

  /** The suppressions that may hide a finding, in order of precedence (lists are walked, not copied). */
  function* candidatesFor(finding: Finding): Generator<Candidate> {
    const file = normalizeFindingPath(finding.file);
    if (finding.ruleId !== INPUT_UNREADABLE.id) {
      if (finding.entityKey) yield* byEntity.get(finding.entityKey) ?? [];
      for (const group of groupsByFile.get(file) ?? []) {
        if (finding.line >= group.start && finding.line <= group.end) yield* group.candidates;
      }
      yield* byFile.get(file) ?? [];
    }
    yield* configCandidates;
  }

  const active: Finding[] = [];
  const suppressed: Finding[] = [];
  for (const finding of findings) {
    let match: Candidate | undefined;
    for (const candidate of candidatesFor(finding)) {
      const applies =
        candidate.source === 'inline' ? candidate.suppression.ruleId === finding.ruleId : configMatches(candidate.entry, finding);
      if (applies && problemOf(candidate) === undefined) {
        match = candidate;
        break;
      }
    }
    if (!match) {
      active.push(finding);
      continue;
    }
    const { reason, expires } = match.source === 'inline' ? match.suppression : match.entry;
    const suppressedBy: NonNullable<Finding['suppressedBy']> = { source: match.source };
    if (reason !== undefined) suppressedBy.reason = reason;
    if (expires !== undefined) suppressedBy.expires = expires;
    suppressed.push({ ...finding, suppressedBy });
  }

  // Every suppression is checked, whether or not it matched a finding: a stale one is worth removing.
  const all: Candidate[] = [...byEntity.values(), ...[...groupsByFile.values()].flat().map((g) => g.candidates), ...byFile.values()].flat();
  appendAll(all, configCandidates);
  const problemFindings: Finding[] = [];
  const seen = new Set<Suppression | IgnoreEntry>();
  for (const candidate of all) {
    const key = candidate.source === 'inline' ? candidate.suppression : candidate.entry;
    if (seen.has(key)) continue;
    seen.add(key);
    const problem = problemOf(candidate);
    if (problem) {
      const finding = problemFinding(candidate, problem, ctx.config);
      if (finding) problemFindings.push(finding);
    }
  }
  problemFindings.sort((a, b) => compareText(a.file, b.file) || a.line - b.line || a.column - b.column);
  return { active, suppressed, problems: problemFindings };
}

// ---------------------------------------------------------------------------
// Collecting inline suppressions from the model

function collectInline(model: Model, fileSuppressions: Map<string, Suppression[]>) {
  const byEntity = new Map<string, Candidate[]>();
  const groupsByFile = new Map<string, GroupRange[]>();
  const byFile = new Map<string, Candidate[]>();

  for (const entity of model.entities.values()) {
    if (!entity.suppressions?.length) continue;
    const scope: InlineScope = {
      kind: 'entity',
      file: normalizeFindingPath(entity.file),
      resource: entity.name,
      entityKey: entity.key,
      anchor: entity.loc,
    };
    byEntity.set(
      entity.key,
      entity.suppressions.map((suppression) => ({ source: 'inline', suppression, scope })),
    );
  }

  for (const cluster of model.ofType('Cluster')) {
    if (!Array.isArray(cluster.instanceGroups)) continue;
    for (const group of cluster.instanceGroups) {
      if (!group.suppressions?.length) continue;
      const file = normalizeFindingPath(group.loc.file);
      const scope: InlineScope = { kind: 'group', file, resource: groupResource(cluster, group), anchor: group.loc };
      const range: GroupRange = {
        start: group.loc.line,
        end: Math.max(group.loc.line, group.loc.endLine),
        candidates: group.suppressions.map((suppression) => ({ source: 'inline', suppression, scope })),
      };
      const list = groupsByFile.get(file);
      if (list) list.push(range);
      else groupsByFile.set(file, [range]);
    }
  }

  for (const [rawFile, suppressions] of fileSuppressions) {
    if (!suppressions.length) continue;
    const file = normalizeFindingPath(rawFile);
    const scope: InlineScope = { kind: 'file', file };
    const list = byFile.get(file) ?? [];
    appendAll(
      list,
      suppressions.map((suppression): Candidate => ({ source: 'inline', suppression, scope })),
    );
    byFile.set(file, list);
  }
  return { byEntity, groupsByFile, byFile };
}

function groupResource(cluster: Cluster, group: InstanceGroup): string {
  return group.name.known ? group.name.value : cluster.name;
}

// ---------------------------------------------------------------------------
// Matching config ignore entries

function ignoreEntryMatcher(entry: IgnoreEntry): (finding: Finding) => boolean {
  const fileMatches = entry.file !== undefined ? globMatcher([entry.file]) : undefined;
  const resourceMatches = entry.resource !== undefined ? nameMatcher(entry.resource) : undefined;
  return (finding) => {
    if (entry.fingerprint !== undefined && finding.fingerprint.toLowerCase() !== entry.fingerprint.toLowerCase()) return false;
    if (entry.rule !== undefined && finding.ruleId !== entry.rule) return false;
    if (fileMatches && !fileMatches(finding.file)) return false;
    if (resourceMatches && (finding.resource === undefined || !resourceMatches(finding.resource))) return false;
    return true;
  };
}

/**
 * Resource name pattern: `*` matches any text, `?` one character, everything else is literal,
 * so Terraform addresses keep their brackets (`aws_security_group.efa[*]` matches `...efa["a"]`).
 * Matched by globMatches, not a regular expression: a config pattern with many `*` must not backtrack exponentially.
 */
export function nameMatcher(pattern: string): (name: string) => boolean {
  return (name) => globMatches(pattern, name);
}

// ---------------------------------------------------------------------------
// Problems (HP091)

function checkCandidate(candidate: Candidate, known: Set<string>, config: ResolvedConfig, today: string): Problem | undefined {
  const { ruleId, reason, expires } =
    candidate.source === 'inline'
      ? { ...candidate.suppression }
      : { ruleId: candidate.entry.rule, reason: candidate.entry.reason, expires: candidate.entry.expires };
  const what = suppressionLabel(candidate);
  if (ruleId !== undefined && !known.has(ruleId)) {
    return { kind: 'unknown-rule', message: `${what} names unknown rule ID "${ruleId}", so it suppresses nothing.` };
  }
  if (candidate.source === 'inline' && ruleId === INPUT_UNREADABLE.id) {
    return {
      kind: 'not-suppressible',
      message: `${what} cannot apply: ${INPUT_UNREADABLE.id} findings are suppressed only by an ignore entry in the config file.`,
    };
  }
  if (ruleId === SUPPRESSION_PROBLEM.id) {
    return {
      kind: 'not-suppressible',
      message: `${what} cannot apply: ${SUPPRESSION_PROBLEM.id} is not suppressible; turn it off in the config (rules: ${SUPPRESSION_PROBLEM.id}: off).`,
    };
  }
  if (expires !== undefined && !isValidDate(expires)) {
    return {
      kind: 'invalid-date',
      message: `${what} has expiry "${expires}", which is not a date in the form YYYY-MM-DD, so it suppresses nothing.`,
    };
  }
  if (config.requireSuppressionReason && (reason === undefined || reason.trim() === '')) {
    return {
      kind: 'no-reason',
      message: `${what} has no reason and requireSuppressionReason is on, so it suppresses nothing.`,
    };
  }
  if (expires !== undefined && isExpired(expires, today)) {
    return {
      kind: 'expired',
      message: `${what} expired on ${expires}, so its findings are reported again.`,
    };
  }
  return undefined;
}

function suppressionLabel(candidate: Candidate): string {
  if (candidate.source === 'inline') return `Suppression of ${candidate.suppression.ruleId}`;
  const { entry } = candidate;
  const parts: string[] = [];
  if (entry.fingerprint !== undefined) parts.push(`fingerprint ${entry.fingerprint}`);
  if (entry.file !== undefined) parts.push(`file ${entry.file}`);
  if (entry.resource !== undefined) parts.push(`resource ${entry.resource}`);
  const rule = entry.rule !== undefined ? ` for ${entry.rule}` : '';
  return `Config ignore entry${rule} (${parts.join(', ')})`;
}

const FIXES: Record<ProblemKind, string> = {
  'unknown-rule': 'Correct the rule ID (see docs/rules/) or remove the suppression.',
  'not-suppressible': 'Remove the suppression.',
  'invalid-date': 'Write the expiry as YYYY-MM-DD, e.g. 2026-12-31.',
  'no-reason': 'Add a reason that says why the finding is accepted.',
  expired: 'Fix the finding, or renew the suppression with a new expiry date and reason.',
};

function problemFinding(candidate: Candidate, problem: Problem, config: ResolvedConfig): Finding | undefined {
  const { loc, resource, entityKey } = problemPlace(candidate);
  const file = normalizeFindingPath(loc.file);
  const setting = ruleSetting(config, SUPPRESSION_PROBLEM.id, file);
  if (!setting.enabled) return undefined;
  const target =
    candidate.source === 'inline'
      ? `${candidate.suppression.ruleId}|${candidate.suppression.expires ?? ''}`
      : [candidate.entry.fingerprint, candidate.entry.rule, candidate.entry.file, candidate.entry.resource, candidate.entry.expires]
          .map((part) => part ?? '')
          .join('|');
  const finding: Finding = {
    ruleId: SUPPRESSION_PROBLEM.id,
    severity: setting.severity ?? SUPPRESSION_PROBLEM.defaultSeverity,
    file,
    line: loc.line,
    column: loc.column,
    endLine: loc.endLine,
    endColumn: loc.endColumn,
    message: problem.message,
    fix: FIXES[problem.kind],
    fingerprint: fingerprint({ ruleId: SUPPRESSION_PROBLEM.id, file, resource, detail: `${problem.kind}|${target}` }),
    docs: SUPPRESSION_PROBLEM.docs,
  };
  if (resource !== undefined) finding.resource = resource;
  if (entityKey !== undefined) finding.entityKey = entityKey;
  return finding;
}

/** The suppression's own location, else the resource, group or file it belongs to. */
function problemPlace(candidate: Candidate): { loc: Loc; resource?: string; entityKey?: string } {
  if (candidate.source === 'config') {
    return { loc: candidate.entry.loc };
  }
  const { suppression, scope } = candidate;
  switch (scope.kind) {
    case 'entity':
      return { loc: suppression.loc ?? scope.anchor, resource: scope.resource, entityKey: scope.entityKey };
    case 'group':
      return { loc: suppression.loc ?? scope.anchor, resource: scope.resource };
    case 'file':
      return { loc: suppression.loc ?? fileStart(scope.file) };
  }
}

function fileStart(file: string): Loc {
  return { file, line: 1, column: 1, endLine: 1, endColumn: 1 };
}
