/**
 * The `render-injector` command line: a thin shell over the public API. It reads the files the user names,
 * calls the API, and writes to stdout or atomically into `--output-dir`. It never touches process state itself:
 * everything from outside comes through {@link CliIO}, so tests run it in-process as well as as a child process.
 */
import { RenderInjectorError, formatWarning, terminalSafe, type Warning } from '../errors.js';
import { closest } from '../suggest.js';
import { parseArgs, type OptionSpec, type ParsedArgs } from './args.js';
import { COMMANDS, commandHelp, mainHelp, type CommandName } from './help.js';
import type { InjectorOptions, TextInput } from '../pipeline/index.js';
import type { CommandRunner, DiscoveredCluster, DiscoverTarget } from '../discover/types.js';
import { isIstioVersion, isModernIstio, SUPPORTED_VERSIONS, type IstioVersion } from '../values/defaults.js';

/** Everything the CLI needs from outside; `lib/cli/bin.ts` gives the real one. */
export interface CliIO {
  /** Writes to standard output. */
  stdout(text: string): void;
  /** Writes to standard error. */
  stderr(text: string): void;
  /** Reads a file, or standard input for `-`, as UTF-8 text (throws `E_FILE` for bytes that are not). */
  readText(path: string): Promise<string>;
  /**
   * Standard input and output as bytes, for post-render: `read` reads all of standard input, checked to be UTF-8
   * (as `readText` checks it) without decoding it; `write` writes bytes to standard output.
   */
  stdinBytes: { read(): Promise<Uint8Array>; write(bytes: Uint8Array): void };
  /** Whether a path names standard input: `-`, or the very file open on it (`/dev/stdin`, `/dev/fd/0`, …). */
  namesStdin(path: string): Promise<boolean>;
  /** Writes files into a directory atomically: every file or none. */
  writeFiles(dir: string, files: readonly OutputFile[]): Promise<void>;
  /** Whether stderr may carry colour (a TTY, and NO_COLOR unset). */
  color: boolean;
  /** The package version. */
  version: string;
  /** Runs a provider's CLI for --discover; `lib/discover/spawn.ts` gives the real one. */
  runCommand?: CommandRunner;
  /** Whether stderr is a terminal (then --discover shows a progress line while it waits). */
  stderrIsTTY?: boolean;
}

/** One file of `--output-dir`. */
export interface OutputFile {
  name: string;
  text: string;
  /** File mode, e.g. 0o755 for scripts. */
  mode?: number;
}

/** Exit codes: 0 ok, 1 internal fault, 2 usage or input error. */
export const EXIT = { ok: 0, internal: 1, input: 2 } as const;

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code.
 *
 * @example
 * ```ts
 * declare const io: CliIO; // the CLI's I/O: stdout, stderr, files
 * const code = await main(['ranges', '--provider', 'minikube'], io);
 * ```
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  const paint = (code: string, text: string) => (io.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  try {
    const [first, ...rest] = argv;
    if (first === '--version' || first === '-V') {
      io.stdout(`${io.version}\n`);
      return EXIT.ok;
    }
    if (first === '--help' || first === '-h' || first === 'help') {
      io.stdout(rest[0] && rest[0] in COMMANDS ? commandHelp(rest[0] as CommandName) : mainHelp());
      return EXIT.ok;
    }
    let command: CommandName = 'render';
    let args = argv;
    if (first !== undefined && !first.startsWith('-')) {
      if (!(first in COMMANDS)) {
        const near = closest(first, Object.keys(COMMANDS));
        throw new RenderInjectorError('E_USAGE', `unknown command "${first}"`, {
          hint: near ? `did you mean "${near}"? (see --help)` : 'see render-injector --help for the commands',
        });
      }
      command = first as CommandName;
      args = rest;
    }
    const spec = COMMANDS[command];
    const parsed = parseArgs(args, spec.options);
    if (parsed.options.help === true) {
      io.stdout(commandHelp(command));
      return EXIT.ok;
    }
    if (parsed.positionals.length > 0) {
      throw new RenderInjectorError('E_USAGE', `unexpected argument "${parsed.positionals[0]}" for ${command}`, {
        hint: `see render-injector ${command} --help`,
      });
    }
    const outcome = await run(command, parsed, io);
    const { warnings, exit = EXIT.ok, notes = [] } = Array.isArray(outcome) ? { warnings: outcome } : outcome;
    for (const w of warnings) io.stderr(`${paint('33', 'warning:')} ${formatWarning(w)}\n`);
    for (const n of notes) io.stderr(`note: ${n}\n`);
    return exit;
  } catch (e) {
    if (e instanceof RenderInjectorError) {
      io.stderr(`${paint('31', 'error:')} ${e.toLine()}\n`);
      return EXIT.input;
    }
    const message = e instanceof Error ? e.message : String(e);
    io.stderr(`${paint('31', 'internal error:')} ${terminalSafe(message.replace(/\s+/g, ' '))} (please report this)\n`);
    return EXIT.internal;
  }
}

