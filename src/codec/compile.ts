// The compiled codec paths: generated writer and reader per (schema, data version).
export { compileEncoder } from './compile-encode.ts';
export { compileDecoder } from './compile-decode.ts';
