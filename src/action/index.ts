// Action entry. The bundle is also its own parse worker (see src/engine/workers.ts).
import { isParseWorker, runParseWorker, setWorkerScript } from '../engine/workers.js';
import { run } from './main.js';

if (await isParseWorker()) {
  await runParseWorker();
} else {
  setWorkerScript(new URL(import.meta.url));
  await run();
}
