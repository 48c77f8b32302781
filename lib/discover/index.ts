/**
 * `--discover`: ask the cluster's own CLI for its ranges. Each provider's commands are built here as argv arrays
 * from checked names; their answers go, unchanged, to the same parser that reads `--cluster-info` (one parser
 * per provider). Nothing here starts a process: the runner is injected (`spawnRunner` is the real one).
 */
import { RenderInjectorError, type Warning } from '../errors.js';
import { getProvider } from '../../providers/index.js';
import { getPath } from '../../providers/discovery.js';
import type { ProviderRange } from '../ranges/provider-range.js';
import { checked, optionOf, TARGET_FIELDS } from './target.js';
import { Session, firstErrorLine, type CliProfile } from './session.js';
import type { DiscoverOptions, DiscoverTarget, DiscoveredCluster } from './types.js';

export type { CommandRequest, CommandResult, CommandRunner, DiscoverOptions, DiscoverTarget, DiscoveredCluster } from './types.js';
export { DEFAULT_TIMEOUT_MS } from './session.js';

const GCLOUD: CliProfile = {
  program: 'gcloud',
  env: { CLOUDSDK_CORE_DISABLE_PROMPTS: '1', CLOUDSDK_CORE_DISABLE_COLOR: '1', CLOUDSDK_COMPONENT_MANAGER_DISABLE_UPDATE_CHECK: '1' },
  install: 'install the Google Cloud SDK (https://cloud.google.com/sdk/docs/install)',
  login: 'gcloud auth login',
  notLoggedIn: /active account|auth login|reauthenticat|credentials? (?:were not found|not found|have expired)|invalid_grant/i,
  notFound: /\b404\b|NOT_FOUND|Not found:/,
  notFoundFix: 'check --cluster, --location and --project (gcloud container clusters list --project PROJECT)',
};

const AWS: CliProfile = {
  program: 'aws',
  env: { AWS_PAGER: '', AWS_CLI_AUTO_PROMPT: 'off' },
  install: 'install the AWS CLI (https://aws.amazon.com/cli/)',
  login: 'aws configure (or aws sso login --profile PROFILE)',
  notLoggedIn: /Unable to locate credentials|ExpiredToken|InvalidClientTokenId|UnrecognizedClientException|Token has expired|SSO session/i,
  notFound: /ResourceNotFoundException|InvalidVpcID\.NotFound/,
  notFoundFix: 'check --cluster, --region and --profile (aws eks list-clusters --region REGION)',
};

const AZ: CliProfile = {
  program: 'az',
  env: { AZURE_CORE_NO_COLOR: '1', AZURE_CORE_ONLY_SHOW_ERRORS: '1', AZURE_CORE_COLLECT_TELEMETRY: '0', AZURE_CORE_SURVEY_MESSAGE: '0' },
  install: 'install the Azure CLI (apt-get install azure-cli)',
  login: 'az login',
  notLoggedIn: /az login|AADSTS\d+|token .*expired/i,
  notFound: /ResourceNotFound|ResourceGroupNotFound|could not be found|was not found/i,
  notFoundFix: 'check --cluster, --resource-group and --subscription (az aks list --output table)',
};

const IBMCLOUD: CliProfile = {
  program: 'ibmcloud',
  env: { IBMCLOUD_COLOR: 'false', IBMCLOUD_VERSION_CHECK: 'false', IBMCLOUD_QUIET: 'true' },
  install: 'install the IBM Cloud CLI with its ks plugin (https://cloud.ibm.com/docs/cli)',
  login: 'ibmcloud login',
  notLoggedIn: /not logged in|ibmcloud login|token is expired/i,
  notFound: /not be found|not found/i,
  notFoundFix: 'check --cluster (ibmcloud ks cluster ls)',
};

function kubeProfile(program: 'kubectl' | 'oc'): CliProfile {
  return {
    program,
    env: {},
    install: program === 'oc' ? 'install the OpenShift CLI (oc)' : 'install kubectl (https://kubernetes.io/docs/tasks/tools/)',
    login: program === 'oc' ? 'oc login' : "your cluster's login (check --context and --kubeconfig with kubectl config get-contexts)",
    notLoggedIn: /Unauthorized|must be logged in|provide credentials|oc login/i,
    notFound: /context was not found|NotFound|doesn't have a resource type/,
    notFoundFix:
      program === 'oc'
        ? 'is this an OpenShift 4 cluster? check --context and --kubeconfig (oc config get-contexts)'
        : 'check --context and --kubeconfig (kubectl config get-contexts)',
  };
}

/** The kubeconfig options shared by kubectl and oc, in the order the user wrote nothing else. */
function kubeArgs(target: DiscoverTarget): string[] {
  const context = checked(target, 'context', false);
  const kubeconfig = checked(target, 'kubeconfig', false);
  return [...(kubeconfig !== undefined ? ['--kubeconfig', kubeconfig] : []), ...(context !== undefined ? ['--context', context] : [])];
}

