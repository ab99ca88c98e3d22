// End to end: the bundled action (dist/index.js) on a pull request that adds a CloudFormation YAML template, a
// CloudFormation JSON template and a Terraform file, against the loopback GitHub stand-in. Review comments carry
// ```suggestion blocks on the edited lines; each block, applied to the head file, clears its finding on a new scan.
import { readFileSync, writeFileSync, mkdtempSync, cpSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ActionRepo } from '../helpers/action-run.js';
import { GitHubStandin } from '../helpers/github-standin.js';
import { scan } from '../../src/engine/scan.js';
import { markerValue } from '../../src/action/markdown.js';

/** The Mermaid blocks of a Markdown text. */
const mermaidBlocks = (markdown: string): string[] => [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);

const FILES = {
  'stacks/cluster.yaml': 'fixtures/rules/HP010/fail/no-self-ingress.yaml',
  'stacks/cluster.json': 'fixtures/fix/cfn-json/open-egress.json',
  'infra/main.tf': 'fixtures/fix/terraform/main.tf',
};

let gh: GitHubStandin;
let repo: ActionRepo;
const temps: string[] = [];

beforeAll(async () => {
  gh = await new GitHubStandin().start();
  repo = new ActionRepo();
}, 300_000);
afterAll(async () => {
  await gh?.stop();
  repo?.cleanup();
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The suggestion block of a comment body (the fence may be longer than three backticks). */
function suggestionOf(body: string): string | undefined {
  const match = /^(`{3,})suggestion\n([\s\S]*?)\n\1$/m.exec(body);
  return match?.[2];
}

describe('suggested changes end to end', () => {
  it('posts suggestion blocks on the edited lines; applying each one clears its finding', async () => {
    repo.write({ 'README.md': '# infra\n' });
    const base = repo.commit('base');
    repo.write(Object.fromEntries(Object.entries(FILES).map(([to, from]) => [to, readFileSync(from, 'utf8')])));
    const head = repo.commit('add the cluster');
    const out = await repo.run(gh, { base, head, inputs: { 'max-review-comments': '50' } });
    expect(out.log).not.toContain('::warning::');
    expect(gh.requests.filter((r) => r.status === 422)).toEqual([]);

    const withSuggestion = gh.reviewComments.filter((c) => suggestionOf(c.body) !== undefined);
    const rule = (body: string) => /\[(HP\d+)\]/.exec(body)![1];
    expect(
      withSuggestion
        .map((c) => [c.path, c.start_line ?? c.line, c.line, rule(c.body)])
        .sort((a, b) => `${a[0]}:${a[3]}`.localeCompare(`${b[0]}:${b[3]}`)),
    ).toEqual([
      ['infra/main.tf', 36, 36, 'HP010'],
      ['infra/main.tf', 36, 36, 'HP011'],
      ['infra/main.tf', 34, 34, 'HP012'],
      ['infra/main.tf', 19, 19, 'HP020'],
      ['infra/main.tf', 13, 13, 'HP030'],
      ['stacks/cluster.json', 55, 55, 'HP010'],
      ['stacks/cluster.json', 55, 55, 'HP011'],
      ['stacks/cluster.json', 51, 51, 'HP012'],
      ['stacks/cluster.json', 29, 29, 'HP020'],
      ['stacks/cluster.json', 17, 17, 'HP030'],
      ['stacks/cluster.yaml', 42, 42, 'HP010'],
      ['stacks/cluster.yaml', 42, 42, 'HP012'],
    ]);
    // The HP030 block is the subnet's CIDR line with the suggested prefix.
    const hp030 = withSuggestion.find((c) => c.path === 'infra/main.tf' && rule(c.body) === 'HP030')!;
    expect(suggestionOf(hp030.body)).toBe('  cidr_block        = "10.1.4.0/23"');
    // Findings without a local fix get no block (HP021 on the YAML template's endpoint).
    expect(gh.reviewComments.filter((c) => rule(c.body) === 'HP021').map((c) => suggestionOf(c.body))).toEqual([undefined]);

    // Apply each block to the head file as GitHub's "Commit suggestion" does, and scan again.
    for (const comment of withSuggestion) {
      const dir = mkdtempSync(path.join(tmpdir(), 'hp-suggest-'));
      temps.push(dir);
      cpSync(repo.repo, dir, { recursive: true, filter: (p) => !p.includes(`${path.sep}.git`) });
      const file = path.join(dir, comment.path);
      const lines = readFileSync(file, 'utf8').split('\n');
      const start = comment.start_line ?? comment.line!;
      lines.splice(start - 1, comment.line! - start + 1, ...suggestionOf(comment.body)!.split('\n'));
      writeFileSync(file, lines.join('\n'));
      const result = await scan({ cwd: dir, paths: ['.'], workers: false });
      const marker = /hyperpod-prereq:fp=([^ ]+) /.exec(comment.body)![1];
      expect(
        result.findings.filter((f) => f.ruleId === 'HP000'),
        comment.path,
      ).toEqual([]);
      expect(
        result.findings.filter((f) => markerValue(f.fingerprint) === marker).map((f) => `${f.ruleId} ${f.file}:${f.line}`),
        `${comment.path}:${comment.line}`,
      ).toEqual([]);
    }
    // The summary comment and the job summary: the capacity planner and one network diagram per cluster (mermaid's
    // parser checks the diagrams in network.e2e.test.ts, which runs under jsdom).
    expect(gh.issueComments).toHaveLength(1);
    const comment = gh.issueComments[0]!.body;
    expect(comment.length).toBeLessThan(65_536);
    expect(comment).toContain('#### Capacity planner');
    expect(comment).toContain('#### Network');
    for (const markdown of [comment, out.summary]) {
      const diagrams = mermaidBlocks(markdown);
      expect(diagrams.map((d) => /^ {2}cluster\["Cluster ([^ ]+)/m.exec(d)?.[1]).sort()).toEqual([
        'hp-tf',
        'ml-cluster',
        'ml-cluster-json',
      ]);
    }
    expect(out.summary).toContain('### Network');
  }, 300_000);
});
