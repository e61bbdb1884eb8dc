// Facts about the peers on this machine that belong next to the numbers: whether msgpackr and
// cbor-x run with their native string extractors (msgpackr-extract / cbor-extract), and a re-check
// of msgpackr's handling of a Uint32Array without `moreTypes` (reported as corrupting it silently),
// and which peers decode a byte blob (W5) as a view of their input rather than a copy.

import avro from 'avsc';
import protobuf from 'protobufjs';
import * as cborx from 'cbor-x';
import * as msgpackr from 'msgpackr';
import { firstDifference } from './compare.ts';

const describe = (x: unknown): string => {
  if (ArrayBuffer.isView(x)) {
    const a = Array.from(x as unknown as ArrayLike<number>).slice(0, 16);
    return `${x.constructor.name}(${(x as Uint8Array).length}) [${a.join(', ')}]`;
  }
  return JSON.stringify(x);
};

/** msgpackr with records and shared structures but without `moreTypes`, on a Uint32Array. */
export function msgpackrWithoutMoreTypes(): string {
  const input = new Uint32Array([1, 2, 0xffff_ffff, 70_000]);
  const packr = new msgpackr.Packr({ useRecords: true, structures: [] });
  try {
    const back = (packr.unpack(packr.pack({ history: input })) as { history: unknown }).history;
    const diff = firstDifference(back, input);
    if (!diff) return `msgpackr without \`moreTypes\` round-trips a Uint32Array correctly here (${describe(back)}).`;
    return `msgpackr without \`moreTypes\` does not round-trip a Uint32Array and raises no error: ${describe(input)} comes back as ${describe(back)}. Its typed-array support needs \`moreTypes: true\` (used in the rows below).`;
  } catch (e) {
    return `msgpackr without \`moreTypes\` throws on a Uint32Array: ${(e as Error).message}`;
  }
}

export function nativeAcceleration(): string[] {
  const m = (msgpackr as { isNativeAccelerationEnabled?: boolean }).isNativeAccelerationEnabled;
  const c = (cborx as { isNativeAccelerationEnabled?: boolean }).isNativeAccelerationEnabled;
  const say = (name: string, addon: string, on: boolean | undefined) =>
    on ? `${name} uses its native string extractor (${addon} loaded).`
      : `${name} runs without its native string extractor (${addon} not loaded): pure-JS string decoding.`;
  return [say('msgpackr', 'msgpackr-extract', m), say('cbor-x', 'cbor-extract', c)];
}

/**
 * Whether msgpackr and cbor-x write consecutive encodings into one larger buffer kept across
 * calls (a fresh allocation only when it fills): why they can out-run "allocate + copy" on W1p.
 */
export function encodeBufferReuse(): string {
  const input = { history: new Uint32Array(1 << 18) }; // 1 MiB
  const packr = new msgpackr.Packr({ useRecords: true, structures: [], moreTypes: true });
  const enc = new cborx.Encoder({ useRecords: true, structures: [] });
  const check = (name: string, encode: () => Uint8Array): string => {
    const [a, b, c] = [encode(), encode(), encode()];
    const shared = a.buffer === b.buffer && b.buffer === c.buffer;
    return shared
      ? `${name} wrote 3 consecutive 1 MiB encodings into one ${a.buffer.byteLength.toLocaleString('en-US')}-byte buffer at offsets ${[a, b, c].map((x) => x.byteOffset.toLocaleString('en-US')).join(', ')}`
      : `${name} allocated a buffer per encoding`;
  };
  return `${check('msgpackr', () => packr.pack(input))}; ${check('cbor-x', () => enc.encode(input))}. Such an encoder allocates memory only when its buffer fills, every few W1p encodes, while the allocate + copy row allocates on every call.`;
}

/** Which W5 peers decode `bytes` as a view of the input (no copy) and which copy. */
export function bytesAliasing(): string {
  const blob = new Uint8Array(32).fill(5);
  const own = (b: Uint8Array): Uint8Array => new Uint8Array(b);
  const root = new protobuf.Root();
  root.define('probe').add(new protobuf.Type('Blob').add(new protobuf.Field('value', 1, 'bytes')));
  root.resolveAll();
  const pb = root.lookupType('probe.Blob');
  const av = avro.Type.forSchema('bytes');
  const packr = new msgpackr.Packr({ useRecords: true, structures: [], moreTypes: true });
  const cbor = new cborx.Encoder({ useRecords: true, structures: [] });
  const views = (decode: (b: Uint8Array) => Uint8Array, bytes: Uint8Array): boolean => {
    const b = own(bytes);
    return decode(b).buffer === b.buffer;
  };
  const seen: [string, boolean][] = [
    ['avsc', views((b) => av.fromBuffer(Buffer.from(b.buffer, b.byteOffset, b.byteLength)) as Buffer, av.toBuffer(Buffer.from(blob)))],
    ['protobufjs', views((b) => (pb.decode(b) as unknown as { value: Uint8Array }).value, pb.encode({ value: blob }).finish())],
    ['msgpackr', views((b) => packr.unpack(b) as Uint8Array, packr.pack(blob))],
    ['cbor-x', views((b) => cbor.decode(b) as Uint8Array, cbor.encode(blob))],
  ];
  const list = (v: boolean) => seen.filter((x) => x[1] === v).map((x) => x[0]).join(', ') || 'none';
  return `W5 byte blob: decoded as a view of the input (no copy) by ${list(true)}; copied by ${list(false)}. savepack copies (its default; \`views: true\` would alias).`;
}

export function probeNotes(): string[] {
  return [...nativeAcceleration(), msgpackrWithoutMoreTypes(), encodeBufferReuse(), bytesAliasing()];
}
