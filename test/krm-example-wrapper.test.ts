// The KRM example in examples/kustomize, run the way kustomize runs an exec function: its wrapper script is
// executed with a ResourceList on stdin (the resources, and the transformer config as functionConfig), with
// the built CLI as `render-injector` on PATH. (kubectl's built-in kustomize cannot run exec functions: it has
// no --enable-exec; the standalone kustomize is not packaged for this machine.) Needs dist/.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Document, parse, parseAllDocuments } from 'yaml';
import { binMissing, root, workWithShim } from './helpers/built-cli.js';

const example = join(root, 'examples/kustomize');

if (binMissing() !== undefined) {
  t.fail(binMissing()!);
} else {
  const { shims } = workWithShim('ri-krm-');

  const resources = parseAllDocuments(readFileSync(join(root, 'test/fixtures/postrender/helm3-istio-0.8.yaml'), 'utf8'))
    .map((d) => d.toJS())
    .filter(Boolean);
  const resourceList = (functionConfig: unknown) =>
    new Document({ apiVersion: 'config.kubernetes.io/v1', kind: 'ResourceList', items: resources, functionConfig }).toString();
  const runFunction = (functionConfig: unknown) =>
    spawnSync(join(example, 'render-injector-krm'), [], {
      input: resourceList(functionConfig),
      encoding: 'utf8',
      env: { PATH: `${shims}:${process.env.PATH}` },
    });
  const config = parse(readFileSync(join(example, 'render-injector.yaml'), 'utf8'));

  t.test('the example transformer patches the injector ConfigMap and keeps every item', async (t) => {
    t.match(readFileSync(join(example, 'kustomization.yaml'), 'utf8'), /transformers:\s+- render-injector\.yaml/);
    const r = runFunction(config);
    t.equal(r.status, 0, r.stderr);
    const out = parse(r.stdout);
    t.equal(out.kind, 'ResourceList');
    t.equal(out.items.length, resources.length, 'every item comes back');
    const cm = out.items.find((d: { kind: string; metadata: { name: string } }) => d.kind === 'ConfigMap' && d.metadata.name === 'istio-sidecar-injector');
    t.match(cm.data.config, /\[\[ else -\]\]\s+- "172\.21\.0\.0\/16,172\.30\.0\.0\/16"/, 'the IKS ranges, whole: the exclude is its own list');
    t.match(cm.data.config, /\[\[ else -\]\]\s+- "172\.21\.0\.1\/32"/, 'the exclude from the functionConfig');
  });

  t.test('a bad functionConfig fails the function, with the error in its results', async (t) => {
    const r = runFunction({ ...config, spec: { provider: 'ikss' } });
    t.not(r.status, 0);
    t.match(parse(r.stdout).results[0], { severity: 'error', message: /ikss/ });
    t.match(r.stderr, /ikss/);
  });
}
