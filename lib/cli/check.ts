/**
 * `render-injector check`: the drift check for CI and cron jobs. Prints the report (text, or JSON with
 * `--format json`) and exits 0 in sync, 1 on drift; bad input is an error (exit 2) like everywhere else.
 */
import { RenderInjectorError } from '../errors.js';
import type { InjectorOptions, TextInput } from '../pipeline/index.js';
import type { ParsedArgs } from './args.js';
import type { CliIO } from './main.js';

/**
 * Runs the check on a stream already read, with the options already turned into API options.
 *
 * @example
 * ```ts
 * import { runCheck } from '../lib/cli/check.js';
 * import type { ParsedArgs } from '../lib/cli/args.js';
 * import type { CliIO } from '../lib/cli/main.js';
 * declare const text: string, parsed: ParsedArgs, io: CliIO; // the stream, the parsed command line, the CLI's I/O
 * const { exit } = await runCheck({ name: '-', text }, { provider: 'iks' }, parsed, io);
 * ```
 */
export async function runCheck(stream: TextInput, options: InjectorOptions, p: ParsedArgs, io: CliIO) {
  const api = await import('../pipeline/index.js');
  const { formatDriftReport } = await import('../check/drift.js');
  const format = p.options.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    throw new RenderInjectorError('E_USAGE', `--format "${String(format)}" is not one of text, json`, { hint: 'use --format text or --format json' });
  }
  const resolved = api.resolveValues(options);
  const revision = p.options.revision as string | undefined;
  const report = api.checkDrift(stream.text, resolved, { source: stream.name, ...(revision !== undefined ? { revision } : {}) });
  io.stdout(format === 'json' ? `${JSON.stringify({ inSync: report.inSync, configMaps: report.configMaps })}\n` : formatDriftReport(report));
  const shape = report.configMaps[0]?.shape;
  const own = shape === 'values' ? resolved.warnings.filter((w) => w.code !== 'W_IPV6_RANGES') : resolved.warnings;
  return { warnings: [...own, ...report.warnings], exit: report.inSync ? 0 : 1 };
}
