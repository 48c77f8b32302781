/**
 * The real {@link CommandRunner}: starts the program directly (no shell) in a process group of its own with
 * standard input closed, collects its output, and at the deadline kills the whole group (the CLI and anything
 * it started). The environment is passed in; nothing here reads `process.env`.
 */
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import type { CommandResult, CommandRunner } from './types.js';


/**
 * Options of {@link spawnRunner}.
 *
 * @example
 * ```ts
 * import type { SpawnRunnerOptions } from 'render-injector';
 * const options: SpawnRunnerOptions = { env: { PATH: '/usr/bin:/bin', HOME: '/home/deploy' } };
 * ```
 */
export interface SpawnRunnerOptions {
  /** The environment every command starts from (the CLI passes its own); each request's `env` is laid over it. */
  env: Readonly<Record<string, string | undefined>>;
  /** Most bytes kept per stream (default 64 MiB; a cluster description is a few hundred kilobytes). */
  maxOutputBytes?: number;
}

/** Sends SIGKILL to a process group; a group that is already gone is no error. */
function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // ESRCH: every member has exited already.
  }
}

/**
 * A runner that starts real processes.
 *
 * @example
 * ```ts
 * import { discoverCluster, spawnRunner } from 'render-injector';
 * const run = spawnRunner({ env: process.env });
 * const found = await discoverCluster({ provider: 'kubectl', context: 'kind-dev' }, { run, timeoutMs: 30_000 });
 * ```
 */
export function spawnRunner(options: SpawnRunnerOptions): CommandRunner {
  const max = options.maxOutputBytes ?? 64 * 1024 * 1024;
  return (request) =>
    new Promise<CommandResult>((resolve) => {
      const [program, ...args] = request.argv;
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries({ ...options.env, ...request.env })) if (v !== undefined) env[k] = v;
      const child = spawn(program!, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true, shell: false, windowsHide: true });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      const keep = (into: Buffer[]) => {
        let size = 0;
        return (chunk: Buffer) => {
          if (size < max) into.push(chunk);
          size += chunk.length;
        };
      };
      child.stdout.on('data', keep(out));
      child.stderr.on('data', keep(err));
      const text = () => ({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
      let settled = false;
      const settle = (result: CommandResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(result);
      };
      const timer = setTimeout(() => {
        killGroup(child.pid!);
        // Grandchildren that escaped the group may still hold the pipes: do not wait for them.
        child.stdout.destroy();
        child.stderr.destroy();
        settle({ status: 'timed-out', ...text() });
      }, request.timeoutMs);
      child.on('error', (e) => {
        settle({ status: 'not-found', stdout: '', stderr: `${program}: ${e.message}` });
      });
      child.on('close', (code, signal) => {
        // Whatever the command left running in its group goes with it.
        if (child.pid !== undefined) killGroup(child.pid);
        settle({ status: 'exited', exitCode: code ?? 128 + constants.signals[signal!], ...text() });
      });
    });
}
