#!/usr/bin/env node
/**
 * The `render-injector` executable: wires the real process to {@link main} and sets the exit code.
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from './main.js';
import { packageVersion, processIO, stdoutError } from './io.js';

const io = processIO(packageVersion(dirname(fileURLToPath(import.meta.url))), process, 0); // fd 0: standard input
// A write to stdout that fails later (a full disk, a reader that went away): one line, no stack trace, exit 2.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  process.stderr.write(`error: ${stdoutError(e).toLine()}\n`);
  process.exit(2);
});
// No top-level await: the shipped bin is this file bundled as CommonJS (scripts/bundle-cli.mjs).
void main(process.argv.slice(2), io).then((code) => {
  process.exitCode = code;
});
