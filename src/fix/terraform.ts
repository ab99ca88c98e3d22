// Fixes in Terraform source (.tf): the text is read again with the HCL syntax reader (tree-sitter) to
// find blocks; edits are whole lines, indented like the file.
import type { FixData } from '../rules/types.js';
import { loadHclParser, parseHcl, type Block, type Body } from '../parsers/hcl/syntax.js';
import { indentOf, insertAfter, insertBefore, replaceOnLines, splitLines } from './lines.js';
import type { TextEdit } from './types.js';

/** The address inside its own module (`module.a.aws_vpc.this[0]` → `aws_vpc.this[0]`). */
export const localAddress = (address: string): string => address.replace(/^(module\.[^.[]+(\[[^\]]*\])?\.)+/, '');

/** A resource address safe to write into HCL (`aws_vpc.main`, `aws_vpc.this[0]`), else undefined. */
const reference = (address: string | undefined): string | undefined => {
  const local = address === undefined ? undefined : localAddress(address);
  return local && /^[a-z][a-z0-9_]*\.[A-Za-z_][A-Za-z0-9_-]*(\[\d+\])?$/.test(local) ? local : undefined;
};
const literalCidr = (cidr: string | undefined): string | undefined =>
  cidr && /^\d+(\.\d+){3}\/\d+$/.test(cidr) ? JSON.stringify(cidr) : undefined;

