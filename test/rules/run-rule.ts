/** Runs one rule on a model through a minimal RuleContext and collects what it reports. */
import type { Model } from '../../src/model/model.js';
import type { Severity, Unverified } from '../../src/model/types.js';
import { loadInstanceNetworkData, type InstanceNetworkData } from '../../src/data/instance-network.js';
import type { AccountFacts, DemandReport, Rule, RuleOptions, RuleReport } from '../../src/rules/types.js';
import { emptyRecord } from '../../src/util/records.js';

export interface ReportedFinding extends RuleReport {
  ruleId: string;
  /** The report's severity, or the rule's default. */
  severity: Severity;
  file: string;
  line: number;
}

export interface RuleRun {
  findings: ReportedFinding[];
  unverified: Unverified[];
  demand: DemandReport;
}

export interface RunRuleOptions {
  base?: Model;
  options?: Partial<RuleOptions>;
  account?: AccountFacts;
  instances?: InstanceNetworkData;
}

export function runRule(rule: Rule, model: Model, opts: RunRuleOptions = {}): RuleRun {
  const findings: ReportedFinding[] = [];
  const unverified: Unverified[] = [];
  const demand: DemandReport = { eniPerRegion: emptyRecord(), instancesPerType: emptyRecord(), clusters: [] };
  rule.check({
    model,
    options: { headroom: 0.5, ...opts.options },
    instances: opts.instances ?? loadInstanceNetworkData(),
    account: opts.account,
    base: opts.base,
    demand,
    report(report) {
      findings.push({
        ...report,
        ruleId: rule.meta.id,
        severity: report.severity ?? rule.meta.defaultSeverity,
        file: report.loc.file,
        line: report.loc.line,
      });
    },
    unverified(item) {
      unverified.push({ ...item, ruleId: rule.meta.id });
    },
  });
  return { findings, unverified, demand };
}

/** The short view tests compare: rule, line, severity and message. */
export function summary(run: RuleRun): { line: number; severity: Severity; message: string }[] {
  return run.findings.map((f) => ({ line: f.line, severity: f.severity, message: f.message }));
}
