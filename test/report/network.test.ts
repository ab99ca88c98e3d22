// @vitest-environment jsdom
// The network picture: Mermaid flowcharts checked with the real `mermaid` parser (under jsdom), the size limits of
// the summary comment, the table past the diagram limit, and names from the pull request kept inside their labels.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type MermaidApi from 'mermaid';
import { scan } from '../../src/engine/scan.js';
import { mermaidFor, mermaidText, networkMarkdown, networkPictures, type NetworkPicture } from '../../src/report/network.js';
import { buildSummaryComment, COMMENT_LIMIT } from '../../src/action/summary-comment.js';
import { buildJobSummary } from '../../src/action/job-summary.js';
import { jobSummaryInput, summaryCommentInput } from '../helpers/summary-inputs.js';

let mermaid: typeof MermaidApi;
beforeAll(async () => {
  mermaid = (await import('mermaid')).default;
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
});

/** The Mermaid blocks of a Markdown text. */
const blocks = (markdown: string): string[] => [...markdown.matchAll(/^```mermaid\n([\s\S]*?)\n```$/gm)].map((m) => m[1]!);

/** Node IDs and labels as the Mermaid flowchart parser reads them. */
async function vertices(text: string): Promise<Map<string, string>> {
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(text);
  const db = diagram.db as unknown as { getVertices(): Map<string, { text?: string }> };
  return new Map([...db.getVertices()].map(([id, v]) => [id, v.text ?? '']));
}

const scanOf = (file: string) => scan({ cwd: 'fixtures/report', paths: [file], workers: false });

