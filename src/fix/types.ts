// What the fix layer gives a finding: a local text edit (a GitHub suggestion, a SARIF fix, the JSON
// report's fix.replacement), or a snippet to add elsewhere when the change is not local to one place.
import type { FixData } from '../rules/types.js';

/** Replace whole lines `startLine`..`endLine` (1-based, inclusive) of `file` with `replacement` (lines joined by \n). */
export interface TextEdit {
  file: string;
  startLine: number;
  endLine: number;
  /** The lines as they are now (joined by \n), for the SARIF deleted region and to check the edit still applies. */
  original: string;
  replacement: string;
}

export interface Suggestion {
  kind: FixData['kind'];
  /** What the change does, one sentence. */
  description: string;
  /** The change as a local edit of one file. */
  edit?: TextEdit;
  /** The change when it is not a local edit: text to add (or a command to run) and where. */
  snippet?: { language: 'yaml' | 'json' | 'hcl' | 'shell'; text: string; where: string };
}

/** The scanned text of a file the fix layer may edit (CloudFormation, cluster spec, Terraform source). */
export interface SourceText {
  text: string;
  kind: 'cloudformation' | 'cluster-spec' | 'terraform-source';
}
