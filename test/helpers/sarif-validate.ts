import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const MULTITOOL = path.resolve('node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

export interface SarifIssue {
  ruleId: string;
  level: string;
  message: string;
}

/** Validates a SARIF log with Microsoft's multitool and GitHub code scanning's ingestion rules. */
export function validateSarif(log: unknown): SarifIssue[] {
  const dir = mkdtempSync(path.join(tmpdir(), 'hp-sarif-'));
  try {
    const input = path.join(dir, 'in.sarif');
    const output = path.join(dir, 'out.sarif');
    writeFileSync(input, JSON.stringify(log));
    for (const ruleKind of ['Sarif', 'Ghas']) {
      execFileSync(MULTITOOL, ['validate', input, '--rule-kind', ruleKind, '--output', output, '--log', 'ForceOverwrite'], {
        env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
        stdio: 'pipe',
      });
      const results = JSON.parse(readFileSync(output, 'utf8')).runs[0].results as {
        ruleId: string;
        level?: string;
        message: { text?: string; id?: string; arguments?: string[] };
      }[];
      const issues = results
        .filter((r) => (r.level ?? 'warning') === 'error' || (r.level ?? 'warning') === 'warning')
        .map((r) => ({
          ruleId: r.ruleId,
          level: r.level ?? 'warning',
          message: r.message.text ?? `${r.message.id} ${r.message.arguments?.join(' ')}`,
        }));
      if (issues.length) return issues;
    }
    return [];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
