// JSON: JSON.stringify + TextEncoder, TextDecoder + JSON.parse (bytes in, bytes out, like the
// others). No typed arrays, so no W1p row. Decoded forms equal the input: no normalisation
// (every number in the workloads is a finite double, which JSON round-trips exactly).

import type { Adapter } from '../types.ts';

export const json: Adapter = {
  name: 'JSON',
  rows(data) {
    if (data.id === 'versioned' || data.id === 'records-evolve' || data.id === 'w1p' || data.id === 'w6' || 'message' in data) return []; // W5/W6: the four peers of issue 13 only
    const te = new TextEncoder();
    const td = new TextDecoder();
    const value = data.value;
    return [{
      name: 'JSON',
      role: 'peer',
      encode: () => te.encode(JSON.stringify(value)),
      decode: (b) => JSON.parse(td.decode(b)),
    }];
  },
};
