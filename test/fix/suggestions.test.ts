// The fix layer on its own: indentation follows the file, and what is not a local edit becomes a snippet.
import { describe, expect, it } from 'vitest';
import { applyEdit, buildSuggestion, type SourceText } from '../../src/fix/index.js';
import type { FixData } from '../../src/rules/types.js';

const loc = (file: string, line: number, endLine = line) => ({ file, line, column: 3, endLine, endColumn: 20 });
const cfn = (file: string, text: string) => new Map<string, SourceText>([[file, { text, kind: 'cloudformation' }]]);

const FOUR_SPACES = [
  'Resources:',
  '    Sg:',
  '        Type: AWS::EC2::SecurityGroup',
  '        Properties:',
  '            GroupDescription: nodes',
  '            VpcId: vpc-0abc',
  '    Other:',
  '        Type: AWS::SNS::Topic',
].join('\n');

describe('buildSuggestion', () => {
  it('indents a new CloudFormation resource like the file (4 spaces here) and picks a free logical ID', async () => {
    const text = FOUR_SPACES.replace('    Other:', '    SgSelfIngress:');
    const fix: FixData = { kind: 'sg-self-rule', at: loc('t.yaml', 2), direction: 'ingress', group: 'Sg' };
    const s = await buildSuggestion(fix, cfn('t.yaml', text));
    expect(s.edit).toEqual({
      file: 't.yaml',
      startLine: 6,
      endLine: 6,
      original: '            VpcId: vpc-0abc',
      replacement: [
        '            VpcId: vpc-0abc',
        '    SgSelfIngress2:',
        '        Type: AWS::EC2::SecurityGroupIngress',
        '        Properties:',
        '            Description: All traffic from the security group itself (EFA)',
        '            GroupId: !Ref Sg',
        "            IpProtocol: '-1'",
        '            SourceSecurityGroupId: !Ref Sg',
      ].join('\n'),
    });
  });

  it('adds inline SecurityGroupEgress after the last property for the implicit default rule', async () => {
    const fix: FixData = {
      kind: 'open-egress',
      at: loc('t.yaml', 2),
      group: 'Sg',
      cidr: '0.0.0.0/0',
      implicit: true,
      vpcCidr: '10.0.0.0/16',
    };
    const s = await buildSuggestion(fix, cfn('t.yaml', FOUR_SPACES));
    expect(s.edit?.replacement.split('\n')).toEqual([
      '            VpcId: vpc-0abc',
      '            SecurityGroupEgress:',
      '                - Description: Outbound traffic inside the VPC only (replaces the default allow-all rule)',
      "                  IpProtocol: '-1'",
      '                  CidrIp: 10.0.0.0/16',
    ]);
  });

  it('gives a snippet when the change is not a local edit: flow-style YAML, one-line JSON, a group of the account', async () => {
    const flow = 'Resources:\n  Sg: {Type: AWS::EC2::SecurityGroup, Properties: {GroupDescription: x}}\n';
    const fix: FixData = { kind: 'sg-self-rule', at: loc('f.yaml', 2), direction: 'egress', group: 'Sg' };
    const s = await buildSuggestion(fix, cfn('f.yaml', flow));
    expect(s.edit).toBeUndefined();
    expect(s.snippet).toEqual({
      language: 'yaml',
      where: 'Add to the Resources of f.yaml',
      text: [
        'SgSelfEgress:',
        '  Type: AWS::EC2::SecurityGroupEgress',
        '  Properties:',
        '    Description: All traffic to the security group itself (EFA)',
        '    GroupId: !Ref Sg',
        "    IpProtocol: '-1'",
        '    DestinationSecurityGroupId: !Ref Sg',
      ].join('\n'),
    });
    const oneLine = '{"Resources":{"Sg":{"Type":"AWS::EC2::SecurityGroup","Properties":{"GroupDescription":"x"}}}}';
    const json = await buildSuggestion({ ...fix, at: loc('f.json', 1) }, cfn('f.json', oneLine));
    expect(json.edit).toBeUndefined();
    expect(json.snippet?.language).toBe('json');
    expect(JSON.parse(`{${json.snippet!.text}}`)).toEqual({
      SgSelfEgress: {
        Type: 'AWS::EC2::SecurityGroupEgress',
        Properties: {
          Description: 'All traffic to the security group itself (EFA)',
          GroupId: { Ref: 'Sg' },
          IpProtocol: '-1',
          DestinationSecurityGroupId: { Ref: 'Sg' },
        },
      },
    });
    const account = await buildSuggestion({ kind: 'sg-self-rule', direction: 'ingress', group: 'sg-0abc', groupId: 'sg-0abc' }, new Map());
    expect(account.snippet).toEqual({
      language: 'shell',
      text: "aws ec2 authorize-security-group-ingress --group-id sg-0abc --ip-permissions 'IpProtocol=-1,UserIdGroupPairs=[{GroupId=sg-0abc}]'",
      where: 'Run against the account (security group sg-0abc is not declared in the scanned files)',
    });
  });

  it('writes no name into a template that is not a plain logical ID or address (hostile names get a snippet only)', async () => {
    const text = "Resources:\n  'Bad\"]: x':\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: x\n";
    const fix: FixData = { kind: 'sg-self-rule', at: loc('h.yaml', 2), direction: 'ingress', group: 'Bad"]: x' };
    const s = await buildSuggestion(fix, cfn('h.yaml', text));
    expect(s.edit).toBeUndefined();
    expect(s.snippet?.text).toContain('GroupId: !Ref Bad"]: x');
    const tf = 'resource "aws_security_group" "efa" {\n  egress {\n    protocol    = "-1"\n    cidr_blocks = ["0.0.0.0/0"]\n  }\n}\n';
    const sources = new Map<string, SourceText>([['main.tf', { text: tf, kind: 'terraform-source' }]]);
    const open: FixData = { kind: 'open-egress', at: loc('main.tf', 1), group: 'aws_security_group.efa', cidr: '0.0.0.0/0' };
    const hostile = await buildSuggestion({ ...open, vpc: 'aws_vpc.x["a"]}${file("/etc/passwd")}"]', vpcCidr: '10.0.0.0/16' }, sources);
    expect(hostile.edit?.replacement).toBe('    cidr_blocks = ["10.0.0.0/16"]');
    expect((await buildSuggestion({ ...open, vpc: 'module.net.aws_vpc.this[0]' }, sources)).edit?.replacement).toBe(
      '    cidr_blocks = [aws_vpc.this[0].cidr_block]',
    );
  });

  it('HP030 without a CIDR that fits: no edit, the reason instead', async () => {
    const text = 'Resources:\n  S:\n    Type: AWS::EC2::Subnet\n    Properties:\n      CidrBlock: 10.0.0.0/24\n';
    const fix: FixData = {
      kind: 'subnet-cidr',
      at: loc('s.yaml', 5),
      subnet: 'S',
      current: '10.0.0.0/24',
      addresses: 70000,
      none: 'no subnet holds 70000 addresses: the largest, a /16, has 65531 usable',
    };
    const s = await buildSuggestion(fix, cfn('s.yaml', text));
    expect(s).toEqual({
      kind: 'subnet-cidr',
      description: 'No larger CIDR fits: no subnet holds 70000 addresses: the largest, a /16, has 65531 usable.',
    });
  });

  it('makes no edit of a line over 1000 characters (a suggestion repeats the line)', async () => {
    const text = `Resources:\n  S:\n    Type: AWS::EC2::Subnet\n    Properties: {CidrBlock: 10.0.0.0/24, Tags: [{Key: a, Value: ${'x'.repeat(1000)}}]}\n`;
    const fix: FixData = {
      kind: 'subnet-cidr',
      at: loc('s.yaml', 4),
      subnet: 'S',
      current: '10.0.0.0/24',
      addresses: 300,
      cidr: '10.0.0.0/23',
    };
    expect((await buildSuggestion(fix, cfn('s.yaml', text))).edit).toBeUndefined();
  });
});

describe('applyEdit', () => {
  it('keeps CRLF line endings and refuses an edit whose lines changed', () => {
    const edit = { file: 'a', startLine: 2, endLine: 2, original: 'b', replacement: 'b\nc' };
    expect(applyEdit('a\r\nb\r\nd', edit)).toBe('a\r\nb\r\nc\r\nd');
    expect(applyEdit('a\nB\nd', edit)).toBeUndefined();
  });
});
