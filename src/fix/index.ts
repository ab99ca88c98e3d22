// The fix layer: turns a rule's FixData into a Suggestion: a local edit of the scanned file text when the
// change is local to one place, else a snippet (the lines to add, or the AWS CLI command for a resource of the
// account). It reads only the file texts the scan parsed; never files, the network or GitHub.
import type { FixData } from '../rules/types.js';
import { cloudFormationEdit, jsonLines, s3EndpointBody, selfRuleBody, yamlLines, type CfnValue } from './cloudformation.js';
import { localAddress, s3EndpointHcl, selfRuleHcl, terraformEdit } from './terraform.js';
import type { SourceText, Suggestion, TemplateOutline, TextEdit } from './types.js';

export type { SourceText, Suggestion, TextEdit } from './types.js';
export { applyEdit } from './lines.js';

/** Longest line an edit may replace (the suggestion repeats it; review comments are limited to 65536 characters). */
const MAX_EDITED_LINE = 1000;

const word = (direction: 'ingress' | 'egress') => (direction === 'ingress' ? 'inbound' : 'outbound');

function describe(fix: FixData): string {
  switch (fix.kind) {
    case 'subnet-cidr':
      return fix.cidr
        ? `Use ${fix.cidr} for subnet ${fix.subnet} (holds ${fix.addresses} addresses).`
        : `No larger CIDR fits: ${fix.none}.`;
    case 'sg-self-rule':
      return `Add the all-traffic ${word(fix.direction)} rule ${fix.direction === 'ingress' ? 'from' : 'to'} ${fix.group} itself.`;
    case 'open-egress':
      return fix.implicit
        ? `Declare inline SecurityGroupEgress on ${fix.group} limited to the VPC CIDR (drops the default allow-all rule).`
        : `Narrow the ${fix.cidr} outbound rule of ${fix.group} to the VPC CIDR.`;
    case 's3-endpoint':
      return `Add an S3 Gateway endpoint on ${fix.routeTable ? `route table ${fix.routeTable}` : `the route table of subnet ${fix.subnet}`}.`;
  }
}

const isTf = (file: string): boolean => file.toLowerCase().endsWith('.tf');

/** The lines to add when the fix cannot be a local edit, in the format of the file it belongs to. */
function snippetOf(fix: FixData, source: SourceText | undefined): Suggestion['snippet'] {
  const file = fix.at?.file;
  const json = source?.kind === 'cloudformation' && source.text.trimStart().startsWith('{');
  const tf = file !== undefined && isTf(file);
  const cfn = (name: string, body: CfnValue): string[] => (json ? jsonLines(name, body, '', '  ') : yamlLines(name, body, '', '  '));
  const lang = json ? 'json' : 'yaml';
  switch (fix.kind) {
    case 'subnet-cidr':
      return undefined;
    case 'sg-self-rule': {
      if (!fix.at && fix.groupId) {
        const id = fix.groupId.replace(/[^A-Za-z0-9-]/g, '');
        return {
          language: 'shell',
          text: `aws ec2 authorize-security-group-${fix.direction} --group-id ${id} --ip-permissions 'IpProtocol=-1,UserIdGroupPairs=[{GroupId=${id}}]'`,
          where: `Run against the account (security group ${id} is not declared in the scanned files)`,
        };
      }
      if (tf) {
        const label = localAddress(fix.group).split('.')[1] ?? 'this';
        return { language: 'hcl', text: selfRuleHcl(label, fix.direction, false, '', '  ').join('\n'), where: `Add to ${file}` };
      }
      return {
        language: lang,
        text: cfn(
          `${fix.group}Self${fix.direction === 'ingress' ? 'Ingress' : 'Egress'}`,
          selfRuleBody(fix.group, fix.direction).body,
        ).join('\n'),
        where: file ? `Add to the Resources of ${file}` : 'Add to the Resources of the template that declares the group',
      };
    }
    case 's3-endpoint': {
      const table = fix.routeTable ?? 'PrivateRouteTable';
      if (tf) {
        const label = localAddress(table).split('.')[1] ?? 'private';
        const vpc = fix.vpc ? `${localAddress(fix.vpc)}.id` : fix.vpcId ? JSON.stringify(fix.vpcId) : 'aws_vpc.main.id';
        return { language: 'hcl', text: s3EndpointHcl(label, vpc, fix.region ?? '<region>', '', '  ').join('\n'), where: `Add to ${file}` };
      }
      const vpc: CfnValue = fix.vpc ? { ref: fix.vpc } : fix.vpcId ? { s: fix.vpcId } : { ref: 'Vpc' };
      return {
        language: lang,
        text: cfn(`${table}S3Endpoint`, s3EndpointBody(table, vpc)).join('\n'),
        where: fix.routeTable
          ? `Add to the Resources of ${file ?? 'the template'}`
          : `Associate subnet ${fix.subnet} with a route table (here PrivateRouteTable) and add`,
      };
    }
    case 'open-egress':
      return undefined;
  }
}

/** Outlines read from texts the scan gave none of, by text (the last few are kept). */
const readOutlines = new Map<string, TemplateOutline | undefined>();
const KEPT_OUTLINES = 8;

/** The outline of a CloudFormation text: the scan's own, else read with the `yaml` package (loaded only then). */
async function outlineOf(source: SourceText): Promise<TemplateOutline | undefined> {
  if (source.outline) return source.outline;
  if (readOutlines.has(source.text)) return readOutlines.get(source.text);
  const { outlineFromDocument } = await import('./cfn-document.js');
  const outline = outlineFromDocument(source.text);
  if (readOutlines.size >= KEPT_OUTLINES) readOutlines.delete(readOutlines.keys().next().value!);
  readOutlines.set(source.text, outline);
  return outline;
}

/** The suggestion for one fix: an edit of `sources.get(file)` when local, else a snippet (or only the description). */
export async function buildSuggestion(fix: FixData, sources: ReadonlyMap<string, SourceText>): Promise<Suggestion> {
  const source = fix.at ? sources.get(fix.at.file) : undefined;
  let edit: TextEdit | undefined;
  try {
    if (fix.at && source?.kind === 'cloudformation') edit = cloudFormationEdit(fix, fix.at.file, source.text, await outlineOf(source));
    else if (fix.at && source?.kind === 'terraform-source' && isTf(fix.at.file)) edit = await terraformEdit(fix, fix.at.file, source.text);
  } catch {
    edit = undefined; // an input the edit code did not expect: the snippet stands in.
  }
  // A suggestion repeats the lines it replaces: none for very long lines (a minified template).
  if (edit && edit.original.split('\n').some((line) => line.length > MAX_EDITED_LINE)) edit = undefined;
  const suggestion: Suggestion = { kind: fix.kind, description: describe(fix) };
  if (edit) suggestion.edit = edit;
  else {
    const snippet = snippetOf(fix, source);
    if (snippet) suggestion.snippet = snippet;
  }
  return suggestion;
}
