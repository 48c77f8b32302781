/**
 * The commands, their options, and their help texts.
 */
import type { OptionSpec } from './args.js';

const help: OptionSpec = { name: 'help', short: 'h', type: 'boolean', help: 'show this help' };

/** `--discover` and the names it hands the provider's CLI (see lib/discover). */
function discoverOptions(): OptionSpec[] {
  return [
    { name: 'discover', type: 'boolean', help: "ask the provider's own CLI (gcloud, aws, az, ibmcloud, oc, kubectl) for the cluster's ranges" },
    { name: 'cluster', type: 'string', arg: 'NAME', help: 'with --discover: the cluster (gke, aks, eks, iks)' },
    { name: 'location', type: 'string', arg: 'LOC', help: 'with --discover: GKE region or zone' },
    { name: 'project', type: 'string', arg: 'ID', help: 'with --discover: Google Cloud project (default: gcloud\'s)' },
    { name: 'region', type: 'string', arg: 'REGION', help: "with --discover: AWS region (default: aws's)" },
    { name: 'profile', type: 'string', arg: 'NAME', help: 'with --discover: AWS profile' },
    { name: 'resource-group', type: 'string', arg: 'RG', help: 'with --discover: Azure resource group (aks)' },
    { name: 'subscription', type: 'string', arg: 'SUB', help: 'with --discover: Azure subscription (aks)' },
    { name: 'context', type: 'string', arg: 'CTX', help: 'with --discover: kubeconfig context (openshift, kubectl, kind, …)' },
    { name: 'kubeconfig', type: 'string', arg: 'FILE', help: 'with --discover: kubeconfig file (openshift, kubectl, kind, …)' },
    { name: 'discover-timeout', type: 'string', arg: 'SECONDS', help: 'with --discover: kill the CLI after this long (default 60)' },
  ];
}

/** Options every command that computes ranges takes. */
const shared: OptionSpec[] = [
  { name: 'provider', short: 'p', type: 'string', arg: 'NAME', help: 'cluster kind: gke, iks, icp, acs, aks, eks, minikube, kind, k3s, … (see `providers`)' },
  ...discoverOptions(),
  { name: 'cluster-info', type: 'string', arg: 'FILE|-', help: "offline: the saved output of the provider's discovery command (see `providers`)" },
  { name: 'preset', type: 'string', arg: 'NAME', help: "a named alternative range set of the provider (e.g. iks's `legacy`)" },
  { name: 'values', short: 'f', type: 'list', arg: 'FILE|-', help: 'Helm values file; repeatable, later files win' },
  { name: 'set', type: 'list', arg: 'KEY=VAL', help: 'Helm --set expression (\\, escapes a comma); repeatable' },
  { name: 'set-string', type: 'list', arg: 'KEY=VAL', help: 'like --set, but every value stays a string' },
  { name: 'include', type: 'list', arg: 'LIST', help: 'comma-separated CIDRs to capture as well; repeatable' },
  { name: 'exclude', type: 'list', arg: 'LIST', help: 'comma-separated CIDRs never to capture; repeatable' },
  { name: 'istio-version', type: 'string', arg: 'VER', help: 'Istio version: 0.8 (default), 1.0, or 1.20 and later (1.N, N >= 20)' },
  { name: 'namespace', short: 'n', type: 'string', arg: 'NS', help: 'namespace of the ConfigMap (default istio-system)' },
];
const revision: OptionSpec = { name: 'revision', type: 'string', arg: 'REV', help: 'use istio-sidecar-injector-REV (default: the only injector ConfigMap)' };
const outputDir: OptionSpec = { name: 'output-dir', short: 'o', type: 'string', arg: 'DIR', help: 'write files into DIR (atomically) instead of stdout' };
const iptablesOptions: OptionSpec[] = [
  { name: 'mode', type: 'string', arg: 'REDIRECT|TPROXY', help: 'interception mode of the iptables rules (default REDIRECT)' },
  { name: 'ipv6', type: 'boolean', help: 'capture IPv6 (inbound ports too) even when no IPv6 range is named; IPv6 ranges named are captured anyway' },
  { name: 'no-ipv6', type: 'boolean', help: 'never touch IPv6, even when IPv6 ranges are named (renderInjector.ipv6=false)' },
  { name: 'block-ipv6-inbound', type: 'boolean', help: 'IPv6 not captured: reject new inbound IPv6 connections (ICMPv6, loopback and replies pass)' },
];

