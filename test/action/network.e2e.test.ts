// @vitest-environment jsdom
// End to end: the bundled action (dist/index.js) on a pull request that adds a 3-AZ, 20-subnet stack, a template
// with hostile names and a Terraform file, against the loopback GitHub stand-in. The summary comment and the job
// summary hold the capacity planner and one Mermaid diagram per cluster, which mermaid's own parser accepts, and the
// comment stays under GitHub's 65,536 characters.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type MermaidApi from 'mermaid';
import { ActionRepo } from '../helpers/action-run.js';
import { GitHubStandin } from '../helpers/github-standin.js';

const blocks = (markdown: string): string[] => [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);

let gh: GitHubStandin;
let repo: ActionRepo;
let mermaid: typeof MermaidApi;
beforeAll(async () => {
  gh = await new GitHubStandin().start();
  repo = new ActionRepo();
  mermaid = (await import('mermaid')).default;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
}, 300_000);
afterAll(async () => {
  await gh?.stop();
  repo?.cleanup();
});

describe('network picture end to end', () => {
  it('posts the capacity planner and a parseable diagram per cluster in the summary comment and the job summary', async () => {
    repo.write({ 'README.md': '# infra\n' });
    const base = repo.commit('base');
    repo.write({
      'stacks/big.yaml': readFileSync('fixtures/report/network-20-subnets.yaml', 'utf8'),
      'stacks/hostile.yaml': readFileSync('fixtures/report/network-hostile.yaml', 'utf8'),
      'infra/main.tf': readFileSync('fixtures/fix/terraform/main.tf', 'utf8'),
    });
    const head = repo.commit('add clusters');
    const out = await repo.run(gh, { base, head });
    expect(gh.issueComments).toHaveLength(1);
    const comment = gh.issueComments[0]!.body;
    expect(comment.length).toBeLessThan(65_536);
    expect(comment).toContain('#### Capacity planner');
    expect(comment).toContain('**Cluster `big-cluster`** (`stacks/big.yaml`)\n\n```mermaid\nflowchart LR\n');
    for (const markdown of [comment, out.summary]) {
      const diagrams = blocks(markdown);
      expect(diagrams).toHaveLength(3);
      for (const diagram of diagrams) await expect(mermaid.parse(diagram)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
      const big = diagrams.find((d) => d.includes('Cluster big-cluster'))!;
      expect(big.split('\n').filter((l) => /^ {6}s\d+\[/.test(l))).toHaveLength(20);
      const hostile = diagrams.find((d) => d.includes('onerror'))!;
      expect(hostile).not.toContain('<img');
      expect(hostile).not.toContain('```');
    }
    expect(out.summary).toContain('### Network');
  }, 300_000);
});
