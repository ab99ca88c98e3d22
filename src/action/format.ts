// Markdown pieces shared by review comments, the summary comment and the job summary.
import type { Finding } from '../engine/types.js';
import type { Severity, Unverified } from '../model/types.js';
import { docsUrl } from '../version.js';
import { codeSpan, escapeMarkdown } from './markdown.js';
import { withoutClusterLine } from '../report/without-cluster.js';

export const SEVERITY_LABEL: Record<Severity, string> = { error: '🔴 error', warning: '🟠 warning', notice: '🔵 notice' };

/** The rule ID linked to its docs page (rule IDs and docs paths come from the tool, not the input). */
export function ruleLink(finding: Finding): string {
  const id = /^[A-Za-z0-9_.-]{1,40}$/.test(finding.ruleId) ? finding.ruleId : escapeMarkdown(finding.ruleId, 40);
  const url = docsUrl(finding.docs);
  return url && /^https:\/\/[^\s()<>]+$/.test(url) ? `[${id}](${url})` : id;
}

/** `path`:line, or "(run)" for findings about the run itself. */
export function location(finding: Finding): string {
  return finding.file === '.' ? '(run)' : `${codeSpan(finding.file)}:${finding.line}`;
}

/** A table row: severity, rule, location, message (all untrusted text escaped). */
export function findingRow(finding: Finding, messageMax = 400): string {
  const resource = finding.resource ? ` (${codeSpan(finding.resource, 80)})` : '';
  return `| ${SEVERITY_LABEL[finding.severity]} | ${ruleLink(finding)} | ${location(finding)} | ${escapeMarkdown(finding.message, messageMax)}${resource} |`;
}

/** The rule and `path`:line of an unverified item, each followed by a space when present. */
export function unverifiedLead(item: Unverified): string {
  const rule = item.ruleId ? `${escapeMarkdown(item.ruleId, 20)} ` : '';
  const where = item.file === '.' ? '' : `${codeSpan(item.file)}${item.line ? `:${item.line}` : ''} `;
  return rule + where;
}

export const FINDING_TABLE_HEAD = '| Severity | Rule | Location | Message |\n|---|---|---|---|';

export { plural } from '../util/plural.js';

/**
 * Appends sections while they fit in `limit` characters (measured by `size`), keeping room for
 * the footer; the first section that does not fit is cut at a line and noted.
 */
export class BoundedText {
  private parts: string[] = [];
  private used = 0;
  truncated = false;

  constructor(
    private readonly limit: number,
    private readonly size: (text: string) => number = (text) => text.length,
  ) {}

  /** Adds the text when it fits; returns false (and adds nothing) when it does not. */
  add(text: string, reserve = 0): boolean {
    const cost = this.size(text);
    if (this.truncated || this.used + cost + reserve > this.limit) {
      this.truncated = true;
      return false;
    }
    this.parts.push(text);
    this.used += cost;
    return true;
  }

  /** Whether the text would fit with `reserve` characters left over. */
  fits(text: string, reserve = 0): boolean {
    return this.used + this.size(text) + reserve <= this.limit;
  }

  /** Characters used so far. */
  usedSize(): number {
    return this.used;
  }

  /** Adds text even when full (the footer and the truncation note; callers reserve room for them). */
  force(text: string): void {
    this.parts.push(text);
    this.used += this.size(text);
  }

  toString(): string {
    return this.parts.join('');
  }
}

/**
 * The "Checked without their cluster" line in Markdown, at most 50 groups: file and group names are the pull
 * request's content, so code spans, each length-capped. Undefined when no group was.
 */
export function withoutClusterMarkdown(list: { file: string; resource: string }[] = []): string | undefined {
  const line = withoutClusterLine(list.slice(0, 50), (name) => codeSpan(name, 200));
  return line && `${line}${list.length > 50 ? ', …' : ''}.`;
}
