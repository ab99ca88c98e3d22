import { groupByNestedStack, unscannedStacks } from './nested-stack-groups.js';
import { appendAll } from '../util/arrays.js';
import { buildSuggestion, type SourceText } from '../fix/index.js';
import path from 'node:path';
import { Model } from '../model/model.js';
import type { Loc, ParsedFile, Severity, Suppression, Unverified } from '../model/types.js';
import { loadInstanceNetworkData } from '../data/instance-network.js';
import { allRules } from '../rules/index.js';
import { GATE_SETTINGS_CHANGED, META_RULES } from '../rules/meta.js';
import type { AccountFacts, DemandReport, RuleContext, RuleMeta, RuleReport } from '../rules/types.js';
import { indexTfSources, linkTfSources, tfDeclaration } from '../parsers/tf-source.js';
import { parseTerraformPlan } from '../parsers/terraform.js';
// The config modules one by one, not config/index.js: its parser (and JSON-schema validation) loads only with a config file.
import { loadConfig } from '../config/read.js';
import { ruleSetting, configFor } from '../config/effective.js';
import { gateConfig, gateChanges, type GateChange } from '../config/gate.js';
import { DEFAULT_CONFIG_FILE, type ResolvedConfig } from '../config/types.js';
import { applySuppressions } from './suppress.js';
import { fingerprint } from './fingerprint.js';
import { mergeFacts } from './quota-snapshot.js';
import { FsFileSource, isCandidate, isTerraformSource } from './fs-source.js';
import { ParsePool } from './workers.js';
import { linkTemplates, type ParameterFile } from './cfn-link.js';
import { checkedWithoutCluster, markGroupsWithoutCluster } from './without-cluster.js';
import { parseCloudFormation } from '../parsers/cloudformation.js';
import { emptyRecord } from '../util/records.js';
import {
  DEFAULT_LIMITS,
  type FileResult,
  type Finding,
  type Limits,
  type ScanOptions,
  type ScanResult,
  type ScanSummary,
  type FileSource,
} from './types.js';
import { compareText } from '../util/compare.js';

export class ConfigError extends Error {}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

export const ruleMetas = (): RuleMeta[] => [...META_RULES, ...allRules.map((r) => r.meta)].sort((a, b) => compareText(a.id, b.id));

function hp000(file: string, line: number, column: number, message: string): Finding {
  return {
    ruleId: 'HP000',
    severity: 'error',
    file,
    line: Math.max(1, line),
    column: Math.max(1, column),
    endLine: Math.max(1, line),
    endColumn: Math.max(1, column),
    message,
    fingerprint: fingerprint({ ruleId: 'HP000', file, detail: message.replace(/\d+/g, '#') }),
    docs: 'docs/rules/HP000.md',
  };
}

function gateChangeFinding(change: GateChange, revision: string): Finding {
  const { loc, key } = change;
  const what = change.removed ? `removes \`${key}\` from` : `changes \`${key}\` in`;
  return {
    ruleId: GATE_SETTINGS_CHANGED.id,
    severity: GATE_SETTINGS_CHANGED.defaultSeverity,
    ...loc,
    message:
      `This pull request ${what} ${loc.file}. The check uses the base commit's \`${key}\` (${revision.slice(0, 12)}) ` +
      'until the change is merged, so a pull request cannot relax its own check; review the change.',
    fingerprint: fingerprint({ ruleId: GATE_SETTINGS_CHANGED.id, file: loc.file, detail: key }),
    docs: GATE_SETTINGS_CHANGED.docs,
  };
}

