#!/usr/bin/env node
import { isParseWorker, runParseWorker, setWorkerScript } from '../engine/workers.js';
import { main } from './main.js';

if (await isParseWorker()) {
  await runParseWorker();
} else {
  setWorkerScript(new URL(import.meta.url));
  const code = await main(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stdout.isTTY),
    cwd: process.cwd(),
    env: process.env,
  });
  process.exitCode = code;
}
