import { parseArgs } from 'node:util';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { FsFileSource } from '../engine/fs-source.js';
import { resolveTargets } from './targets.js';
import { scan, ConfigError, AccountModeError, ruleMetas } from '../engine/scan.js';
import type { ScanResult } from '../engine/types.js';
import type { Severity } from '../model/types.js';
import { parseQuotaSnapshot } from '../engine/quota-snapshot.js';
import { toJsonReport } from '../report/json.js';
import { toSarif } from '../report/sarif.js';
import { countsLine, toText } from '../report/text.js';
import { disarmCommands, disarmJsonCommands } from '../util/log-safe.js';
import { writeOutputFile } from '../util/safe-write.js';
import { TOOL_NAME, TOOL_VERSION, docsUrl } from '../version.js';

export const USAGE = `Usage: ${TOOL_NAME} scan [paths...] [options]
       ${TOOL_NAME} rules

Checks CloudFormation templates, Terraform plan JSON, Terraform source and HyperPod cluster specs for
SageMaker HyperPod prerequisites. Paths are files, folders or globs (default "."),
anywhere on disk; links found inside them are not followed out of the scanned root.

Options:
  --root DIR                 report paths relative to DIR and read its .hyperpod-prereq.yml
                             (default: the working directory when it holds every path,
                             else the named paths' own folder)
  --format FORMAT            text|json|sarif|markdown (default text); markdown is the
                             pull-request summary comment, to preview it locally
  --output FILE              write the report to FILE instead of standard output
  --fail-on LEVEL            error|warning|notice|never (default error)
  --region REGION            region for AWS::Region, Fn::GetAZs and region checks
  --exclude GLOB             skip matching files (repeatable)
  --config FILE              configuration file (default .hyperpod-prereq.yml)
  --account                  look up referenced resources and quotas in the AWS account
                             (read-only; uses AWS_PROFILE / AWS_REGION and the default chain)
  --quotas FILE              quota snapshot (JSON, by region) to check HP031/HP040 offline
  --var-file FILE            Terraform variable file (.tfvars / .tfvars.json) for .tf sources (repeatable)
  --var NAME=VALUE           Terraform variable for .tf sources (repeatable; lists and maps in HCL syntax)
  --cfn-lint MODE            auto|off|required: run cfn-lint on the templates (default off)
  --no-color                 plain text output
  -h, --help                 show this help
  -v, --version              show the version

Exit status: 0 clean, 1 findings at or above --fail-on, 2 usage or internal error.
`;

