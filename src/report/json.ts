import type { Finding, ScanResult } from '../engine/types.js';
import { TOOL_NAME, TOOL_VERSION, docsUrl } from '../version.js';

/**
 * The fix: its text, and the suggested change when there is one: `replacement` (a local edit: the text that replaces
 * `range`, whole lines; columns are 1-based, the end column exclusive) or `snippet` (lines to add elsewhere).
 */
function fixJson(f: Finding) {
  const s = f.suggestion;
  if (!f.fix && !s) return null;
  const lastLine = s?.edit?.original.split('\n').pop() ?? '';
  return {
    text: f.fix ?? null,
    ...(s ? { description: s.description } : {}),
    ...(s?.edit
      ? {
          replacement: {
            file: s.edit.file,
            range: { startLine: s.edit.startLine, startColumn: 1, endLine: s.edit.endLine, endColumn: Array.from(lastLine).length + 1 },
            text: s.edit.replacement,
          },
        }
      : {}),
    ...(s?.snippet ? { snippet: s.snippet } : {}),
  };
}

const findingJson = (f: Finding) => ({
  ruleId: f.ruleId,
  severity: f.severity,
  file: f.file,
  line: f.line,
  column: f.column,
  endLine: f.endLine,
  endColumn: f.endColumn,
  message: f.message,
  resource: f.resource ?? null,
  fix: fixJson(f),
  fingerprint: f.fingerprint,
  docs: docsUrl(f.docs) ?? null,
  ...(f.related?.length ? { related: f.related } : {}),
  ...(f.isNew !== undefined ? { isNew: f.isNew } : {}),
  ...(f.suppressedBy ? { suppressedBy: f.suppressedBy } : {}),
});

/** The JSON report: findings, scanned files with their kind, what could not be verified, and counts. */
export function toJsonReport(result: ScanResult) {
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION, ...(Object.keys(result.tools).length ? { external: result.tools } : {}) },
    summary: result.summary,
    findings: result.findings.map(findingJson),
    suppressed: result.suppressed.map(findingJson),
    files: result.files.map((f) => ({ file: f.file, kind: f.kind, ...(f.note ? { note: f.note } : {}) })),
    unverified: result.unverified,
    demand: result.demand,
    notices: result.notices,
    checkedWithoutCluster: result.checkedWithoutCluster ?? [],
    ...(result.account ? { account: { degraded: result.account.degraded } } : {}),
  };
}
