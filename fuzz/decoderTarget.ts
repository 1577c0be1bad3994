import { checkDecoderVerdict } from '../oracles/checkDecoderVerdict';

/**
 * jsfuzz target: arbitrary bytes as a module, through the decoder target's oracles
 * (oracles/checkDecoderVerdict.ts): typed rejection only, encode round trip, validity agreeing
 * with V8. An OracleFailure is a crash for jsfuzz.
 */
export function fuzz(buf: Buffer): void {
  checkDecoderVerdict(buf);
}