const FAIL_LEVELS: Record<string, Severity[]> = {
  error: ['error'],
  warning: ['error', 'warning'],
  notice: ['error', 'warning', 'notice'],
  never: [],
};

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  isTTY: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  // What the CLI prints can hold file names and configuration text of the scanned tree: in a CI log
  // no line of it may run a workflow command (util/log-safe.ts).
  const stderr = (text: string): void => io.stderr(disarmCommands(text));
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        output: { type: 'string' },
        'fail-on': { type: 'string', default: 'error' },
        root: { type: 'string' },
        region: { type: 'string' },
        exclude: { type: 'string', multiple: true, default: [] },
        config: { type: 'string' },
        account: { type: 'boolean', default: false },
        quotas: { type: 'string' },
        'var-file': { type: 'string', multiple: true, default: [] },
        var: { type: 'string', multiple: true, default: [] },
        'cfn-lint': { type: 'string', default: 'off' },
        'no-color': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    stderr(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`${TOOL_VERSION}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command === 'rules') {
    for (const meta of ruleMetas())
      io.stdout(`${meta.id}  ${meta.defaultSeverity.padEnd(7)}  ${meta.name}: ${meta.title}  ${docsUrl(meta.docs)}\n`);
    return 0;
  }
  if (command !== 'scan') {
    stderr(command ? `Unknown command "${command}".\n\n${USAGE}` : USAGE);
    return 2;
  }
  const format = values.format;
  if (!['text', 'json', 'sarif', 'markdown'].includes(format)) {
    stderr(`--format must be text, json, sarif or markdown (got "${format}").\n`);
    return 2;
  }
  const failOn = FAIL_LEVELS[values['fail-on']];
  if (!failOn) {
    stderr(`--fail-on must be error, warning, notice or never (got "${values['fail-on']}").\n`);
    return 2;
  }
  const cfnLintMode = values['cfn-lint'];
  if (!['auto', 'off', 'required'].includes(cfnLintMode)) {
    stderr(`--cfn-lint must be auto, off or required (got "${cfnLintMode}").\n`);
    return 2;
  }
  const vars: { name: string; value: string }[] = [];
  for (const item of values.var) {
    const eq = item.indexOf('=');
    if (eq <= 0 || !/^[A-Za-z_][\w-]*$/.test(item.slice(0, eq))) {
      stderr(`--var must be NAME=VALUE (got "${item}").\n`);
      return 2;
    }
    vars.push({ name: item.slice(0, eq), value: item.slice(eq + 1) });
  }
  let quotaSnapshot;
  if (values.quotas) {
    let text: string;
    try {
      text = await fs.readFile(path.resolve(io.cwd, values.quotas), 'utf8');
    } catch (error) {
      stderr(`--quotas: cannot read ${values.quotas} (${(error as NodeJS.ErrnoException).code ?? 'error'}).\n`);
      return 2;
    }
    const parsed = parseQuotaSnapshot(text);
    if ('error' in parsed) {
      stderr(`--quotas: ${values.quotas}: ${parsed.error}\n`);
      return 2;
    }
    quotaSnapshot = parsed.facts;
  }
  const targets = await resolveTargets(io.cwd, paths, values.root);
  if ('error' in targets) {
    stderr(`${targets.error}\n`);
    return 2;
  }
  // Variable files are named from the working directory; the scan reads them relative to its root.
  const varFiles = values['var-file'].map((f) => path.relative(targets.root, path.resolve(io.cwd, f)).split(path.sep).join('/'));
  let result: ScanResult;
  try {
    result = await scan({
      cwd: targets.root,
      // Without named paths the config's include applies (docs/configuration.md), else the root.
      paths: paths.length ? targets.specs : undefined,
      source: new FsFileSource(targets.root, { trustNamedPaths: true }),
      exclude: values.exclude,
      region: values.region ?? undefined,
      configPath: values.config === undefined ? undefined : path.resolve(io.cwd, values.config),
      account: values.account ? { mode: 'required', region: values.region ?? io.env.AWS_REGION ?? io.env.AWS_DEFAULT_REGION } : undefined,
      cfnLint: { mode: cfnLintMode as 'auto' | 'off' | 'required' },
      quotaSnapshot,
      terraform: varFiles.length || vars.length ? { varFiles, vars } : undefined,
    });
  } catch (error) {
    if (error instanceof ConfigError) stderr(`Invalid configuration:\n${error.message}\n`);
    else if (error instanceof AccountModeError) stderr(`Account mode: ${error.message}\n`);
    else stderr(`Internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 2;
  }
  if (path.resolve(targets.root) !== path.resolve(io.cwd)) result.notices.unshift(`paths are relative to ${targets.root}`);
  const output =
    format === 'json'
      ? JSON.stringify(toJsonReport(result), null, 2) + '\n'
      : format === 'sarif'
        ? JSON.stringify(toSarif(result), null, 2) + '\n'
        : format === 'markdown'
          ? await toMarkdown(result, failOn, values['fail-on'])
          : toText(result, { color: io.isTTY && !values['no-color'] && !io.env.NO_COLOR && !values.output });
  if (values.output) {
    const target = path.resolve(io.cwd, values.output);
    try {
      // Never through a link: the working directory may be a checkout of someone else's change.
      await writeOutputFile(target, output, io.cwd);
    } catch (error) {
      stderr(`--output: ${values.output} was not written: ${(error as Error).message}\n`);
      return 2;
    }
    const s = result.summary;
    io.stdout(disarmCommands(`${countsLine(s)}. Report written to ${values.output}\n`));
  } else {
    io.stdout(
      format === 'json' || format === 'sarif' ? disarmJsonCommands(output) : format === 'markdown' ? disarmCommands(output) : output,
    );
  }
  return result.findings.some((f) => failOn.includes(f.severity)) ? 1 : 0;
}

/**
 * The summary comment the action would post, without the pull-request parts (for --format markdown).
 * Loaded only for this format: the comment code pulls in the GitHub client, which costs every other run ~40 ms of start-up.
 */
async function toMarkdown(result: ScanResult, failOn: Severity[], failOnName: string): Promise<string> {
  const [{ buildSummaryComment }, { networkMarkdown, networkPictures }] = await Promise.all([
    import('../action/summary-comment.js'),
    import('../report/network.js'),
  ]);
  return buildSummaryComment({
    failed: result.findings.some((f) => failOn.includes(f.severity)),
    failOnLabel: failOnName === 'never' ? 'fail-on: never' : failOnName === 'error' ? 'errors' : `${failOnName}s or worse`,
    findings: result.findings,
    suppressed: result.suppressed.length,
    unverified: result.unverified,
    baseKnown: false,
    overflow: [],
    jobSummaryUrl: '',
    toolVersion: TOOL_VERSION,
    notes: result.notices,
    checkedWithoutCluster: result.checkedWithoutCluster,
    capacity: result.demand.subnets,
    network: networkMarkdown(networkPictures(result)),
  });
}
