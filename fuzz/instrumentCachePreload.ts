/**
 * Loaded with `node --require` (see instrumentCacheEnv) into jsfuzz's processes: when
 * GCFUZZ_INSTRUMENT_CACHE names a directory, istanbul's instrumentation is cached there; when
 * GCFUZZ_INSTRUMENT_ONLY lists directories (JSON), only modules under them are instrumented.
 */
import { INSTRUMENT_CACHE_ENV, INSTRUMENT_ONLY_ENV, installInstrumentCache } from './instrumentCache';

const dir = process.env[INSTRUMENT_CACHE_ENV];
const only = process.env[INSTRUMENT_ONLY_ENV];
if (dir) installInstrumentCache(dir, only ? (JSON.parse(only) as string[]) : undefined);
