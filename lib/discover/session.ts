/**
 * One discovery run: runs the provider CLI's commands through the injected runner within one deadline, turns
 * every way a command can fail into one `E_DISCOVERY` line (the command, the CLI's own first error line, the
 * fix), and keeps each answer with the command line that printed it.
 */
import { RenderInjectorError } from '../errors.js';
import type { RangeRole } from '../ranges/provider-range.js';
import type { CommandResult, DiscoverOptions } from './types.js';

/** What discovery knows about one provider CLI: how to keep it quiet and how to read its failures. */
export interface CliProfile {
  /** The program, e.g. `gcloud`. */
  program: string;
  /** Variables that turn prompts, pagers, colour and update checks off. */
  env: Readonly<Record<string, string>>;
  /** How to install it, e.g. `install the Google Cloud SDK`. */
  install: string;
  /** The login command, e.g. `gcloud auth login`. */
  login: string;
  /** Matches the CLI's error text when it has no account or credentials. */
  notLoggedIn: RegExp;
  /** Matches the CLI's error text when the cluster (or its network object) does not exist. */
  notFound: RegExp;
  /** The fix for a cluster that is not found, e.g. `check --cluster, --location and --project`. */
  notFoundFix: string;
}

/** One command's answer, kept for the parser and for naming sources. */
export interface Answer {
  /** The command line as it ran. */
  line: string;
  /** Its standard output. */
  text: string;
  /** The roles of the ranges this answer holds. */
  roles: readonly RangeRole[];
}

/** The default deadline of a whole discovery, in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * Formats argv as one command line a user can paste into a shell: an element with characters other than
 * letters, digits and `_./:=@%+,-` is single-quoted.
 *
 * @example
 * ```ts
 * commandLine(['az', 'aks', 'show', '-g', 'shop rg']); // "az aks show -g 'shop rg'"
 * ```
 */
export function commandLine(argv: readonly string[]): string {
  return argv.map((a) => (/^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}

/** Token shapes that must never reach a message: bearer/basic credentials, Google and AWS keys, JWTs. */
const SECRETS: [RegExp, string][] = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/gi, '$1 ***'],
  [/\bya29\.[A-Za-z0-9._-]+/g, '***'],
  [/\b(?:AKIA|ASIA)[A-Z0-9]{16}\b/g, '***'],
  [/\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g, '***'],
  [/\b((?:access[_-]?token|refresh[_-]?token|token|secret|password|client[_-]?secret)["']?\s*[:=]\s*["']?)[^\s"',;]+/gi, '$1***'],
];

/**
 * The line of a CLI's error text worth showing: the first that reads like an error (`ERROR:`, `error:`,
 * `An error occurred`, …), else the first non-empty one that is not klog noise; trimmed to 200 characters with
 * anything shaped like a credential replaced by `***`. `''` when there is none.
 *
 * @example
 * ```ts
 * firstErrorLine('E1202 11:58:41 memcache.go:265] noise\nerror: the server doesn\'t have a resource type "servicecidrs"\n');
 * // 'error: the server doesn\'t have a resource type "servicecidrs"'
 * ```
 */
export function firstErrorLine(text: string): string {
  // Left out: klog's prefixed lines (kubectl's discovery noise) and ibmcloud's bare `FAILED` header.
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && l !== 'FAILED' && !/^[EWIF]\d{4} \d\d:\d\d:\d\d/.test(l));
  const line = lines.find((l) => /^(error|fatal|failed|an error occurred|unable|\S+Error\b)/i.test(l)) ?? lines[0] ?? '';
  let safe = line.replace(/\p{C}+/gu, ' ');
  for (const [re, replacement] of SECRETS) safe = safe.replace(re, replacement);
  return safe.length > 200 ? `${safe.slice(0, 197)}...` : safe;
}

/**
 * A discovery run over one CLI. `run` and `json` throw the one-line errors; answers collect in `answers`.
 *
 * @example
 * ```ts
 * declare const gcloudProfile: CliProfile;
 * declare const run: CommandRunner; // e.g. spawnRunner's
 * const session = new Session(gcloudProfile, { run });
 * const { value } = await session.json(['gcloud', 'container', 'clusters', 'describe', 'shop'], ['pods', 'services']);
 * ```
 */