/** Runs one whole scan: discover, parse, model, look up, check, suppress. Never throws on bad input. */
export async function scan(options: ScanOptions): Promise<ScanResult> {
  const started = Date.now();
  const cwd = path.resolve(options.cwd);
  const knownRuleIds = ruleMetas().map((m) => m.id);
  const { config: ownConfig, errors: configErrors } = await loadConfig(options.configPath, cwd, knownRuleIds);
  if (configErrors.length) {
    throw new ConfigError(configErrors.map((e) => `${e.file}:${e.line}:${e.column}: ${e.message}`).join('\n'));
  }
  const config = options.gateFrom ? gateConfig(ownConfig, options.gateFrom.config) : ownConfig;
  const notices: string[] = [];
  // The config is the scanned tree's own file: it may lower a limit, never raise one past the
  // built-in value (a pull request's `maxTemplateBytes: 200000000` ran the heap out of memory).
  // The caller's options.limits may.
  const fromConfig: Partial<Limits> = {};
  for (const key of Object.keys(DEFAULT_LIMITS) as (keyof Limits)[]) {
    const value = config.limits?.[key];
    if (value === undefined) continue;
    if (value > DEFAULT_LIMITS[key]) {
      notices.push(
        `limits.${key}: ${value} in ${config.file ?? 'the config'} is above the built-in maximum ${DEFAULT_LIMITS[key]}; the maximum applies.`,
      );
    } else fromConfig[key] = value;
  }
  const limits: Limits = { ...DEFAULT_LIMITS, ...fromConfig, ...options.limits };
  const region = options.region ?? config.region;
  const source = options.source ?? new FsFileSource(cwd);
  const exclude = [...(config.exclude ?? []), ...(options.exclude ?? [])];
  const includeFromConfig = !options.paths?.length && !!config.include?.length;
  const paths = options.paths?.length ? options.paths : includeFromConfig ? config.include! : ['.'];
  const tools: Record<string, string> = {};
  const findings: Finding[] = [];
  const files: FileResult[] = [];
  if (options.gateFrom?.reportChanges) {
    const { revision } = options.gateFrom;
    for (const change of gateChanges(ownConfig, options.gateFrom.config, options.configPath ?? DEFAULT_CONFIG_FILE)) {
      const finding = gateChangeFinding(change, revision);
      const setting = ruleSetting(config, finding.ruleId, finding.file);
      if (!setting.enabled) continue;
      if (setting.severity) finding.severity = setting.severity;
      findings.push(finding);
    }
  }

  const deadline = started + limits.maxRunMs;
  let listed = await source.list(paths, exclude, { fromConfig: includeFromConfig, deadline });
  if (source instanceof FsFileSource) {
    for (const [file, reason] of source.refusedWhileListing) {
      if (reason === 'path does not exist') notices.push(`${file}: ${reason}`);
      else findings.push(hp000(file, 1, 1, `${file} was not read: ${reason}.`));
    }
  }
  if (listed.length > limits.maxFiles) {
    findings.push(
      hp000(
        listed[limits.maxFiles],
        1,
        1,
        `Too many files: ${listed.length} found, the limit is ${limits.maxFiles}; the rest were not scanned.`,
      ),
    );
    listed = listed.slice(0, limits.maxFiles);
  }

  // Parse every candidate once, in worker threads when there are many.
  const candidates = listed.filter(isCandidate);
  const pool = await ParsePool.open(options.workers === false || candidates.length < 64 ? 0 : undefined);
  const parsed: ParsedFile[] = [];
  const parameterFiles: ParameterFile[] = [];
  const tfSources: { file: string; text: string }[] = [];
  let timedOut = source instanceof FsFileSource && source.stoppedAtDeadline;
  try {
    const queue = [...candidates];
    const inflight = new Set<Promise<void>>();
    const handle = async (file: string): Promise<void> => {
      const maxBytes = file.toLowerCase().endsWith('.json') ? limits.maxPlanBytes : limits.maxTemplateBytes;
      const read = await source.read(file, maxBytes);
      if ('refused' in read) {
        files.push({ file, kind: 'unreadable', note: read.refused });
        findings.push(hp000(file, 1, 1, `${file} was not read: ${read.refused}.`));
        return;
      }
      if (isTerraformSource(file)) {
        tfSources.push({ file, text: read.data.toString('utf8') });
        return;
      }
      const regionForFile = options.region ?? configFor(config, file).region ?? region;
      // The read result gives up its bytes so a large plan is not held twice while it is parsed.
      const box = { bytes: read.data as Uint8Array | undefined };
      (read as { data?: Buffer }).data = undefined;
      const outcome = await pool.parse(file, box, { limits, region: regionForFile });
      if (outcome.status === 'skipped') {
        files.push({ file, kind: 'skipped', note: outcome.note });
        if (outcome.parameters) parameterFiles.push(outcome.parameters);
      } else if (outcome.status === 'unreadable') {
        files.push({ file, kind: 'unreadable', note: outcome.message });
        findings.push(hp000(file, outcome.line, outcome.column, `${file} cannot be parsed: ${outcome.message}`));
      } else {
        parsed.push(outcome.parsed);
        files.push({ file, kind: outcome.parsed.kind });
        for (const error of outcome.parsed.errors) {
          findings.push(hp000(file, error.line, error.column, error.message));
        }
      }
    };
    const width = pool.parallel ? 16 : 4;
    while (queue.length || inflight.size) {
      while (queue.length && inflight.size < width) {
        if (Date.now() > deadline) {
          timedOut = true;
          queue.length = 0;
          break;
        }
        const job = handle(queue.shift()!).finally(() => inflight.delete(job));
        inflight.add(job);
      }
      if (inflight.size) await Promise.race(inflight);
    }
  } finally {
    await pool.close();
  }
  if (timedOut) {
    findings.push(hp000('.', 1, 1, `The scan stopped after ${limits.maxRunMs} ms (limit maxRunMs); some files were not scanned.`));
  }
  for (const file of listed) if (!isCandidate(file)) files.push({ file, kind: 'skipped', note: 'not a candidate file type' });

  parsed.sort((a, b) => compareText(a.file, b.file));
  let terraformCounts: ScanSummary['terraform'];
  if (tfSources.length || options.terraform?.varFiles?.length) {
    terraformCounts = await readTerraform(tfSources, parsed, files, findings, { options, source, region, config, limits });
  }
  // Nested stacks, exports and parameter files: templates that receive values are evaluated again with them.
  const linked = await linkTemplates(parsed, parameterFiles, async (file, inputs) => {
    const read = await source.read(file, limits.maxTemplateBytes);
    if ('refused' in read) return undefined;
    const text = new TextDecoder('utf-8').decode(read.data);
    const reparsed = parseCloudFormation(file, text, {
      limits,
      region: options.region ?? configFor(config, file).region ?? region,
      inputs,
    });
    return { ...reparsed, text };
  });
  notices.push(...linked.notices);
  const model = Model.fromParsed(parsed, region);
  appendAll(model.unverified, linked.unverified);
  const instances = loadInstanceNetworkData();

  // Account mode and cfn-lint run beside each other; the SDK is loaded only when asked for.
  let account: AccountFacts | undefined;
  // Templates that failed our own parse already have an HP000; cfn-lint would only repeat it.
  const cfnLintTemplates = parsed.filter((p) => p.kind === 'cloudformation' && p.errors.length === 0).map((p) => p.file);
  const cfnLintRun =
    options.cfnLint && options.cfnLint.mode !== 'off' && cfnLintTemplates.length
      ? import('../cfnlint/index.js').then(({ runCfnLint }) =>
          runCfnLint({
            cwd,
            files: cfnLintTemplates,
            mode: options.cfnLint!.mode as 'auto' | 'required',
            args: options.cfnLint!.args,
            timeoutMs: options.cfnLint!.timeoutMs,
            sageMakerClusters: new Set(
              model
                .ofType('Cluster')
                .filter((c) => c.sourceKind === 'cloudformation')
                .map((c) => c.key),
            ),
          }),
        )
      : undefined;
  if (options.account && options.account.mode !== 'off') {
    const { runAccountMode } = await import('../account/index.js');
    const outcome = await runAccountMode(model, {
      ...options.account,
      mode: options.account.mode,
      // The caller's region (inputs, --region, the environment), never the config's: the scanned tree must not choose where AWS is called.
      region: options.account.region,
    });
    notices.push(...outcome.notices);
    // Secrets are masked as they arrive when the caller passes `mask`; mask the list too, in case.
    if (options.account.mask) for (const secret of outcome.masked ?? []) options.account.mask(secret);
    if (outcome.fatal) throw new AccountModeError(outcome.fatal);
    account = outcome.facts;
    for (const [type, network] of Object.entries(account?.instanceTypes ?? {})) instances.set(type, network);
  }
  account = mergeFacts(account, options.quotaSnapshot);
  // Security groups no scanned cluster uses that are plainly meant for HyperPod/EFA nodes (docs/cross-file.md).
  const without = markGroupsWithoutCluster(model, parsed, {
    named: config.efaSecurityGroups ?? [],
    configFile: config.file,
    instances,
  });
  appendAll(model.unverified, without.unverified);
  notices.push(...without.notices);

  // Rules.
  const reports: { meta: RuleMeta; report: RuleReport }[] = [];
  const unverified: Unverified[] = [...model.unverified];
  const demand: DemandReport = { eniPerRegion: emptyRecord(), instancesPerType: emptyRecord(), clusters: [] };
  for (const rule of allRules) {
    const ctx: RuleContext = {
      model,
      options: { headroom: config.headroom ?? 0.5, region },
      instances,
      account,
      base: options.baseModel,
      demand,
      report: (report) => reports.push({ meta: rule.meta, report }),
      unverified: (item) => unverified.push({ ...item, ruleId: rule.meta.id }),
    };
    try {
      rule.check(ctx);
    } catch (error) {
      findings.push(hp000('.', 1, 1, `Rule ${rule.meta.id} failed on this input: ${(error as Error).message}`));
    }
  }
  const sources = new Map<string, SourceText>();
  for (const p of parsed) {
    if (p.text !== undefined && p.kind !== 'terraform-plan') sources.set(p.file, { text: p.text, kind: p.kind, outline: p.outline });
  }
  for (const s of tfSources) if (s.file.toLowerCase().endsWith('.tf')) sources.set(s.file, { text: s.text, kind: 'terraform-source' });
  for (const { meta, report } of reports) {
    const finding = toFinding(meta, report);
    const setting = ruleSetting(config, meta.id, finding.file);
    if (!setting.enabled) continue;
    if (setting.severity) finding.severity = setting.severity;
    if (report.fixData) finding.suggestion = await buildSuggestion(report.fixData, sources);
    findings.push(finding);
  }

  const externalRules: RuleMeta[] = [];
  if (cfnLintRun) {
    const result = await cfnLintRun;
    appendAll(externalRules, result.rules);
    if (result.version) tools['cfn-lint'] = result.version;
    notices.push(...result.notices);
    if (result.failure) findings.push(hp000('.', 1, 1, `cfn-lint failed: ${result.failure}`));
    for (const finding of result.findings) {
      finding.fingerprint ||= fingerprint({
        ruleId: finding.ruleId,
        file: finding.file,
        resource: finding.resource,
        detail: finding.message,
      });
      const setting = ruleSetting(config, finding.ruleId, finding.file);
      if (setting.enabled) findings.push(finding);
    }
  }

  // Suppressions, scope, ordering.
  const fileSuppressions = new Map<string, Suppression[]>(parsed.map((p) => [p.file, p.suppressions]));
  const today = new Date().toISOString().slice(0, 10);
  const { active, suppressed, problems } = applySuppressions(dedupe(findings), { model, fileSuppressions, config, today });
  let reported = [...active, ...problems];
  let suppressedInScope = suppressed;
  let unverifiedInScope = groupByNestedStack(unverified, unscannedStacks(parsed, linked.stacks));
  if (options.onlyFiles) {
    const only = new Set(options.onlyFiles);
    const inScope = (f: { file: string }) => only.has(f.file) || f.file === '.';
    reported = reported.filter(inScope);
    suppressedInScope = suppressed.filter(inScope);
    unverifiedInScope = unverifiedInScope.filter(inScope);
  }
  reported.sort(compareFindings);
  const efaRules = ['HP010', 'HP011', 'HP012'];
  const withoutCluster = checkedWithoutCluster(model).filter(
    (item) =>
      (!options.onlyFiles || options.onlyFiles.includes(item.file)) && efaRules.some((id) => ruleSetting(config, id, item.file).enabled),
  );
  const summary = {
    errors: reported.filter((f) => f.severity === 'error').length,
    warnings: reported.filter((f) => f.severity === 'warning').length,
    notices: reported.filter((f) => f.severity === 'notice').length,
    suppressed: suppressedInScope.length,
    filesScanned: files.filter((f) => f.kind !== 'skipped' && f.kind !== 'unreadable').length,
    filesSkipped: files.filter((f) => f.kind === 'skipped').length,
    unverified: unverifiedInScope.length,
    durationMs: Date.now() - started,
    ...(terraformCounts ? { terraform: terraformCounts } : {}),
  };
  files.sort((a, b) => compareText(a.file, b.file));
  return {
    findings: reported,
    suppressed: suppressedInScope,
    files,
    unverified: unverifiedInScope,
    summary,
    demand,
    rules: [...ruleMetas(), ...externalRules],
    tools,
    notices,
    checkedWithoutCluster: withoutCluster,
    model,
    account,
  };
}

