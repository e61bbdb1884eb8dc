// W5's messages: small values encoded and decoded one at a time, where per-call overhead and the
// width of integers decide everything. Each is a workload of its own (w5-int, w5-double, ...),
// grouped as `w5`. Values are fixed or seeded, the same for every codec:
//   int     12,345 (a signed int)                 double  a seeded double in [-1e6, 1e6)
//   string  "hello, savepack!" (16 ASCII chars)   enum    'green' of 8 colours
//   union   1,000 in a union of null/int/string   blob    32 seeded random bytes
//   record  a 10-field user: 4 strings, an enum, a nested address struct (2 strings + zip),
//           non-negative ints (id, age, createdAt as ms since 1970, zip), a double and a bool
//   ints    { id, values: 1,000 ints uniform in [-50,000, 50,000] } (mostly 3-byte varints)

import type { Samples, User, W5Data, W5Message, W5Values } from '../types.ts';
import { rng } from './rng.ts';

const SEED = 0x5a7e_0005;
/** Ints in the long-array message (full size, smoke-test size). */
export const INTS_LENGTH = 1000;
export const SMALL_INTS_LENGTH = 17;
/** Bytes in the blob message. */
export const BLOB_LENGTH = 32;

function user(): User {
  return {
    id: 48_213,
    name: 'Ada Lovelace',
    email: 'ada.lovelace@example.org',
    age: 36,
    score: 9_871.25,
    active: true,
    role: 'moderator',
    address: { street: '12 Analytical Way', city: 'London', zip: 10_115 },
    createdAt: 1_700_000_123_456,
    country: 'GB',
  };
}

function samples(n: number): Samples {
  const r = rng(SEED + 1);
  const values = new Array<number>(n);
  for (let i = 0; i < n; i++) values[i] = r.int(-50_000, 50_000);
  return { id: 7, values };
}

function blob(): Uint8Array {
  const r = rng(SEED + 2);
  const b = new Uint8Array(BLOB_LENGTH);
  for (let i = 0; i < b.length; i++) b[i] = r.int(0, 255);
  return b;
}

/** The canonical value of message `m` (`small`: the long array shortened, for the smoke test). */
export function messageValue<M extends W5Message>(m: M, small = false): W5Values[M] {
  const values: { [K in W5Message]: () => W5Values[K] } = {
    int: () => 12_345,
    double: () => rng(SEED).float(-1e6, 1e6),
    string: () => 'hello, savepack!',
    enum: () => 'green',
    union: () => 1000,
    blob,
    record: user,
    ints: () => samples(small ? SMALL_INTS_LENGTH : INTS_LENGTH),
  };
  return values[m]();
}

/** The workload data of message `m`. */
export function messageData(m: W5Message, small = false): W5Data {
  return { id: `w5-${m}`, message: m, value: messageValue(m, small) } as W5Data;
}

/** One line per message for the report. */
export const MESSAGE_TITLES: Record<W5Message, string> = {
  int: 'single int (12,345)',
  double: 'single double',
  string: 'short string (16 ASCII chars)',
  enum: 'enum (1 of 8)',
  union: 'union null/int/string (the int 1,000)',
  blob: `byte blob (${BLOB_LENGTH} bytes)`,
  record: '10-field record (strings, enum, nested struct)',
  ints: `record with ${INTS_LENGTH.toLocaleString('en-US')} ints`,
};
