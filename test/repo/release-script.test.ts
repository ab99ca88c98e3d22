// scripts/release.sh in a throw-away repository with a local bare remote (no network).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const script = path.resolve(import.meta.dirname, '../../scripts/release.sh');
const scratch = mkdtempSync(path.join(tmpdir(), 'release-sh-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@example.com',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@example.com',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
  RELEASE_BUILD_CMD: 'true',
  RELEASE_TEST_CMD: 'true',
};

const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim();

let counter = 0;
/** A repository on main at version 1.2.3 with a CHANGELOG section, pushed to a bare remote. */
function makeRepo(version = '1.2.3', changelog = '## [1.2.3] - 2026-11-28\n\n- Things.\n') {
  const root = path.join(scratch, `r${counter++}`);
  const remote = `${root}-remote.git`;
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote], { env: gitEnv });
  execFileSync('git', ['init', '-q', '-b', 'main', root], { env: gitEnv });
  writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'x', version }));
  writeFileSync(path.join(root, 'CHANGELOG.md'), `# Changelog\n\n${changelog}`);
  git(root, 'add', '.');
  git(root, 'commit', '-q', '-m', 'init');
  git(root, 'remote', 'add', 'origin', remote);
  git(root, 'push', '-q', 'origin', 'main');
  return { root, remote };
}

const release = (cwd: string, args: string[], env: Record<string, string> = {}) => {
  const result = spawnSync('bash', [script, ...args], { cwd, env: { ...gitEnv, ...env }, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('scripts/release.sh', () => {
  it('--dry-run checks, builds, tests and prints the tag commands without running them', () => {
    const { root, remote } = makeRepo();
    const result = release(root, ['--dry-run'], { RELEASE_BUILD_CMD: 'echo BUILD-RAN', RELEASE_TEST_CMD: 'echo TESTS-RAN' });
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('BUILD-RAN');
    expect(result.stdout).toContain('TESTS-RAN');
    expect(result.stdout).toContain('would run: git tag -a v1.2.3 -m v1.2.3');
    expect(result.stdout).toContain('would run: git tag -f v1 v1.2.3^{commit}');
    expect(result.stdout).toContain('would run: git push origin refs/tags/v1.2.3');
    expect(result.stdout).toContain('would run: git push --force origin refs/tags/v1');
    expect(git(root, 'tag')).toBe('');
    expect(git(remote, 'tag')).toBe('');
  });

  it('tags vX.Y.Z, moves vX and pushes both', () => {
    const { root, remote } = makeRepo();
    const first = release(root, ['1.2.3']);
    expect(first.status, first.stderr).toBe(0);
    const head = git(root, 'rev-parse', 'HEAD');
    expect(git(remote, 'rev-parse', 'v1.2.3^{commit}')).toBe(head);
    expect(git(remote, 'rev-parse', 'v1^{commit}')).toBe(head);
    expect(git(remote, 'cat-file', '-t', 'v1.2.3')).toBe('tag');

    // Next patch release: v1 moves forward.
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'x', version: '1.2.4' }));
    writeFileSync(path.join(root, 'CHANGELOG.md'), '# Changelog\n\n## [1.2.4] - 2026-12-01\n\n- Fix.\n');
    git(root, 'commit', '-q', '-am', 'bump');
    git(root, 'push', '-q', 'origin', 'main');
    const second = release(root, ['v1.2.4']);
    expect(second.status, second.stderr).toBe(0);
    expect(git(remote, 'rev-parse', 'v1^{commit}')).toBe(git(root, 'rev-parse', 'HEAD'));
    expect(git(remote, 'rev-parse', 'v1.2.3^{commit}')).toBe(head);
  });

  it('refuses an existing tag, a dirty tree, a version mismatch, a missing CHANGELOG section and a stale build', () => {
    const { root } = makeRepo();
    expect(release(root, ['1.2.3']).status).toBe(0);
    expect(release(root, ['1.2.3', '--dry-run']).stderr).toBe('release: tag v1.2.3 already exists\n');

    const dirty = makeRepo();
    writeFileSync(path.join(dirty.root, 'new.txt'), 'x');
    expect(release(dirty.root, ['--dry-run'])).toMatchObject({
      status: 1,
      stderr: 'release: the work tree has uncommitted or untracked files\n',
    });

    const mismatch = makeRepo();
    expect(release(mismatch.root, ['1.3.0', '--dry-run']).stderr).toBe(
      'release: package.json has version 1.2.3, not 1.3.0; bump it in a pull request first\n',
    );

    const noSection = makeRepo('1.2.3', '## [Unreleased]\n\n- Things.\n');
    expect(release(noSection.root, ['--dry-run']).stderr).toContain('CHANGELOG.md has no "## [1.2.3]" section');

    const stale = makeRepo();
    const result = release(stale.root, ['--dry-run'], { RELEASE_BUILD_CMD: 'echo changed > dist.js' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('release: the build changed files');
  });

  it('refuses a HEAD that is not the remote main', () => {
    const { root } = makeRepo();
    git(root, 'commit', '-q', '--allow-empty', '-m', 'local only');
    expect(release(root, ['--dry-run']).stderr).toBe('release: HEAD is not origin/main; pull or push first\n');
  });

  it('exits 2 on usage errors', () => {
    const { root } = makeRepo();
    expect(release(root, ['--bogus']).status).toBe(2);
    expect(release(root, ['1.2']).status).toBe(2);
    expect(release(root, ['1.2.3', '1.2.4']).status).toBe(2);
  });
});
