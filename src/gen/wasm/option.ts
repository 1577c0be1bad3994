/** One choice of the body generator: a weight (0 disables it) and what to emit when it is picked (see `BodyGen.choose`). */
export type Option = readonly [weight: number, run: () => void];
