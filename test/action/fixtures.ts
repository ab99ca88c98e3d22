// Findings and scan results for the action's unit tests.
import type { Finding } from '../../src/engine/types.js';

export function finding(over: Partial<Finding> & Pick<Finding, 'file' | 'line'>): Finding {
  return {
    ruleId: 'HP010',
    severity: 'error',
    column: 3,
    endLine: over.line,
    endColumn: 20,
    message: 'Security group WorkerSG of EFA group workers has no inbound rule allowing all traffic from itself.',
    fingerprint: `fp-${over.file}-${over.line}`,
    docs: 'docs/rules/HP010.md',
    ...over,
  };
}
