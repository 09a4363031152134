import { describe, expect, it } from 'vitest';
import { BundleFormatError, readBundle } from './bundle-reader.js';

async function read(chunks: readonly (string | Uint8Array)[]): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const o of readBundle(
    (async function* () {
      yield* chunks;
    })(),
  ))
    out.push(o);
  return out;
}

async function failure(chunks: readonly (string | Uint8Array)[]): Promise<BundleFormatError> {
  try {
    await read(chunks);
  } catch (err) {
    if (err instanceof BundleFormatError) return err;
    throw err;
  }
  throw new Error('expected a BundleFormatError');
}

/** Every way of cutting `bytes` in two, plus one byte at a time. */
function splits(bytes: Uint8Array): Uint8Array[][] {
  const out: Uint8Array[][] = [];
  for (let i = 0; i <= bytes.length; i++) out.push([bytes.subarray(0, i), bytes.subarray(i)]);
  out.push(Array.from(bytes, (_, i) => bytes.subarray(i, i + 1)));
  return out;
}

const OBJECTS = [
  { type: 'note', id: 'note--1', content: 'braces } { ] [ and "quotes" and \\ backslashes \\' },
  { type: 'x', id: 'x--2', nested: { a: [1, 2.5e3, -1.5, true, false, null], b: {} }, empty: [] },
  { type: 'note', id: 'note--3', content: 'ünïcödé 日本語 😀 \u0000 \n tab\t', ends: '\\' },
];
const BUNDLE = `\ufeff{ "objects" :\r\n [ ${OBJECTS.map((o) => JSON.stringify(o)).join(' ,\n\t')} ],
  "spec_version": "2.1", "extra": {"ignored": [1, {"x": "]"}]}, "id": "bundle--5d0092c5-5f74-4287-9642-33f4c354e56d", "type": "bundle" }\n`;

describe('readBundle', () => {
  it('yields the objects whatever the key order, spacing and escapes', async () => {
    expect(await read([BUNDLE])).toEqual(OBJECTS);
  });

  it('yields the same objects for a chunk boundary at every byte (UTF-8 split included)', async () => {
    const bytes = new TextEncoder().encode(BUNDLE);
    for (const chunks of splits(bytes)) expect(await read(chunks)).toEqual(OBJECTS);
  });

  it('accepts an empty objects array and a bundle without one', async () => {
    expect(await read(['{"type":"bundle","id":"bundle--1","objects":[]}'])).toEqual([]);
    expect(await read(['{"id":"bundle--1","type":"bundle"}'])).toEqual([]);
  });

  it('yields non-object elements for the store to reject by index', async () => {
    expect(await read(['{"type":"bundle","id":"bundle--1","objects":[1,"a",null,[]]}'])).toEqual([
      1,
      'a',
      null,
      [],
    ]);
  });

  it('reports malformed JSON inside an object with its index, line and column', async () => {
    const err = await failure([
      '{"type":"bundle","id":"bundle--1","objects":[\n{"a":1},\n  {"b": }\n]}',
    ]);
    expect(err.code).toBe('NH_ERR_MALFORMED_JSON');
    expect([err.index, err.line, err.column]).toEqual([1, 3, 9]);
    expect(err.message).toMatch(/object #1 at line 3, column 9: expected a value/);
  });

  it('reports the same position whatever the chunking', async () => {
    const bytes = new TextEncoder().encode(
      '{"type":"bundle","id":"bundle--1","objects":[\n{"é":"ü"},\n {"b":[1,]}]}',
    );
    for (const chunks of splits(bytes)) {
      const err = await failure(chunks);
      expect([err.line, err.column, err.index]).toEqual([3, 10, 1]);
    }
  });

  it('reports envelope syntax errors', async () => {
    expect((await failure(['{"type":"bundle" "id":"bundle--1"}'])).message).toMatch(
      /line 1, column 17: expected ':'|expected ',' or '}'/,
    );
    expect((await failure(['{"type":"bundle","objects":[{"a":1} {"b":2}]}'])).message).toMatch(
      /expected ',' or ']' after object #0/,
    );
    expect(
      (await failure(['{"type":"bundle","id":"bundle--1","objects":[{"a":1}'])).message,
    ).toMatch(/found the end of the input/);
    expect(
      (await failure(['{"type":"bundle","id":"bundle--1","objects":[{"a":"x'])).message,
    ).toMatch(/unexpected end/);
    expect((await failure(['{"type":"bundle","id":"bundle--1"} trailing'])).message).toMatch(
      /column 36: expected the end/,
    );
    expect((await failure(['{"type":"bundle","type":"bundle"}'])).message).toMatch(
      /duplicate bundle property "type"/,
    );
    expect((await failure(['   '])).message).toMatch(/the input is empty/);
  });

  it('refuses documents that are not bundles', async () => {
    expect((await failure(['[{"type":"indicator"}]'])).code).toBe('NH_ERR_VALIDATION');
    expect((await failure(['{"type":"indicator","id":"indicator--1"}'])).message).toMatch(
      /"type" is "indicator", expected "bundle"/,
    );
    expect((await failure(['{"id":"bundle--1","objects":[]}'])).message).toMatch(
      /"type": "bundle" is missing/,
    );
    expect((await failure(['{"type":"bundle","objects":[]}'])).message).toMatch(/"id" is missing/);
    expect((await failure(['{"type":"bundle","id":"b","objects":[]}'])).message).toMatch(
      /"id" must be/,
    );
    expect((await failure(['{"type":"bundle","id":"bundle--1","objects":{}}'])).message).toMatch(
      /"objects" must be an array/,
    );
  });

  it('refuses invalid UTF-8 with its position', async () => {
    const head = new TextEncoder().encode('{"type":"bundle","id":"bundle--1","objects":[\n{"a":"é');
    const tail = new TextEncoder().encode('"}]}');
    const err = await failure([head, Uint8Array.of(0xc3, 0x28), tail]);
    expect(err.code).toBe('NH_ERR_MALFORMED_JSON');
    expect([err.line, err.column]).toEqual([2, 8]);
    expect(err.message).toMatch(/invalid UTF-8/);
  });

  it('refuses forbidden keys, spelt out or escaped, and deep nesting', async () => {
    const proto = await failure([
      '{"type":"bundle","id":"bundle--1","objects":[{"a":1},{"x":{"__proto__":{"admin":true}}}]}',
    ]);
    expect([proto.code, proto.index]).toEqual(['NH_ERR_VALIDATION', 1]);
    expect(proto.details[0]?.path).toBe('/x/__proto__');
    const escaped = await failure([
      '{"type":"bundle","id":"bundle--1","objects":[{"\\u0063onstructor":1}]}',
    ]);
    expect(escaped.message).toMatch(/constructor/);
    const deep = await failure([
      `{"type":"bundle","id":"bundle--1","objects":[${'['.repeat(100_000)}]}`,
    ]);
    expect(deep.code).toBe('NH_ERR_INPUT_LIMIT');
  });

  it('bounds the size of one value', async () => {
    const big = `{"type":"bundle","id":"bundle--1","objects":[{"a":"${'x'.repeat(5000)}"}]}`;
    const chunks = big.match(/.{1,100}/g)!;
    const it = readBundle(
      (async function* () {
        yield* chunks;
      })(),
      { maxValueBytes: 1000 },
    );
    await expect(it.next()).rejects.toThrow(/larger than 1000 bytes/);
  });
});
