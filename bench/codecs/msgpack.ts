// @msgpack/msgpack with one reused Encoder and Decoder (its README's advice for speed).
// Standard MessagePack maps; no typed arrays (a Uint32Array would come back as raw bytes), so no
// W1p row. Decoded forms equal the input: no normalisation.

import { Decoder, Encoder } from '@msgpack/msgpack';
import type { Adapter } from '../types.ts';

export const msgpack: Adapter = {
  name: '@msgpack/msgpack',
  rows(data) {
    if (data.id === 'versioned' || data.id === 'records-evolve' || data.id === 'w1p' || data.id === 'w6' || 'message' in data) return []; // W5/W6: the four peers of issue 13 only
    const enc = new Encoder();
    const dec = new Decoder();
    const value = data.value;
    return [{
      name: '@msgpack/msgpack',
      role: 'peer',
      encode: () => enc.encode(value),
      decode: (b) => dec.decode(b),
    }];
  },
};
