// toProto(schemaOrUnit): proto3 text describing a saved-state type (vmcore generates .proto files
// from its saved-state types for analysis). It documents the shape only: savepack's bytes are not
// protobuf. Structs are messages (field numbers: declared position + 1), enums are enums (with a
// zero value added when needed), unions are messages with a oneof, vec/array/typed/records are
// repeated, maps are map<,> where protobuf allows; comments say what protobuf cannot.

import { SavepackError } from '../errors.ts';
import type { EnumSchema, FieldDef, Schema, StructSchema, UnionSchema } from '../schema/types.ts';
import { newestOf } from '../schema/generations.ts';
import { comment, ident, lastSegment, MAP_KEYS, packageOf, SCALARS, unique, upperSnake, versions } from './proto-names.ts';
import { unitCodec, type StateUnit } from './unit.ts';

/** A proto field's type: its type name, label and notes for the comment. */
interface Spec { type: string; label: '' | 'repeated' | 'optional' | 'map'; notes: string[] }

/** Nesting bound of the schema walk (t.lazy chains that never reach a struct or union). */
const MAX_DEPTH = 64;

class ProtoWriter {
  readonly blocks: string[] = [];
  readonly named = new Map<Schema, string>();
  readonly messages = new Set<string>();
  readonly taken = new Set<string>();
  #unit?: string;
  #depth = 0;

  /** A new unique top-level name from `base`. */
  name(base: string): string {
    return unique(this.taken, ident(base));
  }

  /** A message whose fields are `lines`, with `notes` above it. */
  emit(name: string, notes: string[], lines: string[], kind = 'message'): void {
    if (kind === 'message') this.messages.add(name);
    const head = notes.filter(Boolean).map((n) => `// ${comment(n)}\n`).join('');
    this.blocks.push(`${head}${kind} ${name} {\n${lines.map((l) => `  ${l}\n`).join('')}}\n`);
  }

  /** One field line. */
  field(spec: Spec, name: string, n: number, extra: string[] = []): string {
    const notes = [...spec.notes, ...extra].filter(Boolean);
    const label = spec.label === '' || spec.label === 'map' ? '' : `${spec.label} `;
    return `${label}${spec.type} ${name} = ${n};${notes.length ? ` // ${comment(notes.join('; '))}` : ''}`;
  }

  /** `spec` as a type usable where only a singular type goes (wrapped in a message when it is not). */
  singular(spec: Spec, ctx: string): Spec {
    if (spec.label === '') return spec;
    const name = this.name(`${ctx}Item`);
    this.emit(name, ['a wrapper: protobuf cannot nest this type directly'], [this.field(spec, 'value', 1)]);
    return { type: name, label: '', notes: [] };
  }