export class Session {
  readonly answers: Answer[] = [];
  private readonly deadline: number;
  private readonly timeoutMs: number;

  constructor(
    readonly cli: CliProfile,
    private readonly options: DiscoverOptions,
  ) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.deadline = Date.now() + this.timeoutMs;
  }

  /** The error every failure becomes: `--discover: LINE …; FIX`. */
  fail(line: string, message: string, fix: string): RenderInjectorError {
    return new RenderInjectorError('E_DISCOVERY', `\`${line}\` ${message}`, { place: { file: '--discover' }, hint: fix });
  }

  /**
   * Runs argv; returns the result of a command that exited (any code). A missing program and a deadline are
   * errors here, because no caller can do anything with them.
   */
  async run(argv: readonly string[]): Promise<{ line: string; result: CommandResult }> {
    const line = commandLine(argv);
    const left = this.deadline - Date.now();
    if (left <= 0) {
      throw this.fail(line, `was not started: the ${this.timeoutMs / 1000}s deadline had passed`, 'raise --discover-timeout SECONDS');
    }
    this.options.onCommand?.(line);
    const result = await this.options.run({ argv, env: this.cli.env, timeoutMs: left });
    if (result.status === 'not-found') {
      throw this.fail(line, `cannot run: ${this.cli.program} is not installed (not found on PATH)`, `${this.cli.install}, or pass its output with --cluster-info FILE`);
    }
    if (result.status === 'timed-out') throw this.timedOut(line, result.stderr);
    return { line, result };
  }

  private timedOut(line: string, stderr: string): RenderInjectorError {
    const said = firstErrorLine(stderr);
    return this.fail(
      line,
      `did not finish within ${this.timeoutMs / 1000}s and was killed${said ? ` (it said: ${said})` : ''}`,
      `it may be waiting for a login (${this.cli.login}) or the network; run it yourself to see, or raise --discover-timeout SECONDS`,
    );
  }

  /** The error for a command that exited non-zero: not logged in, not found, or whatever it said. */
  failed(line: string, result: CommandResult): RenderInjectorError {
    const said = firstErrorLine(result.stderr) || firstErrorLine(result.stdout);
    const what = `failed (exit ${result.exitCode})${said ? `: ${said}` : ''}`;
    const text = `${result.stderr}\n${result.stdout}`;
    if (this.cli.notLoggedIn.test(text)) return this.fail(line, what, `not logged in or no credentials: run ${this.cli.login}, then try again`);
    if (this.cli.notFound.test(text)) return this.fail(line, what, `not found: ${this.cli.notFoundFix}`);
    return this.fail(line, what, `fix what ${this.cli.program} says, or pass its output with --cluster-info FILE`);
  }

  /**
   * Runs argv and returns its JSON answer, kept as holding ranges of `roles`. A non-zero exit, an empty answer
   * and an answer that is not JSON are errors.
   */
  async json(argv: readonly string[], roles: readonly RangeRole[]): Promise<{ line: string; value: unknown }> {
    const { line, result } = await this.run(argv);
    if (result.exitCode !== 0) throw this.failed(line, result);
    return { line, value: this.accept(line, result, roles) };
  }

  /** Checks that an exit-0 answer is JSON and keeps it; returns the parsed value. */
  accept(line: string, result: CommandResult, roles: readonly RangeRole[]): unknown {
    if (result.stdout.trim() === '') {
      const said = firstErrorLine(result.stderr);
      throw this.fail(line, `exited 0 but printed nothing${said ? ` (it said: ${said})` : ''}`, `it may want a fresh login (${this.cli.login}); or pass its output with --cluster-info FILE`);
    }
    let value: unknown;
    try {
      value = JSON.parse(result.stdout);
    } catch {
      throw this.fail(
        line,
        `exited 0 but printed no JSON (its output starts: ${firstErrorLine(result.stdout)})`,
        `check that ${this.cli.program} is the real CLI and up to date; or pass its output with --cluster-info FILE`,
      );
    }
    this.answers.push({ line, text: result.stdout, roles });
    return value;
  }
}