export class AccountModeError extends Error {}

/**
 * Terraform source: links plan entities to their .tf lines, then evaluates the configurations a
 * plan does not cover (the reader is loaded only when .tf files are present).
 */
async function readTerraform(
  tfSources: { file: string; text: string }[],
  parsed: ParsedFile[],
  files: FileResult[],
  findings: Finding[],
  ctx: { options: ScanOptions; source: FileSource; region?: string; config: ResolvedConfig; limits: Limits },
): Promise<ScanSummary['terraform']> {
  const tfFiles = tfSources.filter((s) => s.file.toLowerCase().endsWith('.tf'));
  const index = indexTfSources(tfFiles);
  const coveredBy = new Map<string, string>();
  for (const p of parsed) {
    if (p.kind !== 'terraform-plan') continue;
    linkTfSources(p, index);
    for (const entity of p.entities)
      if (entity.sourceLoc && !coveredBy.has(entity.sourceLoc.file)) coveredBy.set(entity.sourceLoc.file, p.file);
  }
  const varFiles: { file: string; text: string }[] = [];
  for (const file of ctx.options.terraform?.varFiles ?? []) {
    const known = tfSources.find((s) => s.file === file);
    if (known) {
      varFiles.push(known);
      continue;
    }
    const read = await ctx.source.read(file, DEFAULT_LIMITS.maxTemplateBytes);
    if ('refused' in read) findings.push(hp000(file, 1, 1, `Variable file ${file} was not read: ${read.refused}.`));
    else varFiles.push({ file, text: read.data.toString('utf8') });
  }
  const { readTerraformSources } = await import('../parsers/hcl/index.js');
  const result = await readTerraformSources(tfSources, {
    varFiles,
    vars: ctx.options.terraform?.vars,
    region: ctx.region,
    coveredByPlan: (_root, rootFiles) => rootFiles.map((f) => coveredBy.get(f)).find((plan) => plan !== undefined),
  });
  // Plans of a scanned configuration are read again with its .tf lines: plan values, source locations.
  const plans = new Set(coveredBy.values());
  for (let i = 0; i < parsed.length; i++) {
    const plan = parsed[i]!;
    if (!plans.has(plan.file)) continue;
    const read = await ctx.source.read(plan.file, ctx.limits.maxPlanBytes);
    if ('refused' in read) continue;
    const declarations = new Map<string, ReturnType<typeof result.declarationAt>>();
    const declared = (address: string) => {
      if (declarations.has(address)) return declarations.get(address);
      const header = tfDeclaration(address, plan.file, index);
      const found = header ? result.declarationAt(header.file, header.line) : undefined;
      declarations.set(address, found);
      return found;
    };
    const again = parseTerraformPlan(plan.file, read.data.toString('utf8'), {
      limits: ctx.limits,
      region: ctx.options.region ?? configFor(ctx.config, plan.file).region ?? ctx.region,
      terraformSource: {
        resourceLoc: (address) => declared(address)?.header,
        attributeLoc: (address, path) => declared(address)?.attributeLoc(path),
      },
    });
    if (again.errors.length) continue;
    linkTfSources(again, index);
    again.suppressions = plan.suppressions;
    parsed[i] = again;
  }
  for (const p of result.parsed) parsed.push(p);
  parsed.sort((a, b) => compareText(a.file, b.file));
  for (const error of result.errors) findings.push(hp000(error.file, error.line, error.column, error.message));
  const hiddenRule = allRules.find((r) => r.meta.id === 'HP090')?.meta;
  for (const hidden of result.hidden) {
    if (!hiddenRule) break;
    const finding = toFinding(hiddenRule, {
      loc: hidden.loc,
      resource: hidden.call,
      detail: `module:${hidden.call}`,
      message:
        `Module ${hidden.call} comes from ${hidden.source}, which this scan cannot read, so the resources it creates ` +
        '(and any cluster, subnets or security groups among them) were not checked.',
      fix: 'Vendor the module into the repository with a local source, or scan a plan JSON of this configuration (terraform show -json).',
    });
    const setting = ruleSetting(ctx.config, 'HP090', finding.file);
    if (!setting.enabled) continue;
    if (setting.severity) finding.severity = setting.severity;
    findings.push(finding);
  }
  let evaluated = 0;
  let skipped = 0;
  for (const file of result.files) {
    if (file.status === 'evaluated') {
      evaluated++;
      files.push({ file: file.file, kind: 'terraform-source' });
    } else {
      skipped++;
      files.push({ file: file.file, kind: 'skipped', note: file.note });
    }
  }
  return { read: tfSources.length, evaluated, skipped };
}

function toFinding(meta: RuleMeta, report: RuleReport): Finding {
  const loc: Loc = report.loc;
  return {
    ruleId: meta.id,
    severity: report.severity ?? meta.defaultSeverity,
    file: loc.file,
    line: Math.max(1, loc.line),
    column: Math.max(1, loc.column),
    endLine: Math.max(loc.line, loc.endLine || loc.line, 1),
    endColumn: Math.max(1, loc.endColumn || loc.column),
    message: cap(report.message, 2000),
    resource: report.resource === undefined ? undefined : cap(report.resource, 256),
    entityKey: report.entityKey,
    fix: report.fix,
    related: report.related,
    docs: meta.docs,
    fingerprint: fingerprint({ ruleId: meta.id, file: loc.file, resource: report.resource, detail: report.detail }),
  };
}

/** Values quoted from pull-request content are length-capped. */
const cap = (text: string, max: number): string => (text.length > max ? text.slice(0, max - 1) + '…' : text);

/** The same rule may reach one construct through two clusters; keep one finding per fingerprint and line. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.fingerprint}:${f.line}:${f.column}:${f.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function compareFindings(a: Finding, b: Finding): number {
  return (
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    compareText(a.ruleId, b.ruleId)
  );
}

export type { ResolvedConfig };
