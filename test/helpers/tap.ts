import type t from 'tap';

/** The `t` that a tap subtest callback receives (tap exports no name for this plugin-extended type). */
export type TapTest = Parameters<Parameters<typeof t.test>[0]>[0];
