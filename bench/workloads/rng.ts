// A small seeded PRNG (mulberry32) so every run and every codec sees the same data.

export type Rng = () => number;

/** Uniform u32 stream from a 32-bit seed. */
export function rng(seed: number): { u32: () => number; int: (lo: number, hi: number) => number; float: (lo: number, hi: number) => number } {
  let a = seed >>> 0;
  const u32 = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let z = a;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  };
  return {
    u32,
    /** Integer in [lo, hi], inclusive. */
    int: (lo, hi) => lo + Math.floor((u32() / 0x1_0000_0000) * (hi - lo + 1)),
    /** Float in [lo, hi). */
    float: (lo, hi) => lo + (u32() / 0x1_0000_0000) * (hi - lo),
  };
}
