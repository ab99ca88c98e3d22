// Fixes in CloudFormation templates (YAML or JSON): edits are whole lines, indented like the file, placed
// with the outline of the template's Resources (the scan's own parse gives it: parsers/cfn-outline.ts; for
// other texts the `yaml` package reads it: cfn-document.ts).
import type { FixData } from '../rules/types.js';
import { indentOf, insertAfter, lastContentLine, replaceOnLines, splitLines } from './lines.js';
import type { OutlineEntry, TemplateOutline, TextEdit } from './types.js';

/** A value of a generated resource, written as YAML or JSON. */
export type CfnValue =
  { s: string } | { ref: string } | { getAtt: [string, string] } | { sub: string } | { list: CfnValue[] } | { map: [string, CfnValue][] };

const PLAIN = /^[A-Za-z][A-Za-z0-9 ._/():-]*$|^\d+(\.\d+){3}\/\d+$/;
const yamlScalar = (text: string): string =>
  PLAIN.test(text) && !/: |:$/.test(text) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(text) ? text : `'${text.replace(/'/g, "''")}'`;

/** YAML lines of `value` for the key `key` at `indent`, `step` spaces per level. */
export function yamlLines(key: string, value: CfnValue, indent: string, step: string): string[] {
  const inline = (v: CfnValue): string | undefined =>
    's' in v
      ? yamlScalar(v.s)
      : 'ref' in v
        ? `!Ref ${v.ref}`
        : 'getAtt' in v
          ? `!GetAtt ${v.getAtt.join('.')}`
          : 'sub' in v
            ? `!Sub ${v.sub}`
            : undefined;
  const one = inline(value);
  if (one !== undefined) return [`${indent}${key}: ${one}`];
  const lines = [`${indent}${key}:`];
  if ('list' in value) {
    for (const item of value.list) {
      const single = inline(item);
      if (single !== undefined) lines.push(`${indent}${step}- ${single}`);
      else if ('map' in item) {
        const inner = item.map.flatMap(([k, v]) => yamlLines(k, v, `${indent}${step}  `, step));
        inner[0] = `${indent}${step}- ${inner[0]!.trimStart()}`;
        lines.push(...inner);
      }
    }
  } else if ('map' in value) {
    for (const [k, v] of value.map) lines.push(...yamlLines(k, v, indent + step, step));
  }
  return lines;
}

export function jsonValue(value: CfnValue): unknown {
  if ('s' in value) return value.s;
  if ('ref' in value) return { Ref: value.ref };
  if ('getAtt' in value) return { 'Fn::GetAtt': value.getAtt };
  if ('sub' in value) return { 'Fn::Sub': value.sub };
  if ('list' in value) return value.list.map(jsonValue);
  return Object.fromEntries(value.map.map(([k, v]) => [k, jsonValue(v)]));
}

/** JSON lines of `"key": value` at `indent`, `step` per level (no trailing comma). */
export function jsonLines(key: string, value: CfnValue, indent: string, step: string): string[] {
  const text = `${JSON.stringify(key)}: ${JSON.stringify(jsonValue(value), null, step)}`;
  return text.split('\n').map((line) => indent + line);
}

interface Template {
  text: string;
  lines: string[];
  json: boolean;
  resources: OutlineEntry[];
  /** Spaces per nesting level in the file. */
  step: string;
}

/** Templates read for edits, by text: a template with many findings is read once (the last few are kept). */
const templates = new Map<string, Template>();
const KEPT_TEMPLATES = 8;

function readTemplate(text: string, outline: TemplateOutline): Template {
  const known = templates.get(text);
  if (known && known.resources === outline.resources) return known;
  const template = readTemplateText(text, outline);
  if (templates.size >= KEPT_TEMPLATES) templates.delete(templates.keys().next().value!);
  templates.set(text, template);
  return template;
}

function readTemplateText(text: string, outline: TemplateOutline): Template {
  const json = text.trimStart().startsWith('{');
  const lines = splitLines(text);
  const template = { text, lines, json, resources: outline.resources, step: '  ' };
  const first = outline.resources[0];
  const key = first?.keyColumn;
  const innerKey = first?.map?.firstKeyColumn;
  if (key !== undefined && innerKey !== undefined && innerKey > key) template.step = ' '.repeat(innerKey - key);
  return template;
}

