import type { Fix, Log, ReportingDescriptor, Result } from 'sarif';
import type { TextEdit } from '../fix/types.js';
import type { Finding, ScanResult } from '../engine/types.js';
import type { Severity } from '../model/types.js';
import { TOOL_NAME, TOOL_VERSION, docsUrl } from '../version.js';

const LEVEL: Record<Severity, Result.level> = { error: 'error', warning: 'warning', notice: 'note' };

/** SARIF 2.1.0 with one run, ready for github/codeql-action/upload-sarif. */
export function toSarif(result: ScanResult, opts: { category?: string; toolVersion?: string } = {}): Log {
  const rules: ReportingDescriptor[] = [];
  const ruleIndex = new Map<string, number>();
  const addRule = (descriptor: ReportingDescriptor) => {
    ruleIndex.set(descriptor.id, rules.length);
    rules.push(descriptor);
  };
  for (const meta of result.rules) {
    const helpUri = docsUrl(meta.docs);
    addRule({
      id: meta.id,
      name: toPascal(meta.name),
      shortDescription: { text: meta.title },
      fullDescription: { text: meta.description },
      help: { text: `${meta.description}\nDocs: ${helpUri}`, markdown: `${meta.description}\n\n[Rule documentation](${helpUri})` },
      helpUri,
      defaultConfiguration: { level: LEVEL[meta.defaultSeverity] },
      properties: { tags: ['hyperpod', 'iac'] },
    });
  }
  const all = [...result.findings, ...result.suppressed];
  for (const f of all) {
    if (ruleIndex.has(f.ruleId)) continue;
    const helpUri = docsUrl(f.docs);
    addRule({
      id: f.ruleId,
      name: toPascal(f.ruleId.replace(/[^A-Za-z0-9]+/g, '-')),
      shortDescription: { text: f.ruleId },
      fullDescription: { text: `${f.ruleId} (external tool rule)` },
      help: { text: helpUri ? `See ${helpUri}` : f.ruleId },
      ...(helpUri ? { helpUri } : {}),
      properties: { tags: ['iac'] },
    });
  }
  const toResult = (f: Finding): Result => ({
    ruleId: f.ruleId,
    ruleIndex: ruleIndex.get(f.ruleId),
    level: LEVEL[f.severity],
    message: { text: f.fix ? `${f.message} Fix: ${f.fix}` : f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: encodeUri(f.file), uriBaseId: '%SRCROOT%' },
          region: {
            startLine: Math.max(1, f.line),
            startColumn: Math.max(1, f.column),
            endLine: Math.max(f.line, f.endLine, 1),
            ...(f.endLine > f.line || f.endColumn > f.column ? { endColumn: Math.max(1, f.endColumn) } : {}),
          },
        },
        ...(f.resource ? { logicalLocations: [{ name: f.resource, kind: 'resource' }] } : {}),
      },
    ],
    partialFingerprints: { 'hyperpodPrereqFingerprint/v1': f.fingerprint },
    ...(f.suggestion?.edit ? { fixes: [sarifFix(f.suggestion.description, f.suggestion.edit)] } : {}),
    ...(f.suppressedBy
      ? {
          suppressions: [
            { kind: f.suppressedBy.source === 'inline' ? 'inSource' : 'external', justification: f.suppressedBy.reason ?? '' },
          ],
        }
      : {}),
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: opts.toolVersion ?? TOOL_VERSION,
            semanticVersion: opts.toolVersion ?? TOOL_VERSION,
            informationUri: 'https://github.com/hyperpod-prereq/hyperpod-prereq-action',
            rules,
          },
        },
        automationDetails: { id: `${opts.category ?? TOOL_NAME}/` },
        columnKind: 'unicodeCodePoints',
        results: all.filter((f) => f.file !== '.').map(toResult),
      },
    ],
  };
}

/**
 * A SARIF fix (§3.55): one artifactChange replacing the edited lines. The deleted region runs from column 1 of the
 * first line to the end of the last (the line ending stays), columns in Unicode code points like the run's columnKind.
 */
function sarifFix(description: string, edit: TextEdit): Fix {
  const last = edit.original.split('\n').pop() ?? '';
  return {
    description: { text: description },
    artifactChanges: [
      {
        artifactLocation: { uri: encodeUri(edit.file), uriBaseId: '%SRCROOT%' },
        replacements: [
          {
            deletedRegion: { startLine: edit.startLine, startColumn: 1, endLine: edit.endLine, endColumn: Array.from(last).length + 1 },
            insertedContent: { text: edit.replacement },
          },
        ],
      },
    ],
  };
}

const toPascal = (name: string): string =>
  name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');

const encodeUri = (file: string): string => file.split('/').map(encodeURIComponent).join('/');