const str = (p: ParsedArgs, name: string): string | undefined => p.options[name] as string | undefined;
const list = (p: ParsedArgs, name: string): string[] => (p.options[name] as string[] | undefined) ?? [];
const flag = (p: ParsedArgs, name: string): boolean => p.options[name] === true;

function oneOf<const T extends string>(p: ParsedArgs, name: string, allowed: readonly T[], fallback: T): T {
  const value = str(p, name);
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) {
    const near = closest(value, allowed);
    throw new RenderInjectorError('E_USAGE', `--${name} "${value}" is not one of ${allowed.join(', ')}`, {
      hint: near ? `did you mean "${near}"?` : `use one of ${allowed.join(', ')}`,
    });
  }
  return value as T;
}

/** E_USAGE for the options among `names` that were given (`message` says why, of the list), hinting to leave them out `otherwise`. */
function refuseGiven(p: ParsedArgs, names: readonly string[], message: (given: string) => string, otherwise: string): void {
  const given = names.filter((name) => p.options[name] !== undefined).map((name) => `--${name}`).join(', ');
  if (given !== '') throw new RenderInjectorError('E_USAGE', message(given), { hint: `leave out ${given}, ${otherwise}` });
}

async function readInput(io: CliIO, path: string, option: string): Promise<TextInput> {
  return { name: path, text: await readNamed(path, option, () => io.readText(path)) };
}

/** Reads an input with `read`, naming it in the error when that fails. */
async function readNamed<T>(path: string, option: string, read: () => Promise<T>): Promise<T> {
  const name = path === '-' ? 'standard input' : `"${path}"`;
  try {
    return await read();
  } catch (e) {
    if (e instanceof RenderInjectorError) {
      // the stream on stdin needs no place: its name says it
      throw new RenderInjectorError(e.code, `${name} ${e.message}`, { place: path === option ? {} : { file: option }, hint: e.hint });
    }
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new RenderInjectorError('E_FILE', `cannot read ${name} (${reason})`, {
      place: { file: option },
      hint: 'check the path and its permissions',
    });
  }
}

/**
 * Reads the files the shared options name and turns the options into API options. With `stream` (post-render),
 * standard input holds the stream, so no option may read it, whatever the path's spelling.
 */
