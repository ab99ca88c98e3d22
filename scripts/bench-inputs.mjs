// Generators for benchmark and stress inputs: realistic HyperPod stacks (CloudFormation YAML),
// cluster specs and Terraform plan JSON of a requested size. Nothing large is committed.
import { mkdirSync, writeFileSync, createWriteStream } from 'node:fs';
import path from 'node:path';

/** A deterministic pseudo-random generator, so runs are comparable. */
export function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const TYPES = ['ml.p5.48xlarge', 'ml.p4d.24xlarge', 'ml.g5.12xlarge', 'ml.trn1.32xlarge', 'ml.m5.2xlarge', 'ml.c5.4xlarge'];

/** One CloudFormation stack: VPC, subnets, security groups, endpoint, FSx, IAM, cluster. */
export function stackTemplate(i, targetBytes, random = rng(i + 1)) {
  const octet = i % 250;
  const lines = [
    "AWSTemplateFormatVersion: '2010-09-09'",
    `Description: HyperPod stack ${i} generated for the benchmark`,
    'Parameters:',
    '  VpcCidr:',
    '    Type: String',
    `    Default: 10.${octet}.0.0/16`,
    'Resources:',
    '  Vpc:',
    '    Type: AWS::EC2::VPC',
    '    Properties:',
    '      CidrBlock: !Ref VpcCidr',
    '  PrivateSubnet:',
    '    Type: AWS::EC2::Subnet',
    '    Properties:',
    '      VpcId: !Ref Vpc',
    '      CidrBlock: !Select [0, !Cidr [!Ref VpcCidr, 2, 15]]',
    '      AvailabilityZoneId: usw2-az2',
    '  RouteTable:',
    '    Type: AWS::EC2::RouteTable',
    '    Properties:',
    '      VpcId: !Ref Vpc',
    '  Association:',
    '    Type: AWS::EC2::SubnetRouteTableAssociation',
    '    Properties:',
    '      SubnetId: !Ref PrivateSubnet',
    '      RouteTableId: !Ref RouteTable',
    '  S3Endpoint:',
    '    Type: AWS::EC2::VPCEndpoint',
    '    Properties:',
    '      VpcId: !Ref Vpc',
    "      ServiceName: !Sub 'com.amazonaws.${AWS::Region}.s3'",
    '      RouteTableIds: [!Ref RouteTable]',
    '  Sg:',
    '    Type: AWS::EC2::SecurityGroup',
    '    Properties:',
    '      GroupDescription: EFA',
    '      VpcId: !Ref Vpc',
    '      SecurityGroupEgress:',
    '        - IpProtocol: "-1"',
    '          CidrIp: 0.0.0.0/0',
    '  SgIn:',
    '    Type: AWS::EC2::SecurityGroupIngress',
    '    Properties:',
    '      GroupId: !Ref Sg',
    '      SourceSecurityGroupId: !Ref Sg',
    '      IpProtocol: "-1"',
    '  SgOut:',
    '    Type: AWS::EC2::SecurityGroupEgress',
    '    Properties:',
    '      GroupId: !Ref Sg',
    '      DestinationSecurityGroupId: !Ref Sg',
    '      IpProtocol: "-1"',
    '  Fsx:',
    '    Type: AWS::FSx::FileSystem',
    '    Properties:',
    '      FileSystemType: LUSTRE',
    '      StorageCapacity: 1200',
    '      SubnetIds: [!Ref PrivateSubnet]',
    '      SecurityGroupIds: [!Ref Sg]',
    '  Role:',
    '    Type: AWS::IAM::Role',
    '    Properties:',
    '      AssumeRolePolicyDocument:',
    '        Statement:',
    '          - Effect: Allow',
    '            Principal: { Service: sagemaker.amazonaws.com }',
    '            Action: sts:AssumeRole',
    '      Tags:',
    '        - Key: SSMSessionRunAs',
    '          Value: ubuntu',
    '  Cluster:',
    '    Type: AWS::SageMaker::Cluster',
    '    Properties:',
    `      ClusterName: cluster-${i}`,
    '      VpcConfig:',
    '        Subnets: [!Ref PrivateSubnet]',
    '        SecurityGroupIds: [!Ref Sg]',
    '      InstanceGroups:',
  ];
  const groups = 1 + Math.floor(random() * 4);
  for (let g = 0; g < groups; g++) {
    lines.push(
      `        - InstanceGroupName: group-${g}`,
      `          InstanceType: ${TYPES[Math.floor(random() * TYPES.length)]}`,
      `          InstanceCount: ${1 + Math.floor(random() * 8)}`,
      '          ExecutionRole: !GetAtt Role.Arn',
      '          LifeCycleConfig:',
      '            SourceS3Uri: s3://sagemaker-lifecycle/scripts',
      '            OnCreate: on_create.sh',
    );
  }
  // Realistic bulk: extra ingress rules with descriptions and tags, until the target size.
  let n = 0;
  let size = lines.reduce((a, l) => a + l.length + 1, 0);
  while (size < targetBytes) {
    const block = [
      `  ExtraIngress${n}:`,
      '    Type: AWS::EC2::SecurityGroupIngress',
      '    Properties:',
      '      GroupId: !Ref Sg',
      '      IpProtocol: tcp',
      `      FromPort: ${1000 + (n % 5000)}`,
      `      ToPort: ${1000 + (n % 5000)}`,
      `      CidrIp: 10.${octet}.${n % 256}.0/24`,
      `      Description: service port ${n} for team ${Math.floor(random() * 1000)} — metrics, logs and admin access`,
    ];
    lines.push(...block);
    size += block.reduce((a, l) => a + l.length + 1, 0);
    n++;
  }
  return lines.join('\n') + '\n';
}

