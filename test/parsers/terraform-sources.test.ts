import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../src/engine/types.js';
import type { ParsedFile } from '../../src/model/types.js';
import { parseTerraformPlan } from '../../src/parsers/terraform.js';
import { indexTfSources, linkTfSources } from '../../src/parsers/tf-source.js';

const DIR = 'fixtures/parsers/terraform';

function tfFiles(dir: string): { file: string; text: string }[] {
  const out: { file: string; text: string }[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...tfFiles(path));
    else if (name.endsWith('.tf')) out.push({ file: path.split('\\').join('/'), text: readFileSync(path, 'utf8') });
  }
  return out;
}

function parseSlurm(planFile = `${DIR}/slurm-modules/plan.json`): ParsedFile {
  return parseTerraformPlan(planFile, readFileSync(`${DIR}/slurm-modules/plan.json`, 'utf8'), { limits: DEFAULT_LIMITS });
}

const sourceOf = (parsed: ParsedFile, name: string) => parsed.entities.find((e) => e.name === name)?.sourceLoc;

describe('.tf source linking', () => {
  const index = indexTfSources(tfFiles(DIR));

  it('maps module resources to the declaration inside the module source directory', () => {
    const parsed = parseSlurm();
    linkTfSources(parsed, index);
    const vpcMain = `${DIR}/slurm-modules/modules/vpc/main.tf`;
    // The commented-out block at line 14 is skipped; the real declaration is on line 19.
    expect(sourceOf(parsed, 'module.vpc.aws_subnet.private[0]')).toEqual({
      file: vpcMain,
      line: 19,
      column: 1,
      endLine: 19,
      endColumn: 34, // one past the `{` of the 33-character header
    });
    expect(sourceOf(parsed, 'module.vpc.aws_vpc.this')).toMatchObject({ file: vpcMain, line: 1 });
    expect(sourceOf(parsed, 'module.vpc.aws_route_table.private')).toMatchObject({ file: vpcMain, line: 48 });
    expect(sourceOf(parsed, 'module.hyperpod_cluster.awscc_sagemaker_cluster.this')).toMatchObject({
      file: `${DIR}/slurm-modules/modules/hyperpod_cluster/main.tf`,
      line: 1,
    });
    // source = "./modules/sagemaker_iam_role/" (trailing slash)
    expect(sourceOf(parsed, 'module.sagemaker_iam_role.aws_iam_role.this')).toMatchObject({
      file: `${DIR}/slurm-modules/modules/sagemaker_iam_role/main.tf`,
      line: 11,
    });
    // Entities that are not resources (the implicit main route table) stay unlinked.
    expect(sourceOf(parsed, 'module.vpc.aws_vpc.this.main_route_table_id')).toBeUndefined();
  });

  it('prefers the root in the plan folder when another root has the same module call', () => {
    // legacy/main.tf also calls module "security_group" (source ./sg) declaring aws_security_group.this.
    const parsed = parseSlurm();
    linkTfSources(parsed, index);
    expect(sourceOf(parsed, 'module.security_group.aws_security_group.this')).toEqual({
      file: `${DIR}/slurm-modules/modules/security_group/main.tf`,
      line: 4,
      column: 1,
      endLine: 4,
      endColumn: 39,
    });
  });

  it('leaves an ambiguous declaration unset when the plan is in neither root', () => {
    const parsed = parseSlurm('elsewhere/plan.json');
    linkTfSources(parsed, index);
    expect(sourceOf(parsed, 'module.security_group.aws_security_group.this')).toBeUndefined();
    // Unambiguous ones are still linked.
    expect(sourceOf(parsed, 'module.vpc.aws_subnet.public')).toMatchObject({ line: 27 });
  });

  it('leaves entities unset when the declaration is not found', () => {
    const parsed = parseSlurm();
    linkTfSources(parsed, indexTfSources([{ file: 'other/main.tf', text: 'resource "aws_vpc" "this" {}\n' }]));
    expect(parsed.entities.filter((e) => e.sourceLoc)).toEqual([]);
  });

  it('links root resources and data sources, and ignores registry modules', () => {
    const tf = [
      {
        file: 'infra/main.tf',
        text: [
          'module "vpc" {',
          '  source  = "terraform-aws-modules/vpc/aws"',
          '}',
          '',
          '  resource "aws_subnet" "private" {',
          '  for_each = var.subnets',
          '}',
          'data "aws_subnet" "existing" {',
          '  id = "subnet-1"',
          '}',
          'resource "aws_vpc" "main" {}',
          'resource aws_nat_gateway bare {',
          '}',
        ].join('\n'),
      },
    ];
    const built = indexTfSources(tf);
    expect(built.dirs.get('infra')?.modules.get('vpc')).toBeUndefined();
    expect(built.dirs.get('infra')?.modules.has('vpc')).toBe(true);
    const parsed: ParsedFile = {
      file: 'infra/plan.json',
      kind: 'terraform-plan',
      errors: [],
      unverified: [],
      suppressions: [],
      entities: ['aws_subnet.private["a"]', 'data.aws_subnet.existing', 'module.vpc.aws_subnet.private[0]', 'aws_nat_gateway.bare'].map(
        (name) => ({
          key: `infra/plan.json#${name}`,
          type: 'Subnet' as const,
          name,
          file: 'infra/plan.json',
          sourceKind: 'terraform-plan' as const,
          loc: { file: 'infra/plan.json', line: 1, column: 1, endLine: 1, endColumn: 1 },
          vpc: { kind: 'unknown' as const, reason: 'test' },
          cidr: { known: false as const, reason: 'test' },
          az: { known: false as const, reason: 'test' },
          azId: { known: false as const, reason: 'test' },
          ipv6: { known: false as const, reason: 'test' },
          mapPublicIp: { known: false as const, reason: 'test' },
        }),
      ),
    };
    linkTfSources(parsed, built);
    expect(parsed.entities.map((e) => e.sourceLoc && `${e.sourceLoc.line}:${e.sourceLoc.column}-${e.sourceLoc.endColumn}`)).toEqual([
      '5:3-36',
      '8:1-31',
      undefined,
      '12:1-32',
    ]);
  });

  it('follows nested module calls and ../ sources', () => {
    const built = indexTfSources([
      { file: 'live/prod/main.tf', text: 'module "net" {\n  source = "../../modules/net"\n}\n' },
      { file: 'modules/net/main.tf', text: '# network\nmodule "subnets" {\n  source = "./subnets"\n}\n' },
      { file: 'modules/net/subnets/main.tf', text: '\n\nresource "aws_subnet" "this" {\n  count = 2\n}\n' },
    ]);
    const parsed: ParsedFile = {
      file: 'live/prod/plan.json',
      kind: 'terraform-plan',
      errors: [],
      unverified: [],
      suppressions: [],
      entities: [
        {
          key: 'live/prod/plan.json#module.net.module.subnets.aws_subnet.this[1]',
          type: 'Vpc',
          name: 'module.net.module.subnets.aws_subnet.this[1]',
          file: 'live/prod/plan.json',
          sourceKind: 'terraform-plan',
          loc: { file: 'live/prod/plan.json', line: 1, column: 1, endLine: 1, endColumn: 1 },
          cidrBlocks: [],
          ipv6: { known: true, value: false },
        },
      ],
    };
    linkTfSources(parsed, built);
    expect(parsed.entities[0]!.sourceLoc).toEqual({ file: 'modules/net/subnets/main.tf', line: 3, column: 1, endLine: 3, endColumn: 31 });
  });

  it('skips declarations inside block comments, before, between and after others', () => {
    const text = [
      'resource "aws_vpc" "a" {}', // 1
      '/* resource "aws_vpc" "b" {} */ resource "aws_vpc" "c" {}', // 2: c is not at a line start
      '/*',
      'resource "aws_vpc" "d" {}', // 4
      '*/',
      'resource "aws_vpc" "e" {}', // 6
      '/* one */ /* two',
      'resource "aws_vpc" "f" {}', // 8
      '*/',
      'resource "aws_vpc" "g" {}', // 10
      '# /* not a comment opener',
      'resource "aws_vpc" "h" {}', // 12
      '/* never closed',
      'resource "aws_vpc" "i" {}', // 14
    ].join('\n');
    const built = indexTfSources([{ file: 'm/main.tf', text }]);
    const lines = Object.fromEntries([...built.dirs.get('m')!.resources].map(([key, loc]) => [key, loc.line]));
    expect(lines).toEqual({ 'aws_vpc.a': 1, 'aws_vpc.e': 6, 'aws_vpc.g': 10, 'aws_vpc.h': 12 });
  });
});