/** How one provider asks: the fields it reads, and the commands it runs into the session. */
interface Asker {
  fields: readonly Exclude<keyof DiscoverTarget, 'provider'>[];
  /** The provider whose parser reads the answers (the local kinds read through kubectl's). */
  parser: string;
  cli: CliProfile;
  ask(session: Session, target: DiscoverTarget, notes: Warning[]): Promise<void>;
}

const gke: Asker = {
  fields: ['cluster', 'location', 'project'],
  parser: 'gke',
  cli: GCLOUD,
  async ask(s, t) {
    const cluster = checked(t, 'cluster', true)!;
    const location = checked(t, 'location', true)!;
    const project = checked(t, 'project', false);
    await s.json(
      ['gcloud', 'container', 'clusters', 'describe', cluster, '--location', location, ...(project !== undefined ? ['--project', project] : []), '--format', 'json', '--quiet'],
      ['pods', 'services'],
    );
  },
};

const aks: Asker = {
  fields: ['cluster', 'resourceGroup', 'subscription'],
  parser: 'aks',
  cli: AZ,
  async ask(s, t, notes) {
    const cluster = checked(t, 'cluster', true)!;
    const group = checked(t, 'resourceGroup', true)!;
    const subscription = checked(t, 'subscription', false);
    const sub = subscription !== undefined ? ['--subscription', subscription] : [];
    const { value } = await s.json(['az', 'aks', 'show', '-g', group, '-n', cluster, ...sub, '-o', 'json', '--only-show-errors'], ['pods', 'services']);
    const profile = getPath(value, ['networkProfile']);
    if (getPath(profile, ['networkPlugin']) === 'azure' && getPath(profile, ['networkPluginMode']) !== 'overlay' && getPath(profile, ['podCidr']) == null) {
      notes.push({
        code: 'W_AKS_POD_SUBNET',
        message:
          `${cluster} uses Azure CNI without overlay, so pods take addresses from a VNet subnet that az aks show does not print: ` +
          `find it with az aks show -g ${group} -n ${cluster} --query "agentPoolProfiles[].[podSubnetId,vnetSubnetId]" and ` +
          'az network vnet subnet show --ids SUBNET_ID --query addressPrefix, then pass it with --include CIDR',
        place: { file: '--discover' },
      });
    }
  },
};

const eks: Asker = {
  fields: ['cluster', 'region', 'profile'],
  parser: 'eks',
  cli: AWS,
  async ask(s, t) {
    const cluster = checked(t, 'cluster', true)!;
    const region = checked(t, 'region', false);
    const profile = checked(t, 'profile', false);
    const common = [...(region !== undefined ? ['--region', region] : []), ...(profile !== undefined ? ['--profile', profile] : []), '--output', 'json'];
    const { value } = await s.json(['aws', 'eks', 'describe-cluster', '--name', cluster, ...common], ['services', 'pods']);
    const vpc = getPath(value, ['cluster', 'resourcesVpcConfig', 'vpcId']);
    // The id comes from the CLI's answer: it reaches the next argv only in the shape of a VPC id.
    if (typeof vpc === 'string' && /^vpc-[0-9a-f]{8,17}$/.test(vpc)) {
      await s.json(['aws', 'ec2', 'describe-vpcs', '--vpc-ids', vpc, ...common], ['vpc']);
    }
  },
};

const iks: Asker = {
  fields: ['cluster'],
  parser: 'iks',
  cli: IBMCLOUD,
  async ask(s, t) {
    const cluster = checked(t, 'cluster', true)!;
    await s.json(['ibmcloud', 'ks', 'cluster', 'get', '--cluster', cluster, '--output', 'json'], ['pods', 'services']);
  },
};

const openshift: Asker = {
  fields: ['context', 'kubeconfig'],
  parser: 'openshift',
  cli: kubeProfile('oc'),
  async ask(s, t) {
    await s.json(['oc', ...kubeArgs(t), 'get', 'network.config.openshift.io', 'cluster', '-o', 'json'], ['pods', 'services']);
  },
};

/** The ServiceCIDR objects' API; `kubectl get` names the resource with its version and group. */
const SERVICE_CIDRS = 'servicecidrs.v1.networking.k8s.io';

const viaKubectl: Asker = {
  fields: ['context', 'kubeconfig'],
  parser: 'kubectl',
  cli: kubeProfile('kubectl'),
  async ask(s, t, notes) {
    const kube = kubeArgs(t);
    const { line, result } = await s.run(['kubectl', ...kube, 'get', SERVICE_CIDRS, '-o', 'json']);
    if (result.exitCode === 0) s.accept(line, result, ['services']);
    else if (/doesn't have a resource type|could not find the requested resource/.test(result.stderr)) {
      notes.push({
        code: 'W_NO_SERVICECIDR_API',
        message:
          `the server has no ServiceCIDR API (networking.k8s.io/v1, Kubernetes 1.33 and later; \`${line}\` said: ${firstErrorLine(result.stderr)}), ` +
          "so the service range was not discovered: pass it with --include CIDR (the kube-apiserver's --service-cluster-ip-range), " +
          'or pass kubectl cluster-info dump output with --cluster-info FILE',
        place: { file: '--discover' },
      });
    } else throw s.failed(line, result);
    await s.json(['kubectl', ...kube, 'get', 'nodes', '-o', 'json'], ['pods']);
  },
};

