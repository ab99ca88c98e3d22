#!/usr/bin/env node
// Generates the README's inputs and outputs tables from action.yml, between marker comments:
//   <!-- action-docs:inputs:start --> … <!-- action-docs:inputs:end -->
//   <!-- action-docs:outputs:start --> … <!-- action-docs:outputs:end -->
//
// Usage: node scripts/gen-action-docs.mjs [--check] [--action action.yml] [--readme README.md]
//   (no flag)  rewrite the README in place
//   --check    change nothing; exit 1 when the README differs from what would be generated
// Exit codes: 0 up to date (or written), 1 stale (--check), 2 usage error, unreadable file or missing markers.
import { readFileSync, realpathSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parse } from 'yaml';

const USAGE = 'usage: node scripts/gen-action-docs.mjs [--check] [--action FILE] [--readme FILE]';

function parseArgs(argv) {
  const options = { check: false, action: 'action.yml', readme: 'README.md' };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--check') options.check = true;
    else if ((arg === '--action' || arg === '--readme') && argv[i + 1] !== undefined) options[arg.slice(2)] = argv[++i];
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new UsageError(`unknown argument "${arg}"\n${USAGE}`);
  }
  return options;
}

class UsageError extends Error {}

/** One line of table text: whitespace collapsed, pipes escaped. */
const cell = (text) =>
  String(text ?? '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\|/g, '\\|');

const code = (text) => {
  const value = String(text);
  if (value === '') return '`""`';
  const fence = value.includes('`') ? '``' : '`';
  const pad = value.startsWith('`') || value.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${cell(value)}${pad}${fence}`;
};

const isRecord = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Reads inputs and outputs from action.yml, tolerating missing or odd entries. */
export function readActionMetadata(text) {
  const doc = parse(text, { maxAliasCount: 100 });
  if (!isRecord(doc)) throw new Error('action.yml is not a YAML mapping');
  const section = (name) => {
    const value = doc[name];
    if (value === undefined || value === null) return [];
    if (!isRecord(value)) throw new Error(`action.yml: "${name}" is not a mapping`);
    return Object.entries(value).map(([key, spec]) => ({ name: key, ...(isRecord(spec) ? spec : {}) }));
  };
  return { inputs: section('inputs'), outputs: section('outputs') };
}

export function renderInputs(inputs) {
  if (inputs.length === 0) return '_This action has no inputs._';
  const rows = inputs.map((input) => {
    let description = cell(input.description) || '_No description._';
    if (input.deprecationMessage) description += ` **Deprecated:** ${cell(input.deprecationMessage)}`;
    const required = input.required === true || input.required === 'true' ? 'yes' : 'no';
    const fallback = input.default === undefined || input.default === null ? '' : code(input.default);
    return `| \`${cell(input.name)}\` | ${description} | ${required} | ${fallback} |`;
  });
  return ['| Input | Description | Required | Default |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

export function renderOutputs(outputs) {
  if (outputs.length === 0) return '_This action has no outputs._';
  const rows = outputs.map((output) => `| \`${cell(output.name)}\` | ${cell(output.description) || '_No description._'} |`);
  return ['| Output | Description |', '| --- | --- |', ...rows].join('\n');
}

/** Replaces the text between one pair of markers; throws when the pair is missing or out of order. */
export function replaceBetween(readme, section, body, eol) {
  const start = `<!-- action-docs:${section}:start -->`;
  const end = `<!-- action-docs:${section}:end -->`;
  const from = readme.indexOf(start);
  const to = readme.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`README has no ${start} … ${end} markers`);
  if (to < from) throw new Error(`README has ${end} before ${start}`);
  if (readme.indexOf(start, from + 1) >= 0 || readme.indexOf(end, to + 1) >= 0)
    throw new Error(`README has more than one ${start} or ${end}`);
  const generated = body.split('\n').join(eol);
  // Blank lines around the table, as Prettier writes Markdown.
  return `${readme.slice(0, from + start.length)}${eol}${eol}${generated}${eol}${eol}${readme.slice(to)}`;
}

/** Formats a generated table the way `prettier --check` expects it (when Prettier is installed). */
async function prettierFormat(markdown, readmePath) {
  let prettier;
  try {
    prettier = await import('prettier');
  } catch {
    return markdown;
  }
  const config = (await prettier.resolveConfig(readmePath)) ?? {};
  return (await prettier.format(markdown, { ...config, parser: 'markdown' })).trimEnd();
}

export async function generate(actionText, readme, readmePath = 'README.md') {
  const { inputs, outputs } = readActionMetadata(actionText);
  const eol = readme.includes('\r\n') ? '\r\n' : '\n';
  let next = replaceBetween(readme, 'inputs', await prettierFormat(renderInputs(inputs), readmePath), eol);
  next = replaceBetween(next, 'outputs', await prettierFormat(renderOutputs(outputs), readmePath), eol);
  const missing = [...inputs, ...outputs].filter((item) => !cell(item.description)).map((item) => item.name);
  return { readme: next, missing };
}

async function main() {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.error(error.message);
    return 2;
  }
  let actionText;
  let readme;
  try {
    actionText = readFileSync(options.action, 'utf8');
    readme = readFileSync(options.readme, 'utf8');
  } catch (error) {
    console.error(`gen-action-docs: ${error.message}`);
    return 2;
  }
  let result;
  try {
    result = await generate(actionText, readme, options.readme);
  } catch (error) {
    console.error(`gen-action-docs: ${error.message}`);
    return 2;
  }
  for (const name of result.missing) console.error(`gen-action-docs: warning: "${name}" in ${options.action} has no description`);
  if (result.readme === readme) {
    if (options.check) console.log(`${options.readme} is up to date with ${options.action}.`);
    return 0;
  }
  if (options.check) {
    console.error(`${options.readme} is stale: run "node scripts/gen-action-docs.mjs" and commit the result.`);
    return 1;
  }
  writeFileSync(options.readme, result.readme);
  console.log(`Updated the inputs and outputs tables in ${options.readme}.`);
  return 0;
}

// Run only when executed, not when imported.
if (process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href) {
  process.exitCode = await main();
}