/** `name = value` lines with the equals signs aligned, as `terraform fmt` writes them. */
function attributes(pairs: [string, string][], indent: string): string[] {
  const width = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${indent}${k.padEnd(width)} = ${v}`);
}

export function selfRuleHcl(label: string, direction: 'ingress' | 'egress', inline: boolean, indent: string, step: string): string[] {
  const description = `"All traffic ${direction === 'ingress' ? 'from' : 'to'} the security group itself (EFA)"`;
  if (inline) {
    return [
      `${indent}${direction} {`,
      ...attributes(
        [
          ['description', description],
          ['from_port', '0'],
          ['to_port', '0'],
          ['protocol', '"-1"'],
          ['self', 'true'],
        ],
        indent + step,
      ),
      `${indent}}`,
    ];
  }
  const group = `aws_security_group.${label}.id`;
  return [
    `${indent}resource "aws_vpc_security_group_${direction}_rule" "${label}_self_${direction}" {`,
    ...attributes(
      [
        ['security_group_id', group],
        ['referenced_security_group_id', group],
        ['ip_protocol', '"-1"'],
        ['description', description],
      ],
      indent + step,
    ),
    `${indent}}`,
  ];
}

export function s3EndpointHcl(label: string, vpc: string, region: string, indent: string, step: string): string[] {
  return [
    `${indent}resource "aws_vpc_endpoint" "${label}_s3" {`,
    ...attributes(
      [
        ['vpc_id', vpc],
        ['service_name', `"com.amazonaws.${region}.s3"`],
        ['vpc_endpoint_type', '"Gateway"'],
        ['route_table_ids', `[aws_route_table.${label}.id]`],
      ],
      indent + step,
    ),
    `${indent}}`,
  ];
}

function blocksAround(body: Body, line: number, out: Block[] = []): Block[] {
  for (const block of body.blocks) {
    if (block.range.line <= line && line <= block.range.endLine) {
      out.push(block);
      blocksAround(block.body, line, out);
    }
  }
  return out;
}

/** Spaces per level: the first attribute's indent inside the block, minus the block's. */
function stepOf(lines: string[], block: Block): string {
  const inner = [...block.body.attributes.map((a) => a.range.line), ...block.body.blocks.map((b) => b.range.line)].sort((a, b) => a - b)[0];
  const outer = indentOf(lines[block.range.line - 1]!).length;
  const width = inner ? indentOf(lines[inner - 1]!).length - outer : 0;
  return width > 0 ? ' '.repeat(width) : '  ';
}

/** A resource block that is one instance (no count or for_each), closed by a `}` alone on its line. */
function singleResource(lines: string[], body: Body, line: number, type: string): Block | undefined {
  const block = body.blocks.find((b) => b.type === 'resource' && b.labels[0] === type && b.headerRange.line === line);
  if (!block || block.body.attributes.some((a) => a.name === 'count' || a.name === 'for_each')) return undefined;
  return /^\s*}\s*$/.test(lines[block.range.endLine - 1]!) ? block : undefined;
}

/** Files read for edits, by text (the last few are kept): a file with many findings is parsed once. */
const parsedFiles = new Map<string, ReturnType<typeof parseHcl>>();
async function readHcl(text: string): Promise<ReturnType<typeof parseHcl>> {
  const known = parsedFiles.get(text);
  if (known) return known;
  const parsed = parseHcl(await loadHclParser(), text);
  if (parsedFiles.size >= 8) parsedFiles.delete(parsedFiles.keys().next().value!);
  parsedFiles.set(text, parsed);
  return parsed;
}

const isLabel = (text: string): boolean => /^[A-Za-z_][A-Za-z0-9_-]*$/.test(text);

/** The local edit for a fix in a .tf file, or undefined when it is not a local edit. */
export async function terraformEdit(fix: FixData, file: string, text: string): Promise<TextEdit | undefined> {
  if (!fix.at) return undefined;
  const at = fix.at;
  const parsed = await readHcl(text);
  if (parsed.problems.length) return undefined;
  const lines = splitLines(text);
  switch (fix.kind) {
    case 'subnet-cidr': {
      if (!fix.cidr) return undefined;
      const block = blocksAround(parsed.body, at.line)[0];
      const attr = block?.body.attributes.find((a) => a.name === 'cidr_block');
      return attr && attr.expr.kind === 'template'
        ? replaceOnLines(file, lines, attr.range.line, attr.range.endLine, fix.current, fix.cidr)
        : undefined;
    }
    case 'sg-self-rule': {
      const block = singleResource(lines, parsed.body, at.line, 'aws_security_group');
      const label = block?.labels[1];
      if (!block || !label || !isLabel(label)) return undefined;
      const step = stepOf(lines, block);
      const inlineRules = block.body.blocks.filter((b) => b.type === 'ingress' || b.type === 'egress');
      if (inlineRules.length) {
        const indent = indentOf(lines[inlineRules[0]!.range.line - 1]!);
        return insertBefore(file, lines, block.range.endLine, selfRuleHcl(label, fix.direction, true, indent, step));
      }
      const taken = new RegExp(`"aws_vpc_security_group_${fix.direction}_rule"\\s+"${label}_self_${fix.direction}"`).test(text);
      if (taken) return undefined;
      const indent = indentOf(lines[block.range.line - 1]!);
      return insertAfter(file, lines, block.range.endLine, ['', ...selfRuleHcl(label, fix.direction, false, indent, step)]);
    }
    case 's3-endpoint': {
      const block = singleResource(lines, parsed.body, at.line, 'aws_route_table');
      const label = block?.labels[1];
      const vpcRef = reference(fix.vpc);
      const vpc = vpcRef ? `${vpcRef}.id` : fix.vpcId && /^vpc-[0-9a-f]+$/.test(fix.vpcId) ? JSON.stringify(fix.vpcId) : undefined;
      if (!block || !label || !isLabel(label) || !vpc || !fix.region || !/^[a-z0-9-]+$/.test(fix.region)) return undefined;
      if (new RegExp(`"aws_vpc_endpoint"\\s+"${label}_s3"`).test(text)) return undefined;
      const indent = indentOf(lines[block.range.line - 1]!);
      return insertAfter(file, lines, block.range.endLine, ['', ...s3EndpointHcl(label, vpc, fix.region, indent, stepOf(lines, block))]);
    }
    case 'open-egress': {
      if (fix.implicit) return undefined;
      const block = blocksAround(parsed.body, at.line).pop();
      const vpcRef = reference(fix.vpc);
      const to = vpcRef ? `${vpcRef}.cidr_block` : literalCidr(fix.vpcCidr);
      if (!block || !to) return undefined;
      // On the group itself, only its egress blocks; else the rule block or resource that `at` points into.
      const scopes =
        block.type === 'resource' && block.labels[0] === 'aws_security_group'
          ? block.body.blocks.filter((b) => b.type === 'egress')
          : [block];
      for (const scope of scopes) {
        const edit = replaceOnLines(file, lines, Math.max(at.line, scope.range.line), scope.range.endLine, JSON.stringify(fix.cidr), to);
        if (edit) return edit;
      }
      return undefined;
    }
  }
}
