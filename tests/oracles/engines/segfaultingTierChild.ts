/** A forced-tier child that dies as a crashing V8 does (v8Tiers.test.ts): killed by SIGSEGV before it answers. */
process.kill(process.pid, 'SIGSEGV');
