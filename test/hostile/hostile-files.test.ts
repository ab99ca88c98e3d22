import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scan } from '../../src/engine/scan.js';

const VALID = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Cluster:
    Type: AWS::SageMaker::Cluster
    Properties:
      Orchestrator:
        Eks:
          ClusterArn: arn:aws:eks:us-west-2:111122223333:cluster/x
      InstanceGroups:
        - InstanceGroupName: g
          InstanceType: ml.m5.2xlarge
          InstanceCount: 1
          ExecutionRole: arn:aws:iam::111122223333:role/r
`;

let dir: string;
const write = (name: string, content: string | Buffer) => {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, content);
  return name;
};
const scanOne = async (name: string, limits = {}) => {
  const started = Date.now();
  const result = await scan({ cwd: dir, paths: [name], workers: false, limits });
  return { result, ms: Date.now() - started, hp000: result.findings.filter((f) => f.ruleId === 'HP000' && f.file === name) };
};

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'hp-hostile-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hostile input', () => {
  it('stops a billion-laughs YAML bomb fast with HP000', async () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    write('bomb.yaml', `AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\nMetadata:\n  ${levels.join('\n  ')}\n`);
    const { hp000, ms } = await scanOne('bomb.yaml');
    expect(ms).toBeLessThan(1000);
    expect(hp000.length).toBeGreaterThan(0);
    expect(hp000[0].line).toBeGreaterThanOrEqual(1);
  });

  it('reports absurd nesting depth instead of overflowing the stack', async () => {
    write('deep.yaml', `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  X: ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
    write('deep.json', `{"AWSTemplateFormatVersion":"2010-09-09","Resources":{"X":${'['.repeat(50000)}${']'.repeat(50000)}}}`);
    for (const name of ['deep.yaml', 'deep.json']) {
      const { hp000 } = await scanOne(name);
      expect(hp000.length, name).toBeGreaterThan(0);
    }
  });

  it('never reads a 1 GB sparse file', async () => {
    const file = path.join(dir, 'huge.json');
    const fd = openSync(file, 'w');
    ftruncateSync(fd, 1024 ** 3);
    closeSync(fd);
    const { hp000, ms } = await scanOne('huge.json');
    expect(hp000[0].message).toMatch(/over the limit/);
    expect(ms).toBeLessThan(1000);
  });

  it('refuses a symlink that leaves the workspace and never echoes its target', async () => {
    symlinkSync('/etc/passwd', path.join(dir, 'passwd.yaml'));
    symlinkSync('/etc/passwd', path.join(dir, 'passwd'));
    const result = await scan({ cwd: dir, paths: ['passwd.yaml', 'passwd'], workers: false });
    const hp000 = result.findings.filter((f) => f.ruleId === 'HP000');
    expect(hp000.map((f) => f.file).sort()).toEqual(['passwd', 'passwd.yaml']);
    expect(JSON.stringify(result.findings)).not.toMatch(/root:|\/bin\/(ba)?sh/);
  });

  it('survives a symlink loop and a FIFO without hanging', async () => {
    symlinkSync('loop-b.yaml', path.join(dir, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', path.join(dir, 'loop-b.yaml'));
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')]);
    const result = await scan({ cwd: dir, paths: ['loop-a.yaml', 'loop-b.yaml', 'pipe.yaml'], workers: false });
    expect(
      result.findings
        .filter((f) => f.ruleId === 'HP000')
        .map((f) => f.file)
        .sort(),
    ).toEqual(['loop-a.yaml', 'loop-b.yaml', 'pipe.yaml']);
  });

  it('reports invalid UTF-8 with its line and skips binary files', async () => {
    write(
      'latin1.yaml',
      Buffer.concat([
        Buffer.from("AWSTemplateFormatVersion: '2010-09-09'\nDescription: caf"),
        Buffer.from([0xe9]),
        Buffer.from('\nResources: {}\n'),
      ]),
    );
    write('binary.yaml', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48]));
    const bad = await scanOne('latin1.yaml');
    expect(bad.hp000[0]).toMatchObject({ line: 2 });
    const bin = await scanOne('binary.yaml');
    expect(bin.hp000).toEqual([]);
    expect(bin.result.files).toEqual([{ file: 'binary.yaml', kind: 'skipped', note: 'binary file' }]);
  });

  it('keeps lines right with a BOM and CRLF line endings', async () => {
    write('crlf.yaml', '\uFEFF' + VALID.replace(/\n/g, '\r\n'));
    const { result, hp000 } = await scanOne('crlf.yaml');
    expect(hp000).toEqual([]);
    const hp001 = result.findings.filter((f) => f.ruleId === 'HP001');
    expect(hp001).toHaveLength(1);
    expect(hp001[0].line).toBeGreaterThanOrEqual(3);
  });

  it('reports tabs, duplicate keys and too many documents as HP000 with positions', async () => {
    write('tabs.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n\tX:\n\t\tType: AWS::EC2::VPC\n");
    write(
      'dupes.yaml',
      "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  X:\n    Type: AWS::EC2::VPC\n  X:\n    Type: AWS::EC2::VPC\n",
    );
    const tabs = await scanOne('tabs.yaml');
    expect(tabs.hp000[0].line).toBe(3);
    const dupes = await scanOne('dupes.yaml');
    expect(dupes.hp000[0].line).toBe(5);
    write('docs.yaml', Array(30).fill(VALID).join('---\n'));
    const docs = await scanOne('docs.yaml', { maxDocuments: 5 });
    expect(docs.hp000.length).toBeGreaterThan(0);
  });

  it('caps the number of files per run', async () => {
    for (let i = 0; i < 5; i++) write(`many/t${i}.yaml`, VALID);
    const result = await scan({ cwd: dir, paths: ['many'], workers: false, limits: { maxFiles: 3 } });
    expect(result.findings.some((f) => f.ruleId === 'HP000' && /Too many files/.test(f.message))).toBe(true);
    expect(result.files.filter((f) => f.kind === 'cloudformation')).toHaveLength(3);
  });

  it('keeps scanning the other files when one is malformed', async () => {
    write('mixed/good.yaml', VALID);
    write('mixed/bad.yaml', "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  X: [unclosed\n");
    write('mixed/bad.json', '{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {');
    const result = await scan({ cwd: dir, paths: ['mixed'], workers: false });
    expect(result.findings.filter((f) => f.ruleId === 'HP001').map((f) => f.file)).toEqual(['mixed/good.yaml']);
    expect(
      result.findings
        .filter((f) => f.ruleId === 'HP000')
        .map((f) => f.file)
        .sort(),
    ).toEqual(['mixed/bad.json', 'mixed/bad.yaml']);
  });
});
