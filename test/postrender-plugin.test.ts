import t, { type Test } from 'tap';
import { spawnSync, execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseDocument } from 'yaml';

const pluginDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'helm-plugin');
const TOOLS = ['sh', 'cat', 'mktemp', 'date', 'rm', 'sed', 'dirname', 'mkdir'];

interface Sandbox {
  root: string;
  bin: string;
  tmp: string;
  wrapper: string;
  log: string;
}

/** A copy of the plugin directory inside a fresh package-like tree, and a PATH holding only the basic tools. */
function sandbox(t: Test): Sandbox {
  const root = t.testdir({});
  const bin = join(root, 'path-bin');
  const tmp = join(root, 'tmp');
  mkdirSync(bin);
  mkdirSync(tmp);
  for (const tool of TOOLS) symlinkSync(execFileSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).trim(), join(bin, tool));
  cpSync(pluginDir, join(root, 'pkg', 'helm-plugin'), { recursive: true });
  return {
    root,
    bin,
    tmp,
    wrapper: join(root, 'pkg', 'helm-plugin', 'bin', 'render-injector-postrender'),
    log: join(root, 'state', 'render-injector', 'helm-plugin.log'),
  };
}

function script(path: string, body: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, body);
  chmodSync(path, 0o755);
}

/** Runs the wrapper the way Helm does: rendered chart on stdin, args appended, HELM_PLUGIN_* in the environment. */
function run(s: Sandbox, args: string[], input: string) {
  return spawnSync(s.wrapper, args, {
    input,
    encoding: 'utf8',
    env: {
      PATH: s.bin,
      TMPDIR: s.tmp,
      XDG_STATE_HOME: join(s.root, 'state'),
      HELM_PLUGIN_NAME: 'render-injector',
      HELM_PLUGIN_DIR: dirname(dirname(s.wrapper)),
    },
  });
}

const STREAM = '---\n# Source: istio/templates/configmap.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: istio\n';

