// CLI cold start: the main job (`render-injector --provider iks`, the ConfigMap on stdout) and two other
// commands, each against a bare `node -e 0`, all as whole processes run by the shipped bin (dist/lib/cli/bin.cjs,
// what package.json's `bin` names and npm links as `render-injector`), taking turns run by run; and the main job
// once more through dist/lib/cli/bin.js, the ES module that forwards to it. Prints the medians, the ratio to bare
// Node, and peak RSS.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interleave, quick, row, runProcess } from './common.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../dist/lib/cli/bin.cjs');
const forwarder = join(dirname(bin), 'bin.js');
const RUNS = Number(process.env.RENDER_INJECTOR_BENCH_CLI_RUNS ?? (quick ? 15 : 41));

export default async function run() {
  const node = (args) => () => runProcess(process.execPath, args);
  const cases = [
    { name: 'node -e 0', run: node(['-e', '0']) },
    { name: 'main job: render-injector --provider iks', run: node([bin, '--provider', 'iks']) },
    { name: 'render-injector --version', run: node([bin, '--version']) },
    { name: 'render-injector iptables --provider iks', run: node([bin, 'iptables', '--provider', 'iks']) },
    { name: 'the same through dist/lib/cli/bin.js', run: node([forwarder, '--provider', 'iks']) },
  ];
  node(['-e', '0'])(); // warm the file cache
  node([bin, '--provider', 'iks'])();
  const [bare, ...rest] = interleave(cases, RUNS);
  console.log(`cli: median of ${RUNS} runs each, taking turns; wall time of the whole process`);
  for (const r of rest) row(r.name, r, bare, r.name.startsWith('main job') ? { goal: 1.3 } : {});
}
