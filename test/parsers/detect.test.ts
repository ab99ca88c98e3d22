import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectKind } from '../../src/parsers/detect.js';

const fixture = (path: string) => readFileSync(new URL(`../../fixtures/parsers/${path}`, import.meta.url), 'utf8');

describe('detectKind: CloudFormation', () => {
  it('recognises a YAML template by AWSTemplateFormatVersion', () => {
    expect(detectKind('a.yaml', fixture('cfn/slurm-cluster.yaml'))).toBe('cloudformation');
  });

  it('recognises a YAML template by Resources holding AWS:: types (no version line)', () => {
    const text = '# comment\nResources:\n  Vpc:\n    Type: "AWS::EC2::VPC"\n    Properties:\n      CidrBlock: 10.0.0.0/16\n';
    expect(detectKind('vpc.yml', text)).toBe('cloudformation');
  });

  it('reads the first YAML document after a --- marker, and only that one', () => {
    expect(detectKind('m.yaml', '--- # template\nAWSTemplateFormatVersion: 2010-09-09\n')).toBe('cloudformation');
    expect(detectKind('m.yaml', '---\n- InstanceGroupName: a\n')).toBe('cluster-spec');
    expect(detectKind('m.yaml', '---\napiVersion: v1\nkind: Pod\n---\nAWSTemplateFormatVersion: 2010-09-09\n')).toBeUndefined();
  });

  it('recognises resources written in flow style', () => {
    expect(detectKind('f.yaml', 'Resources:\n  Vpc: {Type: AWS::EC2::VPC, Properties: {CidrBlock: 10.0.0.0/16}}\n')).toBe('cloudformation');
    expect(detectKind('f.yaml', 'Resources:\n  Vpc: {Properties: {}, "Type": "AWS::EC2::VPC"}\n')).toBe('cloudformation');
  });

  it('recognises Custom:: resources and JSON templates', () => {
    expect(detectKind('c.yaml', 'Resources:\n  Hp:\n    Type: Custom::HyperPod\n')).toBe('cloudformation');
    const json = JSON.stringify({ Resources: { Sg: { Properties: { GroupDescription: 'x' }, Type: 'AWS::EC2::SecurityGroup' } } });
    expect(detectKind('t.json', json)).toBe('cloudformation');
    expect(detectKind('t.template', '\uFEFF{"AWSTemplateFormatVersion": "2010-09-09"}')).toBe('cloudformation');
  });

  it('does not take a Resources mapping without AWS types for a template', () => {
    expect(detectKind('x.yaml', 'Resources:\n  Thing:\n    Type: widget\n')).toBeUndefined();
    expect(detectKind('x.json', '{"Resources": {"Thing": {"Type": "widget", "Meta": {"Type": "AWS::X"}}}}')).toBeUndefined();
  });
});

describe('detectKind: Terraform plan', () => {
  const planHead = (variables: string) =>
    `{"format_version":"1.2","terraform_version":"1.9.0","variables":${variables},"planned_values":{"root_module":{}},"resource_changes":[]}`;

  it('recognises a plan from format_version plus planned_values', () => {
    expect(detectKind('plan.json', planHead('{}'))).toBe('terraform-plan');
  });

  it('recognises a 200 MB plan from its head only: no slower than a 2 MB one', () => {
    const filler = 'x'.repeat(1024 * 1024);
    const plan = (mb: number): string => {
      const text = `{"format_version":"1.2","terraform_version":"1.9.0","planned_values":{"root_module":{"resources":[${Array(mb)
        .fill(`"${filler}"`)
        .join(',')}]}}}`;
      text.charCodeAt(text.length - 1); // flatten the concatenated string first, as decoded file text is
      return text;
    };
    const small = plan(2);
    const big = plan(200);
    expect(big.length).toBeGreaterThan(200 * 1024 * 1024);
    /** The fastest of a few runs, so one scheduling hiccup does not decide. */
    const time = (text: string): number => {
      let best = Number.POSITIVE_INFINITY;
      for (let i = 0; i < 5; i++) {
        const started = performance.now();
        expect(detectKind('plan.json', text)).toBe('terraform-plan');
        best = Math.min(best, performance.now() - started);
      }
      return Math.max(best, 0.05);
    };
    const smallMs = time(small);
    const bigMs = time(big);
    // Reading the whole text would make it 100 times slower; the head alone keeps it about equal.
    expect(bigMs / smallMs).toBeLessThan(10);
  });

  it('looks past a huge variables block when the head ends before planned_values', () => {
    const variables = `{"blob":{"value":"${'y'.repeat(2 * 1024 * 1024)}"}}`;
    expect(detectKind('plan.json', planHead(variables))).toBe('terraform-plan');
  });

  it('does not take state JSON or Terraform config JSON for a plan', () => {
    expect(detectKind('state.json', '{"format_version":"1.0","terraform_version":"1.9.0","values":{}}')).toBeUndefined();
    expect(detectKind('main.tf.json', '{"resource":{"aws_vpc":{"main":{"cidr_block":"10.0.0.0/16"}}}}')).toBeUndefined();
  });
});

describe('detectKind: cluster specs', () => {
  it.each([
    ['spec/create-eks.json'],
    ['spec/create-slurm.yaml'],
    ['spec/update.json'],
    ['spec/instance-groups.yaml'],
    ['spec/vpc-config.json'],
  ])('recognises %s', (path) => {
    expect(detectKind(path, fixture(path))).toBe('cluster-spec');
  });

  it('recognises a JSON instance-group array and a YAML VpcConfig', () => {
    expect(detectKind('g.json', '[{"InstanceType": "ml.m5.xlarge", "InstanceGroupName": "a"}]')).toBe('cluster-spec');
    expect(detectKind('v.yaml', 'Subnets: [subnet-1]\nSecurityGroupIds:\n  - sg-1\n')).toBe('cluster-spec');
  });

  it('needs more than a lone ClusterName or a list without InstanceGroupName', () => {
    expect(detectKind('a.json', '{"ClusterName": "x", "Other": 1}')).toBeUndefined();
    expect(detectKind('b.json', '[{"Name": "a", "Nested": {"InstanceGroupName": "x"}}]')).toBeUndefined();
    expect(detectKind('c.yaml', '- name: a\n  items:\n    - InstanceGroupName: x\n')).toBeUndefined();
    expect(detectKind('d.yaml', 'Subnets: [a]\nSecurityGroupIds: [b]\nOther: c\n')).toBeUndefined();
  });
});

describe('detectKind: other files', () => {
  it.each([
    ['k8s manifest', 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n'],
    [
      'k8s manifest with a VpcConfig-like body',
      'apiVersion: v1\nkind: ConfigMap\nInstanceGroups:\n  - InstanceGroupName: x\nClusterName: y\n',
    ],
    ['GitHub workflow', 'name: ci\non:\n  push:\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: npm test\n'],
    ['package.json', '{\n  "name": "x",\n  "version": "1.0.0",\n  "scripts": {"test": "vitest"}\n}\n'],
    ['docker-compose', 'services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n'],
    ['empty file', ''],
    ['comments only', '# nothing\n# here\n'],
    ['plain text', 'hello world'],
    ['serverless.yml', 'service: x\nresources:\n  Resources:\n    Q:\n      Type: AWS::SQS::Queue\n'],
  ])('%s → undefined', (_name, text) => {
    expect(detectKind('file', text)).toBeUndefined();
  });
});
