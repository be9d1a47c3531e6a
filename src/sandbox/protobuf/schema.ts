/**
 * How message descriptors are written and read. Each message is a list of field specs in Go
 * struct order (the order encoding/json writes), in a small Go-like notation, e.g.
 *   'replicas=1 *int32,omitempty'   'labels=11 map[string]string,omitempty'   '=2 core.VolumeSource,inline'
 * i.e. `<json name>=<proto field number> <type>[,omitempty][,inline]`, where the type may start with
 * `*` (a Go pointer: emitted whenever present), `[]` (repeated) or `map[string]` (a proto map).
 */

export type ScalarType = 'string' | 'bool' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'double' | 'float' | 'bytes';

export const SCALAR_TYPES: ReadonlySet<string> = new Set<ScalarType>([
  'string',
  'bool',
  'int32',
  'int64',
  'uint32',
  'uint64',
  'double',
  'float',
  'bytes',
]);

/** Message name -> field specs, e.g. { 'core.Volume': ['name=1 string', '=2 core.VolumeSource,inline'] }. */
export type MessageTable = Readonly<Record<string, readonly string[]>>;

export interface FieldDesc {
  num: number;
  /** The JSON key; '' for an embedded struct whose fields Go writes inline. */
  json: string;
  shape: 'single' | 'list' | 'map';
  /** A ScalarType or a message name such as 'core.PodSpec' (for maps: the value type). */
  type: string;
  pointer: boolean;
  omitempty: boolean;
  inline: boolean;
}

export interface MessageDesc {
  name: string;
  fields: readonly FieldDesc[];
  byNum: ReadonlyMap<number, FieldDesc>;
}

const SPEC = /^(\w*)=(\d+) (\*)?(\[\]|map\[string\])?([\w.]+)((?:,\w+)*)$/;

export function parseFieldSpec(spec: string): FieldDesc {
  const m = SPEC.exec(spec);
  if (!m) throw new Error(`bad field spec: ${spec}`);
  const [, json = '', num = '', star, container, type = '', optsText = ''] = m;
  const opts = optsText.split(',').filter(Boolean);
  const inline = opts.includes('inline');
  if (json === '' && !inline) throw new Error(`field spec without a JSON name: ${spec}`);
  return {
    num: Number(num),
    json,
    shape: container === '[]' ? 'list' : container ? 'map' : 'single',
    type,
    pointer: star === '*',
    omitempty: opts.includes('omitempty'),
    inline,
  };
}

export function parseMessage(name: string, specs: readonly string[]): MessageDesc {
  const fields = specs.map(parseFieldSpec);
  return { name, fields, byNum: new Map(fields.map((f) => [f.num, f])) };
}
