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
  /** CloudFormation: what the edits read of the template, from the scan's own parse (else the text is read again). */
  outline?: TemplateOutline;
}

/**
 * One entry of a mapping, as far as the CloudFormation edits read it. Lines and columns are 1-based;
 * `valueEndLine` is the line of the value's last character that is not white space.
 */
export interface OutlineEntry {
  /** The key's value as text ('' when the key is not a scalar). */
  name: string;
  /** The key is a scalar whose value is a string (so it can equal a logical ID). */
  stringKey: boolean;
  /** Where the key starts (undefined when it is not a scalar with a position). */
  keyLine?: number;
  keyColumn?: number;
  /** Undefined when the value has no position. */
  valueEndLine?: number;
  /**
   * The value is a mapping: flow (`{...}`) or block. `firstKeyColumn`: column of its first key (the first
   * resource only); `properties`: its first `Properties` entry (resources); `last`: its last entry (Properties).
   */
  map?: { flow: boolean; firstKeyColumn?: number; properties?: OutlineEntry; last?: OutlineEntry };
}

/** A CloudFormation template's `Resources` mapping, in document order, for the fix layer (fix/cloudformation.ts). */
export interface TemplateOutline {
  resources: OutlineEntry[];
}
