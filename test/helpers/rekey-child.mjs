// A rekey that kills its own process (SIGKILL, like a power cut) at one step: node rekey-child.mjs DIR OLD NEW STEP.
// Runs the compiled store (the test global setup builds dist/).
import { rekeyWorkspace } from '../../dist/src/store/index.js';

const [dir, current, next, step] = process.argv.slice(2);
rekeyWorkspace(dir, next, current, (reached) => {
  if (reached === step) process.kill(process.pid, 'SIGKILL');
});
