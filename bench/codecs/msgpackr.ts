// msgpackr in its fastest, schema-like mode: a Packr with the record extension and a shared
// `structures` array (record definitions live out of band, as an app keeping the structures next
// to its data would), and `moreTypes` so typed arrays are encoded as typed arrays.
// One Packr per workload, used for both pack and unpack, so the structures are shared.
// Decoded forms equal the input exactly: no normalisation.

import { Packr } from 'msgpackr';
import type { Adapter, Row } from '../types.ts';

const make = () => new Packr({ useRecords: true, structures: [], moreTypes: true });

const SHARED = 'shared structures: the record definitions are kept out of band and not counted in the size';

export const msgpackr: Adapter = {
  name: 'msgpackr',
  rows(data) {
    if (data.id === 'versioned' || data.id === 'records-evolve') return [];
    const packr = make();
    const value = data.value;
    const row: Row = {
      name: 'msgpackr',
      role: 'peer',
      encode: () => packr.pack(value),
      decode: (b) => packr.unpack(b),
      note: data.id === 'w1p' ? 'Uint32Array via `moreTypes`' : 'message' in data && data.message !== 'record' && data.message !== 'ints' ? 'a plain MessagePack value (no structure to share)' : SHARED,
    };
    return [row];
  },
};
