// Inputs for the job summary and the summary comment of a failed run with nothing but `findings`; tests
// override the fields they are about.
import type { Finding } from '../../src/engine/types.js';
import type { JobSummaryInput } from '../../src/action/job-summary.js';
import type { SummaryInput } from '../../src/action/summary-comment.js';

export const jobSummaryInput = (findings: Finding[], fields: Partial<JobSummaryInput> = {}): JobSummaryInput => ({
  failed: true,
  failOnLabel: 'errors',
  findings,
  suppressed: [],
  unverified: [],
  notices: [],
  filesScanned: 1,
  showNew: false,
  toolVersion: '0.0.0',
  ...fields,
});

export const summaryCommentInput = (findings: Finding[], fields: Partial<SummaryInput> = {}): SummaryInput => ({
  failed: true,
  failOnLabel: 'errors',
  findings,
  suppressed: 0,
  unverified: [],
  baseKnown: false,
  overflow: [],
  jobSummaryUrl: '',
  toolVersion: '0.0.0',
  notes: [],
  ...fields,
});