describe('network picture', () => {
  it('draws the 3-AZ, 20-subnet stack: AZ subgraphs, fill, S3 route, groups, SG self rules, FSx, problems; the parser accepts it', async () => {
    const result = await scanOf('network-20-subnets.yaml');
    const [picture, ...others] = networkPictures(result);
    expect(others).toEqual([]);
    expect(picture!.subnets).toHaveLength(20);
    const text = mermaidFor(picture!);
    await expect(mermaid.parse(text)).resolves.toMatchObject({ diagramType: 'flowchart-v2' });
    const lines = text.split('\n');
    expect(lines.filter((l) => /^ {4}subgraph az\d/.test(l))).toEqual([
      '    subgraph az0["AZ us-west-2a"]',
      '    subgraph az1["AZ us-west-2b"]',
      '    subgraph az2["AZ us-west-2c"]',
    ]);
    expect(lines).toContain(
      '      s15["Private16 · 10.20.120.0/26<br/>██████████ 217% (128 of 59)<br/>S3: endpoint ✓<br/>groups: gpu<br/>⚠ HP030"]',
    );
    expect(lines).toContain(
      '      s2["Private03 · 10.20.16.0/21<br/>░░░░░░░░░░ 0% (2 of 2043)<br/>S3: NAT gateway only<br/>groups: controller, login"]',
    );
    expect(lines).toContain('  sg0{{"SG NodeSecurityGroup<br/>self in ✓ · self out ✓"}}');
    expect(lines).toContain('    fsx0[("FSx Lustre")]');
    expect(lines).toContain('  fsx0 --- s0');
    expect(lines).toContain('  class s15 error');
    expect(lines).toContain('  class cluster,s2,s5,s8,s11,s14,s17 warning');
    const ids = await vertices(text);
    expect(ids.size).toBe(1 + 20 + 1 + 1 + 1); // cluster, subnets, security group, FSx, and the VPC the cluster links to

    // The summary comment: capacity table and the diagram, under GitHub's comment limit.
    const body = buildSummaryComment(
      summaryCommentInput(result.findings, {
        unverified: result.unverified,
        baseKnown: true,
        toolVersion: '0.1.0',
        capacity: result.demand.subnets,
        network: networkMarkdown(networkPictures(result)),
      }),
    );
    expect(body.length).toBeLessThan(COMMENT_LIMIT);
    expect(body).toContain('#### Capacity planner');
    expect(body).toContain('#### Network\n\n**Cluster `big-cluster`** (`network-20-subnets.yaml`)\n\n```mermaid\nflowchart LR\n');
    expect(blocks(body)).toEqual([text]);
    const summary = buildJobSummary(
      jobSummaryInput(result.findings, { toolVersion: '0.1.0', network: networkMarkdown(networkPictures(result), '###') }),
    );
    expect(blocks(summary)).toEqual([text]);
  });

  it('keeps hostile names inside their labels: no new nodes, links, directives or closed fences', async () => {
    const result = await scanOf('network-hostile.yaml');
    const markdown = networkMarkdown(networkPictures(result)).join('');
    const [text, ...rest] = blocks(markdown);
    expect(rest).toEqual([]);
    await expect(mermaid.parse(text!)).resolves.toBeTruthy();
    const ids = await vertices(text!);
    expect([...ids.keys()].sort()).toEqual(['cluster', 's0', 'sg0', 'vpc']);
    for (const forbidden of ['<img', '<b>', '```', 'click cluster call', '%%{', '\n  end\n  subgraph evil']) {
      expect(text!.includes(forbidden), forbidden).toBe(forbidden === 'click cluster call'); // only as label text
    }
    // The whole name stays in the one label of s0 (the parser keeps entities encoded until it renders them).
    expect(ids.get('s0')).toMatch(/^Sub.*img src=x onerror=alert\(1\).* · 10\.9\.0\.0\/24<br>/);
    expect(text).toContain('subgraph az0["AZ us-west-2a#34;#93; end subgraph evi…"]');
    // The Markdown title is a code span; the block is the only fence.
    expect(markdown.match(/^```/gm)).toHaveLength(2);
  });

  it('draws the EKS cluster inside the VPC and marks the subnet without headroom', async () => {
    const result = await scan({ cwd: 'fixtures/rules/HP030/fail', paths: ['eks-no-headroom.yaml'], workers: false });
    const text = mermaidFor(networkPictures(result)[0]!);
    await expect(mermaid.parse(text)).resolves.toBeTruthy();
    const lines = text.split('\n');
    expect(lines).toContain('  cluster["Cluster ml-cluster (EKS)<br/>system: ml.m5.2xlarge × 2<br/>gpu: ml.p5.48xlarge × 5"]');
    expect(lines).toContain(
      '      s0["PrivateSubnet · 10.0.4.0/23<br/>█████████░ 86% (435 of 507)<br/>S3: endpoint ✓<br/>groups: system, gpu<br/>⚠ HP030"]',
    );
    expect(lines.indexOf('    eks["EKS EksCluster"]')).toBeLessThan(lines.indexOf('  end'));
    expect(lines).toContain('  cluster --> eks');
    expect(lines).toContain('  class s0 warning');
  });

  it('CLI --format markdown has the diagram after the capacity planner', async () => {
    const { main } = await import('../../src/cli/main.js');
    let out = '';
    const code = await main(['scan', 'fixtures/rules/HP030/fail/p5-slurm-slash24.yaml', '--format', 'markdown'], {
      stdout: (text) => (out += text),
      stderr: () => {},
      isTTY: false,
      cwd: process.cwd(),
      env: {},
    });
    expect(code).toBe(1);
    expect(out.indexOf('#### Capacity planner')).toBeLessThan(out.indexOf('#### Network'));
    const [diagram, ...rest] = blocks(out);
    expect(rest).toEqual([]);
    expect(diagram).toContain(
      's0["PrivateSubnet · 10.0.2.0/24<br/>██████████ 102% (257 of 251)<br/>S3: endpoint ✓<br/>groups: controller, workers<br/>⚠ HP030"]',
    );
    await expect(mermaid.parse(diagram!)).resolves.toBeTruthy();
  });

  it('the docs page example diagrams parse', async () => {
    const docs = readFileSync('docs/github.md', 'utf8');
    const diagrams = blocks(docs);
    expect(diagrams.length).toBeGreaterThanOrEqual(2);
    for (const diagram of diagrams) await expect(mermaid.parse(diagram)).resolves.toBeTruthy();
  });

  it('escapes every character that could end a label or start markup', () => {
    expect(mermaidText('a"b<c>d#e`f&g%h|i[j]k{l}m\\n\no\u202ep')).toBe(
      'a#34;b#60;c#62;d#35;e#96;f#38;g#37;h#124;i#91;j#93;k#123;l#125;m#92;n o p',
    );
    expect(mermaidText('x'.repeat(100), 10)).toBe('xxxxxxxxx…');
  });

  it('is a table past the size limit', async () => {
    const subnet = (i: number) => ({
      name: `S${i}`,
      cidr: `10.0.${i}.0/24`,
      zone: `z${i % 3}`,
      s3: 'none' as const,
      groups: ['g|x'],
      rules: ['HP020'],
      mark: 'error' as const,
    });
    const picture: NetworkPicture = {
      cluster: 'c',
      file: 'f.yaml',
      subnets: Array.from({ length: 25 }, (_, i) => subnet(i)),
      external: [],
      groups: [],
      securityGroups: [],
      fsx: [],
      rules: [],
      mark: undefined,
    };
    const [heading, chunk] = networkMarkdown([picture]);
    expect(heading).toBe('\n#### Network\n');
    expect(chunk).not.toContain('```mermaid');
    expect(chunk).toContain(
      '**Cluster `c`** (`f.yaml`): 25 subnets, too many to draw.\n\n| Subnet | AZ | CIDR | Fill | Route to S3 | Groups | Problems |',
    );
    expect(chunk).toContain('| `S24` | z0 | `10.0.24.0/24` | ? | S3: no route ✗ | g\\|x | HP020 |');
    const twentyFour = { ...picture, subnets: picture.subnets.slice(0, 24) };
    await expect(mermaid.parse(mermaidFor(twentyFour))).resolves.toBeTruthy();
    expect(networkMarkdown([twentyFour])[1]).toContain('```mermaid');
  });
});
