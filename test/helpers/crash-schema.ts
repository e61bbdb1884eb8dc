// The value the crash test saves: generation `gen` is a header plus ~`words` u32s whose every element
// depends on `gen`, so a file mixing two generations (or a torn write) cannot pass as either.

import { codec, t } from '../../src/index.ts';

export const CrashSave = t.struct('test.CrashSave', {
  gen: t.u32,
  label: t.string,
  data: t.typed('u32'),
});

export const crashCodec = codec(CrashSave, { version: 0 });

const word = (gen: number, i: number) => (Math.imul(gen, 0x9e3779b1) ^ i) >>> 0;

/** The value of generation `gen` with `words` data words. */
export function generation(gen: number, words: number) {
  const data = new Uint32Array(words);
  for (let i = 0; i < words; i++) data[i] = word(gen, i);
  return { gen, label: `generation ${gen}`, data };
}

/** Whether `v` is exactly generation `v.gen` with `words` words; returns a reason when not. */
export function checkGeneration(v: { gen: number; label: string; data: Uint32Array }, words: number): string | undefined {
  if (v.label !== `generation ${v.gen}`) return `label ${JSON.stringify(v.label)} does not match gen ${v.gen}`;
  if (v.data.length !== words) return `data has ${v.data.length} words, expected ${words}`;
  for (let i = 0; i < words; i++) if (v.data[i] !== word(v.gen, i)) return `data[${i}] is not generation ${v.gen}'s`;
  return undefined;
}