export function clusterSpec(i) {
  return JSON.stringify(
    {
      ClusterName: `spec-${i}`,
      VpcConfig: { Subnets: [`subnet-0${(i + 0x1000).toString(16)}abcdef`], SecurityGroupIds: [`sg-0${(i + 0x1000).toString(16)}abcdef`] },
      InstanceGroups: [
        {
          InstanceGroupName: 'workers',
          InstanceType: TYPES[i % TYPES.length],
          InstanceCount: 4,
          ExecutionRole: 'arn:aws:iam::111122223333:role/HyperPodExecution',
          LifeCycleConfig: { SourceS3Uri: 's3://sagemaker-lifecycle/scripts', OnCreate: 'on_create.sh' },
        },
      ],
    },
    null,
    2,
  );
}

/** Writes a Terraform plan JSON of about `targetBytes`, streamed so the generator stays small. */
export async function writePlan(file, targetBytes) {
  mkdirSync(path.dirname(file), { recursive: true });
  const out = createWriteStream(file);
  const write = (s) => (out.write(s) ? Promise.resolve() : new Promise((r) => out.once('drain', r)));
  const rule = (n) => ({
    address: `module.net${n % 50}.aws_security_group_rule.r${n}`,
    module_address: `module.net${n % 50}`,
    mode: 'managed',
    type: 'aws_security_group_rule',
    name: `r${n}`,
    provider_name: 'registry.terraform.io/hashicorp/aws',
    change: {
      actions: ['create'],
      before: null,
      after: {
        type: 'ingress',
        protocol: 'tcp',
        from_port: 1000 + (n % 5000),
        to_port: 1000 + (n % 5000),
        cidr_blocks: [`10.${n % 250}.0.0/16`],
        self: false,
        description: `generated rule ${n} for the benchmark, with a description of realistic length`,
      },
      after_unknown: { id: true, security_group_id: true, security_group_rule_id: true },
      before_sensitive: false,
      after_sensitive: {},
    },
  });
  const head = {
    format_version: '1.2',
    terraform_version: '1.9.5',
    variables: { region: { value: 'us-west-2' } },
  };
  await write(JSON.stringify(head).slice(0, -1) + ',"resource_changes":[');
  let written = 0;
  let n = 0;
  while (written < targetBytes) {
    const chunk = (n ? ',' : '') + JSON.stringify(rule(n), null, 2);
    await write(chunk);
    written += chunk.length;
    n++;
  }
  await write(
    '],"configuration":{"provider_config":{"aws":{"name":"aws","expressions":{"region":{"constant_value":"us-west-2"}}}},"root_module":{}}}\n',
  );
  await new Promise((r) => out.end(r));
  return n;
}

