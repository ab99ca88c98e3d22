import type { Reporter, RunnerTask, RunnerTestFile } from 'vitest';

/** Prints one plain closing line, "Tests: N passed, N failed, N skipped", for CI log readers. */
export default class PlainSummaryReporter implements Reporter {
  onFinished(files: RunnerTestFile[] = [], errors: unknown[] = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const visit = (task: RunnerTask): void => {
      if ('tasks' in task && Array.isArray(task.tasks)) {
        for (const child of task.tasks) visit(child);
        if (task.type === 'suite' && task.result?.state === 'fail' && task.tasks.length === 0) failed++;
        return;
      }
      const state = task.result?.state;
      if (task.mode === 'skip' || task.mode === 'todo' || state === 'skip' || state === 'todo') skipped++;
      else if (state === 'pass') passed++;
      else failed++;
    };
    for (const file of files) {
      visit(file);
      if (file.result?.state === 'fail' && file.tasks.length === 0) failed++;
    }
    failed += errors.length;
    process.stdout.write(`\nTests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
