#!/usr/bin/env node
// Shim: the CLI lives in src/cli and is compiled to dist/ by `npm run build`.
import('../dist/src/cli/main.js').then((m) => m.run(process.argv)).catch((error) => {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    console.error('paperlink is not built yet.\nRun `npm run build` once (or `npm ci`, which builds it), then try again.');
    process.exit(2);
  }
  throw error;
});