/** A command: its one-line summary, usage, options and examples. */
export interface CommandSpec {
  summary: string;
  usage: string;
  options: OptionSpec[];
  examples: string[];
}

/** Every command by name. `render` is the default. */
export const COMMANDS = {
  render: {
    summary: 'print the istio-sidecar-injector ConfigMap (the default command)',
    usage: 'render-injector [render] [options]',
    options: [...shared, ...iptablesOptions.map((o) => ({ ...o, help: `${o.help}; with --output-dir` })), outputDir, help],
    examples: [
      'render-injector --provider minikube | kubectl apply -f -',
      'render-injector -p gke --discover --cluster shop-prod --location europe-west4 --istio-version 1.0 | kubectl apply -f -',
      'render-injector --provider gke --cluster-info describe.yaml --istio-version 1.0   # offline: saved gcloud output',
      'gcloud container clusters describe NAME --zone Z --format yaml | render-injector -p gke --cluster-info -',
      'render-injector -p iks -f my-values.yaml --set global.hub=registry.example/istio -o out/',
      'render-injector -p iks --istio-version 1.28 | helm upgrade istiod istio/istiod -n istio-system --reuse-values -f -',
      'render-injector -p gke --cluster-info describe.yaml --istio-version 1.28 -o overlays/   # every overlay format',
    ],
  },
  ranges: {
    summary: 'print the effective captured ranges (includeIPRanges)',
    usage: 'render-injector ranges [options] [--format FMT] [--name NAME] [--explain]',
    options: [
      ...shared,
      {
        name: 'format',
        type: 'string',
        arg: 'FMT',
        help: 'csv (default), list, json, helm-set; for Istio 1.20+: istioctl, helm-values, istio-operator, sail, annotations',
      },
      { name: 'name', type: 'string', arg: 'NAME', help: 'with --format sail: the Istio object (default default)' },
      { name: 'explain', type: 'boolean', help: 'say where each range came from' },
      help,
    ],
    examples: [
      'render-injector ranges -p eks --discover --cluster shop --region eu-west-1 --explain',
      'render-injector ranges -p kubectl --discover --context kind-dev',
      'render-injector ranges --include 10.4.0.0/14,10.7.240.0/20 --exclude 10.7.240.10/32',
      'render-injector ranges --provider iks --format helm-set',
      'helm template istio install/kubernetes/helm/istio $(render-injector ranges -p acs --format helm-set)',
      'istioctl install $(render-injector ranges -p iks --format istioctl)',
      'render-injector ranges -p iks --format helm-values | helm upgrade istiod istio/istiod -n istio-system --reuse-values -f -',
      'render-injector ranges -p iks --format istio-operator > ranges.yaml && istioctl install -f ranges.yaml',
      'render-injector ranges -p iks --format sail > patch.yaml && kubectl patch istio default --type merge --patch-file patch.yaml',
      'kubectl patch deployment web --type merge -p "$(render-injector ranges -p iks --format annotations)"',
    ],
  },
  explain: {
    summary: 'print each effective range with where it came from',
    usage: 'render-injector explain [options]',
    options: [...shared, help],
    examples: [
      'render-injector explain -p gke --discover --cluster shop-prod --location europe-west4 --project shop-1234',
      'render-injector explain --provider gke --cluster-info describe.yaml --include 10.8.0.0/16',
    ],
  },
  iptables: {
    summary: 'print the rules the istio-init container applies',
    usage: 'render-injector iptables [options] [--format script|restore|nft|json] [--family ipv4|ipv6] [--cleanup]',
    options: [
      ...shared,
      ...iptablesOptions,
      { name: 'format', type: 'string', arg: 'FMT', help: 'script (sh, default), restore (iptables-restore input), nft, or json (the plan the others are written from)' },
      { name: 'family', type: 'string', arg: 'ipv4|ipv6', help: 'with --format restore: which family (default ipv4)' },
      { name: 'cleanup', type: 'boolean', help: 'print what removes exactly what the rules add' },
      outputDir,
      help,
    ],
    examples: [
      'render-injector iptables --provider minikube > istio-iptables.sh',
      'render-injector iptables -p kind --format restore | iptables-restore --noflush',
      'render-injector iptables -p kind --format nft | nft -f -',
      'render-injector iptables -p kind --format json   # the plan: every rule as data',
    ],
  },
  providers: {
    summary: 'list the providers, their default ranges and discovery commands',
    usage: 'render-injector providers [--json]',
    options: [{ name: 'json', type: 'boolean', help: 'print JSON' }, help],
    examples: ['render-injector providers', 'render-injector providers --json | jq ".[].name"'],
  },
  schema: {
    summary: "print the values' JSON schema (a Helm values.schema.json, draft-07)",
    usage: 'render-injector schema',
    options: [help],
    examples: ['render-injector schema > values.schema.json'],
  },
  'post-render': {
    summary: 'Helm post-renderer: patch the injector ConfigMap in the chart output on stdin',
    usage: 'render-injector post-render (--provider NAME | --include LIST | -f FILE | --set KEY=VAL)... [options] [--revision REV] [--strict] < helm-output.yaml',
    options: [...shared, revision, { name: 'strict', type: 'boolean', help: 'fail when the stream holds no injector ConfigMap' }, help],
    examples: [
      'kubectl get cm istio-sidecar-injector -n istio-system -o yaml | render-injector post-render -p iks | kubectl apply -f -',
      'istioctl manifest generate --revision canary | render-injector post-render -p iks --revision canary > istio.yaml',
      'helm install istio install/kubernetes/helm/istio --post-renderer render-injector --post-renderer-args post-render --post-renderer-args --provider=iks',
      'helm template istio install/kubernetes/helm/istio | render-injector post-render -p minikube | kubectl apply -f -',
      'helm install istio ./istio --post-renderer render-injector   # Helm 4: the plugin; see helm-plugin/README.md',
    ],
  },
  check: {
    summary: "drift check: compare the injector ConfigMap's ranges with the wanted ones (exit 0 in sync, 1 drift)",
    usage: 'render-injector check [options] [--from FILE] [--revision REV] [--format text|json] < configmap.yaml',
    options: [
      ...shared,
      { name: 'from', type: 'string', arg: 'FILE', help: 'read the ConfigMap or install stream from FILE (default stdin)' },
      revision,
      { name: 'format', type: 'string', arg: 'FMT', help: 'text (default) or json' },
      help,
    ],
    examples: [
      'kubectl get cm istio-sidecar-injector -n istio-system -o yaml | render-injector check -p iks',
      'render-injector check -p gke --cluster-info describe.yaml --from live.yaml --format json',
      'kubectl get cm -n istio-system -o yaml | render-injector check -p iks --revision canary',
    ],
  },
  krm: {
    summary: 'KRM function (kustomize, kpt): ResourceList on stdin, functionConfig carries the options',
    usage: 'render-injector krm < resource-list.yaml',
    options: [help],
    examples: ['kustomize build --enable-alpha-plugins --enable-exec .   # with a transformer naming render-injector krm'],
  },
} satisfies Record<string, CommandSpec>;

