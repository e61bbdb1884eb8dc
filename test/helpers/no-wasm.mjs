// Preload for the second test run: removes WebAssembly before savepack loads, so every kernel
// takes its JavaScript fallback. The same tests must pass and write the same bytes.
delete globalThis.WebAssembly;
process.env.SAVEPACK_NO_WASM = '1';
