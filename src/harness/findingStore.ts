import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UsageError } from '../errors/UsageError';

/**
 * Where findings go. The output directory is checked before a session starts (prepareOutDir), and
 * a reproducer that cannot be written there at write time (full disk, directory removed, ...) goes
 * to a fallback directory instead, with the reason in the finding; if even that fails, the
 * reproducer is printed on stderr. A finding is never lost to an I/O error.
 */

/** The file-system calls the store makes (a test injects failures here). */
export interface StoreFs {
  writeFileSync(file: string, data: string): void;
  renameSync(from: string, to: string): void;
  unlinkSync(file: string): void;
}

const REAL_FS: StoreFs = {
  writeFileSync: (f, d) => fs.writeFileSync(f, d, { flag: 'wx' }),
  renameSync: (a, b) => fs.renameSync(a, b),
  unlinkSync: (f) => fs.unlinkSync(f),
};

/** Where reproducers go when the chosen directory fails at write time. */
export function fallbackDir(): string {
  return path.join(os.tmpdir(), 'gcfuzz-findings');
}

/** Pseudo file systems a reproducer must never be written to (procfs, sysfs, cgroup, debugfs...: statfs magic). */
const PSEUDO_FS_TYPES = new Set([0x9fa0, 0x62656572, 0x27e0eb, 0x63677270, 0x64626720, 0x74726163, 0x73636673]);

/** Path components an output directory may have; more is surely a mistake (and bounds the walk). */
const MAX_COMPONENTS = 64;

/**
 * Makes `dir` (absolute) a usable output directory, or throws UsageError (exit 2) saying why:
 * it must be a directory (or creatable as one, component by component: Node's recursive mkdir
 * loops forever on some /proc paths), not on a pseudo file system, and writable (a probe file is
 * created and removed). Returns the directory's real path.
 */
export function prepareOutDir(dir: string): string {
  const abs = path.resolve(dir);
  const parts = abs.split(path.sep).filter((p) => p !== '');
  if (parts.length > MAX_COMPONENTS) throw new UsageError(`--out ${dir}: more than ${MAX_COMPONENTS} path components`);
  let cur = path.parse(abs).root;
  for (const part of parts) {
    cur = path.join(cur, part);
    let st: fs.Stats | undefined;
    try {
      st = fs.statSync(cur);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw new UsageError(`--out ${dir}: cannot use ${cur}: ${(e as Error).message}`);
    }
    if (st !== undefined && !st.isDirectory()) throw new UsageError(`--out ${dir}: ${cur} is a file, not a directory`);
    if (st !== undefined) {
      rejectPseudoFs(dir, cur);
      continue;
    }
    rejectPseudoFs(dir, path.dirname(cur));
    try {
      fs.mkdirSync(cur);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || !fs.statSync(cur).isDirectory()) throw new UsageError(`--out ${dir}: cannot create ${cur}: ${(e as Error).message}`);
    }
  }
  const probe = path.join(abs, `.gcfuzz-probe-${process.pid}-${Date.now()}`);
  try {
    fs.writeFileSync(probe, '', { flag: 'wx' });
    fs.unlinkSync(probe);
  } catch (e) {
    throw new UsageError(`--out ${dir}: not writable: ${(e as Error).message}`);
  }
  return fs.realpathSync(abs);
}

function rejectPseudoFs(dir: string, existing: string): void {
  let type: number;
  try {
    type = fs.statfsSync(existing).type;
  } catch {
    return;
  }
  if (PSEUDO_FS_TYPES.has(type)) throw new UsageError(`--out ${dir}: ${existing} is on a pseudo file system (statfs type 0x${type.toString(16)})`);
}

/** Where a reproducer ended up: `file` (or '-' for stderr), and why it is not in the chosen directory (null when it is). */
export interface StoredFile {
  readonly file: string;
  readonly fallback: string | null;
}

/**
 * Writes `render(dir)` as `name` in `dir`, atomically (a temporary file beside it, then rename;
 * the temporary file is removed when either step fails, so a full disk leaves nothing behind). On
 * failure it tries `fallbackDir()`, then stderr. (`render` gets the directory actually used, since
 * a reproducer names paths relative to itself.)
 */
export function storeFile(dir: string, name: string, render: (dir: string) => string, fsOps: StoreFs = REAL_FS, fallback: string = fallbackDir()): StoredFile {
  const first = tryWrite(dir, name, render(dir), fsOps);
  if (first === null) return { file: path.join(dir, name), fallback: null };
  let second: string | null;
  try {
    fs.mkdirSync(fallback, { recursive: true });
    second = tryWrite(fallback, name, render(fallback), fsOps);
  } catch (e) {
    second = (e as Error).message;
  }
  const why = `could not write to ${dir}: ${first}`;
  if (second === null) return { file: path.join(fallback, name), fallback: why };
  process.stderr.write(`gcfuzz: ${why}; nor to ${fallback}: ${second}. The reproducer ${name} follows:\n${render(dir)}`);
  return { file: '-', fallback: `${why}; fallback ${fallback} failed too (${second}); printed on stderr` };
}

/** Null on success, else the error message (and no temporary file left). */
function tryWrite(dir: string, name: string, text: string, fsOps: StoreFs): string | null {
  const file = path.join(dir, name);
  const tmp = path.join(dir, `.${name}.${process.pid}.${Math.floor(performance.now() * 1000)}.tmp`);
  try {
    fsOps.writeFileSync(tmp, text);
    fsOps.renameSync(tmp, file);
    return null;
  } catch (e) {
    try {
      fsOps.unlinkSync(tmp);
    } catch {
      // never created, or already gone
    }
    return (e as Error).message;
  }
}
