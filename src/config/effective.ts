import { pathGlobMatcher } from '../util/glob.js';
import { normalizeFindingPath } from '../engine/fingerprint.js';
import type { ConfigOverride, EffectiveConfig, ResolvedConfig, RuleSetting, RuleSettingPatch } from './types.js';

type Matcher = (file: string) => boolean;

const overrideMatchers = new WeakMap<ConfigOverride, Matcher>();

/** A matcher for config globs, relative to the working directory; `dir/` means everything under dir. */
export function globMatcher(globs: readonly string[]): Matcher {
  const patterns = globs.map((glob) => {
    const normalized = normalizeFindingPath(glob);
    return normalized.endsWith('/') ? `${normalized}**` : normalized;
  });
  if (patterns.length === 0) return () => false;
  const isMatch = pathGlobMatcher(patterns);
  return (file) => isMatch(normalizeFindingPath(file));
}

function overrideMatches(override: ConfigOverride, file: string): boolean {
  let matcher = overrideMatchers.get(override);
  if (!matcher) {
    matcher = globMatcher(override.files);
    overrideMatchers.set(override, matcher);
  }
  return matcher(file);
}

function applyPatch(setting: RuleSetting, patch: RuleSettingPatch): RuleSetting {
  const next: RuleSetting = { enabled: patch.enabled ?? setting.enabled };
  const severity = patch.severity ?? setting.severity;
  if (severity !== undefined) next.severity = severity;
  return next;
}

/** Rule settings, region and headroom for one file: top level, then every matching override in order. */
export function configFor(config: ResolvedConfig, file: string): EffectiveConfig {
  const layers: Record<string, RuleSettingPatch>[] = [config.rules];
  let region = config.region;
  let headroom = config.headroom;
  for (const override of config.overrides) {
    if (!overrideMatches(override, file)) continue;
    layers.push(override.rules);
    if (override.region !== undefined) region = override.region;
    if (override.headroom !== undefined) headroom = override.headroom;
  }
  const rules: Record<string, RuleSetting> = {};
  for (const layer of layers) {
    for (const [id, patch] of Object.entries(layer)) rules[id] = applyPatch(rules[id] ?? { enabled: true }, patch);
  }
  const effective: EffectiveConfig = { rules, headroom };
  if (region !== undefined) effective.region = region;
  return effective;
}

/** Whether a rule runs for a file, and the severity the config sets (none = the rule's own). */
export function ruleSetting(config: ResolvedConfig, ruleId: string, file: string): RuleSetting {
  let setting: RuleSetting = { enabled: true };
  const top = config.rules[ruleId];
  if (top) setting = applyPatch(setting, top);
  for (const override of config.overrides) {
    const patch = override.rules[ruleId];
    if (patch && overrideMatches(override, file)) setting = applyPatch(setting, patch);
  }
  return setting;
}
