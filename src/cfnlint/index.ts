// cfn-lint integration: run the real tool beside the HyperPod rules and map its results to findings.
export { runCfnLint, DEFAULT_TIMEOUT_MS, MAX_FILES_PER_BATCH, MAX_ARG_CHARS_PER_BATCH } from './run.js';
export type { CfnLintOptions, CfnLintResult } from './run.js';
export { CFN_LINT_PREFIX, parseCfnLintOutput, isFindingsExitCode } from './to-findings.js';
