import { plural } from '../util/plural.js';
import type { Finding, ScanResult } from '../engine/types.js';
import type { Severity } from '../model/types.js';
import { disarmCommands } from '../util/log-safe.js';
import { capacityText } from './capacity.js';
import { withoutClusterLine } from './without-cluster.js';

const COLORS: Record<Severity | 'dim' | 'bold' | 'reset', string> = {
  error: '\x1b[31m',
  warning: '\x1b[33m',
  notice: '\x1b[36m',
  dim: '\x1b[2m',
  bold: '\x1b[1m',
  reset: '\x1b[0m',
};

/** Replaces control and bidirectional-override characters so file content cannot drive the terminal or reorder a line. */
const clean = (text: string): string =>
  text.replace(/\r?\n/g, ' ').replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');

/**
 * Human output: grouped by file, one line per finding with file:line:col, severity, rule and message.
 * No line can run a CI workflow command, whatever the file names and messages hold (util/log-safe.ts).
 */
/** `2 errors, 0 warnings, 1 notice, 0 suppressed; 3 files scanned, 0 skipped` */
export const countsLine = (s: ScanResult['summary']): string =>
  `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.notices, 'notice')}, ${s.suppressed} suppressed; ` +
  `${plural(s.filesScanned, 'file')} scanned, ${s.filesSkipped} skipped`;

export function toText(result: ScanResult, opts: { color: boolean }): string {
  const paint = (style: keyof typeof COLORS, text: string) => (opts.color ? COLORS[style] + text + COLORS.reset : text);
  const byFile = new Map<string, Finding[]>();
  for (const f of result.findings) {
    const list = byFile.get(f.file) ?? [];
    list.push(f);
    byFile.set(f.file, list);
  }
  const lines: string[] = [];
  for (const [file, findings] of byFile) {
    lines.push(paint('bold', clean(file)));
    for (const f of findings) {
      const where = `${clean(f.file)}:${f.line}:${f.column}`;
      const resource = f.resource ? paint('dim', ` [${clean(f.resource)}]`) : '';
      lines.push(`  ${where}  ${paint(f.severity, f.severity.padEnd(7))} ${f.ruleId.padEnd(6)} ${clean(f.message)}${resource}`);
      if (f.fix) lines.push(paint('dim', `      fix: ${clean(f.fix)}`));
    }
    lines.push('');
  }
  const s = result.summary;
  if (result.unverified.length) {
    lines.push(paint('bold', `Not verified (${result.unverified.length}):`));
    for (const u of result.unverified.slice(0, 50)) {
      lines.push(`  ${clean(u.file)}${u.line ? `:${u.line}` : ''}  ${u.ruleId ?? ''} ${clean(u.reason)}`.trimEnd());
    }
    if (result.unverified.length > 50) lines.push(`  … and ${result.unverified.length - 50} more (see --format json)`);
    lines.push('');
  }
  const demandTypes = Object.entries(result.demand.instancesPerType);
  if (demandTypes.length) {
    lines.push(paint('bold', 'Quota demand (compare with your account, or run with --account):'));
    for (const [type, count] of demandTypes) lines.push(`  ${clean(type)} for cluster usage: ${count}`);
    for (const [region, enis] of Object.entries(result.demand.eniPerRegion))
      lines.push(`  network interfaces in ${region === 'unknown' ? 'the cluster region (not known)' : clean(region)}: ${enis}`);
    lines.push('');
  }
  for (const [title, ...rows] of capacityText(result.demand.subnets ?? [])) {
    lines.push(paint('bold', clean(title)), ...rows.map(clean), '');
  }
  const without = withoutClusterLine(result.checkedWithoutCluster ?? []);
  if (without) lines.push(`note: ${clean(without)}`);
  for (const notice of result.notices) lines.push(paint('dim', `note: ${clean(notice)}`));
  if (result.tools['cfn-lint']) lines.push(paint('dim', `cfn-lint ${result.tools['cfn-lint']}`));
  lines.push(`${countsLine(s)} in ${s.durationMs} ms`);
  if (s.terraform)
    lines.push(`Terraform: ${plural(s.terraform.read, 'file')} read, ${s.terraform.evaluated} evaluated, ${s.terraform.skipped} skipped`);
  return disarmCommands(lines.join('\n')) + '\n';
}
