// Turns cfn-lint's `--format json` output into the project's findings (pure; no process code here).
import path from 'node:path';
import type { Severity } from '../model/types.js';
import type { Finding } from '../engine/types.js';
import type { RuleMeta } from '../rules/types.js';
import { CLUSTER_INSTANCE_TYPES } from '../data/sagemaker-api-model.js';
import { compareText } from '../util/compare.js';

/** Prefix of every cfn-lint rule ID in our findings, e.g. `cfn-lint/E3012`. */
export const CFN_LINT_PREFIX = 'cfn-lint/';

/** Exit code bits of cfn-lint (cfn-lint README "Exit Codes"; verified with cfn-lint 1.51). */
export const EXIT_BITS = { error: 2, warning: 4, informational: 8 } as const;
const FINDING_BITS = EXIT_BITS.error | EXIT_BITS.warning | EXIT_BITS.informational;

/** True when an exit code only says which levels of findings were reported (0 = none). */
export const isFindingsExitCode = (code: number): boolean => Number.isInteger(code) && code >= 0 && (code & ~FINDING_BITS) === 0;

export interface ParsedOutput {
  findings: Finding[];
  rules: RuleMeta[];
  /** E3030 results dropped because the SageMaker API model accepts the instance type (see isStaleInstanceTypeEnum). */
  droppedInstanceTypes: string[];
}

export interface MapOptions {
  /** `file#LogicalId` of the AWS::SageMaker::Cluster resources of the scanned templates (file relative to cwd). */
  sageMakerClusters?: ReadonlySet<string>;
}

const GROUP_LISTS = new Set(['InstanceGroups', 'RestrictedInstanceGroups']);
const ENUM_VALUE = /^'([^']+)' is not one of \[/;

/**
 * cfn-lint's AWS::SageMaker::Cluster schema carries an InstanceType enum older than the SageMaker API (cfn-lint
 * 1.51.0: 123 values; botocore 1.43.107 ClusterInstanceType: 209), so it raises E3030 on valid types such as
 * ml.g4dn.xlarge. Returns the instance type when `item` is such an E3030 on an instance group of a SageMaker
 * cluster and the API model (src/data/sagemaker-api-model.json) accepts the value; HP007 checks the type instead.
 */
export function isStaleInstanceTypeEnum(item: unknown, cwd: string, options: MapOptions): string | undefined {
  if (!isRecord(item) || !isRecord(item.Rule) || item.Rule.Id !== 'E3030' || typeof item.Filename !== 'string') return undefined;
  const location = isRecord(item.Location) ? item.Location : {};
  const p = Array.isArray(location.Path) ? location.Path : [];
  if (p.length !== 6 || p[0] !== 'Resources' || typeof p[1] !== 'string' || p[2] !== 'Properties') return undefined;
  if (typeof p[3] !== 'string' || !GROUP_LISTS.has(p[3]) || typeof p[4] !== 'number' || p[5] !== 'InstanceType') return undefined;
  if (!options.sageMakerClusters?.has(`${relativeToCwd(cwd, item.Filename)}#${p[1]}`)) return undefined;
  const value = typeof item.Message === 'string' ? ENUM_VALUE.exec(item.Message)?.[1] : undefined;
  return value !== undefined && CLUSTER_INSTANCE_TYPES.includes(value) ? value : undefined;
}

/** The output could not be trusted; the whole batch is a tool failure. */
export class CfnLintOutputError extends Error {}

type Level = 'error' | 'warning' | 'informational';

const LEVEL_SEVERITY: Record<Level, Severity> = { error: 'error', warning: 'warning', informational: 'notice' };
const PREFIX_LEVEL: Record<string, Level> = { E: 'error', W: 'warning', I: 'informational' };

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const positiveInt = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isInteger(value) && value >= 1 ? value : undefined;

const kebab = (text: string): string =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');

/** Relative to cwd with forward slashes, whatever form cfn-lint echoed. */
export const relativeToCwd = (cwd: string, file: string): string => {
  const relative = path.relative(cwd, path.resolve(cwd, file));
  return relative.split(path.sep).join('/');
};

/**
 * Parses and maps one batch's stdout.
 * Throws CfnLintOutputError when the text is not cfn-lint's JSON, when a result has no file
 * (cfn-lint's own configuration errors, e.g. E0003), or when the exit code announces a level
 * of finding that the output does not contain.
 */
