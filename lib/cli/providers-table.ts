/**
 * The text form of `render-injector providers`.
 */
import type { Provider } from '../../providers/types.js';

/** One block per provider: name and title, default ranges with their sources, presets, the discovery command. */
export function formatProviders(providers: readonly Provider[]): string {
  return providers
    .map((p) => {
      const lines = [`${p.name} — ${p.title}`];
      if (p.defaults.length === 0) lines.push('  defaults: none (ranges are chosen per cluster; use --cluster-info)');
      else for (const r of p.defaults) lines.push(`  ${r.role.padEnd(8)} ${r.cidr.padEnd(20)} ${r.source}`);
      for (const [name, preset] of Object.entries(p.presets)) {
        lines.push(`  --preset ${name}: ${preset.description} (${preset.ranges.map((r) => r.cidr).join(', ')})`);
      }
      lines.push(`  discover: ${p.command}`);
      for (const note of p.notes) lines.push(`  note: ${note}`);
      return lines.join('\n');
    })
    .join('\n\n')
    .concat('\n');
}
