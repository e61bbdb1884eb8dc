// quickFit(schema): a predicate made once per schema that says "fits" for the common values of
// scalar kinds without walking valueProblem's generic switch (one call per converted or defaulted
// value, 10k+ per load). It is only a fast yes: when it says no, the caller runs valueProblem,
// which decides and describes the problem, so the accepted values are exactly valueProblem's.

import { F32_LIMIT } from '../kinds/checks.ts';
import { INT_RANGE } from '../kinds/table.ts';
import type { Schema } from '../schema/types.ts';

/** True only for values valueProblem(s, x) accepts (false: ask valueProblem). */
export type QuickFit = (x: unknown) => boolean;

const never: QuickFit = () => false;

/** A fast acceptance test for values of `s` (never for kinds it does not special-case). */
export function quickFit(s: Schema): QuickFit {
  switch (s.kind) {
    case 'bool': return (x) => x === true || x === false;
    case 'string': return (x) => typeof x === 'string';
    case 'f64': return (x) => typeof x === 'number';
    case 'f32': return (x) => typeof x === 'number' && x < F32_LIMIT && x > -F32_LIMIT;
    case 'u8': case 'i8': case 'u16': case 'i16': case 'u32': case 'i32': case 'uvarint': case 'varint': {
      const r = INT_RANGE[s.kind];
      if (!r || typeof r.min !== 'number' || typeof r.max !== 'number') return never;
      const lo = r.min, hi = r.max;
      return (x) => typeof x === 'number' && x >= lo && x <= hi && Number.isInteger(x);
    }
    case 'enum': {
      const list: string[] = s.variants.map((v: { name: string }) => v.name);
      if (list.length > 8) {
        const names = new Set<string>(list);
        return (x) => typeof x === 'string' && names.has(x);
      }
      // A few names: compares (pointer-equal when the decoder returns a cached string) beat hashing.
      return (x) => {
        if (typeof x !== 'string') return false;
        for (let i = 0; i < list.length; i++) if (list[i] === x) return true;
        return false;
      };
    }
    default: return never;
  }
}