/** `count` stacks of 16-24 KB (about 20 KB on average: 2,000 stacks ≈ 40 MB), plus a cluster spec every tenth. */
export function writeMonorepo(dir, count, bytesEach = 16_000) {
  for (let i = 0; i < count; i++) {
    const team = path.join(dir, `team-${i % 40}`, `stack-${i}`);
    mkdirSync(team, { recursive: true });
    writeFileSync(path.join(team, 'template.yaml'), stackTemplate(i, bytesEach + (i % 5) * 2_000));
    if (i % 10 === 0) writeFileSync(path.join(team, 'cluster.json'), clusterSpec(i));
  }
}

/** One template holding `count` small stacks (unique logical IDs): rule cost within one model. */
export function manyStacksTemplate(count) {
  const base = stackTemplate(0, 0)
    .split('\n')
    .filter((l) => l.length);
  const resourcesAt = base.indexOf('Resources:');
  const header = base.slice(0, resourcesAt + 1);
  const body = base.slice(resourcesAt + 1);
  const names = body.filter((l) => /^ {2}\w+:$/.test(l)).map((l) => l.trim().slice(0, -1));
  // VpcCidr stays a shared parameter.
  const out = [...header];
  for (let i = 0; i < count; i++) {
    for (const line of body) {
      let renamed = line.replace(/^ {2}(\w+):$/, (_, n) => `  ${n}${i}:`);
      renamed = renamed.replace(/(!Ref |!GetAtt )(\w+)/g, (all, fn, n) => (names.includes(n) ? `${fn}${n}${i}` : all));
      renamed = renamed.replace('ClusterName: cluster-0', `ClusterName: cluster-${i}`);
      out.push(renamed);
    }
  }
  return out.join('\n') + '\n';
}

/**
 * A Terraform configuration (source, no plan) with about `resources` resource instances: a root
 * calling one network module (which calls a security module: two levels deep) and one cluster
 * module per stack, with for_each over a map, count, cidrsubnet, for + merge. Returns the number
 * of resource instances it declares.
 */