async function injectorOptions(p: ParsedArgs, io: CliIO, stream = false): Promise<InjectorOptions> {
  const named = [
    ...(str(p, 'cluster-info') !== undefined ? [['--cluster-info', str(p, 'cluster-info')!]] : []),
    ...list(p, 'values').map((v) => ['-f', v]),
  ];
  const stdinUsers: string[] = [];
  for (const [option, path] of named) if (await io.namesStdin(path!)) stdinUsers.push(`${option} ${path}`);
  if (stream && stdinUsers.length > 0) {
    throw new RenderInjectorError('E_USAGE', `post-render reads the stream from standard input, and ${stdinUsers[0]} names standard input too`, {
      hint: 'give that input as a file of its own, or as --set expressions',
    });
  }
  if (stdinUsers.length > 1) {
    throw new RenderInjectorError('E_USAGE', `standard input (-) is named more than once (${stdinUsers.join(', ')})`, {
      hint: 'read at most one input from -',
    });
  }
  const options: InjectorOptions = {};
  const provider = str(p, 'provider');
  if (provider !== undefined) options.provider = provider;
  const preset = str(p, 'preset');
  if (preset !== undefined) options.preset = preset;
  const clusterInfo = str(p, 'cluster-info');
  if (clusterInfo !== undefined) options.clusterInfo = await readInput(io, clusterInfo, '--cluster-info');
  const discovered = await discoverIfAsked(p, io);
  if (discovered) options.discovered = discovered;
  const files = list(p, 'values');
  if (files.length) options.values = await Promise.all(files.map((f) => readInput(io, f, '-f')));
  if (list(p, 'set').length) options.set = list(p, 'set');
  if (list(p, 'set-string').length) options.setString = list(p, 'set-string');
  if (list(p, 'include').length) options.include = list(p, 'include');
  if (list(p, 'exclude').length) options.exclude = list(p, 'exclude');
  const istioVersion = str(p, 'istio-version');
  if (istioVersion !== undefined) options.istioVersion = parseIstioVersion(istioVersion);
  const namespace = str(p, 'namespace');
  if (namespace !== undefined) options.namespace = namespace;
  // iptables-only conveniences, written as values so that they flow through validation like any --set.
  const mode = str(p, 'mode');
  if (mode !== undefined) {
    options.setString = [...(options.setString ?? []), `renderInjector.interceptionMode=${oneOf(p, 'mode', ['REDIRECT', 'TPROXY'], 'REDIRECT')}`];
  }
  if (flag(p, 'ipv6') && flag(p, 'no-ipv6')) {
    throw new RenderInjectorError('E_USAGE', '--ipv6 and --no-ipv6 contradict each other', { hint: 'give one of them' });
  }
  if (flag(p, 'ipv6')) options.set = [...(options.set ?? []), 'renderInjector.ipv6=true'];
  if (flag(p, 'no-ipv6')) options.set = [...(options.set ?? []), 'renderInjector.ipv6=false'];
  if (flag(p, 'block-ipv6-inbound')) options.set = [...(options.set ?? []), 'renderInjector.blockInboundIpv6=true'];
  return options;
}

/** The options that name what --discover asks about, by target field. */
const TARGET_OPTIONS = {
  cluster: 'cluster',
  location: 'location',
  project: 'project',
  region: 'region',
  profile: 'profile',
  resourceGroup: 'resource-group',
  subscription: 'subscription',
  context: 'context',
  kubeconfig: 'kubeconfig',
} as const;

/**
 * With --discover, runs the provider's CLI (through io.runCommand) and returns what it read; a progress line
 * on a terminal's stderr says what it waits for. The discovery options without --discover are an error.
 */
