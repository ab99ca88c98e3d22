// Every suggestion kind, applied to its fixture: the file still parses, and a new scan no longer has the finding.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { scan } from '../../src/engine/scan.js';
import { applyEdit } from '../../src/fix/index.js';
import type { Finding } from '../../src/engine/types.js';

const temps: string[] = [];
afterAll(() => temps.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** A copy of one fixture file (or folder) in a temp folder. */
function copy(source: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'hp-fix-'));
  temps.push(dir);
  cpSync(path.resolve(source), path.join(dir, path.basename(source)), { recursive: true });
  return dir;
}

const run = async (cwd: string) => (await scan({ cwd, paths: ['.'], workers: false })).findings;
const brief = (f: Finding) =>
  `${f.ruleId}:${f.line}:${f.suggestion?.kind ?? '-'}:${f.suggestion?.edit ? `edit ${f.suggestion.edit.startLine}-${f.suggestion.edit.endLine}` : f.suggestion?.snippet ? 'snippet' : 'none'}`;

/** Applies each edit alone to a fresh copy, rescans, and checks the finding is gone and the file parses. */
async function applyEach(source: string, parses: (text: string) => void): Promise<string[]> {
  const findings = await run(copy(source));
  const applied: string[] = [];
  for (const finding of findings.filter((f) => f.suggestion?.edit)) {
    const dir = copy(source);
    const edit = finding.suggestion!.edit!;
    const file = path.join(dir, edit.file.startsWith(path.basename(source)) ? edit.file : path.join(path.basename(source), edit.file));
    const target = readFileSync(file, 'utf8');
    const changed = applyEdit(target, edit);
    expect(changed, brief(finding)).toBeDefined();
    expect(changed).not.toBe(target);
    writeFileSync(file, changed!);
    parses(changed!);
    const after = await run(dir);
    expect(
      after.filter((f) => f.ruleId === 'HP000'),
      brief(finding),
    ).toEqual([]);
    expect(
      after.filter((f) => f.fingerprint === finding.fingerprint),
      brief(finding),
    ).toEqual([]);
    applied.push(brief(finding));
  }
  return applied;
}

const yaml = (text: string) => expect(() => parseYaml(text, { strict: false, logLevel: 'silent' })).not.toThrow();
const json = (text: string) => expect(() => JSON.parse(text)).not.toThrow();
const none = () => undefined;

describe('suggestions applied and rescanned', () => {
  it('CloudFormation YAML: self rules (separate resources), narrowed egress, subnet CIDR, S3 endpoint', async () => {
    expect(await applyEach('fixtures/rules/HP010/fail/no-self-ingress.yaml', yaml)).toEqual([
      'HP010:34:sg-self-rule:edit 42-42',
      'HP012:40:open-egress:edit 42-42',
    ]);
    expect(await applyEach('fixtures/rules/HP011/fail/cidr-egress-only.yaml', yaml)).toEqual([
      'HP011:34:sg-self-rule:edit 42-42',
      'HP012:40:open-egress:edit 42-42',
    ]);
    expect(await applyEach('fixtures/rules/HP012/fail/implicit-egress-no-self.yaml', yaml)).toEqual([
      'HP011:34:sg-self-rule:edit 38-38',
      'HP012:34:open-egress:edit 38-38',
    ]);
    expect(await applyEach('fixtures/rules/HP020/fail/closed-subnet.yaml', yaml)).toEqual([
      'HP012:32:open-egress:edit 34-34',
      'HP020:55:s3-endpoint:edit 20-20',
    ]);
    expect(await applyEach('fixtures/rules/HP030/fail/p5-slurm-slash24.yaml', yaml)).toEqual([
      'HP030:14:subnet-cidr:edit 14-14',
      'HP012:51:open-egress:edit 53-53',
    ]);
  });

  it('CloudFormation JSON: new resources after a closing brace, inline egress, narrowed egress, subnet CIDR', async () => {
    expect(await applyEach('fixtures/fix/cfn-json/open-egress.json', json)).toEqual([
      'HP030:17:subnet-cidr:edit 17-17',
      'HP010:41:sg-self-rule:edit 55-55',
      'HP011:41:sg-self-rule:edit 55-55',
      'HP012:49:open-egress:edit 51-51',
      'HP020:62:s3-endpoint:edit 29-29',
    ]);
    expect(await applyEach('fixtures/fix/cfn-json/implicit-egress.json', json)).toEqual([
      'HP030:17:subnet-cidr:edit 17-17',
      'HP010:41:sg-self-rule:edit 49-49',
      'HP011:41:sg-self-rule:edit 49-49',
      'HP012:41:open-egress:edit 47-47',
      'HP020:56:s3-endpoint:edit 29-29',
    ]);
  });

  it('Terraform: inline self rules, narrowed cidr_blocks, subnet cidr_block, aws_vpc_endpoint', async () => {
    expect(await applyEach('fixtures/fix/terraform', none)).toEqual([
      'HP030:11:subnet-cidr:edit 13-13',
      'HP010:26:sg-self-rule:edit 36-36',
      'HP011:26:sg-self-rule:edit 36-36',
      'HP012:30:open-egress:edit 34-34',
      'HP020:52:s3-endpoint:edit 19-19',
    ]);
    // A group without inline rules gets separate rule resources; a separate open rule is narrowed in place.
    expect(await applyEach('fixtures/fix/terraform-rules', none)).toEqual([
      'HP030:11:subnet-cidr:edit 13-13',
      'HP010:26:sg-self-rule:edit 29-29',
      'HP011:26:sg-self-rule:edit 29-29',
      'HP012:31:open-egress:edit 33-33',
      'HP020:53:s3-endpoint:edit 19-19',
    ]);
  });
});