/** A command's name. */
export type CommandName = keyof typeof COMMANDS;

function optionLines(options: readonly OptionSpec[]): string {
  const rows = options.map((o) => [`${o.short ? `-${o.short}, ` : '    '}--${o.name}${o.arg ? ` ${o.arg}` : ''}`, o.help] as const);
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, text]) => `  ${left.padEnd(width)}  ${text}`).join('\n');
}

/** The help of one command. */
export function commandHelp(name: CommandName): string {
  const c: CommandSpec = COMMANDS[name];
  return `${c.summary}\n\nUsage: ${c.usage}\n\nOptions:\n${optionLines(c.options)}\n\nExamples:\n${c.examples.map((e) => `  ${e}`).join('\n')}\n`;
}

/** The top-level help. */
export function mainHelp(): string {
  const names = Object.keys(COMMANDS) as CommandName[];
  const width = Math.max(...names.map((n) => n.length));
  return `render-injector: compute a service mesh's includeIPRanges for your cluster and render Istio's
sidecar-injector ConfigMap and iptables rules.

Usage: render-injector [command] [options]

Commands:
${names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`).join('\n')}

Examples:
  render-injector --provider minikube | kubectl apply -f -
  render-injector ranges --provider gke --discover --cluster shop-prod --location europe-west4 --explain
  render-injector ranges --provider gke --cluster-info describe.json   # offline: saved gcloud output
  render-injector iptables --provider kind --format nft
  helm install istio install/kubernetes/helm/istio --post-renderer render-injector \\
    --post-renderer-args post-render --post-renderer-args --provider=gke --post-renderer-args --cluster-info=describe.yaml
  render-injector --provider iks --istio-version 1.28        # Istio 1.20+: a values overlay, with how to apply it
  kubectl get cm istio-sidecar-injector -n istio-system -o yaml | render-injector check -p iks

Run render-injector COMMAND --help for a command's options. Exit codes: 0 ok, 2 usage or input error, 1 internal fault.
`;
}
