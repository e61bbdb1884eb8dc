// savepack/testing — helpers for users' own tests (Node only: it reads and writes files).

export { goldenCheck, type GoldenSamples, type GoldenOptions, type GoldenReport } from './testing/golden.ts';
