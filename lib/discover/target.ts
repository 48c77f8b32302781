/**
 * Checks of the names that go into a provider CLI's argv: each one must look like what it names and can never
 * start with `-`, so no value is read as an option by the CLI it is handed to.
 */
import { RenderInjectorError } from '../errors.js';
import type { DiscoverTarget } from './types.js';

/** A target field, its option, what it may hold, and how that is said in an error. */
interface FieldRule {
  option: string;
  pattern: RegExp;
  says: string;
}

const RULES: Record<Exclude<keyof DiscoverTarget, 'provider'>, FieldRule> = {
  cluster: {
    option: '--cluster',
    pattern: /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/,
    says: 'a cluster name: letters, digits, "-", "_" and ".", starting with a letter or digit, at most 100 characters',
  },
  location: {
    option: '--location',
    pattern: /^[a-z]+(?:-[a-z0-9]+)+$/,
    says: 'a Google Cloud region or zone such as europe-west4 or europe-west4-a',
  },
  project: {
    option: '--project',
    pattern: /^(?:[a-z][a-z0-9.-]{0,62}:)?[a-z][a-z0-9-]{4,28}[a-z0-9]$/,
    says: 'a Google Cloud project id such as shop-1234 (6 to 30 lower-case letters, digits and "-")',
  },
  region: {
    option: '--region',
    pattern: /^[a-z]{2}(?:-[a-z0-9]+)+$/,
    says: 'an AWS region such as eu-west-1',
  },
  profile: {
    option: '--profile',
    pattern: /^[A-Za-z0-9_][A-Za-z0-9_.@+-]{0,63}$/,
    says: 'an AWS profile name: letters, digits and "_.@+-", not starting with "-"',
  },
  resourceGroup: {
    option: '--resource-group',
    pattern: /^[\p{L}\p{N}_.()][\p{L}\p{N}_.()-]{0,89}$/u,
    says: 'an Azure resource group name: letters, digits and "_.()-", not starting with "-", at most 90 characters',
  },
  subscription: {
    option: '--subscription',
    pattern: /^[\p{L}\p{N}_][\p{L}\p{N} _.()-]{0,63}$/u,
    says: 'an Azure subscription id or name: letters, digits, spaces and "_.()-", not starting with "-"',
  },
  context: {
    option: '--context',
    pattern: /^[^\s\p{C}-][^\s\p{C}]{0,252}$/u,
    says: 'a kubeconfig context name: no spaces or control characters, not starting with "-"',
  },
  kubeconfig: {
    option: '--kubeconfig',
    pattern: /^[^\p{C}-][^\p{C}]{0,4095}$/u,
    says: 'a file path without control characters, not starting with "-" (write ./-name for such a file)',
  },
};

/**
 * The option that sets a target field, e.g. `resourceGroup` → `--resource-group`.
 *
 * @example
 * ```ts
 * optionOf('resourceGroup'); // '--resource-group'
 * ```
 */
export function optionOf(field: Exclude<keyof DiscoverTarget, 'provider'>): string {
  return RULES[field].option;
}

/**
 * Returns the field's value after checking it, or throws `E_USAGE` naming the option and what it should hold.
 * With `required`, a missing value is an error naming the provider that needs it.
 *
 * @example
 * ```ts
 * checked({ provider: 'gke', cluster: 'shop-prod' }, 'cluster', true); // 'shop-prod'
 * checked({ provider: 'gke', cluster: '--impersonate=x' }, 'cluster', true); // throws E_USAGE
 * ```
 */
export function checked(target: DiscoverTarget, field: Exclude<keyof DiscoverTarget, 'provider'>, required: boolean): string | undefined {
  const rule = RULES[field];
  const value = target[field];
  if (value === undefined) {
    if (!required) return undefined;
    throw new RenderInjectorError('E_USAGE', `--discover for ${target.provider} needs ${rule.option}`, {
      place: { file: rule.option },
      hint: `write ${rule.option} ${rule.option.slice(2).toUpperCase().replace(/-/g, '_')} (${rule.says})`,
    });
  }
  if (!rule.pattern.test(value)) {
    throw new RenderInjectorError('E_USAGE', `${rule.option} ${JSON.stringify(value)} is not ${rule.says}`, {
      place: { file: rule.option },
      hint: `give ${rule.option} as the provider names it; nothing else reaches the command line`,
    });
  }
  return value;
}

/** Every target field with its option, for listing what a provider does not read. */
export const TARGET_FIELDS = Object.keys(RULES) as Exclude<keyof DiscoverTarget, 'provider'>[];
