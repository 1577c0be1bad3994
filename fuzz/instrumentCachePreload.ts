/**
 * Loaded with `node --require` (see instrumentCacheEnv) into jsfuzz's processes: when
 * GCFUZZ_INSTRUMENT_CACHE names a directory, istanbul's instrumentation is cached there.
 */
import { INSTRUMENT_CACHE_ENV, installInstrumentCache } from './instrumentCache';

const dir = process.env[INSTRUMENT_CACHE_ENV];
if (dir) installInstrumentCache(dir);
