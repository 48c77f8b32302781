// Cloud and Kubernetes API servers on 127.0.0.1 (ephemeral port) that answer the real gcloud, aws and kubectl
// with recorded answers from test/fixtures/discover, and the helpers that point each CLI at them and run the
// built render-injector as a child process. Loopback only: every server binds 127.0.0.1.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bin, root } from './built-cli.js';

export { bin };
export const fixture = (name: string): string => readFileSync(join(root, 'test/fixtures/discover', name), 'utf8');

/** One request as the server saw it. */
export interface SeenRequest {
  method: string;
  url: string;
  body: string;
}

/** A running fake: its base URL, the requests it saw, and how to stop it. */
export interface FakeServer {
  url: string;
  port: number;
  seen: SeenRequest[];
  close(): Promise<void>;
}

type Reply = { status?: number; type?: string; headers?: Record<string, string>; body: string } | undefined;

/** Starts a server on 127.0.0.1:0 whose `route` answers each request (undefined: 404 JSON). */
export async function startFake(route: (req: SeenRequest) => Reply): Promise<FakeServer> {
  const seen: SeenRequest[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', body };
      seen.push(r);
      const reply = route(r) ?? { status: 404, body: JSON.stringify({ message: `no route for ${r.method} ${r.url}` }) };
      res.writeHead(reply.status ?? 200, { 'content-type': reply.type ?? 'application/json', ...reply.headers });
      res.end(reply.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A fresh private directory. */
export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `ri-${prefix}-`));
}

/**
 * The environment every CLI run starts from: PATH and a private HOME only, so no real account, credentials,
 * kubeconfig or cache of this machine is read, and nothing reaches a cloud's metadata address.
 */
export function isolatedEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(home, 'aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'aws-credentials'),
    KUBECONFIG: join(home, 'no-kubeconfig'),
    CLOUDSDK_CONFIG: join(home, 'gcloud'),
    ...extra,
  };
}

/** gcloud against `server` with a fake access token (CLOUDSDK_AUTH_ACCESS_TOKEN_FILE). */
export function gcloudEnv(home: string, server: FakeServer, withToken = true): Record<string, string> {
  const token = join(home, 'token');
  writeFileSync(token, 'ya29.fake-token-for-tests\n');
  return isolatedEnv(home, {
    CLOUDSDK_API_ENDPOINT_OVERRIDES_CONTAINER: `${server.url}/`,
    ...(withToken ? { CLOUDSDK_AUTH_ACCESS_TOKEN_FILE: token } : {}),
  });
}

/** aws against `server` with fake keys (or none). */
export function awsEnv(home: string, server: FakeServer, withKeys = true): Record<string, string> {
  return isolatedEnv(home, {
    AWS_ENDPOINT_URL: server.url,
    ...(withKeys ? { AWS_ACCESS_KEY_ID: 'AKIAIOSFODNN7EXAMPLE', AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } : {}),
  });
}

/** Writes a kubeconfig whose one context, `fake`, points at `server` with a fake token; returns its path. */
export function kubeconfigFor(home: string, server: FakeServer): string {
  const file = join(home, 'kubeconfig');
  writeFileSync(
    file,
    [
      'apiVersion: v1',
      'kind: Config',
      'clusters:',
      '- name: fake',
      `  cluster: {server: "${server.url}"}`,
      'users:',
      '- name: fake',
      '  user: {token: fake-token-for-tests}',
      'contexts:',
      '- name: fake',
      '  context: {cluster: fake, user: fake}',
      'current-context: fake',
      '',
    ].join('\n'),
  );
  return file;
}

/** The result of one CLI run. */
export interface Run {
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

/** Runs the built render-injector with `args` and `env` (nothing else), stdin closed, without blocking the event loop. */
export function runCli(args: string[], env: Record<string, string>): Promise<Run> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err, ms: Date.now() - started }));
  });
}

/** Whether `program` is on PATH. */
export function onPath(program: string): boolean {
  return spawnSync('sh', ['-c', 'command -v "$1"', 'sh', program], { stdio: 'ignore' }).status === 0;
}

/**
 * The real CLIs are part of this project's machines and CI: a missing one fails the test in CI and is reported
 * as a skip (with the reason) elsewhere.
 */
export function requireCli(program: string): { skip: string | false } {
  if (onPath(program)) return { skip: false };
  if (process.env.CI) throw new Error(`${program} is not installed, and CI must run the tests against the real ${program}`);
  return { skip: `${program} is not installed on this machine` };
}

/** A Kubernetes API server's answers: discovery documents, the nodes, and (optionally) the ServiceCIDR API. */
export function kubernetesRoutes(server: () => FakeServer, options: { serviceCidrApi: boolean }): (req: SeenRequest) => Reply {
  const json = (value: unknown): Reply => ({ body: JSON.stringify(value) });
  const networking = [
    { name: 'ingresses', singularName: 'ingress', namespaced: true, kind: 'Ingress', verbs: ['get', 'list'] },
    ...(options.serviceCidrApi ? [{ name: 'servicecidrs', singularName: 'servicecidr', namespaced: false, kind: 'ServiceCIDR', verbs: ['get', 'list'] }] : []),
  ];
  return (req) => {
    const path = req.url.split('?')[0];
    switch (path) {
      case '/version':
        return json({ major: '1', minor: options.serviceCidrApi ? '33' : '30', gitVersion: options.serviceCidrApi ? 'v1.33.1' : 'v1.30.4', platform: 'linux/amd64' });
      case '/api':
        return json({ kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: `127.0.0.1:${server().port}` }] });
      case '/apis':
        return json({
          kind: 'APIGroupList',
          apiVersion: 'v1',
          groups: [{ name: 'networking.k8s.io', versions: [{ groupVersion: 'networking.k8s.io/v1', version: 'v1' }], preferredVersion: { groupVersion: 'networking.k8s.io/v1', version: 'v1' } }],
        });
      case '/api/v1':
        return json({ kind: 'APIResourceList', groupVersion: 'v1', resources: [{ name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: ['get', 'list'] }] });
      case '/apis/networking.k8s.io/v1':
        return json({ kind: 'APIResourceList', apiVersion: 'v1', groupVersion: 'networking.k8s.io/v1', resources: networking });
      case '/api/v1/nodes':
        return { body: fixture('k8s-nodes.json') };
      case '/apis/networking.k8s.io/v1/servicecidrs':
        return options.serviceCidrApi ? { body: fixture('k8s-servicecidrs.json') } : undefined;
      default:
        return undefined;
    }
  };
}
