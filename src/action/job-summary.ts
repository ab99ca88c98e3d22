// The job summary (GITHUB_STEP_SUMMARY): counts, a table per file, and the details.
import type { Finding } from '../engine/types.js';
import type { Unverified } from '../model/types.js';
import { byImportance } from './classify.js';
import { BoundedText, SEVERITY_LABEL, plural, ruleLink, unverifiedLead, withoutClusterMarkdown } from './format.js';
import { codeSpan, escapeMarkdown } from './markdown.js';
import type { SubnetCapacity } from '../rules/types.js';
import { capacityMarkdown } from '../report/capacity.js';
import { compareText } from '../util/compare.js';

/** GitHub accepts at most 1 MiB of step summary per step (docs.github.com, workflow commands). */
export const STEP_SUMMARY_LIMIT = 1024 * 1024;

export interface JobSummaryInput {
  failed: boolean;
  failOnLabel: string;
  findings: Finding[];
  suppressed: Finding[];
  unverified: Unverified[];
  notices: string[];
  /** Security groups checked without their cluster (ScanResult.checkedWithoutCluster): one line under the counts. */
  checkedWithoutCluster?: { file: string; resource: string }[];
  filesScanned: number;
  /** Terraform files (.tf, .tfvars) read, evaluated, and skipped (with why, in the JSON report). */
  terraform?: { read: number; evaluated: number; skipped: number };
  /** True on pull requests whose base was scanned: findings then show new / pre-existing. */
  showNew: boolean;
  toolVersion: string;
  /** Capacity planner rows (HP030's subnet plans). */
  capacity?: SubnetCapacity[];
  /** The network picture: Markdown chunks from networkMarkdown. */
  network?: string[];
}

export function buildJobSummary(input: JobSummaryInput, limit = STEP_SUMMARY_LIMIT - 1024): string {
  const bytes = (text: string) => Buffer.byteLength(text, 'utf8');
  const text = new BoundedText(limit, bytes);
  const reserve = 400;
  const cut = '\n\n_The rest was cut at the 1 MiB step-summary limit; the JSON report has every finding._\n';
  const count = (severity: Finding['severity']) => input.findings.filter((f) => f.severity === severity).length;
  const fresh = input.findings.filter((f) => f.isNew !== false).length;

  text.force(`## HyperPod prerequisites: ${input.failed ? `❌ fails (${input.failOnLabel})` : '✅ passes'}\n\n`);
  text.force(
    '| Errors | Warnings | Notices |' + (input.showNew ? ' New | Pre-existing |' : '') + ' Suppressed | Unverified | Files scanned |\n',
  );
  text.force('|---|---|---|' + (input.showNew ? '---|---|' : '') + '---|---|---|\n');
  text.force(
    `| ${count('error')} | ${count('warning')} | ${count('notice')} |` +
      (input.showNew ? ` ${fresh} | ${input.findings.length - fresh} |` : '') +
      ` ${input.suppressed.length} | ${input.unverified.length} | ${input.filesScanned} |\n`,
  );
  const without = withoutClusterMarkdown(input.checkedWithoutCluster);
  if (without) text.force(`\n${without}\n`);
  if (input.terraform) {
    const { read, evaluated, skipped } = input.terraform;
    text.force(
      `\nTerraform: ${plural(read, 'file')} read, ${evaluated} evaluated, ${skipped} skipped` +
        (skipped ? ' (the JSON report says why for each)' : '') +
        '.\n',
    );
  }

  const byFile = new Map<string, Finding[]>();
  for (const finding of [...input.findings].sort(byImportance)) {
    const list = byFile.get(finding.file) ?? [];
    list.push(finding);
    byFile.set(finding.file, list);
  }
  const files = [...byFile.keys()].sort();
  if (files.length) {
    text.add(
      `\n### Files\n\n| File | Errors | Warnings | Notices |${input.showNew ? ' New |' : ''}\n|---|---|---|---|${input.showNew ? '---|' : ''}\n`,
      reserve,
    );
    for (const file of files) {
      const list = byFile.get(file)!;
      const n = (s: Finding['severity']) => list.filter((f) => f.severity === s).length;
      const name = file === '.' ? '(run)' : codeSpan(file);
      if (
        !text.add(
          `| ${name} | ${n('error')} | ${n('warning')} | ${n('notice')} |${input.showNew ? ` ${list.filter((f) => f.isNew !== false).length} |` : ''}\n`,
          reserve,
        )
      )
        break;
    }
    text.add('\n### Findings\n', reserve);
    for (const file of files) {
      const list = byFile.get(file)!.sort((a, b) => a.line - b.line || compareText(a.ruleId, b.ruleId));
      if (
        !text.add(
          `\n#### ${file === '.' ? '(run)' : codeSpan(file)}\n\n| Line | Severity | Rule |${input.showNew ? ' New |' : ''} Resource | Message |\n|---|---|---|${input.showNew ? '---|' : ''}---|---|\n`,
          reserve,
        )
      )
        break;
      for (const f of list) {
        const message = escapeMarkdown(f.message, 1500) + (f.fix ? `<br>**Fix:** ${escapeMarkdown(f.fix, 800)}` : '');
        const row = `| ${f.line} | ${SEVERITY_LABEL[f.severity]} | ${ruleLink(f)} |${input.showNew ? ` ${f.isNew === false ? 'pre-existing' : '**new**'} |` : ''} ${f.resource ? codeSpan(f.resource, 120) : ''} | ${message} |\n`;
        if (!text.add(row, reserve)) break;
      }
    }
  } else if (!text.truncated) {
    text.add('\nNo findings.\n', reserve);
  }

  for (const chunk of capacityMarkdown(input.capacity ?? [], '###')) if (!text.add(chunk, reserve)) break;
  if (input.network?.length && !text.truncated) for (const chunk of input.network) if (!text.add(chunk, reserve)) break;
  // A details block is closed only when its opening fitted; the reserve keeps room for the closing tag.
  if (
    input.suppressed.length &&
    text.add(
      `\n<details><summary>Suppressed (${input.suppressed.length})</summary>\n\n| Location | Rule | Reason | Expires |\n|---|---|---|---|\n`,
      reserve,
    )
  ) {
    for (const f of input.suppressed) {
      const row = `| ${codeSpan(f.file)}:${f.line} | ${ruleLink(f)} | ${escapeMarkdown(f.suppressedBy?.reason ?? '', 300)} | ${escapeMarkdown(f.suppressedBy?.expires ?? '', 20)} |\n`;
      if (!text.add(row, reserve)) break;
    }
    text.force('\n</details>\n');
  }
  if (
    input.unverified.length &&
    text.add(`\n<details><summary>Could not be verified offline (${input.unverified.length})</summary>\n\n`, reserve)
  ) {
    for (const item of input.unverified) {
      const line = `- ${unverifiedLead(item)}${item.resource ? `(${codeSpan(item.resource, 120)}) ` : ''}${escapeMarkdown(item.reason, 500)}\n`;
      if (!text.add(line, reserve)) break;
    }
    text.force('\n</details>\n');
  }
  if (input.notices.length) {
    text.add(`\n### Notes\n\n`, reserve);
    for (const notice of input.notices) if (!text.add(`- ${escapeMarkdown(notice, 1000)}\n`, reserve)) break;
  }
  if (text.truncated) text.force(cut);
  text.force(`\n<sub>hyperpod-prereq ${escapeMarkdown(input.toolVersion, 40)} · ${plural(input.findings.length, 'finding')}</sub>\n`);
  return text.toString();
}
