import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DecodeError } from '../../../src/errors/DecodeError';
import { ByteWriter } from '../../../src/wasm/binary/byteWriter';
import { decodeModule } from '../../../src/wasm/binary/decodeModule';
import { encodeModule } from '../../../src/wasm/binary/encodeModule';

const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A section: id, u32 size, contents. */
function sec(id: number, ...contents: number[]): number[] {
  const w = new ByteWriter();
  w.u32(contents.length);
  return [id, ...w.finish(), ...contents];
}

function mod(...sections: number[][]): Uint8Array {
  return new Uint8Array([...HEADER, ...sections.flat()]);
}

/** Type section with one `(func)` type, function section with one function of it. */
const TYPE = sec(1, 1, 0x60, 0, 0);
const FUNC = sec(3, 1, 0);
/** A code section with one body: no locals, then `body` (which must include the final end). */
function code(...body: number[]): number[] {
  return sec(10, 1, body.length + 1, 0, ...body);
}

function rejects(bytes: Uint8Array, reason: string): void {
  assert.throws(
    () => decodeModule(bytes),
    (e: unknown) => {
      assert.ok(e instanceof DecodeError, `not a DecodeError: ${String(e)}`);
      assert.equal(e.reason, reason);
      return true;
    },
  );
}

describe('decodeModule well-formedness errors (spec 5, reference interpreter wording)', () => {
  it('accepts the empty module', () => {
    const m = decodeModule(mod());
    assert.equal(m.types.length, 0);
    assert.equal(m.start, undefined);
  });

  it('checks the header', () => {
    rejects(new Uint8Array([]), 'unexpected end');
    rejects(new Uint8Array([0x00, 0x61, 0x73]), 'unexpected end');
    rejects(new Uint8Array([0x00, 0x61, 0x73, 0x6e, 1, 0, 0, 0]), 'magic header not detected');
    rejects(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 1, 0]), 'unexpected end');
    rejects(new Uint8Array([0x00, 0x61, 0x73, 0x6d, 2, 0, 0, 0]), 'unknown binary version');
  });

  it('checks section ids, sizes and order', () => {
    rejects(mod([14, 0]), 'malformed section id');
    rejects(mod([13, 0]), 'unexpected end of section or function');
    rejects(mod(sec(13, 1, 0x01, 0)), 'malformed tag attribute');
    rejects(mod([1, 5, 0]), 'length out of bounds');
    rejects(mod(sec(1, 0, 0)), 'section size mismatch');
    rejects(mod(sec(1, 2, 0x60, 0)), 'unexpected end of section or function');
    rejects(mod(sec(3, 0), sec(1, 0)), 'unexpected content after last section');
    rejects(mod(sec(1, 0), sec(1, 0)), 'unexpected content after last section');
    assert.doesNotThrow(() => decodeModule(mod(sec(0, 1, 0x61), TYPE, sec(0, 0), sec(12, 0))));
  });

  it('checks function/code and data count consistency', () => {
    rejects(mod(TYPE, FUNC), 'function and code section have inconsistent lengths');
    rejects(mod(TYPE, code(0x0b)), 'function and code section have inconsistent lengths');
    rejects(mod(sec(12, 1)), 'data count and data section have inconsistent lengths');
    rejects(mod(TYPE, FUNC, code(0xfc, 9, 0, 0x0b)), 'data count section required');
    assert.doesNotThrow(() => decodeModule(mod(TYPE, FUNC, sec(12, 0), code(0xfc, 9, 0, 0x0b))));
  });

  it('checks function bodies', () => {
    rejects(mod(TYPE, FUNC, code(0x01)), 'unexpected end of section or function');
    rejects(mod(TYPE, FUNC, code(0x0b, 0x01)), 'section size mismatch');
    rejects(mod(TYPE, FUNC, code(0x02, 0x40, 0x05, 0x0b, 0x0b)), 'END opcode expected');
    rejects(mod(TYPE, FUNC, code(0x05, 0x0b)), 'END opcode expected');
    rejects(mod(TYPE, FUNC, code(0x27, 0x0b)), 'illegal opcode 27');
    rejects(mod(TYPE, FUNC, code(0xfb, 0x7f, 0x0b)), 'illegal opcode fb 7f');
    rejects(mod(TYPE, FUNC, code(0x3f, 0x01, 0x0b)), 'zero byte expected (multi-memory is not supported)');
    rejects(mod(TYPE, FUNC, code(0x28, 0x80, 0x01, 0x00, 0x0b)), 'malformed memop flags');
    rejects(mod(TYPE, FUNC, code(0xfb, 24, 0x04, 0, 0x6e, 0x6e, 0x0b)), 'malformed br_on_cast flags');
    rejects(mod(TYPE, FUNC, code(0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b)), 'integer representation too long');
    rejects(mod(TYPE, FUNC, code(0x41, 0x80, 0x80, 0x80, 0x80, 0x70, 0x0b)), 'integer too large');
    // if ... else ... end nests fine, including an if without else.
    assert.doesNotThrow(() => decodeModule(mod(TYPE, FUNC, code(0x04, 0x40, 0x05, 0x04, 0x40, 0x0b, 0x0b, 0x0b))));
  });

  it('limits locals', () => {
    rejects(mod(TYPE, FUNC, sec(10, 1, 10, 2, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x7f, 0x01, 0x7e, 0x0b)), 'too many locals');
    rejects(mod(TYPE, FUNC, sec(10, 1, 6, 1, 0xd1, 0x86, 0x03, 0x7f, 0x0b)), 'too many locals');
    const m = decodeModule(mod(TYPE, FUNC, sec(10, 1, 7, 2, 2, 0x7f, 1, 0x64, 0x6e, 0x0b)));
    assert.deepEqual(m.funcs[0]!.locals, ['i32', 'i32', { kind: 'ref', nullable: false, heap: 'any' }]);
  });

  it('limits the locals of all functions together (MAX_MODULE_LOCALS)', () => {
    const withFuncs = (n: number): Uint8Array => {
      const funcs = new ByteWriter();
      funcs.u32(n);
      for (let i = 0; i < n; i++) funcs.u8(0);
      const codes = new ByteWriter();
      codes.u32(n);
      for (let i = 0; i < n; i++) {
        codes.u8(6); // body size
        codes.bytes(Uint8Array.of(1, 0xd0, 0x86, 0x03, 0x7f, 0x0b)); // 50,000 x i32, end
      }
      const f = funcs.finish();
      const c = codes.finish();
      const w = new ByteWriter();
      w.bytes(Uint8Array.from([...HEADER, ...TYPE]));
      w.u8(3);
      w.u32(f.length);
      w.bytes(f);
      w.u8(10);
      w.u32(c.length);
      w.bytes(c);
      return w.finish();
    };
    assert.equal(decodeModule(withFuncs(20)).funcs.length, 20);
    rejects(withFuncs(21), 'too many locals');
  });

  it('takes byte strings from a Buffer as plain, independent Uint8Arrays', () => {
    const input = Buffer.from(mod(sec(11, 1, 1, 2, 0xaa, 0xbb), sec(0, 1, 0x63, 0x01)));
    const m = decodeModule(input);
    assert.equal(Object.getPrototypeOf(m.datas[0]!.init), Uint8Array.prototype);
    assert.deepEqual(m.datas[0]!.init, Uint8Array.of(0xaa, 0xbb));
    input.fill(0);
    assert.deepEqual(m.customs[0], { name: 'c', bytes: Uint8Array.of(0x01) });
  });

  it('names out-of-scope features', () => {
    rejects(mod(TYPE, FUNC, code(0xfd, 0x0c, 0x0b)), 'SIMD is not supported');
    rejects(mod(TYPE, FUNC, code(0xfe, 0x00, 0x0b)), 'threads are not supported');
    // Legacy exception handling (try/catch/rethrow/delegate) stays out of scope; try_table, throw,
    // throw_ref and the tail calls decode.
    rejects(mod(TYPE, FUNC, code(0x06, 0x40, 0x0b, 0x0b)), 'exception handling is not supported');
    rejects(mod(TYPE, FUNC, code(0x09, 0x00, 0x0b)), 'exception handling is not supported');
    rejects(mod(TYPE, FUNC, code(0x1f, 0x40, 0x01, 0x04, 0x00, 0x0b)), 'malformed catch clause');
    assert.deepEqual(decodeModule(mod(TYPE, FUNC, code(0x1f, 0x40, 0x01, 0x02, 0x00, 0x0b, 0x0b))).funcs[0]!.body[0], {
      op: 'try_table', imm: [{ kind: 'empty' }, [{ kind: 'catch_all', label: 0 }]],
    });
    rejects(mod(TYPE, FUNC, code(0xe0, 0x00, 0x0b)), 'stack switching is not supported');
    rejects(mod(sec(1, 1, 0x60, 1, 0x7b, 0)), 'SIMD is not supported');
    rejects(mod(sec(5, 1, 0x04, 0)), 'memory64 is not supported');
    rejects(mod(sec(5, 1, 0x03, 0, 1)), 'threads are not supported');
    rejects(mod(TYPE, FUNC, code(0x28, 0x40, 0x01, 0x00, 0x0b)), 'multi-memory is not supported');
    // Memory index 0 written explicitly (Wasm 3.0) is the one memory, and re-encodes as written.
    const explicit0 = mod(TYPE, FUNC, code(0x41, 0x00, 0x28, 0x42, 0x00, 0x07, 0x1a, 0x0b));
    assert.deepEqual((decodeModule(explicit0).funcs[0]!.body[1]!.imm[0]), { align: 2, offset: 7 });
    assert.deepEqual(Buffer.from(encodeModule(decodeModule(explicit0))), Buffer.from(explicit0));
    assert.deepEqual(decodeModule(mod(sec(2, 1, 0, 0, 0x04, 0, 0))).imports[0]!.desc, { kind: 'tag', typeIndex: 0 });
  });

  it('checks type, import, export, element and data encodings', () => {
    rejects(mod(sec(1, 1, 0x40)), 'malformed definition type');
    rejects(mod(sec(1, 1, 0x60, 1, 0x10, 0)), 'malformed value type');
    rejects(mod(sec(1, 1, 0x5e, 0x7f, 0x02)), 'malformed mutability');
    rejects(mod(sec(1, 1, 0x60, 0, 1, 0x64, 0x40)), 'malformed heap type');
    rejects(mod(sec(2, 1, 0, 0, 0x05)), 'malformed import kind');
    rejects(mod(sec(7, 1, 0, 0x05, 0)), 'malformed export kind');
    rejects(mod(sec(9, 1, 0x08)), 'malformed elements segment kind');
    rejects(mod(sec(9, 1, 0x01, 0x01, 0)), 'malformed element kind');
    rejects(mod(sec(11, 1, 0x03)), 'malformed data segment kind');
    rejects(mod(sec(4, 1, 0x70, 0x08, 0)), 'malformed limits flags');
    rejects(mod(sec(4, 1, 0x40, 0x01, 0x70, 0, 0, 0x0b)), 'zero byte expected');
    rejects(mod(sec(7, 1, 2, 0xc0, 0x80, 0, 0)), 'malformed UTF-8 encoding');
  });

  it('decodes every element segment form (spec 5.5.12) to the right type and mode', () => {
    const off = [0x41, 0x00, 0x0b];
    const m = decodeModule(
      mod(
        TYPE,
        FUNC,
        sec(
          9,
          8,
          0, ...off, 1, 0,
          1, 0x00, 1, 0,
          2, 1, ...off, 0x00, 1, 0,
          3, 0x00, 1, 0,
          4, ...off, 1, 0xd0, 0x70, 0x0b,
          5, 0x6e, 1, 0xd0, 0x6e, 0x0b,
          6, 2, ...off, 0x64, 0x70, 1, 0xd2, 0, 0x0b,
          7, 0x70, 0,
        ),
        code(0x0b),
      ),
    );
    const refFunc = { kind: 'ref', nullable: false, heap: 'func' };
    const funcref = { kind: 'ref', nullable: true, heap: 'func' };
    const offset = [{ op: 'i32.const', imm: [0] }];
    const fn0 = [[{ op: 'ref.func', imm: [0] }]];
    assert.deepEqual(m.elems, [
      { type: refFunc, init: fn0, mode: { kind: 'active', table: 0, offset } },
      { type: refFunc, init: fn0, mode: { kind: 'passive' } },
      { type: refFunc, init: fn0, mode: { kind: 'active', table: 1, offset } },
      { type: refFunc, init: fn0, mode: { kind: 'declarative' } },
      { type: funcref, init: [[{ op: 'ref.null', imm: ['func'] }]], mode: { kind: 'active', table: 0, offset } },
      { type: { kind: 'ref', nullable: true, heap: 'any' }, init: [[{ op: 'ref.null', imm: ['any'] }]], mode: { kind: 'passive' } },
      { type: refFunc, init: fn0, mode: { kind: 'active', table: 2, offset } },
      { type: funcref, init: [], mode: { kind: 'declarative' } },
    ]);
  });

  it('decodes a table initialiser and oversized limits (left to validation)', () => {
    const m = decodeModule(mod(sec(4, 2, 0x40, 0x00, 0x64, 0x70, 0x00, 0x01, 0xd2, 0x00, 0x0b, 0x70, 0x00, 0x80, 0x80, 0x80, 0x80, 0x10)));
    assert.deepEqual(m.tables[0]!.init, [{ op: 'ref.func', imm: [0] }]);
    assert.equal(m.tables[1]!.init, undefined);
    assert.equal(m.tables[1]!.type.limits.min, 2 ** 32);
  });
});
