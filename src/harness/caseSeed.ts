/** The one seed mixer lives with the generators (src/gen/caseSeed.ts); re-exported for the harness. */
export { caseSeed } from '../gen/caseSeed';