interface Block {
  entry: OutlineEntry;
  keyLine: number;
  /** Last line of the value (the closing brace in JSON). */
  endLine: number;
  indent: string;
}

function blockOf(t: Template, entry: OutlineEntry): Block | undefined {
  const { keyLine, valueEndLine: end } = entry;
  if (keyLine === undefined || end === undefined) return undefined;
  const endLine = t.json ? end : Math.max(keyLine, lastContentLine(t.lines, end));
  return { entry, keyLine, endLine, indent: indentOf(t.lines[keyLine - 1]!) };
}

function resource(t: Template, name: string): Block | undefined {
  const entry = t.resources.find((e) => e.stringKey && e.name === name);
  return entry ? blockOf(t, entry) : undefined;
}

/** A logical ID not used yet: `base`, else `base2`, `base3`... */
function freeName(t: Template, base: string): string {
  const taken = new Set(t.resources.map((e) => e.name));
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
  return name;
}

/**
 * Inserts a resource after another. YAML: a sibling key at the same indent. JSON: after the closing brace, with the
 * comma moved; only when the brace closes its own line (else undefined: the caller shows a snippet).
 */
function addResourceAfter(t: Template, file: string, after: Block, name: string, body: CfnValue): TextEdit | undefined {
  if (!t.json) {
    if (!after.entry.map || after.entry.map.flow) return undefined;
    return insertAfter(file, t.lines, after.endLine, yamlLines(name, body, after.indent, t.step));
  }
  const closing = t.lines[after.endLine - 1]!;
  const match = /^(\s*)}(\s*)(,?)(\s*)$/.exec(closing);
  if (!match) return undefined;
  const added = jsonLines(name, body, after.indent, t.step);
  if (match[3]) added[added.length - 1] += ',';
  return insertAfter(file, t.lines, after.endLine, added, match[3] ? closing : `${match[1]}},`);
}

export function selfRuleBody(group: string, direction: 'ingress' | 'egress'): { type: string; body: CfnValue } {
  const type = direction === 'ingress' ? 'AWS::EC2::SecurityGroupIngress' : 'AWS::EC2::SecurityGroupEgress';
  return {
    type,
    body: {
      map: [
        ['Type', { s: type }],
        [
          'Properties',
          {
            map: [
              ['Description', { s: `All traffic ${direction === 'ingress' ? 'from' : 'to'} the security group itself (EFA)` }],
              ['GroupId', { ref: group }],
              ['IpProtocol', { s: '-1' }],
              [direction === 'ingress' ? 'SourceSecurityGroupId' : 'DestinationSecurityGroupId', { ref: group }],
            ],
          },
        ],
      ],
    },
  };
}

export function s3EndpointBody(routeTable: string, vpc: CfnValue): CfnValue {
  return {
    map: [
      ['Type', { s: 'AWS::EC2::VPCEndpoint' }],
      [
        'Properties',
        {
          map: [
            ['VpcId', vpc],
            ['ServiceName', { sub: 'com.amazonaws.${AWS::Region}.s3' }],
            ['VpcEndpointType', { s: 'Gateway' }],
            ['RouteTableIds', { list: [{ ref: routeTable }] }],
          ],
        },
      ],
    ],
  };
}

/** The VPC CIDR as a template value: a reference to the VPC declared in the file, else the literal. */
const vpcCidrValue = (fix: { vpc?: string; vpcCidr?: string }): CfnValue | undefined =>
  fix.vpc ? { getAtt: [fix.vpc, 'CidrBlock'] } : fix.vpcCidr ? { s: fix.vpcCidr } : undefined;

/** The block of the resource whose lines hold `line`. */
function resourceAround(t: Template, line: number): Block | undefined {
  for (const entry of t.resources) {
    const block = blockOf(t, entry);
    if (block && block.keyLine <= line && line <= block.endLine) return block;
  }
  return undefined;
}

/** A CloudFormation logical ID: alphanumeric (AWS "Resources" template section); anything else is never written into a template. */
const LOGICAL_ID = /^[A-Za-z0-9]{1,255}$/;