export function writeTerraformSource(dir, resources) {
  const perStack = 13; // vpc, 2 subnets, route table, 2 associations, endpoint, sg, 3 rules, override sg, cluster
  const stacks = Math.max(1, Math.round(resources / perStack));
  const write = (file, text) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  const stackMap = Array.from(
    { length: stacks },
    (_, i) =>
      `  s${i} = { cidr = "10.${i % 250}.0.0/16", azs = ["usw2-az${(i % 3) + 1}", "usw2-az${((i + 1) % 3) + 1}"], gpus = ${1 + (i % 4)} }`,
  ).join('\n');
  write(
    'main.tf',
    `provider "aws" {
  region = "us-west-2"
}

provider "awscc" {
  region = "us-west-2"
}

variable "stacks" {
  default = {
${stackMap}
  }
}

module "network" {
  source   = "./modules/network"
  for_each = var.stacks
  name     = each.key
  vpc_cidr = each.value.cidr
  az_ids   = each.value.azs
}

module "cluster" {
  source       = "./modules/cluster"
  for_each     = var.stacks
  create       = true
  name         = each.key
  gpus         = each.value.gpus
  subnet_ids   = module.network[each.key].subnet_ids
  az_to_subnet = module.network[each.key].az_to_subnet
  sg_id        = module.network[each.key].sg_id
  groups = [
    { name = "controller", type = "ml.m5.xlarge", count = 1 },
    { name = "gpu", type = "ml.p5.48xlarge", count = each.value.gpus, az = each.value.azs[1] },
  ]
}
`,
  );
  write(
    'modules/network/main.tf',
    `variable "name" {}
variable "vpc_cidr" {}
variable "az_ids" {
  type = list(string)
}

resource "aws_vpc" "this" {
  cidr_block = var.vpc_cidr
}

resource "aws_subnet" "private" {
  count                = length(var.az_ids)
  vpc_id               = aws_vpc.this.id
  cidr_block           = cidrsubnet(var.vpc_cidr, 4, count.index)
  availability_zone_id = var.az_ids[count.index]
  tags                 = { Name = format("%s-%d", var.name, count.index) }
}

resource "aws_route_table" "private" {
  vpc_id = aws_vpc.this.id
}

resource "aws_route_table_association" "private" {
  count          = length(aws_subnet.private)
  subnet_id      = aws_subnet.private[count.index].id
  route_table_id = aws_route_table.private.id
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id          = aws_vpc.this.id
  service_name    = "com.amazonaws.us-west-2.s3"
  route_table_ids = [aws_route_table.private.id]
}

module "security" {
  source = "./security"
  name   = var.name
  vpc_id = aws_vpc.this.id
}

output "subnet_ids" {
  value = aws_subnet.private[*].id
}

output "az_to_subnet" {
  value = { for i, az in var.az_ids : az => aws_subnet.private[i].id }
}

output "sg_id" {
  value = module.security.id
}
`,
  );
  write(
    'modules/network/security/main.tf',
    `variable "name" {}
variable "vpc_id" {}

resource "aws_security_group" "this" {
  name   = "\${var.name}-efa"
  vpc_id = var.vpc_id
}

resource "aws_security_group_rule" "self_in" {
  type              = "ingress"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  self              = true
  security_group_id = aws_security_group.this.id
}

resource "aws_security_group_rule" "self_out" {
  type                     = "egress"
  from_port                = 0
  to_port                  = 0
  protocol                 = "-1"
  source_security_group_id = aws_security_group.this.id
  security_group_id        = aws_security_group.this.id
}

resource "aws_security_group_rule" "all_out" {
  type              = "egress"
  from_port         = 0
  to_port           = 0
  protocol          = "-1"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.this.id
}

resource "aws_security_group" "spare" {
  name   = "\${var.name}-spare"
  vpc_id = var.vpc_id
}

output "id" {
  value = aws_security_group.this.id
}
`,
  );
  write(
    'modules/cluster/main.tf',
    `variable "create" {}
variable "name" {}
variable "gpus" {}
variable "subnet_ids" {}
variable "az_to_subnet" {}
variable "sg_id" {}
variable "groups" {
  type = list(object({ name = string, type = string, count = number, az = optional(string) }))
}

locals {
  groups = [
    for g in var.groups : merge(
      {
        instance_group_name = g.name
        instance_type       = g.type
        instance_count      = g.count
        execution_role      = "arn:aws:iam::123456789012:role/\${var.name}"
        life_cycle_config   = { source_s3_uri = "s3://\${var.name}-lc/", on_create = "on_create.sh" }
      },
      g.az == null ? {} : { override_vpc_config = { subnets = [var.az_to_subnet[g.az]], security_group_ids = [var.sg_id] } }
    )
  ]
}

resource "awscc_sagemaker_cluster" "this" {
  count           = var.create ? 1 : 0
  cluster_name    = var.name
  instance_groups = local.groups
  vpc_config = {
    subnets            = var.subnet_ids
    security_group_ids = [var.sg_id]
  }
}
`,
  );
  return stacks * perStack;
}
