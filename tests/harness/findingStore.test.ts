import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { prepareOutDir, storeFile, type StoreFs } from '../../src/harness/findingStore';
import { UsageError } from '../../src/errors/UsageError';

const tmp = () => fs.mkdtempSync(path.join(os.tmpdir(), 'gcfuzz-store-'));

test('prepareOutDir: a file, a path under a file, a device, /sys and /proc are usage errors at once (no recursive-mkdir loop)', { timeout: 10_000 }, () => {
  const dir = tmp();
  const file = path.join(dir, 'afile');
  fs.writeFileSync(file, 'x');
  for (const [out, why] of [[file, /is a file/], [path.join(file, 'sub'), /is a file/], ['/dev/full', /is a file/], ['/sys/nope', /pseudo file system/], ['/proc/nope', /pseudo file system/], ['/proc/self/nope/deeper', /pseudo file system/]] as const) {
    assert.throws(() => prepareOutDir(out), (e: unknown) => e instanceof UsageError && why.test(e.message), out);
  }
});

test('prepareOutDir creates missing components one by one and leaves no probe behind', () => {
  const dir = tmp();
  const out = path.join(dir, 'a', 'b', 'c');
  assert.equal(prepareOutDir(out), fs.realpathSync(out));
  assert.deepEqual(fs.readdirSync(out), []);
});

test('prepareOutDir refuses a directory it cannot write to', (t) => {
  const dir = tmp();
  fs.chmodSync(dir, 0o555);
  if (process.getuid?.() === 0) {
    // root writes through mode bits: use a read-only mount when the machine allows one.
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', dir]);
    if (m.status !== 0) return t.skip('running as root and cannot mount a read-only tmpfs here');
    t.after(() => spawnSync('umount', [dir]));
  }
  assert.throws(() => prepareOutDir(dir), (e: unknown) => e instanceof UsageError && /not writable/.test(e.message));
});

/** A file system whose writes fail like a full disk after the temporary file was created. */
function fullDisk(): StoreFs & { tmps: string[] } {
  const tmps: string[] = [];
  return {
    tmps,
    writeFileSync(f, d) {
      fs.writeFileSync(f, d.slice(0, 10), { flag: 'wx' }); // a partial write, as ENOSPC leaves it
      tmps.push(f);
      throw Object.assign(new Error(`ENOSPC: no space left on device, write '${f}'`), { code: 'ENOSPC' });
    },
    renameSync: (a, b) => fs.renameSync(a, b),
    unlinkSync: (f) => fs.unlinkSync(f),
  };
}

test('storeFile: a failing directory leaves no .tmp behind and the file goes to the fallback directory, saying why', () => {
  const dir = tmp();
  const fallback = tmp();
  const broken = fullDisk();
  let n = 0;
  const healthy: StoreFs = {
    writeFileSync: (f, d) => (++n === 1 ? broken.writeFileSync(f, d) : fs.writeFileSync(f, d, { flag: 'wx' })),
    renameSync: (a, b) => fs.renameSync(a, b),
    unlinkSync: (f) => fs.unlinkSync(f),
  };
  const s = storeFile(dir, 'r.json', (d) => `written in ${d}\n`, healthy, fallback);
  assert.equal(s.file, path.join(fallback, 'r.json'));
  assert.match(s.fallback ?? '', /ENOSPC/);
  assert.equal(fs.readFileSync(s.file, 'utf8'), `written in ${fallback}\n`);
  assert.deepEqual(fs.readdirSync(dir), [], 'no temporary file left in the failing directory');
});

test('a full tmpfs: the reproducer lands in the fallback directory and nothing is left on the full disk', (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to mount a tmpfs (the injected ENOSPC test above covers the logic)');
  const dir = tmp();
  if (spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', dir]).status !== 0) return t.skip('cannot mount a tmpfs here');
  t.after(() => spawnSync('umount', [dir]));
  assert.equal(prepareOutDir(dir), dir, 'an empty file fits: the directory passes the up-front check');
  try {
    fs.writeFileSync(path.join(dir, 'filler'), Buffer.alloc(64 * 1024));
  } catch {
    // the disk is full now
  }
  const fallback = tmp();
  const s = storeFile(dir, 'r.json', () => `${'x'.repeat(8192)}\n`, undefined, fallback);
  assert.equal(s.file, path.join(fallback, 'r.json'));
  assert.match(s.fallback ?? '', /ENOSPC/);
  assert.deepEqual(fs.readdirSync(dir), ['filler']);
});
