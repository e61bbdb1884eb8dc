// v8.serialize / v8.deserialize (the structured-clone wire format; typed arrays native).
// Decoded forms equal the input: no normalisation.

import { deserialize, serialize } from 'node:v8';
import type { Adapter } from '../types.ts';

export const v8: Adapter = {
  name: 'v8',
  rows(data) {
    if (data.id === 'versioned' || data.id === 'records-evolve' || data.id === 'w6' || 'message' in data) return []; // W5/W6: the four peers of issue 13 only
    const value = data.value;
    return [{
      name: 'v8.serialize',
      role: 'peer',
      encode: () => serialize(value),
      decode: (b) => deserialize(b),
    }];
  },
};
