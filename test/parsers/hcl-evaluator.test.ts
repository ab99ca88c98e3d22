import { describe, expect, it } from 'vitest';
import { addFileToModule, emptyModuleConfig, Evaluation, type ModuleConfig } from '../../src/parsers/hcl/evaluate.js';
import { readTerraformSources } from '../../src/parsers/hcl/index.js';
import { loadHclParser, parseHcl } from '../../src/parsers/hcl/syntax.js';
import { Unknown, type Value } from '../../src/parsers/hcl/values.js';
import type { Subnet } from '../../src/model/types.js';

async function locals(text: string, region?: string): Promise<(name: string) => Value> {
  const parser = await loadHclParser();
  const config = emptyModuleConfig('.');
  const parsed = parseHcl(parser, text);
  expect(parsed.problems).toEqual([]);
  addFileToModule(config, 'main.tf', parsed.body);
  const evaluation = new Evaluation({
    modules: new Map<string, ModuleConfig>([['.', config]]),
    rootValues: new Map(),
    region,
    budget: 100_000,
    maxInstances: 100,
  });
  const root = evaluation.root('.');
  return (name) => root.local(name);
}

const reasonOf = (v: Value): string => (v instanceof Unknown ? v.reason : `known: ${JSON.stringify(v)}`);

describe('HCL evaluator: template directives', () => {
  it('evaluates %{if}/%{else} and %{for} with strip markers', async () => {
    const local = await locals(`
variable "gpu" {
  default = true
}
locals {
  kind    = "node-%{ if var.gpu }gpu%{ else }cpu%{ endif }"
  off     = "%{ if !var.gpu }never%{ endif }x"
  names   = ["a", "b", "c"]
  joined  = "%{ for i, n in local.names }\${i}=\${n};%{ endfor }"
  heredoc = <<-EOT
    %{~ for n in local.names ~}
    \${n}
    %{~ endfor ~}
  EOT
  byKey = "%{ for k, v in { z = 1, a = 2 } }\${k}\${v}%{ endfor }"
}
`);
    expect(local('kind')).toBe('node-gpu');
    expect(local('off')).toBe('x');
    expect(local('joined')).toBe('0=a;1=b;2=c;');
    expect(local('heredoc')).toBe('abc');
    expect(local('byKey')).toBe('a2z1');
  });

  it('a directive over an unknown value is unknown with a reason naming its line, never an error', async () => {
    const local = await locals(`
variable "flag" {
  type = bool
}
locals {
  a = "%{ if var.flag }on%{ endif }"
  b = "%{ for x in var.flag }\${x}%{ endfor }"
  c = "%{ for x in 5 }\${x}%{ endfor }"
}
`);
    expect(reasonOf(local('a'))).toBe(
      'the %{if} at line 6 is not known statically; var.flag of the root module has no value (give it with --var, --var-file or a .tfvars file)',
    );
    expect(reasonOf(local('b'))).toBe('var.flag of the root module has no value (give it with --var, --var-file or a .tfvars file)');
    expect(reasonOf(local('c'))).toBe('the %{for} at line 8 iterates over a number');
  });
});

describe('HCL evaluator: data sources and providers', () => {
  it('data "aws_availability_zones": the id is the region, the zone lists are unknown (read from the account)', async () => {
    const local = await locals(
      `
data "aws_availability_zones" "available" {
  state = "available"
}
locals {
  id    = data.aws_availability_zones.available.id
  names = data.aws_availability_zones.available.names
  first = data.aws_availability_zones.available.zone_ids[0]
}
`,
      'us-east-1',
    );
    expect(local('id')).toBe('us-east-1');
    expect(reasonOf(local('names'))).toBe(
      'data.aws_availability_zones.available.names: the Availability Zones of us-east-1 are listed by the AWS account at plan time',
    );
    const first = local('first');
    expect(first instanceof Unknown && first.refs).toEqual(['data.aws_availability_zones.available.zone_ids[0]']);
  });

  it('providers = { aws = aws.west } hands a module the aliased provider: its resources get that region', async () => {
    const files = [
      {
        file: 'main.tf',
        text: `
provider "aws" {
  region = "us-east-1"
}
provider "aws" {
  alias  = "west"
  region = "us-west-2"
}
module "net" {
  source    = "./net"
  providers = { aws = aws.west }
}
module "plain" {
  source = "./net"
}
`,
      },
      {
        file: 'net/main.tf',
        text: `
resource "aws_subnet" "this" {
  vpc_id               = "vpc-0123456789abcdef0"
  cidr_block           = "10.0.0.0/24"
  availability_zone_id = "usw2-az1"
}
`,
      },
    ];
    const result = await readTerraformSources(files);
    const subnets = result.parsed.flatMap((p) => p.entities).filter((e): e is Subnet => e.type === 'Subnet');
    expect(subnets.map((s) => [s.name, s.region?.known && s.region.value])).toEqual([
      ['module.net.aws_subnet.this', 'us-west-2'],
      ['module.plain.aws_subnet.this', 'us-east-1'],
    ]);
  });
});
