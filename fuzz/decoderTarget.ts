import { DecodeError } from '../src/errors/DecodeError';
import { ValidationError } from '../src/errors/ValidationError';
import { GcTypeRegistry } from '../src/runtime/gcTypes';
import { decodeModule } from '../src/wasm/binary/decodeModule';
import { validateModule } from '../src/wasm/validation/validateModule';

/**
 * jsfuzz target: decode and validate arbitrary bytes as a module. Rejecting them with
 * `DecodeError` or `ValidationError` is the expected verdict; any other exception is a crash.
 */
export function fuzz(buf: Buffer): void {
  try {
    validateModule(decodeModule(buf), new GcTypeRegistry());
  } catch (e: unknown) {
    if (!(e instanceof DecodeError || e instanceof ValidationError)) throw e;
  }
}
