/**
 * The contract between discovery and whatever runs a provider's CLI. Discovery builds argv arrays and reads
 * answers; a {@link CommandRunner} runs them. The CLI passes the real, process-spawning runner
 * (`lib/discover/spawn.ts`); deploy scripts and tests may pass their own.
 */
import type { Warning } from '../errors.js';
import type { ProviderRange } from '../ranges/provider-range.js';

/**
 * One command to run: never through a shell, with standard input closed.
 *
 * @example
 * ```ts
 * import type { CommandRequest } from 'render-injector';
 * const request: CommandRequest = {
 *   argv: ['gcloud', 'container', 'clusters', 'describe', 'shop-prod', '--location', 'europe-west4', '--format', 'json', '--quiet'],
 *   env: { CLOUDSDK_CORE_DISABLE_PROMPTS: '1' },
 *   timeoutMs: 60_000,
 * };
 * ```
 */
export interface CommandRequest {
  /** The program (looked up on `PATH`) and its arguments, each one argv element. */
  argv: readonly string[];
  /** Variables set for this command on top of the runner's own environment: prompts, pagers and colour off. */
  env: Readonly<Record<string, string>>;
  /** Milliseconds after which the runner kills the command (its whole process group) and reports `timed-out`. */
  timeoutMs: number;
}

/**
 * What became of a command.
 * `exited`: it ran to the end, `exitCode` says how; `not-found`: the program is not on `PATH` (or cannot be
 * executed); `timed-out`: it was killed at the deadline.
 *
 * @example
 * ```ts
 * import type { CommandResult } from 'render-injector';
 * const ok: CommandResult = { status: 'exited', exitCode: 0, stdout: '{"servicesIpv4Cidr":"10.4.0.0/20"}', stderr: '' };
 * ```
 */
export interface CommandResult {
  status: 'exited' | 'not-found' | 'timed-out';
  /** The exit code when `exited` (a command killed by a signal reports 128 + the signal's number). */
  exitCode?: number;
  /** Everything the command wrote to standard output, as UTF-8. */
  stdout: string;
  /** Everything it wrote to standard error, as UTF-8. */
  stderr: string;
}

/**
 * Runs one command. Must not use a shell, must close standard input, and must kill the command at the deadline.
 *
 * @example
 * ```ts
 * import type { CommandRunner } from 'render-injector';
 * // A runner that answers from a recording instead of running anything.
 * const recorded: CommandRunner = async (request) => ({
 *   status: 'exited',
 *   exitCode: 0,
 *   stdout: request.argv[0] === 'gcloud' ? '{"clusterIpv4Cidr":"10.8.0.0/14","servicesIpv4Cidr":"10.12.0.0/20"}' : '',
 *   stderr: '',
 * });
 * ```
 */
export type CommandRunner = (request: CommandRequest) => Promise<CommandResult>;

/**
 * Which cluster to ask about. Each provider reads the fields its CLI needs (see `render-injector providers`):
 * gke `cluster`, `location`, `project`; aks `cluster`, `resourceGroup`, `subscription`; eks `cluster`, `region`,
 * `profile`; iks `cluster`; openshift and the kubectl-based providers `context`, `kubeconfig`.
 *
 * @example
 * ```ts
 * import type { DiscoverTarget } from 'render-injector';
 * const target: DiscoverTarget = { provider: 'gke', cluster: 'shop-prod', location: 'europe-west4', project: 'shop-1234' };
 * ```
 */
export interface DiscoverTarget {
  /** Provider name, as for `--provider`. */
  provider: string;
  /** Cluster name (gke, aks, eks, iks). */
  cluster?: string;
  /** GKE zone or region. */
  location?: string;
  /** Google Cloud project. */
  project?: string;
  /** AWS region. */
  region?: string;
  /** AWS named profile. */
  profile?: string;
  /** Azure resource group. */
  resourceGroup?: string;
  /** Azure subscription name or id. */
  subscription?: string;
  /** kubeconfig context (openshift, kubectl and the local providers). */
  context?: string;
  /** kubeconfig file (openshift, kubectl and the local providers). */
  kubeconfig?: string;
}

/**
 * How discovery runs its commands.
 *
 * @example
 * ```ts
 * import type { DiscoverOptions, CommandRunner } from 'render-injector';
 * declare const run: CommandRunner;
 * const options: DiscoverOptions = { run, timeoutMs: 30_000, onCommand: (line) => console.error(`running ${line}`) };
 * ```
 */
export interface DiscoverOptions {
  /** Runs each command; the CLI passes {@link spawnRunner}'s runner. */
  run: CommandRunner;
  /** Deadline for the whole discovery, all commands together, in milliseconds (default 60 000). */
  timeoutMs?: number;
  /** Called with each command line just before it runs (the CLI's progress line uses it). */
  onCommand?: (commandLine: string) => void;
}

/**
 * What discovery found: the provider's ranges (as its `--cluster-info` parser reads them from the commands'
 * output), its warnings, and the command lines that ran, in order.
 *
 * @example
 * ```ts
 * import { discoverCluster, resolveValues, type DiscoveredCluster, type CommandRunner } from 'render-injector';
 * declare const run: CommandRunner;
 * const found: DiscoveredCluster = await discoverCluster({ provider: 'iks', cluster: 'shop' }, { run });
 * const resolved = resolveValues({ provider: 'iks', discovered: found });
 * ```
 */
export interface DiscoveredCluster {
  /** The provider whose parser read the answers. */
  provider: string;
  /** The ranges; each `source` starts with the command line that printed it. */
  ranges: ProviderRange[];
  /** The parser's warnings and discovery's own notes (e.g. per-node pod slices, a missing ServiceCIDR API). */
  warnings: Warning[];
  /** Every command line that ran, in order. */
  commands: string[];
}