/** Discovery notes and the parser warnings they replace. */
const SUPERSEDES: Record<string, string> = { W_NO_SERVICECIDR_API: 'W_NO_SERVICE_RANGE', W_AKS_POD_SUBNET: 'W_VNET_PODS' };

const ASKERS: Record<string, Asker> = {
  gke,
  aks,
  eks,
  iks,
  openshift,
  kubectl: viaKubectl,
  kind: viaKubectl,
  k3s: viaKubectl,
  minikube: viaKubectl,
  'docker-desktop': viaKubectl,
  microk8s: viaKubectl,
};

/** The parser names its input by the label (the command lines); discovery's messages call it "the answer". */
function relabel(message: string, label: string): string {
  return message.split(` in ${label}`).join('').split(label).join('the answer');
}

/**
 * Asks the provider's own CLI for the cluster's ranges and reads the answers with the provider's
 * `--cluster-info` parser. The commands run through `options.run`, all within `options.timeoutMs`; every failure
 * (CLI missing, not logged in, cluster not found, deadline, empty or non-JSON answer, an answer without the
 * fields) is a `RenderInjectorError` `E_DISCOVERY` whose one line names the command, what the CLI said and the
 * fix. `icp` and `acs` have no CLI to ask (`E_PROVIDER`); wrong or missing names are `E_USAGE` before anything
 * runs.
 *
 * @example
 * ```ts
 * import { discoverCluster, explainRanges, resolveValues, type CommandRunner } from 'render-injector';
 * // Any runner will do; the CLI's runs the real gcloud. This one plays back a recorded answer.
 * const run: CommandRunner = async () => ({
 *   status: 'exited',
 *   exitCode: 0,
 *   stdout: '{"ipAllocationPolicy":{"clusterIpv4CidrBlock":"10.8.0.0/14","servicesIpv4CidrBlock":"34.118.224.0/20"}}',
 *   stderr: '',
 * });
 * const discovered = await discoverCluster({ provider: 'gke', cluster: 'shop-prod', location: 'europe-west4' }, { run });
 * console.log(explainRanges(resolveValues({ provider: 'gke', discovered }).ranges));
 * // … from gke gcloud container clusters describe shop-prod --location europe-west4 --format json --quiet: ipAllocationPolicy.servicesIpv4CidrBlock
 * ```
 */
export async function discoverCluster(target: DiscoverTarget, options: DiscoverOptions): Promise<DiscoveredCluster> {
  const provider = getProvider(target.provider);
  const asker = Object.hasOwn(ASKERS, provider.name) ? ASKERS[provider.name] : undefined;
  if (!asker) {
    throw new RenderInjectorError('E_PROVIDER', `${provider.name} has no CLI that prints a cluster's ranges, so --discover cannot ask one`, {
      place: { file: '--discover' },
      hint: `run \`${provider.command}\` and pass its output with --cluster-info FILE`,
    });
  }
  const stray = TARGET_FIELDS.filter((f) => target[f] !== undefined && !asker.fields.includes(f));
  if (stray.length > 0) {
    throw new RenderInjectorError('E_USAGE', `--discover for ${provider.name} does not read ${stray.map(optionOf).join(', ')}`, {
      place: { file: optionOf(stray[0]!) },
      hint: `${provider.name} reads ${asker.fields.map(optionOf).join(', ')}`,
    });
  }
  const session = new Session(asker.cli, options);
  const notes: Warning[] = [];
  await asker.ask(session, target, notes);
  const { answers } = session;
  const label = answers.map((a) => a.line).join(' + ');
  let found;
  try {
    // JSON is YAML: a document marker between the answers keeps them apart for the parser's reader.
    found = getProvider(asker.parser).discover(answers.map((a) => a.text).join('\n---\n'), label);
  } catch (e) {
    if (!(e instanceof RenderInjectorError)) throw e;
    throw new RenderInjectorError(e.code, `\`${label}\` answered without what ${provider.name} needs: ${relabel(e.message, label)}`, {
      place: { file: '--discover', path: e.place.path },
      hint: `check that the cluster is a ${provider.title} cluster and ${asker.cli.program} is up to date; or save the output, fix it, and pass it with --cluster-info FILE`,
    });
  }
  // With several answers, each range's source names the one command that printed it.
  const ranges: ProviderRange[] = found.ranges.map((r) => {
    const answer = answers.find((a) => a.roles.includes(r.role));
    return answer && answers.length > 1 && r.source.startsWith(`${label}: `) ? { ...r, source: `${answer.line}: ${r.source.slice(label.length + 2)}` } : r;
  });
  // Discovery's own note says more than the parser's warning on the same gap.
  const superseded = new Set(notes.map((n) => SUPERSEDES[n.code]));
  return {
    provider: provider.name,
    ranges,
    warnings: [
      ...found.warnings
        .filter((w) => !superseded.has(w.code))
        .map((w) => ({ ...w, message: relabel(w.message, label), place: { ...w.place, file: '--discover' } })),
      ...notes,
    ],
    commands: answers.map((a) => a.line),
  };
}
