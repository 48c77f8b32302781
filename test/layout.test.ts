// The layout shows the pipeline, and the imports keep to it: the entries (the public API's index, the orchestration
// in lib/pipeline/, discovery in lib/discover/, the KRM function's wiring, the CLI) sit on top; the stages below them
// (values, ranges, plan, render, postrender, quote, check, cidr, the ResourceList logic) never import an entry or
// providers/; providers/ imports stages only. Read from the real import statements of every source file.
import t from 'tap';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.d.ts') ? [relative(root, p).split('\\').join('/')] : [];
  });

/** The repo paths a file imports (static, type-only and dynamic imports, re-exports), as `.ts` sources. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(root, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const specs = [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)['"](\.{1,2}\/[^'"]+)['"]/gm)].map((m) => m[1]!);
  return specs.map((s) => posix.normalize(posix.join(posix.dirname(file), s)).replace(/\.js$/, '.ts'));
}

const ENTRY = /^lib\/(?:index\.ts|pipeline\/|discover\/|cli\/|krm\/function\.ts)/;
const files = [...sources(join(root, 'lib')), ...sources(join(root, 'providers'))];
const graph = new Map(files.map((f) => [f, importsOf(f)]));

t.test('the import reader sees the imports (a file known to import across folders)', async (t) => {
  t.ok(graph.get('lib/pipeline/index.ts')?.includes('providers/index.ts'), 'the orchestration imports providers/');
  t.ok(graph.get('lib/render/templates.ts')?.includes('lib/quote/shell.ts'), 'the templates import the shell quoting');
  t.ok(graph.get('lib/cli/main.ts')?.includes('lib/krm/function.ts'), 'a dynamic import() is read');
});

t.test('nothing below the orchestration imports providers/', async (t) => {
  const wrong = files.filter((f) => f.startsWith('lib/') && !ENTRY.test(f) && graph.get(f)!.some((i) => i.startsWith('providers/')));
  t.same(wrong, []);
});

t.test('providers/ depends only downward: no entry of the pipeline', async (t) => {
  const wrong = files.filter((f) => f.startsWith('providers/')).flatMap((f) => graph.get(f)!.filter((i) => ENTRY.test(i)).map((i) => `${f} -> ${i}`));
  t.same(wrong, []);
});

t.test('the stages import no entry (orchestration, discovery, KRM wiring, CLI, the index)', async (t) => {
  const wrong = files
    .filter((f) => f.startsWith('lib/') && !ENTRY.test(f))
    .flatMap((f) => graph.get(f)!.filter((i) => ENTRY.test(i)).map((i) => `${f} -> ${i}`));
  t.same(wrong, []);
});

t.test('only the CLI imports lib/cli/', async (t) => {
  const wrong = files.filter((f) => !f.startsWith('lib/cli/')).flatMap((f) => graph.get(f)!.filter((i) => i.startsWith('lib/cli/')).map((i) => `${f} -> ${i}`));
  t.same(wrong, []);
});

t.test('every import names a source file that exists (the layout and the imports agree)', async (t) => {
  const known = new Set([...files, 'lib/render/templates.generated.ts', 'lib/values/schema.generated.ts']);
  const missing = [...graph].flatMap(([f, is]) => is.filter((i) => !known.has(i)).map((i) => `${f} -> ${i}`));
  t.same(missing, []);
});
