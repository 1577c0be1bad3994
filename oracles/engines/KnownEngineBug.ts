/** The kinds of engine bug the harness recognises and reports apart from findings. */
export type KnownEngineBugKind = 'v8-tier-disagreement';

/**
 * Not a finding: the reference engine (V8) contradicts itself, so its disagreement with the
 * interpreter says nothing about the runtime under test. Thrown only after every interpreter
 * engine (each collector, the model) agreed; the session counts it, saves its reproducer apart
 * from findings and goes on. See `adjudicateV8` (v8Tiers.ts) for when V8 counts as contradicting itself.
 */
export class KnownEngineBug extends Error {
  constructor(
    readonly kind: KnownEngineBugKind,
    /** What each forced tier did, in one line. */
    readonly detail: string,
  ) {
    super(`known engine bug (${kind}): ${detail}`);
    this.name = 'KnownEngineBug';
  }
}
