// Every `@example` in the doc comments of lib/ and providers/ type-checks. An example that imports from
// 'render-injector' is compiled against the public API (lib/index.ts) alone, as a deploy script would be; one
// without imports is compiled in the scope of its own module's exports plus the public API. Each example is its
// own virtual module, so names never clash between examples.
import t from 'tap';
import ts from 'typescript';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return sources(p);
    return p.endsWith('.ts') && !p.endsWith('.generated.ts') && !p.endsWith('.d.ts') ? [p] : [];
  });

interface Example { file: string; line: number; code: string }
/** The ```ts blocks after `@example` tags, with the doc comment's ` * ` prefixes taken off. */
function examplesOf(file: string): Example[] {
  const text = readFileSync(file, 'utf8');
  const out: Example[] = [];
  const re = /@example\s*\n\s*\* ```ts\n([\s\S]*?)\n\s*\* ```/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const code = m[1]!.split('\n').map((l) => l.replace(/^\s*\*(?: |$)/, '')).join('\n');
    out.push({ file, line: text.slice(0, m.index).split('\n').length, code });
  }
  return out;
}

const options: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  strict: true,
  noEmit: true,
  skipLibCheck: true,
  types: ['node'],
  typeRoots: [join(root, 'node_modules/@types')],
  baseUrl: root,
  paths: { 'render-injector': ['lib/index.ts'] },
};

const files = [...sources(join(root, 'lib')), ...sources(join(root, 'providers'))];
const examples = files.flatMap(examplesOf);
// The names each module exports (a first program over the sources), to put a module-scope example in scope.
const base = ts.createProgram(files, options);
const checker = base.getTypeChecker();
const exportsOf = (file: string): string[] => {
  const sf = base.getSourceFile(file);
  const sym = sf && checker.getSymbolAtLocation(sf);
  return sym ? checker.getExportsOfModule(sym).map((s) => s.getName()).filter((n) => n !== 'default') : [];
};
const publicNames = exportsOf(join(root, 'lib/index.ts'));

const virtual = new Map<string, string>();
const origin = new Map<string, Example>();
examples.forEach((ex, i) => {
  const name = join(root, 'test', `__example_${i}__.ts`);
  let prelude = '';
  if (!/^\s*import\s/m.test(ex.code)) {
    const own = exportsOf(ex.file).filter((n) => !publicNames.includes(n));
    const spec = `./${relative(join(root, 'test'), ex.file).replace(/\.ts$/, '.js')}`.replace('./../', '../');
    prelude = `import { ${publicNames.join(', ')} } from 'render-injector';\n` + (own.length > 0 ? `import { ${own.join(', ')} } from '${spec}';\n` : '');
  }
  virtual.set(name, `${prelude}${ex.code}\nexport {};\n`);
  origin.set(name, ex);
});

t.test('every @example in lib/ and providers/ type-checks', async (t) => {
  t.ok(examples.length >= 100, `found ${examples.length} examples`);
  const host = ts.createCompilerHost(options);
  const { fileExists, readFile, getSourceFile } = host;
  host.fileExists = (f) => virtual.has(f) || fileExists.call(host, f);
  host.readFile = (f) => virtual.get(f) ?? readFile.call(host, f);
  host.getSourceFile = (f, lang, ...rest) =>
    virtual.has(f) ? ts.createSourceFile(f, virtual.get(f)!, lang) : getSourceFile.call(host, f, lang, ...rest);
  const program = ts.createProgram([...virtual.keys()], options, host, base);
  const problems = new Map<string, string[]>();
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const ex = d.file && origin.get(d.file.fileName);
    const where = ex ? `${relative(root, ex.file)}:${ex.line}` : d.file ? relative(root, d.file.fileName) : 'program';
    const list = problems.get(where) ?? [];
    list.push(ts.flattenDiagnosticMessageText(d.messageText, ' '));
    problems.set(where, list);
  }
  t.same([...problems].map(([where, msgs]) => `${where}: ${msgs.join('; ')}`), [], 'no example has a type error');
});
