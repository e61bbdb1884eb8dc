// cbor-x with the record extension (on by default for an Encoder) and a shared `structures`
// array, its fastest mode for repeated object shapes; typed arrays use its RFC 8746 tags.
// One Encoder per workload for both directions. Decoded forms equal the input: no normalisation.

import { Encoder } from 'cbor-x';
import type { Adapter } from '../types.ts';

export const cborx: Adapter = {
  name: 'cbor-x',
  rows(data) {
    if (data.id === 'versioned' || data.id === 'records-evolve') return [];
    const enc = new Encoder({ useRecords: true, structures: [] });
    const value = data.value;
    return [{
      name: 'cbor-x',
      role: 'peer',
      encode: () => enc.encode(value),
      decode: (b) => enc.decode(b),
      note: data.id === 'w1p' ? 'Uint32Array via RFC 8746 typed-array tag' : 'message' in data && data.message !== 'record' && data.message !== 'ints' ? 'a plain CBOR value (no structure to share)' : 'records + shared structures (definitions out of band, not in the size)',
    }];
  },
};