  /** The empty message standing for t.unit. */
  unitMessage(): string {
    if (!this.#unit) {
      this.#unit = this.name('SavepackUnit');
      this.emit(this.#unit, ['t.unit: no value, zero bytes'], []);
    }
    return this.#unit;
  }

  /** The proto type of schema `s`; `ctx` names generated helper messages. */
  typeOf(s: Schema, ctx: string): Spec {
    if (this.#depth > MAX_DEPTH) return { type: 'bytes', label: '', notes: ['a recursive type, not expanded here'] };
    this.#depth++;
    try {
      return this.#typeOf(s, ctx);
    } finally {
      this.#depth--;
    }
  }

  #typeOf(s: Schema, ctx: string): Spec {
    const scalar = SCALARS[s.kind];
    if (scalar) return { type: scalar[0], label: '', notes: [scalar[1]] };
    switch (s.kind) {
      case 'unit': return { type: this.unitMessage(), label: '', notes: [] };
      case 'canary': return { type: 'fixed32', label: '', notes: ['t.canary: the fixed marker 0x59435053, no value'] };
      case 'fixed': return { type: 'bytes', label: '', notes: [`exactly ${s.length} bytes`] };
      case 'typed':
        return s.element === 'u8' ? { type: 'bytes', label: '', notes: ["t.typed('u8')"] }
          : { type: SCALARS[s.element]![0], label: 'repeated', notes: [`t.typed('${s.element}'): a typed array`] };
      case 'records': return { type: this.struct(s.struct), label: 'repeated', notes: ['t.records: packed records'] };
      case 'vec': return { ...this.#repeated(s.item, ctx), label: 'repeated' };
      case 'array': { const r = this.#repeated(s.item, ctx); return { ...r, label: 'repeated', notes: [`exactly ${s.length} items`, ...r.notes] }; }
      case 'option': { const r = this.singular(this.typeOf(s.item, ctx), ctx); return { ...r, label: 'optional' }; }
      case 'tuple': return { type: this.#tuple(s.items as readonly Schema[], ctx), label: '', notes: ['a tuple'] };
      case 'map': return this.#map(s.key, s.value, ctx);
      case 'struct': return { type: this.struct(s), label: '', notes: [] };
      case 'union': return { type: this.union(s), label: '', notes: [] };
      case 'enum': return { type: this.enum(s), label: '', notes: [s.size === 'u8' ? '' : `discriminant ${s.size}`] };
      case 'lazy': return this.typeOf(s.get(), ctx);
      case 'custom': { const r = this.typeOf(s.base, ctx); return { ...r, notes: [`custom type ${s.name}`, ...r.notes] }; }
      case 'versioned': { const r = this.typeOf(newestOf(s), ctx); return { ...r, notes: [`versioned type ${s.name} (newest of ${s.generations.length} generations)`, ...r.notes] }; }
      default: return { type: 'bytes', label: '', notes: [`savepack kind ${String((s as { kind: unknown }).kind)}`] };
    }
  }

  #repeated(item: Schema, ctx: string): Spec {
    return this.singular(this.typeOf(item, ctx), ctx);
  }

  #tuple(items: readonly Schema[], ctx: string): string {
    const name = this.name(`${ctx}Tuple`);
    this.messages.add(name);
    const lines = items.map((it, i) => this.field(this.typeOf(it, `${name}${i}`), `item${i}`, i + 1));
    this.emit(name, [`a tuple of ${items.length} items`], lines);
    return name;
  }

  #map(key: Schema, value: Schema, ctx: string): Spec {
    const k = this.typeOf(key, `${ctx}Key`);
    const v = this.singular(this.typeOf(value, `${ctx}Value`), `${ctx}Value`);
    if (k.label === '' && MAP_KEYS.has(k.type)) {
      return { type: `map<${k.type}, ${v.type}>`, label: 'map', notes: ['a Map, in insertion order', ...k.notes.map((n) => n && `key ${n}`), ...v.notes] };
    }
    const entry = this.name(`${ctx}Entry`);
    this.emit(entry, ['a map entry (protobuf maps cannot have this key type)'], [this.field(k, 'key', 1), this.field(v, 'value', 2)]);
    return { type: entry, label: 'repeated', notes: ['a Map, as entries in insertion order'] };
  }

  /** The field lines of a struct or union variant. */
  #fields(fields: readonly FieldDef[], owner: string): string[] {
    const taken = new Set<string>();
    return fields.map((f, i) => {
      const n = i + 1;
      const range = versions(f.since, f.until);
      if (f.ignore) return `reserved ${n}; // ${comment(`'${f.name}' is never stored (ignore)`)}`;
      if (f.removed) return `reserved ${n}; // ${comment(`removed field '${f.name}': ${range || 'all versions'}, not in memory`)}`;
      const was = f.was.map((w) => `stored as ${w.type.kind} up to version ${w.until}`);
      const name = unique(taken, ident(f.name));
      return this.field(this.typeOf(f.schema, `${owner}${name[0]!.toUpperCase()}${name.slice(1)}`), name, n, [range, ...was, name === f.name ? '' : `savepack name '${f.name}'`]);
    });
  }

  /** The message of a struct (declared once). */
  struct(s: StructSchema): string {
    const known = this.named.get(s);
    if (known) return known;
    const name = this.name(lastSegment(s.name));
    this.named.set(s, name);
    this.messages.add(name);
    this.emit(name, [`struct ${s.name}${s.requirePacked ? ' (packed)' : ''}`], this.#fields(s.fields, name));
    return name;
  }