async function discoverIfAsked(p: ParsedArgs, io: CliIO): Promise<DiscoveredCluster | undefined> {
  const given = [...Object.values(TARGET_OPTIONS), 'discover-timeout'].filter((name) => p.options[name] !== undefined);
  if (!flag(p, 'discover')) {
    if (given.length === 0) return undefined;
    throw new RenderInjectorError('E_USAGE', `--${given[0]} is read only with --discover`, {
      place: { file: `--${given[0]}` },
      hint: 'add --discover to ask the provider\'s CLI, or leave it out',
    });
  }
  const provider = str(p, 'provider');
  if (provider === undefined) {
    throw new RenderInjectorError('E_USAGE', '--discover needs --provider', { hint: 'name the provider, e.g. --provider gke (see `render-injector providers`)' });
  }
  if (str(p, 'cluster-info') !== undefined) {
    throw new RenderInjectorError('E_USAGE', "--discover and --cluster-info both give the cluster's ranges", {
      hint: 'use --discover to ask the CLI, or --cluster-info FILE to read its saved output, not both',
    });
  }
  const seconds = str(p, 'discover-timeout') ?? '60';
  if (!/^\d{1,4}(\.\d{1,3})?$/.test(seconds) || Number(seconds) <= 0 || Number(seconds) > 3600) {
    throw new RenderInjectorError('E_USAGE', `--discover-timeout "${seconds}" is not a number of seconds between 0 and 3600`, {
      place: { file: '--discover-timeout' },
      hint: 'write e.g. --discover-timeout 120',
    });
  }
  if (!io.runCommand) {
    throw new RenderInjectorError('E_USAGE', '--discover cannot run commands here', { hint: 'pass the CLI\'s output with --cluster-info FILE' });
  }
  const target: DiscoverTarget = { provider };
  for (const [field, option] of Object.entries(TARGET_OPTIONS) as [keyof typeof TARGET_OPTIONS, string][]) {
    const value = str(p, option);
    if (value !== undefined) target[field] = value;
  }
  const timeoutMs = Number(seconds) * 1000;
  const { discoverCluster } = await import('../discover/index.js');
  let waitingFor = '';
  let since = 0;
  const show = () => io.stderr(`\r\u001b[Kwaiting for ${waitingFor} (${Math.round((Date.now() - since) / 1000)}s, at most ${seconds}s)`);
  const ticker = io.stderrIsTTY ? setInterval(show, 1000) : undefined;
  try {
    return await discoverCluster(target, {
      run: io.runCommand,
      timeoutMs,
      onCommand: (line) => {
        waitingFor = line;
        since = Date.now();
        if (ticker) show();
      },
    });
  } finally {
    if (ticker) {
      clearInterval(ticker);
      io.stderr('\r\u001b[K');
    }
  }
}

/** Writes `files` to --output-dir when given, else their texts to stdout. */
async function deliver(p: ParsedArgs, io: CliIO, files: OutputFile[]): Promise<void> {
  const dir = str(p, 'output-dir');
  if (dir === '-') {
    throw new RenderInjectorError('E_USAGE', '--output-dir - names no directory', { hint: 'leave out --output-dir to write to stdout' });
  }
  if (dir === undefined) {
    for (const f of files) io.stdout(f.text);
    return;
  }
  try {
    await io.writeFiles(dir, files);
  } catch (e) {
    const reason = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    throw new RenderInjectorError('E_FILE', `cannot write into "${dir}" (${reason}); nothing was written`, {
      place: { file: '--output-dir' },
      hint: 'choose a writable directory',
    });
  }
  io.stderr(`wrote ${files.map((f) => f.name).join(', ')} to ${terminalSafe(dir)}\n`);
}

/** What a command reports beyond its output: warnings, notes, and an exit code other than 0 (`check`'s 1). */
interface Outcome {
  warnings: Warning[];
  notes?: string[];
  exit?: number;
}

