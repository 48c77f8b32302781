// CLI cold start: the main job (`render-injector --provider iks`, the ConfigMap on stdout) and two other
// commands, each against a bare `node -e 0`, all as whole processes run by the shipped bin (the bundle in
// dist/lib/cli/bin.js), taking turns run by run. Prints the medians, the ratio to bare Node, and peak RSS.
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { interleave, quick, row, runProcess } from './common.mjs';

const bin = join(dirname(fileURLToPath(import.meta.url)), '../dist/lib/cli/bin.js');
const RUNS = Number(process.env.RENDER_INJECTOR_BENCH_CLI_RUNS ?? (quick ? 15 : 41));

export default async function run() {
  const node = (args) => () => runProcess(process.execPath, args);
  const cases = [
    { name: 'node -e 0', run: node(['-e', '0']) },
    { name: 'main job: render-injector --provider iks', run: node([bin, '--provider', 'iks']) },
    { name: 'render-injector --version', run: node([bin, '--version']) },
    { name: 'render-injector iptables --provider iks', run: node([bin, 'iptables', '--provider', 'iks']) },
  ];
  node(['-e', '0'])(); // warm the file cache
  node([bin, '--provider', 'iks'])();
  const [bare, ...rest] = interleave(cases, RUNS);
  console.log(`cli: median of ${RUNS} runs each, taking turns; wall time of the whole process`);
  for (const r of rest) row(r.name, r, bare, r.name.startsWith('main job') ? { goal: 1.3 } : {});
}
