import type { Loc, Severity } from '../model/types.js';
import type { Limits } from '../engine/types.js';

/** Name of the configuration file looked up at the repository root. */
export const DEFAULT_CONFIG_FILE = '.hyperpod-prereq.yml';

/** Default growth room per instance group: +50% (rules.md, HP030). */
export const DEFAULT_HEADROOM = 0.5;

/** A rule's setting as written in one place of the config; absent fields inherit. */
export interface RuleSettingPatch {
  enabled?: boolean;
  severity?: Severity;
}

/** A rule's effective setting. No severity means the rule's own (default or per-finding) severity. */
export interface RuleSetting {
  enabled: boolean;
  severity?: Severity;
}

/** One repository-level suppression (`ignore:` entry). At least a fingerprint, or a rule and a file glob. */
export interface IgnoreEntry {
  fingerprint?: string;
  rule?: string;
  /** Glob matched against the finding's file. */
  file?: string;
  /** Resource name, or a glob of it. */
  resource?: string;
  reason?: string;
  /** YYYY-MM-DD: the last day the entry applies. */
  expires?: string;
  /** Where the entry is in the config file. */
  loc: Loc;
}

/** One `overrides:` entry: settings for the files its globs match. */
export interface ConfigOverride {
  files: string[];
  rules: Record<string, RuleSettingPatch>;
  region?: string;
  headroom?: number;
  loc: Loc;
}

export interface ResolvedConfig {
  /** The config file read (relative to cwd, forward slashes), or undefined when none was. */
  file?: string;
  rules: Record<string, RuleSettingPatch>;
  include: string[];
  exclude: string[];
  headroom: number;
  region?: string;
  requireSuppressionReason: boolean;
  ignore: IgnoreEntry[];
  overrides: ConfigOverride[];
  /** `efaSecurityGroups:` entries: security groups meant for EFA nodes that no scanned cluster uses (docs/cross-file.md). */
  efaSecurityGroups: { name: string; loc: Loc }[];
  limits: Limits;
  /** Rule IDs the run knows (registry plus engine IDs); suppressions naming others are HP091. */
  knownRuleIds: string[];
  /** Where each top-level key is written in the config file. */
  keyLocs?: Record<string, Loc>;
}

/** A problem in the config file, at the offending key or value (1-based; endColumn is just past the last character). */
export interface ConfigError {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /** Dotted path of the key, e.g. `rules.HP012` or `ignore[1].expires`; empty for the whole file. */
  path: string;
  message: string;
}

/** What applies to one file once overrides are merged in. */
export interface EffectiveConfig {
  rules: Record<string, RuleSetting>;
  region?: string;
  headroom: number;
}
