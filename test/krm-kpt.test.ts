// `render-injector krm` under the real kpt: `kpt fn eval DIR --exec WRAPPER -- key=value` hands the function a
// ResourceList built from DIR's files (its functionConfig a ConfigMap whose data holds the key=value pairs) and
// writes the items it returns back into DIR. kpt is on every machine of this project (see REFERENCES.md); in CI a
// missing kpt fails the test. Needs dist/ (npm test builds it).
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { binMissing, root, workWithShim } from './helpers/built-cli.js';

const wrapper = join(root, 'examples/kustomize/render-injector-krm');
const kpt = spawnSync('kpt', ['version'], { encoding: 'utf8', timeout: 20000 });

if (kpt.status !== 0) {
  const why = `kpt is not runnable here (${kpt.error?.message ?? kpt.stderr.trim()}); it comes with the Google Cloud SDK's kpt component`;
  if (process.env.CI) t.fail(why);
  else t.skip(why, () => {});
} else if (binMissing() !== undefined) {
  t.fail(binMissing()!);
} else {
  const { work, shims } = workWithShim('ri-kpt-');

  /** A kpt package: one file per named resource of the Helm 3 fixture (kpt refuses objects without a name, such as a List). */
  const makePackage = (): string => {
    const dir = mkdtempSync(join(work, 'pkg-'));
    const docs = parseAllDocuments(readFileSync(join(root, 'test/fixtures/postrender/helm3-istio-0.8.yaml'), 'utf8'));
    docs.filter((d) => d.getIn(['metadata', 'name']) !== undefined).forEach((d, i) => writeFileSync(join(dir, `r${i}.yaml`), String(d)));
    return dir;
  };
  const evalFn = (dir: string, args: string[]) =>
    spawnSync('kpt', ['fn', 'eval', dir, '--exec', wrapper, '--', ...args], {
      encoding: 'utf8',
      timeout: 60000,
      env: { ...process.env, PATH: `${shims}:${process.env.PATH}` },
    });
  const objects = (dir: string) =>
    Object.fromEntries(readdirSync(dir).sort().map((f) => [f, parse(readFileSync(join(dir, f), 'utf8'))]));
  type Obj = { kind: string; metadata: { name: string; annotations?: Record<string, string> }; data?: { config: string } };
  const strip = (o: Obj) => {
    // kpt records each object's file in annotations of its own; compare the objects without them.
    const annotations = Object.fromEntries(Object.entries(o.metadata.annotations ?? {}).filter(([k]) => !/kubernetes\.io\//.test(k)));
    const metadata = { ...o.metadata, annotations };
    return { ...o, metadata };
  };

  t.test('kpt fn eval --exec runs krm: only the injector ConfigMap changes', async (t) => {
    const dir = makePackage();
    const before = objects(dir);
    const r = evalFn(dir, ['provider=iks', 'exclude=172.21.0.1/32']);
    t.equal(r.status, 0, r.stderr);
    const after = objects(dir);
    t.same(Object.keys(after), Object.keys(before), 'every resource file is still there');
    let patched = 0;
    for (const [file, obj] of Object.entries(after) as [string, Obj][]) {
      const old = before[file] as Obj;
      if (obj.kind === 'ConfigMap' && obj.metadata.name === 'istio-sidecar-injector') {
        patched++;
        t.match(obj.data!.config, /172\.30\.0\.0\/16/, "the IKS pod range is in the injector's include default");
        t.match(obj.data!.config, /\[\[ else -\]\]\s+- "172\.21\.0\.1\/32"/, 'the exclude from the key=value config');
        t.notMatch(old.data!.config, /172\.30\.0\.0\/16/, 'and was not there before');
      } else {
        t.same(strip(obj), strip(old), `${obj.kind} ${obj.metadata.name} unchanged`);
      }
    }
    t.equal(patched, 1, 'one injector ConfigMap patched');
  });

  t.test('kpt fn eval --exec: a bad option fails with the function error', async (t) => {
    const dir = makePackage();
    const before = readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8'));
    const r = evalFn(dir, ['provider=ikss']);
    t.not(r.status, 0);
    t.match(r.stdout + r.stderr, /unknown provider "ikss"/);
    t.same(readdirSync(dir).map((f) => readFileSync(join(dir, f), 'utf8')), before, 'the package is left as it was');
  });
}
