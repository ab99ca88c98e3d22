// A cluster spec whose security group lives in the account: the fix is not a text edit of the spec, so the comment
// shows the `aws ec2` command. Run against moto_server with the real AWS CLI, it clears the finding on a new scan.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateSecurityGroupCommand, CreateSubnetCommand, CreateVpcCommand, EC2Client } from '@aws-sdk/client-ec2';
import { isolateAwsEnv, skipWithoutMoto, startMoto, type MotoServer } from '../helpers/moto.js';
import { startQuotaStandIn, type QuotaStandIn } from '../helpers/quota-standin.js';
import { scan } from '../../src/engine/scan.js';

const REGION = 'us-east-1';
const awsCli = (): boolean => !spawnSync('aws', ['--version'], { stdio: 'ignore' }).error;
const skip = skipWithoutMoto() || (process.env.CI !== 'true' && !awsCli());

describe.skipIf(skip)('suggestions for a cluster spec (account security group)', () => {
  let moto: MotoServer;
  let quotas: QuotaStandIn;
  let restoreEnv: () => void;
  const dir = mkdtempSync(path.join(tmpdir(), 'hp-spec-fix-'));

  beforeAll(async () => {
    restoreEnv = isolateAwsEnv();
    moto = await startMoto();
    quotas = await startQuotaStandIn();
  }, 120_000);
  afterAll(async () => {
    await quotas?.close();
    await moto?.stop();
    restoreEnv?.();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the aws ec2 command for each self rule; running it clears HP010 and HP011', async () => {
    const ec2 = new EC2Client({ region: REGION, endpoint: moto.url, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
    const vpc = (await ec2.send(new CreateVpcCommand({ CidrBlock: '10.3.0.0/16' }))).Vpc!.VpcId!;
    const subnet = (await ec2.send(new CreateSubnetCommand({ VpcId: vpc, CidrBlock: '10.3.0.0/20', AvailabilityZone: 'us-east-1a' })))
      .Subnet!.SubnetId!;
    const sg = (await ec2.send(new CreateSecurityGroupCommand({ VpcId: vpc, GroupName: 'hp-nodes', Description: 'nodes' }))).GroupId!;
    const spec = {
      ClusterName: 'spec-cluster',
      InstanceGroups: [
        {
          InstanceGroupName: 'gpu',
          InstanceType: 'ml.p5.48xlarge',
          InstanceCount: 2,
          ExecutionRole: 'arn:aws:iam::123456789012:role/hp-exec',
          LifeCycleConfig: { SourceS3Uri: 's3://hp-lifecycle/scripts/', OnCreate: 'on_create.sh' },
        },
      ],
      VpcConfig: { Subnets: [subnet], SecurityGroupIds: [sg] },
    };
    writeFileSync(path.join(dir, 'cluster.json'), JSON.stringify(spec, null, 2) + '\n');
    const options = {
      cwd: dir,
      paths: ['.'],
      workers: false,
      region: REGION,
      account: { mode: 'auto' as const, region: REGION, endpoint: moto.url, serviceQuotasEndpoint: quotas.url, sleep: async () => {} },
    };
    const before = (await scan(options)).findings.filter((f) => f.ruleId === 'HP010' || f.ruleId === 'HP011');
    expect(before.map((f) => [f.ruleId, f.file, f.line, f.suggestion?.edit, f.suggestion?.snippet?.language])).toEqual([
      ['HP010', 'cluster.json', 20, undefined, 'shell'],
      ['HP011', 'cluster.json', 20, undefined, 'shell'],
    ]);
    expect(before.map((f) => f.suggestion!.snippet!.text)).toEqual([
      `aws ec2 authorize-security-group-ingress --group-id ${sg} --ip-permissions 'IpProtocol=-1,UserIdGroupPairs=[{GroupId=${sg}}]'`,
      `aws ec2 authorize-security-group-egress --group-id ${sg} --ip-permissions 'IpProtocol=-1,UserIdGroupPairs=[{GroupId=${sg}}]'`,
    ]);
    for (const finding of before) {
      execFileSync('bash', ['-c', `${finding.suggestion!.snippet!.text} --endpoint-url ${moto.url} --region ${REGION} --output json`], {
        env: { ...process.env },
        stdio: 'pipe',
      });
    }
    const after = (await scan(options)).findings.filter((f) => f.ruleId === 'HP010' || f.ruleId === 'HP011');
    expect(after).toEqual([]);
  }, 120_000);
});
