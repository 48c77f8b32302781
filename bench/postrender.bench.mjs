// Post-renderer benchmark: a ~50 MB Helm 3 stream of 20,000 documents holding one istio-sidecar-injector
// ConfigMap, patched by `postRender` (built code in dist/), against `kubectl kustomize` applying a comparable
// patch (a strategic-merge patch replacing data.config of the same ConfigMap) to the same stream, in the same
// run, at a tenth of the size and at full size. Each side runs in its own child process under /usr/bin/time so
// peak RSS is that tool's own; kustomize gets RENDER_INJECTOR_BENCH_KUSTOMIZE_TIMEOUT seconds (default 600).
// Size is adjustable for a quick look: RENDER_INJECTOR_BENCH_DOCS=2000 npm run bench -- postrender
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const DOCS = Number(process.env.RENDER_INJECTOR_BENCH_DOCS ?? 20_000);
const INCLUDE = '172.30.0.0/16,172.21.0.0/16,10.10.10.0/24';
const KUSTOMIZE_TIMEOUT = Number(process.env.RENDER_INJECTOR_BENCH_KUSTOMIZE_TIMEOUT ?? 600);

/** The injector ConfigMap (Istio 1.0 shape) from the test fixture, as a Helm 3 document. */
function injectorDocument() {
  const helm4 = readFileSync(join(root, 'test/fixtures/postrender/helm4-istio-1.0.yaml'), 'utf8');
  const cm = helm4.split('---\n')[1].replace(/ {2}annotations:\n {4}postrenderer\.helm\.sh\/postrender-filename: .*\n/, '');
  return `---\n# Source: istio/templates/sidecar-injector-configmap.yaml\n${cm}`;
}

/** One filler document of about 2.5 KB, unique by kind and name; kinds rotate like a big umbrella chart. */
function fillerDocument(i) {
  const name = `svc-${i}`;
  switch (i % 4) {
    case 0:
      return `---\n# Source: umbrella/charts/app/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: apps\n  labels: {app: ${name}, chart: app-1.2.3}\nspec:\n  replicas: 2\n  selector:\n    matchLabels: {app: ${name}}\n  template:\n    metadata:\n      labels: {app: ${name}}\n      annotations:\n        sidecar.istio.io/inject: "true"\n    spec:\n      containers:\n${Array.from({ length: 8 }, (_, c) => `      - name: c${c}\n        image: "registry.example.com/team/${name}-${c}:1.${c}.0"\n        ports:\n        - containerPort: ${8000 + c}\n          name: http-${c}\n        env:\n        - name: LOG_LEVEL\n          value: info # per container\n        resources: {requests: {cpu: 10m, memory: 32Mi}}\n`).join('')}`;
    case 1:
      return `---\n# Source: umbrella/charts/app/templates/service.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: apps\nspec:\n  selector: {app: ${name}}\n  ports:\n${Array.from({ length: 24 }, (_, p) => `  - name: http-${p}\n    port: ${80 + p}\n    targetPort: ${8000 + p}\n    protocol: TCP\n`).join('')}`;
    case 2:
      return `---\n# Source: umbrella/charts/app/templates/configmap.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: apps\ndata:\n  app.yaml: |\n${Array.from({ length: 40 }, (_, l) => `    key${l}: "value ${l} for ${name} ---"\n`).join('')}    ---\n    second: document inside a block scalar\n`;
    default:
      return `---\n# Source: umbrella/charts/app/templates/secret.yaml\napiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: apps\ntype: Opaque\ndata:\n  blob: ${Buffer.alloc(2700, i % 251).toString('base64')}\n`;
  }
}

/** Runs a command under /usr/bin/time; returns wall seconds, peak RSS in MB, and the process result. */
function timed(cmd, args, options = {}) {
  const r = spawnSync('/usr/bin/time', ['-f', '%e %M', cmd, ...args], { encoding: 'utf8', maxBuffer: 1 << 30, ...options });
  const stats = r.stderr.trim().split('\n').pop().split(' ');
  return { seconds: Number(stats[0]), rssMB: Number(stats[1]) / 1024, result: r };
}