  /** The message of a union: a oneof over one message per variant. */
  union(s: UnionSchema): string {
    const known = this.named.get(s);
    if (known) return known;
    const name = this.name(lastSegment(s.name));
    this.named.set(s, name);
    this.messages.add(name);
    const taken = new Set<string>();
    const lines = s.variants.map((v, i) => {
      const field = unique(taken, ident(v.name[0]!.toLowerCase() + v.name.slice(1)));
      let type: string;
      if (!v.fields) type = this.unitMessage();
      else {
        type = this.name(`${name}_${v.name}`);
        this.messages.add(type);
        this.emit(type, [`variant ${v.name} of ${s.name}`], this.#fields(v.fields, type));
      }
      return `  ${type} ${field} = ${i + 1}; // ${comment([`variant '${v.name}', discriminant ${v.value}`, versions(v.since, v.until)].filter(Boolean).join('; '))}`;
    });
    this.emit(name, [`union ${s.name}, tag '${s.tag}', discriminant ${s.size}`], [`oneof ${ident(s.tag)} {`, ...lines, '}']);
    return name;
  }

  /** A proto3 enum (its first value is 0: an UNSPECIFIED value is added when no variant is 0). */
  enum(s: EnumSchema): string {
    const known = this.named.get(s);
    if (known) return known;
    const name = this.name(lastSegment(s.name));
    this.named.set(s, name);
    const prefix = upperSnake(name);
    const taken = new Set<string>();
    const zero = s.variants.find((v) => v.value === 0);
    const ordered = zero ? [zero, ...s.variants.filter((v) => v !== zero)] : s.variants;
    const lines = zero ? [] : [`${unique(taken, `${prefix}_UNSPECIFIED`)} = 0; // not a savepack variant: proto3 needs a zero value`];
    for (const v of ordered) {
      const notes = [`'${v.name}'`, versions(v.since, v.until)].filter(Boolean).join('; ');
      const value = `${unique(taken, `${prefix}_${upperSnake(v.name)}`)} = `;
      lines.push(v.value > 0x7fffffff ? `// ${comment(`${notes}: discriminant ${v.value} does not fit a proto enum`)}` : `${value}${v.value}; // ${comment(notes)}`);
    }
    this.emit(name, [`enum ${s.name}, discriminant ${s.size}`], lines, 'enum');
    return name;
  }
}

/** The name of a named schema (through t.lazy), '' when none. */
function nameOf(s: Schema): string {
  for (let i = 0; s.kind === 'lazy' && i < MAX_DEPTH; i++) s = s.get();
  return 'name' in s && typeof s.name === 'string' ? s.name : '';
}

/**
 * proto3 text describing a saved-state type: `schemaOrUnit` is a schema or a state unit. The
 * package comes from the dotted name (the unit's name, else the schema's); the text documents the
 * shape for people and tools. savepack's bytes are NOT protobuf: decode them with savepack.
 */
export function toProto(schemaOrUnit: Schema | StateUnit): string {
  const unit = unitCodec(schemaOrUnit) ? (schemaOrUnit as StateUnit) : undefined;
  const schema = unit ? unit.schema : (schemaOrUnit as Schema);
  if (typeof schema !== 'object' || schema === null || typeof (schema as { kind?: unknown }).kind !== 'string') {
    throw new SavepackError('INVALID_VALUE', 'toProto needs a schema or a state unit');
  }
  const dotted = unit ? unit.name : nameOf(schema);
  const w = new ProtoWriter();
  const root = w.typeOf(schema, ident(lastSegment(dotted) || 'Value'));
  if (root.label !== '' || !w.messages.has(root.type)) {
    w.emit(w.name(`${lastSegment(dotted) || 'Value'}State`), ['the saved state (a wrapper: its type is not a message)'], [w.field(root, 'value', 1)]);
  }
  const pkg = packageOf(dotted);
  const head = [
    `// Generated by savepack toProto() from ${unit ? `state unit ${unit.name}, data version ${unit.version}` : dotted || 'a schema'}.`,
    "// It documents the shape of the saved state. savepack's bytes are NOT protobuf: read them with savepack.",
    '// Field numbers are declared positions + 1; version ranges are in the comments.',
  ];
  return `${head.map(comment).join('\n')}\nsyntax = "proto3";\n${pkg ? `package ${pkg};\n` : ''}\n${w.blocks.join('\n')}`;
}
