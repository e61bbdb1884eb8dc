// Deep comparison of a decoded value against the expected one, strict by default: same types,
// same array lengths, typed arrays of the same class with equal elements, numbers by Object.is.
// The one general allowance: object fields are read as properties (not only own keys), because
// protobufjs keeps proto defaults on the message prototype; an own key the expected value does
// not have is still a difference. Codec-specific normalisation happens in the adapters.

const MAX_EXCERPT = 60;

const show = (x: unknown): string => {
  let s: string;
  if (typeof x === 'string') s = JSON.stringify(x);
  else if (typeof x === 'bigint') s = `${x}n`;
  else if (ArrayBuffer.isView(x)) s = `${x.constructor.name}(${(x as Uint8Array).length ?? x.byteLength})`;
  else if (Array.isArray(x)) s = `Array(${x.length})`;
  else if (x && typeof x === 'object') s = `${x.constructor?.name ?? 'Object'} {${Object.keys(x).slice(0, 8).join(', ')}}`;
  else s = String(x);
  return s.length > MAX_EXCERPT ? `${s.slice(0, MAX_EXCERPT)}…` : s;
};

/** The first difference between `actual` and `expected` as "path: expected X, got Y", or undefined when equal. */
export function firstDifference(actual: unknown, expected: unknown, path = '$'): string | undefined {
  if (typeof expected !== 'object' || expected === null) {
    return Object.is(actual, expected) ? undefined : `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  if (typeof actual !== 'object' || actual === null) return `${path}: expected ${show(expected)}, got ${show(actual)}`;
  if (ArrayBuffer.isView(expected)) {
    if (!ArrayBuffer.isView(actual) || actual.constructor !== expected.constructor) {
      return `${path}: expected ${show(expected)}, got ${show(actual)}`;
    }
    const a = actual as unknown as ArrayLike<number>;
    const e = expected as unknown as ArrayLike<number>;
    if (a.length !== e.length) return `${path}: expected length ${e.length}, got ${a.length}`;
    for (let i = 0; i < e.length; i++) if (!Object.is(a[i], e[i])) return `${path}[${i}]: expected ${show(e[i])}, got ${show(a[i])}`;
    return undefined;
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected ${show(expected)}, got ${show(actual)}`;
    if (actual.length !== expected.length) return `${path}: expected length ${expected.length}, got ${actual.length}`;
    for (let i = 0; i < expected.length; i++) {
      const d = firstDifference(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (Array.isArray(actual) || ArrayBuffer.isView(actual) || actual instanceof Map) {
    return `${path}: expected ${show(expected)}, got ${show(actual)}`;
  }
  const keys = Object.keys(expected);
  for (const k of keys) {
    const d = firstDifference((actual as Record<string, unknown>)[k], (expected as Record<string, unknown>)[k], `${path}.${k}`);
    if (d) return d;
  }
  for (const k of Object.keys(actual)) {
    if (!Object.hasOwn(expected, k)) return `${path}: unexpected field ${JSON.stringify(k)} = ${show((actual as Record<string, unknown>)[k])}`;
  }
  return undefined;
}