/** The local edit for a fix in a CloudFormation template, or undefined when it is not a local edit. */
export function cloudFormationEdit(fix: FixData, file: string, text: string, outline: TemplateOutline | undefined): TextEdit | undefined {
  const names = [
    'group' in fix ? fix.group : undefined,
    'vpc' in fix ? fix.vpc : undefined,
    'routeTable' in fix ? fix.routeTable : undefined,
  ].filter((n): n is string => n !== undefined);
  if (fix.kind !== 'subnet-cidr' && !names.every((n) => LOGICAL_ID.test(n))) return undefined;
  if ('vpcId' in fix && fix.vpcId !== undefined && !/^vpc-[0-9a-f]+$/.test(fix.vpcId)) return undefined;
  if (!outline) return undefined;
  const t = readTemplate(text, outline);
  switch (fix.kind) {
    case 'subnet-cidr':
      return fix.cidr ? replaceOnLines(file, t.lines, fix.at.line, fix.at.endLine, fix.current, fix.cidr) : undefined;
    case 'sg-self-rule': {
      const sg = resource(t, fix.group);
      if (!sg) return undefined;
      const { body } = selfRuleBody(fix.group, fix.direction);
      return addResourceAfter(t, file, sg, freeName(t, `${fix.group}Self${fix.direction === 'ingress' ? 'Ingress' : 'Egress'}`), body);
    }
    case 's3-endpoint': {
      if (!fix.routeTable) return undefined;
      const table = resource(t, fix.routeTable);
      const vpc: CfnValue | undefined = fix.vpc ? { ref: fix.vpc } : fix.vpcId ? { s: fix.vpcId } : undefined;
      if (!table || !vpc) return undefined;
      return addResourceAfter(t, file, table, freeName(t, `${fix.routeTable}S3Endpoint`), s3EndpointBody(fix.routeTable, vpc));
    }
    case 'open-egress': {
      const cidr = vpcCidrValue(fix);
      if (!cidr) return undefined;
      return fix.implicit ? inlineEgress(t, file, fix.group, cidr) : narrowEgress(t, file, fix.at.line, fix.at.endLine, fix.cidr, cidr);
    }
  }
}

/** Replaces the open CIDR of a rule with the VPC CIDR. */
function narrowEgress(t: Template, file: string, line: number, endLine: number, open: string, cidr: CfnValue): TextEdit | undefined {
  const block = resourceAround(t, line);
  if (!block) return undefined;
  const last = endLine > line ? endLine : block.endLine;
  if ('s' in cidr) return replaceOnLines(file, t.lines, line, last, open, cidr.s);
  // A reference replaces the whole scalar, quotes included.
  const quoted = `"${open}"`;
  const single = `'${open}'`;
  const replacement = t.json ? JSON.stringify(jsonValue(cidr)) : `!GetAtt ${(cidr as { getAtt: string[] }).getAtt.join('.')}`;
  for (const from of t.json ? [quoted] : [quoted, single, open]) {
    const edit = replaceOnLines(file, t.lines, line, last, from, replacement);
    if (edit) return edit;
  }
  return undefined;
}

/** Adds inline SecurityGroupEgress (VPC CIDR only) to a group, which drops CloudFormation's default allow-all rule. */
function inlineEgress(t: Template, file: string, group: string, cidr: CfnValue): TextEdit | undefined {
  const sg = resource(t, group);
  const properties = sg?.entry.map?.properties;
  const block = properties && blockOf(t, properties);
  if (!block || !properties!.map) return undefined;
  const props = properties!.map;
  const last = props.last;
  const lastKey = last && blockOf(t, last);
  if (!lastKey) return undefined;
  const rule: CfnValue = {
    list: [
      {
        map: [
          ['Description', { s: 'Outbound traffic inside the VPC only (replaces the default allow-all rule)' }],
          ['IpProtocol', { s: '-1' }],
          ['CidrIp', cidr],
        ],
      },
    ],
  };
  if (!t.json) {
    if (props.flow) return undefined;
    return insertAfter(file, t.lines, lastKey.endLine, yamlLines('SecurityGroupEgress', rule, lastKey.indent, t.step));
  }
  // JSON: after the last property, which gets a comma; only when it ends its own line.
  const lastLine = t.lines[lastKey.endLine - 1]!;
  if (lastKey.endLine === block.endLine || /,\s*$/.test(lastLine)) return undefined;
  return insertAfter(
    file,
    t.lines,
    lastKey.endLine,
    jsonLines('SecurityGroupEgress', rule, lastKey.indent, t.step),
    `${lastLine.trimEnd()},`,
  );
}