t.test('plugin.yaml is a Helm 4 postrenderer/v1 plugin whose command exists and is executable', async (t) => {
  const doc = parseDocument(readFileSync(join(pluginDir, 'plugin.yaml'), 'utf8'));
  t.equal(doc.errors.length, 0);
  const p = doc.toJS() as Record<string, unknown> & { runtimeConfig: { platformCommand: Array<{ command: string }> } };
  t.match(p, { apiVersion: 'v1', type: 'postrenderer/v1', name: 'render-injector', runtime: 'subprocess' });
  t.match(p.version, /^\d+\.\d+\.\d+/);
  t.notOk('config' in p, 'Helm 4 postrenderer plugins take no config');
  const commands = p.runtimeConfig.platformCommand;
  t.equal(commands.length, 1);
  const command = commands[0]?.command ?? '';
  t.ok(command.startsWith('${HELM_PLUGIN_DIR}/'), 'the command is inside the plugin directory');
  t.notMatch(command, / /, 'Helm splits the command on spaces: it has none');
  const file = command.replace('${HELM_PLUGIN_DIR}', pluginDir);
  t.ok(existsSync(file));
  t.ok((statSync(file).mode & 0o111) !== 0, 'executable');
  t.match(readFileSync(file, 'utf8'), /^#!\/bin\/sh\n/);
});

t.test('with render-injector on PATH: args, stdin and stdout pass through; warnings reach stderr', async (t) => {
  const s = sandbox(t);
  script(
    join(s.bin, 'render-injector'),
    `#!/bin/sh\nfor a in "$@"; do printf '[%s]' "$a"; done > "${s.root}/args"\nprintf '%s' "$HELM_PLUGIN_NAME" > "${s.root}/env"\necho "warning: no injector ConfigMap" >&2\nsed 's/name: istio$/name: patched/'\n`,
  );
  const r = run(s, ['--provider=iks', '--cluster-info', 'my file.json', '--strict'], STREAM);
  t.equal(r.status, 0);
  t.equal(r.stdout, STREAM.replace('name: istio\n', 'name: patched\n'), 'stdout is what render-injector wrote');
  t.equal(readFileSync(join(s.root, 'args'), 'utf8'), '[post-render][--provider=iks][--cluster-info][my file.json][--strict]');
  t.equal(readFileSync(join(s.root, 'env'), 'utf8'), 'render-injector');
  t.equal(r.stderr, 'warning: no injector ConfigMap\n');
  t.notOk(existsSync(s.log), 'no log on success');
});

t.test('on failure: same exit code, stderr kept, and the error logged to a file that is named', async (t) => {
  const s = sandbox(t);
  script(
    join(s.bin, 'render-injector'),
    '#!/bin/sh\ncat >/dev/null\necho "-:7:1: document 2 of the stream is not YAML: bad indentation; give well-formed YAML" >&2\nexit 2\n',
  );
  const r = run(s, ['--provider=gke'], STREAM);
  t.equal(r.status, 2);
  t.equal(r.stdout, '', 'nothing on stdout');
  t.match(r.stderr, /document 2 of the stream is not YAML/);
  t.match(r.stderr, `details in ${s.log}`);
  const log = readFileSync(s.log, 'utf8');
  t.match(log, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ render-injector helm plugin: exit 2 from: render-injector post-render --provider=gke\n/);
  t.match(log, /\n {2}-:7:1: document 2 of the stream is not YAML/);
  run(s, ['--provider=eks'], STREAM);
  t.equal(readFileSync(s.log, 'utf8').split('helm plugin: exit 2').length, 3, 'the log is appended to');
  t.equal(
    execFileSync(join(s.bin, 'sh'), ['-c', `ls -A "${s.tmp}"`], { encoding: 'utf8' }),
    '',
    'the temporary stderr file is removed, and nothing is logged in the shared temporary directory',
  );
  t.equal(statSync(s.log).mode & 0o777, 0o600, 'the log (it holds command lines) is the user\'s alone');
  t.equal(statSync(dirname(s.log)).mode & 0o777, 0o700, 'and so is its directory');
});

t.test('the log is never written through a planted symlink or into a file that is not a regular one', async (t) => {
  const s = sandbox(t);
  script(join(s.bin, 'render-injector'), '#!/bin/sh\ncat >/dev/null\necho "bad input" >&2\nexit 2\n');
  mkdirSync(dirname(s.log), { recursive: true });
  const victim = join(s.root, 'victim.txt');
  writeFileSync(victim, 'precious\n');
  symlinkSync(victim, s.log);
  const r = run(s, ['--provider=gke'], STREAM);
  t.equal(r.status, 2, 'the exit code is still render-injector\'s');
  t.equal(readFileSync(victim, 'utf8'), 'precious\n', 'the symlink target is untouched');
  t.match(r.stderr, `not logging to ${s.log}: it is not a regular file of this user's (a symlink?)`);
  t.match(r.stderr, /post-render failed \(exit 2\)\n$/);
  t.notMatch(r.stderr, /details in/);
  // A dangling symlink is not followed to create its target either.
  const dangling = sandbox(t);
  script(join(dangling.bin, 'render-injector'), '#!/bin/sh\ncat >/dev/null\nexit 3\n');
  mkdirSync(dirname(dangling.log), { recursive: true });
  symlinkSync(join(dangling.root, 'created-by-plugin'), dangling.log);
  t.equal(run(dangling, [], STREAM).status, 3);
  t.notOk(existsSync(join(dangling.root, 'created-by-plugin')), 'no file created through the symlink');
  // RENDER_INJECTOR_PLUGIN_LOG still chooses the file.
  const chosen = sandbox(t);
  script(join(chosen.bin, 'render-injector'), '#!/bin/sh\ncat >/dev/null\nexit 2\n');
  const file = join(chosen.root, 'my.log');
  const c = spawnSync(chosen.wrapper, [], { input: STREAM, encoding: 'utf8', env: { PATH: chosen.bin, TMPDIR: chosen.tmp, RENDER_INJECTOR_PLUGIN_LOG: file } });
  t.match(c.stderr, `details in ${file}`);
  t.match(readFileSync(file, 'utf8'), /exit 2 from: render-injector post-render/);
  // With no HOME and no XDG_STATE_HOME, the plugin's own directory.
  const c2 = spawnSync(chosen.wrapper, [], { input: STREAM, encoding: 'utf8', env: { PATH: chosen.bin, TMPDIR: chosen.tmp } });
  t.match(c2.stderr, /details in .*\/bin\/\.\.\/render-injector-helm-plugin\.log/);
});

t.test('without render-injector on PATH it uses the bundled CLI, then npx --no-install', async (t) => {
  const s = sandbox(t);
  script(join(s.bin, 'npx'), `#!/bin/sh\nfor a in "$@"; do printf '[%s]' "$a"; done\ncat\n`);
  const viaNpx = run(s, ['--provider=kind'], 'in\n');
  t.equal(viaNpx.status, 0);
  t.equal(viaNpx.stdout, '[--no-install][render-injector][post-render][--provider=kind]in\n');

  symlinkSync(process.execPath, join(s.bin, 'node'));
  script(
    join(s.root, 'pkg', 'dist', 'lib', 'cli', 'bin.cjs'),
    "process.stdout.write(JSON.stringify(process.argv.slice(2)) + '\\n'); process.stdin.pipe(process.stdout);\n",
  );
  const bundled = run(s, ['--provider=kind'], 'in\n');
  t.equal(bundled.status, 0);
  t.equal(bundled.stdout, '["post-render","--provider=kind"]\nin\n');
});

t.test('with nothing to run: exit 127 and a logged reason', async (t) => {
  const s = sandbox(t);
  const r = run(s, [], STREAM);
  t.equal(r.status, 127);
  t.equal(r.stdout, '');
  t.match(r.stderr, `logged to ${s.log}`);
  t.match(readFileSync(s.log, 'utf8'), /cannot run render-injector: it is not on PATH, not next to the plugin, and npx is missing/);
});
