import { detectKind } from '../parsers/detect.js';
import { parseCloudFormation } from '../parsers/cloudformation.js';
import { parseClusterSpec } from '../parsers/cluster-spec.js';
import { parseTerraformPlan } from '../parsers/terraform.js';
import type { ParsedFile } from '../model/types.js';
import { parseParameterFile } from '../parsers/cfn-parameters.js';
import type { ParameterFile } from './cfn-link.js';
import type { ParseOptions } from './types.js';

export type ParseOutcome =
  | { status: 'parsed'; parsed: ParsedFile }
  | { status: 'skipped'; note: string; parameters?: ParameterFile }
  | { status: 'unreadable'; line: number; column: number; message: string };

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/** Bytes look binary when a NUL appears in the first 8 KiB. */
export function looksBinary(data: Uint8Array): boolean {
  const end = Math.min(data.length, 8192);
  for (let i = 0; i < end; i++) if (data[i] === 0) return true;
  return false;
}

/** Line and column (1-based) of the first invalid UTF-8 byte. */
function invalidUtf8Position(data: Uint8Array): { line: number; column: number } {
  const lenient = new TextDecoder('utf-8');
  const text = lenient.decode(data);
  const index = text.indexOf('\uFFFD');
  const before = text.slice(0, Math.max(index, 0));
  const line = before.split('\n').length;
  return { line, column: index - before.lastIndexOf('\n') };
}

/** Bytes handed to the parser; it drops them once decoded so large inputs are not held twice. */
export interface ByteBox {
  bytes?: Uint8Array;
}

function decode(box: ByteBox): { text: string; size: number } | ParseOutcome {
  const data = box.bytes ?? new Uint8Array();
  box.bytes = undefined;
  if (looksBinary(data)) return { status: 'skipped', note: 'binary file' };
  try {
    return { text: utf8.decode(data), size: data.length }; // strips a UTF-8 BOM
  } catch {
    const { line, column } = invalidUtf8Position(data);
    return { status: 'unreadable', line, column, message: 'file is not valid UTF-8' };
  }
}

/**
 * Decodes, detects and parses one file. Pure and synchronous: runs the same in a worker thread.
 * Parsers never throw by contract; a throw here is turned into an unreadable outcome.
 */
export function parseFileContent(file: string, input: ByteBox | Uint8Array, options: ParseOptions): ParseOutcome {
  const decoded = decode(input instanceof Uint8Array ? { bytes: input } : input);
  if ('status' in decoded) return decoded;
  const { text, size } = decoded;
  if (file.toLowerCase().endsWith('.tf')) return { status: 'skipped', note: 'Terraform source' };
  const kind = detectKind(file, text);
  if (!kind) {
    const parameters = size <= options.limits.maxTemplateBytes ? parseParameterFile(file, text) : undefined;
    if (parameters) return { status: 'skipped', note: 'CloudFormation parameter file', parameters };
    return { status: 'skipped', note: 'not a CloudFormation template, Terraform plan or cluster spec' };
  }
  if (kind !== 'terraform-plan' && size > options.limits.maxTemplateBytes) {
    return {
      status: 'unreadable',
      line: 1,
      column: 1,
      message: `file is ${size} bytes, over the template size limit of ${options.limits.maxTemplateBytes} bytes`,
    };
  }
  try {
    const parsed =
      kind === 'cloudformation'
        ? parseCloudFormation(file, text, options)
        : kind === 'terraform-plan'
          ? parseTerraformPlan(file, text, options)
          : parseClusterSpec(file, text, options);
    if (kind !== 'terraform-plan') parsed.text = text;
    return { status: 'parsed', parsed };
  } catch (error) {
    return {
      status: 'unreadable',
      line: 1,
      column: 1,
      message: `internal parser error: ${(error as Error).message ?? String(error)}`.slice(0, 500),
    };
  }
}
