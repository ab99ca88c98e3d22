// Annotations: workflow commands (through @actions/core) and Checks API annotation objects.
import type { AnnotationProperties } from '@actions/core';
import type { Finding } from '../engine/types.js';
import type { RuleMeta } from '../rules/types.js';
import type { Severity } from '../model/types.js';
import { byImportance } from './classify.js';

/** GitHub shows at most 10 workflow-command annotations of each type per step (docs.github.com, workflow commands). */
export const ANNOTATIONS_SHOWN_PER_TYPE = 10;

export interface AnnotationSink {
  error(message: string, properties?: AnnotationProperties): void;
  warning(message: string, properties?: AnnotationProperties): void;
  notice(message: string, properties?: AnnotationProperties): void;
}

export const annotationTitle = (finding: Finding, rules: Map<string, RuleMeta>): string => {
  const meta = rules.get(finding.ruleId);
  const name = meta ? `${finding.ruleId} ${meta.name}` : finding.ruleId;
  return finding.isNew === false ? `${name} (pre-existing)` : name;
};

export const annotationMessage = (finding: Finding): string => (finding.fix ? `${finding.message}\nFix: ${finding.fix}` : finding.message);

/** The lines of a finding; columns only when it spans one line (GitHub allows them only then). */
function span(finding: Finding): { startLine: number; endLine: number; startColumn?: number; endColumn?: number } {
  const endLine = Math.max(finding.line, finding.endLine);
  if (endLine > finding.line) return { startLine: finding.line, endLine };
  return { startLine: finding.line, endLine, startColumn: finding.column, endColumn: Math.max(finding.column, finding.endColumn) };
}

const position = (finding: Finding): AnnotationProperties => (finding.file === '.' ? {} : { file: finding.file, ...span(finding) });

/**
 * Writes the most important findings as workflow-command annotations, up to what GitHub shows
 * per type and at most `max`; returns how many were left for the check run and the job summary.
 */
export function emitAnnotations(
  findings: Finding[],
  rules: Map<string, RuleMeta>,
  sink: AnnotationSink,
  max = Number.POSITIVE_INFINITY,
): { emitted: number; omitted: number } {
  const used: Record<Severity, number> = { error: 0, warning: 0, notice: 0 };
  let emitted = 0;
  for (const finding of [...findings].sort(byImportance)) {
    if (emitted >= max) break;
    if (used[finding.severity] >= ANNOTATIONS_SHOWN_PER_TYPE) continue;
    used[finding.severity]++;
    emitted++;
    sink[finding.severity](annotationMessage(finding), { title: annotationTitle(finding, rules), ...position(finding) });
  }
  return { emitted, omitted: findings.length - emitted };
}

export interface CheckAnnotation {
  path: string;
  start_line: number;
  end_line: number;
  start_column?: number;
  end_column?: number;
  annotation_level: 'failure' | 'warning' | 'notice';
  message: string;
  title: string;
}

const LEVEL: Record<Severity, CheckAnnotation['annotation_level']> = { error: 'failure', warning: 'warning', notice: 'notice' };

// Checks API limits: message up to 64 KB, title up to 255 characters (docs.github.com REST "Check runs").
const MAX_MESSAGE_BYTES = 60_000;
const MAX_TITLE = 255;

/** The longest start of `text` within `maxBytes` of UTF-8, cut between characters. */
function cutToBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let bytes = 0;
  let end = 0;
  for (const char of text) {
    bytes += Buffer.byteLength(char, 'utf8');
    if (bytes > maxBytes) break;
    end += char.length;
  }
  return text.slice(0, end);
}

export function toCheckAnnotations(findings: Finding[], rules: Map<string, RuleMeta>, max: number): CheckAnnotation[] {
  return [...findings]
    .filter((f) => f.file !== '.')
    .sort(byImportance)
    .slice(0, max)
    .map((f) => {
      const { startLine, endLine, startColumn, endColumn } = span(f);
      return {
        path: f.file,
        start_line: startLine,
        end_line: endLine,
        ...(startColumn !== undefined ? { start_column: startColumn, end_column: endColumn } : {}),
        annotation_level: LEVEL[f.severity],
        message: cutToBytes(annotationMessage(f), MAX_MESSAGE_BYTES),
        title: annotationTitle(f, rules).slice(0, MAX_TITLE),
      };
    });
}