const sources = (text) => (text.match(/^# Source: /gm) ?? []).length;

/** Generates a stream of `docs` documents, patches it with both tools, and prints what each took. */
async function measure(docs, dist) {
  const dir = mkdtempSync(join(tmpdir(), 'ri-bench-postrender-'));
  try {
    const parts = [];
    for (let i = 0; i < docs - 1; i++) {
      if (i === Math.floor(docs / 2)) parts.push(injectorDocument());
      parts.push(fillerDocument(i));
    }
    const stream = parts.join('');
    const input = join(dir, 'stream.yaml');
    writeFileSync(input, stream);
    const mb = statSync(input).size / 1e6;
    console.log(`stream: ${mb.toFixed(1)} MB, ${parts.length} documents, one injector ConfigMap`);

    // render-injector: postRender in a child node process, timing the call itself and the whole process.
    const child = `
      import { readFileSync, writeFileSync } from 'node:fs';
      import { postRender } from ${JSON.stringify(pathToFileURL(dist).href)};
      const [input, output] = process.argv.slice(1);
      const text = readFileSync(input, 'utf8');
      const t0 = process.hrtime.bigint();
      const r = postRender(text, { includeIPRanges: ${JSON.stringify(INCLUDE)} });
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      writeFileSync(output, r.output);
      console.log(JSON.stringify({ ms, patched: r.patched }));`;
    const patchedFile = join(dir, 'patched.yaml');
    const ours = timed(process.execPath, ['--input-type=module', '-e', child, input, patchedFile]);
    if (ours.result.status !== 0) throw new Error(`postRender failed: ${ours.result.stderr}`);
    const { ms, patched } = JSON.parse(ours.result.stdout);
    if (patched !== 1) throw new Error(`postRender patched ${patched} ConfigMaps, expected 1`);
    const patchedText = readFileSync(patchedFile, 'utf8');
    if (patchedText.length - stream.length !== INCLUDE.length - 1) throw new Error('postRender changed more than the value');
    const seconds = ms / 1000;
    console.log(
      `  render-injector postRender: ${seconds.toFixed(2)} s in the call (${(mb / seconds).toFixed(1)} MB/s), ` +
        `${ours.seconds.toFixed(2)} s for the process with I/O (${(mb / ours.seconds).toFixed(1)} MB/s), peak RSS ${ours.rssMB.toFixed(0)} MB; ` +
        `kept ${sources(patchedText)} of ${sources(stream)} "# Source:" lines and every other byte`,
    );

    // kubectl kustomize: the same stream as a resource, and a patch giving data.config its patched value.
    if (spawnSync('sh', ['-c', 'command -v kubectl'], { stdio: 'ignore' }).status !== 0) {
      console.log('  kubectl kustomize: skipped (kubectl not on PATH)');
      return;
    }
    const { parseAllDocuments, stringify } = await import('yaml');
    const config = parseAllDocuments(injectorDocument())[0].getIn(['data', 'config']);
    const patchedConfig = config.replace('`traffic.sidecar.istio.io/includeOutboundIPRanges`  "*"', `\`traffic.sidecar.istio.io/includeOutboundIPRanges\`  "${INCLUDE}"`);
    writeFileSync(
      join(dir, 'patch.yaml'),
      stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-sidecar-injector', namespace: 'istio-system' }, data: { config: patchedConfig } }),
    );
    writeFileSync(join(dir, 'kustomization.yaml'), 'resources:\n- stream.yaml\npatches:\n- path: patch.yaml\n');
    const kust = timed('timeout', [String(KUSTOMIZE_TIMEOUT), 'kubectl', 'kustomize', dir, '-o', join(dir, 'kustomized.yaml')]);
    if (kust.result.status === 124) {
      console.log(`  kubectl kustomize (same patch): did not finish within ${KUSTOMIZE_TIMEOUT} s (peak RSS so far ${kust.rssMB.toFixed(0)} MB)`);
      console.log(`  ratio: kubectl kustomize / render-injector (process wall time) > ${(KUSTOMIZE_TIMEOUT / ours.seconds).toFixed(1)}x`);
      return;
    }
    if (kust.result.status !== 0) throw new Error(`kubectl kustomize failed: ${kust.result.stderr}`);
    const kustomized = readFileSync(join(dir, 'kustomized.yaml'), 'utf8');
    if (!kustomized.includes(INCLUDE)) throw new Error('kubectl kustomize output lacks the patched ranges');
    console.log(
      `  kubectl kustomize (same patch): ${kust.seconds.toFixed(2)} s (${(mb / kust.seconds).toFixed(1)} MB/s), peak RSS ${kust.rssMB.toFixed(0)} MB; ` +
        `kept ${sources(kustomized)} "# Source:" lines, output ${kustomized.length === stream.length ? 'the same size as' : `${Math.abs(kustomized.length - stream.length)} bytes ${kustomized.length > stream.length ? 'longer' : 'shorter'} than`} the input`,
    );
    console.log(
      `  ratio: kubectl kustomize / render-injector (process wall time) = ${(kust.seconds / ours.seconds).toFixed(1)}x; ` +
        `peak RSS render-injector / kustomize = ${(ours.rssMB / kust.rssMB).toFixed(2)}x`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function run() {
  const dist = join(root, 'dist/lib/postrender/index.js');
  if (!existsSync(dist)) throw new Error('bench/postrender: build first (npm run build)');
  // kustomize's time grows faster than the stream, so it is also measured at a tenth of the size, where it ends.
  for (const docs of [Math.round(DOCS / 10), DOCS]) await measure(docs, dist);
}
