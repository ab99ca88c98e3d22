import type { ResolvedConfig } from '../config/types.js';
import type { InputKind, Loc, Severity, StackInputs, Unverified } from '../model/types.js';
import type { AccountFacts, DemandReport, RuleMeta } from '../rules/types.js';
import type { Model } from '../model/model.js';
import type { Suggestion } from '../fix/types.js';
// Type-only: the account module (and the AWS SDK behind it) is loaded at run time only in account mode.
import type { AccountOptions } from '../account/index.js';

/** Safety limits; each one hit becomes an HP000 finding, never a crash. */
export interface Limits {
  /** Max bytes of a template or cluster spec. */
  maxTemplateBytes: number;
  /** Max bytes of a Terraform plan JSON. */
  maxPlanBytes: number;
  /** Max YAML alias resolutions per document (billion-laughs guard). */
  maxAliasCount: number;
  /** Max nesting depth of a document. */
  maxDepth: number;
  /** Max YAML documents in one file. */
  maxDocuments: number;
  /** Max files scanned per run. */
  maxFiles: number;
  /** Max wall time of the whole scan, in ms. */
  maxRunMs: number;
}

export const DEFAULT_LIMITS: Limits = {
  maxTemplateBytes: 5 * 1024 * 1024,
  maxPlanBytes: 512 * 1024 * 1024,
  maxAliasCount: 1000,
  maxDepth: 200,
  maxDocuments: 20,
  maxFiles: 20_000,
  maxRunMs: 10 * 60 * 1000,
};

/** Options every parser receives. */
export interface ParseOptions {
  limits: Limits;
  /** Default region (CLI --region / config), used for AWS::Region and Fn::GetAZs. */
  region?: string;
  /** CloudFormation: values from linked files (parent stack, child outputs, exports, parameter files). */
  inputs?: StackInputs;
  /**
   * Terraform plan: where each resource and attribute is written in the configuration's .tf files
   * (scanned beside the plan). Plan values win; findings point at these lines.
   */
  terraformSource?: TerraformSourceLocs;
}

export interface TerraformSourceLocs {
  resourceLoc(address: string): Loc | undefined;
  attributeLoc(address: string, path: readonly (string | number)[]): Loc | undefined;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  /** Relative to the working directory, forward slashes. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  resource?: string;
  /** Model entity the finding is about (internal: used by inline suppressions). */
  entityKey?: string;
  fix?: string;
  /** Stable across line moves: hash of rule + file + resource + detail. */
  fingerprint: string;
  /** Link or relative path to the rule's docs. */
  docs?: string;
  related?: Loc[];
  /** Set on suppressed findings. */
  suppressedBy?: { reason?: string; expires?: string; source: 'inline' | 'config' };
  /** Set by the pull-request layer: true when the finding is not on the base revision. */
  isNew?: boolean;
  /** The fix as a local text edit or a snippet (src/fix), when the rule describes one. */
  suggestion?: Suggestion;
}

export interface FileResult {
  file: string;
  kind: InputKind | 'skipped' | 'unreadable';
  /** Why it was skipped or unreadable. */
  note?: string;
}

export interface ScanSummary {
  errors: number;
  warnings: number;
  notices: number;
  suppressed: number;
  filesScanned: number;
  filesSkipped: number;
  unverified: number;
  durationMs: number;
  /** Terraform source files (.tf, .tfvars): read, evaluated into the model, skipped (with a note in `files`). */
  terraform?: { read: number; evaluated: number; skipped: number };
}

export interface ScanResult {
  findings: Finding[];
  suppressed: Finding[];
  files: FileResult[];
  unverified: Unverified[];
  summary: ScanSummary;
  demand: DemandReport;
  rules: RuleMeta[];
  /** Versions of external tools used (e.g. cfn-lint). */
  tools: Record<string, string>;
  /** Notices about the run itself (account mode skipped, cfn-lint missing, ...). */
  notices: string[];
  /**
   * Security groups checked without their cluster: no scanned cluster uses them, but they are plainly meant for
   * HyperPod/EFA nodes, so HP010-HP012 checked them anyway (docs/cross-file.md). File order.
   */
  checkedWithoutCluster?: { file: string; resource: string; reason: string }[];
  model: Model;
  account?: AccountFacts;
}

export interface ListOptions {
  /** The paths are the config's `include` (the scanned tree's own file), never trusted like named paths. */
  fromConfig?: boolean;
  /** Epoch ms (the scan's maxRunMs): the listing stops there and says so in `stoppedAt`. */
  deadline?: number;
}

/** Where the engine reads inputs from: the work tree by default, or a git revision. */
export interface FileSource {
  /** Files (relative to cwd, forward slashes) matched by the paths, minus the excludes. */
  list(paths: string[], exclude: string[], options?: ListOptions): Promise<string[]>;
  /** Returns the bytes, or a reason the file must not be read (symlink out of tree, special file...). */
  read(file: string, maxBytes: number): Promise<{ data: Buffer } | { refused: string }>;
}

export interface ScanOptions {
  /** Working directory; reported file paths are relative to it. */
  cwd: string;
  /** Files, folders or globs; default ["."]. */
  paths?: string[];
  exclude?: string[];
  region?: string;
  /** Path of .hyperpod-prereq.yml; default <cwd>/.hyperpod-prereq.yml when present. */
  configPath?: string;
  limits?: Partial<Limits>;
  /** Defaults to the file system under cwd. */
  source?: FileSource;
  /** Report findings only for these files (others are still parsed for context). */
  onlyFiles?: string[];
  /** Model of the base revision, for HP004 comparisons. */
  baseModel?: Model;
  /** Account mode: the options of runAccountMode (src/account), plus `off`. */
  account?: Omit<AccountOptions, 'mode'> & { mode: 'off' | AccountOptions['mode'] };
  /** Quota figures from a snapshot file (offline HP031/HP040); live account facts win over them. */
  quotaSnapshot?: AccountFacts;
  /** cfn-lint integration. */
  cfnLint?: { mode: 'off' | 'auto' | 'required'; args?: string[]; timeoutMs?: number };
  /** Use worker threads for parsing when there are many files (default true). */
  workers?: boolean;
  /**
   * Pull requests: the base commit's config decides the gate (its rules, include, exclude, ignore, ...).
   * With `reportChanges`, each gate setting the working tree's config changes is an HP092 finding.
   */
  gateFrom?: { config: ResolvedConfig; revision: string; reportChanges: boolean };
  /** Terraform source evaluation: variable files (relative to cwd) and `name=value` variables, in order. */
  terraform?: { varFiles?: string[]; vars?: { name: string; value: string }[] };
}
