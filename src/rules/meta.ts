import type { RuleMeta } from './types.js';

/** Metadata of the IDs the engine itself emits (no `check`: they come from parsing and suppressions). */

export const INPUT_UNREADABLE: RuleMeta = {
  id: 'HP000',
  name: 'input-unreadable',
  title: 'Input file cannot be read',
  defaultSeverity: 'error',
  description:
    'A file that looks like a CloudFormation template, Terraform plan JSON or cluster spec cannot be parsed, ' +
    'is over the size limit, or trips a safety limit (alias expansion, nesting depth). The other files are still scanned, ' +
    'but nothing in this one is checked.',
  docs: 'docs/rules/HP000.md',
};

export const SUPPRESSION_PROBLEM: RuleMeta = {
  id: 'HP091',
  name: 'suppression-problem',
  title: 'Suppression is expired or invalid',
  defaultSeverity: 'warning',
  description:
    'A suppression (CloudFormation Metadata, instance-group or file comment, or a config `ignore` entry) has expired, ' +
    'has no reason while `requireSuppressionReason` is on, names an unknown rule, or has an invalid expiry date. ' +
    'Such a suppression no longer hides anything, so the finding it was written for is reported again.',
  docs: 'docs/rules/HP091.md',
};

export const GATE_SETTINGS_CHANGED: RuleMeta = {
  id: 'HP092',
  name: 'gate-settings-changed',
  title: 'Pull request changes the settings that decide the check',
  defaultSeverity: 'warning',
  description:
    'On a pull request, the configuration that decides the verdict (rules, include, exclude, ignore, overrides, limits, ' +
    'headroom, region) is read from the base commit, so a pull request cannot relax its own check. Each setting the ' +
    'pull request changes is reported at its line in the changed config file, for a reviewer to see; it applies once merged.',
  docs: 'docs/rules/HP092.md',
};

/** Engine-emitted rules, sorted by ID. */
export const ENGINE_RULES: readonly RuleMeta[] = [INPUT_UNREADABLE, SUPPRESSION_PROBLEM, GATE_SETTINGS_CHANGED];

export const ENGINE_RULE_IDS: readonly string[] = ENGINE_RULES.map((rule) => rule.id);

/** Same list under the name the engine imports. */
export const META_RULES = ENGINE_RULES;
