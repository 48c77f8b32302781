#!/usr/bin/env node
/**
 * The `render-injector` executable: wires the real process to {@link main} and sets the exit code.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './main.js';
import { packageVersion, processIO } from './io.js';

const io = processIO(packageVersion(dirname(fileURLToPath(import.meta.url))));
// stdout may be a pipe whose reader went away (`| head`): that is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
// No top-level await: the shipped bin is this file bundled as CommonJS (scripts/bundle-cli.mjs).
void main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