async function run(command: CommandName, p: ParsedArgs, io: CliIO): Promise<Warning[] | Outcome> {
  switch (command) {
    case 'providers': {
      const { providers } = await import('../../providers/index.js');
      if (flag(p, 'json')) {
        io.stdout(`${JSON.stringify(providers.map(({ discover: _d, ...rest }) => rest), null, 2)}\n`);
      } else {
        const { formatProviders } = await import('./providers-table.js');
        io.stdout(formatProviders(providers));
      }
      return [];
    }
    case 'schema': {
      const { valuesSchema } = await import('../values/schema.js');
      io.stdout(`${JSON.stringify(valuesSchema(), null, 2)}\n`);
      return [];
    }
    case 'post-render': {
      const api = await import('../pipeline/index.js');
      const options = await injectorOptions(p, io, true);
      // Bytes in, bytes out: a big stream is neither decoded nor copied whole.
      const stream = await readNamed('-', '-', () => io.stdinBytes.read());
      const resolved = api.resolveValues(options);
      const revision = str(p, 'revision');
      const result = api.postRenderBytes(stream, resolved, { strict: flag(p, 'strict'), ...(revision !== undefined ? { revision } : {}) });
      for (const piece of result.output) io.stdinBytes.write(piece);
      // Today's shape carries IPv6 in the values; the warning that IPv6 stays out is about the 2018 template.
      const own = result.shape === 'values' ? resolved.warnings.filter((w) => w.code !== 'W_IPV6_RANGES') : resolved.warnings;
      return { warnings: [...own, ...result.warnings], notes: result.notes };
    }
    case 'check': {
      const { runCheck } = await import('./check.js');
      const from = str(p, 'from') ?? '-';
      if (from === '-' && (str(p, 'cluster-info') === '-' || list(p, 'values').includes('-'))) {
        throw new RenderInjectorError('E_USAGE', 'standard input carries the ConfigMap to check, so --cluster-info/-f cannot read - too', {
          hint: 'give the ConfigMap with --from FILE, or the other input as a file',
        });
      }
      const options = await injectorOptions(p, io);
      const stream = await readInput(io, from, from === '-' ? 'standard input' : '--from');
      return runCheck(stream, options, p, io);
    }
    case 'krm': {
      const { runKrm } = await import('../krm/function.js');
      const { krmErrorList } = await import('../krm/resource-list.js');
      const input = await readInput(io, '-', '-').catch((e: unknown) => {
        io.stdout(krmErrorList('', e)); // a KRM function always answers with a ResourceList
        throw e;
      });
      const result = runKrm(input.text);
      io.stdout(result.output);
      // The ResourceList on stdout carries the error as a result; stderr and the exit code say it too.
      if (!result.ok) throw result.error;
      return [];
    }
    default:
      break;
  }
  const api = await import('../pipeline/index.js');
  const resolved = api.resolveValues(await injectorOptions(p, io));
  const warnings = resolved.warnings;
  switch (command) {
    case 'ranges': {
      const { formatRanges, explainRanges } = await import('../ranges/index.js');
      const { OVERLAY_FORMATS } = await import('../render/overlays.js');
      const format = oneOf(p, 'format', ['csv', 'list', 'json', 'helm-set', ...OVERLAY_FORMATS], 'csv');
      if (str(p, 'name') !== undefined && format !== 'sail') {
        throw new RenderInjectorError('E_USAGE', '--name names the Istio object of --format sail', { hint: 'add --format sail, or leave out --name' });
      }
      if (flag(p, 'explain')) io.stdout(explainRanges(resolved.ranges));
      else if (format === 'csv' || format === 'list' || format === 'json' || format === 'helm-set') io.stdout(`${formatRanges(resolved.ranges, format, { ipv6: isModernIstio(resolved.values.renderInjector.istioVersion) })}\n`);
      else {
        const name = str(p, 'name');
        io.stdout(api.renderValuesOverlay(resolved, { format, ...(name !== undefined ? { name } : {}) }));
        return warnings.filter((w) => w.code !== 'W_IPV6_RANGES');
      }
      return warnings;
    }
    case 'explain': {
      const { explainRanges } = await import('../ranges/index.js');
      io.stdout(explainRanges(resolved.ranges));
      return warnings;
    }
    case 'iptables': {
      const format = oneOf(p, 'format', ['script', 'restore', 'nft', 'json'], 'script');
      const family = str(p, 'family') === undefined ? undefined : oneOf(p, 'family', ['ipv4', 'ipv6'], 'ipv4');
      const cleanup = flag(p, 'cleanup');
      if (format === 'json') {
        // The plan itself, as data: what the other formats are written from (every family; nothing to clean up).
        refuseGiven(p, ['family', 'cleanup', 'output-dir'], (given) => `--format json prints the whole plan; ${given} does not apply to it`, 'or choose --format script, restore or nft');
        io.stdout(`${JSON.stringify(api.planInterception(resolved), null, 2)}\n`);
        return warnings;
      }
      if (str(p, 'output-dir') !== undefined) {
        refuseGiven(p, ['format', 'family', 'cleanup'], (given) => `--output-dir writes every format and its cleanup; ${given} would be ignored`, 'or print one format to stdout without --output-dir');
        await deliver(p, io, iptablesFiles(api, resolved));
      } else {
        io.stdout(api.renderIptables(resolved, { format, cleanup, ...(family ? { family } : {}) }));
      }
      return warnings;
    }
    case 'render':
    default: {
      if (isModernIstio(resolved.values.renderInjector.istioVersion)) {
        // Today's Istio: never a 2018 template; the values overlay (and, with --output-dir, every overlay format).
        const main: OutputFile = { name: 'istiod-values.yaml', text: api.renderIstiodOverlay(resolved) };
        await deliver(p, io, str(p, 'output-dir') === undefined ? [main] : [main, ...overlayFiles(api, resolved)]);
        return warnings;
      }
      const files: OutputFile[] = [{ name: 'istio-sidecar-injector-configmap.yaml', text: api.renderConfigMap(resolved) }];
      if (str(p, 'output-dir') !== undefined) files.push(...iptablesFiles(api, resolved));
      else {
        const rulesOnly = ['mode', 'ipv6', 'no-ipv6', 'block-ipv6-inbound'].filter((name) => p.options[name] !== undefined);
        if (rulesOnly.length > 0) {
          warnings.push({
            code: 'W_NO_EFFECT',
            message: `${rulesOnly.map((n) => `--${n}`).join(', ')} shape the iptables rules, which render writes only with --output-dir; the ConfigMap takes the interception mode from the mesh config or the pod annotation sidecar.istio.io/interceptionMode`,
          });
        }
      }
      await deliver(p, io, files);
      return warnings;
    }
  }
}

