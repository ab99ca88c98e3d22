/**
 * CloudFormation parameter files (docs/cross-file.md): the `--parameters file://…` JSON list
 * (`[{"ParameterKey": "K", "ParameterValue": "V"}]`), a CodePipeline template configuration
 * (`{"Parameters": {"K": "V"}}`), and `aws cloudformation deploy --parameter-overrides` style
 * `Key=Value` lines (`# template: path` names the template).
 */
import type { ParameterFile } from '../engine/cfn-link.js';
import { emptyRecord } from '../util/records.js';

const MAX_PARAMETERS = 1000;

function lineOf(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

const scalar = (value: unknown): string | undefined =>
  typeof value === 'string' ? value : typeof value === 'number' || typeof value === 'boolean' ? String(value) : undefined;

function fromJson(file: string, text: string): ParameterFile | undefined {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  const values: Record<string, string> = emptyRecord();
  const lines: Record<string, number> = emptyRecord();
  const place = (name: string) => {
    const at = text.indexOf(JSON.stringify(name));
    lines[name] = at === -1 ? 1 : lineOf(text, at);
  };
  if (Array.isArray(data)) {
    if (data.length === 0 || data.length > MAX_PARAMETERS) return undefined;
    for (const item of data) {
      if (typeof item !== 'object' || item === null) return undefined;
      const record = item as Record<string, unknown>;
      const key = record.ParameterKey;
      if (typeof key !== 'string') return undefined;
      // UsePreviousValue keeps the deployed value, which is not in the file.
      const value = scalar(record.ParameterValue);
      if (value === undefined) continue;
      values[key] = value;
      place(key);
    }
    return { file, values, lines };
  }
  if (typeof data === 'object' && data !== null) {
    const root = data as Record<string, unknown>;
    const keys = Object.keys(root);
    const parameters = root.Parameters;
    if (!keys.includes('Parameters') || keys.some((k) => !['Parameters', 'Tags', 'StackPolicy'].includes(k))) return undefined;
    if (typeof parameters !== 'object' || parameters === null || Array.isArray(parameters)) return undefined;
    const entries = Object.entries(parameters as Record<string, unknown>);
    if (entries.length > MAX_PARAMETERS) return undefined;
    for (const [key, raw] of entries) {
      const value = scalar(raw);
      if (value === undefined) return undefined;
      values[key] = value;
      place(key);
    }
    return { file, values, lines };
  }
  return undefined;
}

function fromKeyValue(file: string, text: string): ParameterFile | undefined {
  const values: Record<string, string> = emptyRecord();
  const lines: Record<string, number> = emptyRecord();
  let template: string | undefined;
  let count = 0;
  const rows = text.split('\n');
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!.replace(/\r$/, '').trim();
    if (row === '') continue;
    if (row.startsWith('#')) {
      const named = /^#\s*template\s*[:=]\s*(\S+)\s*$/i.exec(row);
      if (named) template = named[1];
      continue;
    }
    const match = /^([A-Za-z0-9]+)=(.*)$/.exec(row);
    if (!match || ++count > MAX_PARAMETERS) return undefined;
    let value = match[2]!;
    if (/^(["']).*\1$/.test(value) && value.length >= 2) value = value.slice(1, -1);
    values[match[1]!] = value;
    lines[match[1]!] = i + 1;
  }
  if (count === 0) return undefined;
  return template === undefined ? { file, values, lines } : { file, values, lines, template };
}

/** The parameter file in `text`, or undefined when it is not one. */
export function parseParameterFile(file: string, text: string): ParameterFile | undefined {
  const start = text.trimStart()[0];
  if (start === '[' || start === '{') return fromJson(file, text);
  return /\.(params|properties)$/i.test(file) ? fromKeyValue(file, text) : undefined;
}