export function parseCfnLintOutput(stdout: string, exitCode: number, cwd: string, options: MapOptions = {}): ParsedOutput {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    const excerpt = stdout.trim().slice(0, 200);
    throw new CfnLintOutputError(
      `its output is not valid JSON (exit code ${exitCode}): ${excerpt ? JSON.stringify(excerpt) : 'empty output'}`,
    );
  }
  if (!Array.isArray(data)) throw new CfnLintOutputError(`its JSON output is not a list of results (exit code ${exitCode})`);

  const findings: Finding[] = [];
  const rules = new Map<string, RuleMeta>();
  const levelsSeen = new Set<Level>();
  const droppedInstanceTypes: string[] = [];
  data.forEach((item, index) => {
    const { finding, rule, level } = mapResult(item, index, cwd);
    levelsSeen.add(level);
    const stale = isStaleInstanceTypeEnum(item, cwd, options);
    if (stale !== undefined) {
      droppedInstanceTypes.push(stale);
      return;
    }
    findings.push(finding);
    if (!rules.has(rule.id)) rules.set(rule.id, rule);
  });

  for (const level of Object.keys(EXIT_BITS) as Level[]) {
    if (exitCode & EXIT_BITS[level] && !levelsSeen.has(level)) {
      throw new CfnLintOutputError(`exit code ${exitCode} announces ${level} findings that its output does not contain`);
    }
  }
  return { findings, rules: [...rules.values()].sort((a, b) => compareText(a.id, b.id)), droppedInstanceTypes };
}

function mapResult(item: unknown, index: number, cwd: string): { finding: Finding; rule: RuleMeta; level: Level } {
  const where = `result #${index + 1}`;
  if (!isRecord(item) || !isRecord(item.Rule)) throw new CfnLintOutputError(`${where} of its JSON output has no Rule`);
  const rule = item.Rule;
  const id = typeof rule.Id === 'string' ? rule.Id.trim() : '';
  if (!/^[A-Z]\d+$/.test(id)) throw new CfnLintOutputError(`${where} has an unexpected rule ID ${JSON.stringify(rule.Id)}`);
  const message = typeof item.Message === 'string' ? item.Message : '';

  // Results without a file are about cfn-lint's own run (bad arguments, unreadable paths): a tool failure.
  if (typeof item.Filename !== 'string' || item.Filename === '') {
    throw new CfnLintOutputError(`it reported ${id} without a file: ${message || 'no message'}`);
  }

  const levelText = typeof item.Level === 'string' ? item.Level.toLowerCase() : '';
  const level: Level | undefined = Object.hasOwn(LEVEL_SEVERITY, levelText) ? (levelText as Level) : PREFIX_LEVEL[id.charAt(0)];
  if (!level) throw new CfnLintOutputError(`${where} (${id}) has an unknown level ${JSON.stringify(item.Level)}`);

  // cfn-lint JSON locations are 1-based; End is the position after the last character (as in SARIF).
  const location = isRecord(item.Location) ? item.Location : {};
  const start = isRecord(location.Start) ? location.Start : {};
  const end = isRecord(location.End) ? location.End : {};
  const line = positiveInt(start.LineNumber) ?? 1;
  const column = positiveInt(start.ColumnNumber) ?? 1;
  let endLine = positiveInt(end.LineNumber) ?? line;
  let endColumn = positiveInt(end.ColumnNumber) ?? column;
  if (endLine < line || (endLine === line && endColumn < column)) {
    endLine = line;
    endColumn = column;
  }

  const pathParts = Array.isArray(location.Path) ? location.Path : [];
  const resource = pathParts[0] === 'Resources' && typeof pathParts[1] === 'string' ? pathParts[1] : undefined;
  const source = typeof rule.Source === 'string' && /^https?:\/\//.test(rule.Source) ? rule.Source : undefined;
  const ruleId = `${CFN_LINT_PREFIX}${id}`;

  const finding: Finding = {
    ruleId,
    severity: LEVEL_SEVERITY[level],
    file: relativeToCwd(cwd, item.Filename),
    line,
    column,
    endLine,
    endColumn,
    message: message || (typeof rule.ShortDescription === 'string' ? rule.ShortDescription : id),
    ...(resource !== undefined ? { resource } : {}),
    fingerprint: '',
    ...(source ? { docs: source } : {}),
  };
  const title = typeof rule.ShortDescription === 'string' && rule.ShortDescription ? rule.ShortDescription : id;
  const meta: RuleMeta = {
    id: ruleId,
    name: kebab(title) || id.toLowerCase(),
    title,
    defaultSeverity: LEVEL_SEVERITY[PREFIX_LEVEL[id.charAt(0)] ?? level],
    description: typeof rule.Description === 'string' && rule.Description ? rule.Description : title,
    docs: source ?? 'https://github.com/aws-cloudformation/cfn-lint/blob/main/docs/rules.md',
  };
  return { finding, rule: meta, level };
}