function iptablesFiles(api: typeof import('../pipeline/index.js'), resolved: import('../pipeline/index.js').Resolution): OutputFile[] {
  const plan = api.planInterception(resolved);
  const r = (options: import('../pipeline/index.js').IptablesOptions) => api.renderIptables(plan, options);
  return [
    { name: 'istio-iptables.sh', text: r({ format: 'script' }), mode: 0o755 },
    { name: 'istio-iptables-cleanup.sh', text: r({ format: 'script', cleanup: true }), mode: 0o755 },
    { name: 'istio-iptables.rules', text: r({ format: 'restore', family: 'ipv4' }) },
    { name: 'istio-iptables-cleanup.rules', text: r({ format: 'restore', family: 'ipv4', cleanup: true }) },
    { name: 'istio-ip6tables.rules', text: r({ format: 'restore', family: 'ipv6' }) },
    { name: 'istio-ip6tables-cleanup.rules', text: r({ format: 'restore', family: 'ipv6', cleanup: true }) },
    { name: 'istio-iptables.nft', text: r({ format: 'nft' }) },
    { name: 'istio-iptables-cleanup.nft', text: r({ format: 'nft', cleanup: true }) },
  ];
}

/** The overlays `render --output-dir` writes for a 1.20+ version, beside `istiod-values.yaml`. */
function overlayFiles(api: typeof import('../pipeline/index.js'), resolved: import('../pipeline/index.js').Resolution): OutputFile[] {
  const r = (format: import('../render/overlays.js').OverlayFormat) => api.renderValuesOverlay(resolved, { format });
  return [
    { name: 'istioctl-args.txt', text: r('istioctl') },
    { name: 'istio-operator.yaml', text: r('istio-operator') },
    { name: 'sail-istio.yaml', text: r('sail') },
    { name: 'pod-annotations-patch.json', text: r('annotations') },
  ];
}

/** Reads `--istio-version`: 0.8, 1.0, or 1.N with N ≥ 20. */
function parseIstioVersion(value: string): IstioVersion {
  if (isIstioVersion(value)) return value;
  const older = /^1\.(?:[1-9]|1[0-9])$/.test(value);
  throw new RenderInjectorError('E_USAGE', `--istio-version "${value}" is not supported${older ? ' (Istio 1.1 to 1.19 are not targets)' : ''}`, {
    hint: `use ${SUPPORTED_VERSIONS}`,
  });
}

export type { OptionSpec };
