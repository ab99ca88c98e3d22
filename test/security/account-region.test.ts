// Issue 15, item 8: in account mode the region where STS and the look-ups run comes from the inputs
// (aws-region, region) or the environment (AWS_REGION, AWS_DEFAULT_REGION) only, never from the pull
// request's config; regions named in the files are look-up targets only when they are region names,
// and the summary lists them. Runs the bundled action as the runner does, against moto_server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRepo } from '../helpers/action-run.js';
import { GitHubStandin } from '../helpers/github-standin.js';
import { skipWithoutMoto, startMoto, type MotoServer } from '../helpers/moto.js';

const ACCOUNT = '123456789012'; // moto's default account

/** A plan with an FSx file system in each of two provider regions: a region name and a host name. */
function plan(): string {
  const resource = (name: string) => ({
    address: `aws_fsx_lustre_file_system.${name}`,
    mode: 'managed',
    type: 'aws_fsx_lustre_file_system',
    name,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    schema_version: 0,
    values: { subnet_ids: [name === 'west' ? 'subnet-0aaaaaaaaaaaaaaa1' : 'subnet-0bbbbbbbbbbbbbbb2'], storage_capacity: 1200 },
  });
  const config = (name: string, key: string) => ({
    address: `aws_fsx_lustre_file_system.${name}`,
    mode: 'managed',
    type: 'aws_fsx_lustre_file_system',
    name,
    provider_config_key: key,
    expressions: {},
  });
  const provider = (region: string, alias?: string) => ({
    name: 'aws',
    full_name: 'registry.terraform.io/hashicorp/aws',
    ...(alias ? { alias } : {}),
    expressions: { region: { constant_value: region } },
  });
  return JSON.stringify(
    {
      format_version: '1.2',
      terraform_version: '1.9.8',
      planned_values: { root_module: { resources: [resource('west'), resource('evil')] } },
      configuration: {
        provider_config: { aws: provider('eu-west-1'), 'aws.evil': provider('evil.example.com', 'evil') },
        root_module: { resources: [config('west', 'aws'), config('evil', 'aws.evil')] },
      },
    },
    null,
    2,
  );
}

describe.skipIf(skipWithoutMoto())('bundled action: the account-mode region never comes from the pull request', () => {
  let moto: MotoServer;
  let gh: GitHubStandin;
  let repo: ActionRepo;
  let base: string;
  let head: string;
  let awsEnv: Record<string, string>;

  beforeAll(async () => {
    moto = await startMoto();
    gh = await new GitHubStandin().start();
    repo = new ActionRepo();
    awsEnv = {
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_CONFIG_FILE: '/dev/null',
      AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_ENDPOINT_URL: moto.url,
    };
    base = repo.write({ 'README.md': '# infra\n' }).commit('base');
    head = repo
      .write({ '.hyperpod-prereq.yml': 'region: eu-west-1\n', 'plans/fsx.plan.json': plan() })
      .commit('pr: config region and a plan with two provider regions');
  }, 120_000);
  afterAll(async () => {
    await gh?.stop();
    await moto?.stop();
    repo?.cleanup();
  });

  it('no aws-region input and no AWS_REGION: the config region is not used; auto skips, required fails naming the inputs', async () => {
    const auto = await repo.run(gh, { base, head, inputs: { 'aws-checks': 'auto', 'scan-scope': 'all' }, env: awsEnv });
    expect(auto.log).not.toContain('Account checks ran');
    expect(auto.log.split('\n')).toContain('Account checks skipped: no AWS region is set (aws-region input, --region, or AWS_REGION).');

    const required = await repo.run(gh, { base, head, inputs: { 'aws-checks': 'required', 'scan-scope': 'all' }, env: awsEnv });
    expect(required.log).toContain(
      '::error::Account mode: aws-checks is "required" but no AWS region is set (aws-region input, --region, or AWS_REGION).',
    );
    expect(required.code).toBe(1);
  }, 180_000);

  it('AWS_REGION from the environment: STS runs there; the plan region is looked up and listed, the host name is not', async () => {
    const out = await repo.run(gh, {
      base,
      head,
      inputs: { 'aws-checks': 'required', 'scan-scope': 'all' },
      env: { ...awsEnv, AWS_REGION: 'us-east-1' },
    });
    const lines = out.log.split('\n');
    expect(lines.filter((l) => l.startsWith('Account checks ran'))).toEqual([
      `Account checks ran in account ${ACCOUNT} (us-east-1; from the files: eu-west-1) with the default credential chain: ` +
        '0 subnets, 0 security groups, 0 route tables, 0 VPC endpoints added from the account.',
    ]);
    expect(lines).toContain(
      'Account checks: "evil.example.com" (plans/fsx.plan.json:22) is not an AWS region name; the references in it were not looked up.',
    );
    expect(lines.filter((l) => l.includes('subnet-0a'))).toEqual([
      'Account check: subnet-0aaaaaaaaaaaaaaa1 (plans/fsx.plan.json:8) does not exist in region eu-west-1 of account 123456789012.',
    ]);
    expect(out.log).not.toMatch(/subnet-0bbbbbbbbbbbbbbb2[^\n]*does not exist/);
  }, 180_000);

  it('the aws-region input wins over the environment', async () => {
    const out = await repo.run(gh, {
      base,
      head,
      inputs: { 'aws-checks': 'required', 'scan-scope': 'all', 'aws-region': 'us-west-2' },
      env: { ...awsEnv, AWS_REGION: 'us-east-1' },
    });
    expect(out.log).toMatch(new RegExp(`^Account checks ran in account ${ACCOUNT} \\(us-west-2; from the files: eu-west-1\\) `, 'm'));
  }, 180_000);
});
