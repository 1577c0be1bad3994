import { serveV8Tier } from './serveV8Tier';
import { V8Engine } from './v8Engine';

/** Child-process entry of v8Tiers.ts for the wasm target: V8 with the `host` imports only. */
serveV8Tier(() => new V8Engine());
