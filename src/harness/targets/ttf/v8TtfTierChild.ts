import { serveV8Tier } from '../../../../oracles/engines/serveV8Tier';
import { V8Engine } from '../../../../oracles/engines/v8Engine';
import { v8FuzzingSupport } from './fuzzingSupport';

/** Child-process entry of v8Tiers.ts for the ttf target: V8 with Binaryen's `fuzzing-support` imports. */
serveV8Tier((c) => new V8Engine(v8FuzzingSupport(c.module)));
