import type { FastifyInstance } from 'fastify';

/**
 * Ajv as Fastify is told to run it (buildServer's `ajv.customOptions`): nothing is coerced (R4:
 * `["x"]` is not `"x"`, `null` is not absent, `"01"` is not 1), and an unknown field is refused
 * rather than silently removed.
 */
export const STRICT_AJV = {
  coerceTypes: false,
  removeAdditional: false,
  useDefaults: true,
} as const;

type Schema = Record<string, unknown>;

const isSchema = (value: unknown): value is Schema =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A copy of a body schema in which every object that does not say otherwise refuses unknown
 * properties (R4). A copy: the same TypeBox object may also describe an answer.
 */
export function closeObjects(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closeObjects);
  if (!isSchema(schema)) return schema;
  const copy: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    copy[key] =
      key === 'properties' && isSchema(value)
        ? Object.fromEntries(Object.entries(value).map(([k, v]) => [k, closeObjects(v)]))
        : ['items', 'anyOf', 'oneOf', 'allOf'].includes(key)
          ? closeObjects(value)
          : value;
  }
  if (copy.type === 'object' && copy.additionalProperties === undefined) {
    copy.additionalProperties = false;
  }
  return copy;
}

/** The JSON types a schema allows, its union's branches included. */
function typesOf(schema: Schema): string[] {
  const own = Array.isArray(schema.type)
    ? (schema.type as string[])
    : typeof schema.type === 'string'
      ? [schema.type]
      : [];
  const branches = ['anyOf', 'oneOf']
    .map((k) => schema[k])
    .filter(Array.isArray)
    .flat()
    .filter(isSchema)
    .flatMap(typesOf);
  return [...own, ...branches];
}

const INTEGER = /^-?(0|[1-9][0-9]{0,15})$/;
const DECIMAL = /^-?(0|[1-9][0-9]{0,15})(\.[0-9]{1,15})?$/;

/**
 * One value of a query string or path, which is always text, read as the schema's type only when
 * written the one canonical way: `7` is 7, but `07`, `0x7`, `7.0`, ` 7` and `7e0` stay text and
 * fail the schema (R4). Anything else is left for Ajv to judge.
 */
function readText(value: unknown, schema: Schema): unknown {
  const types = typesOf(schema);
  if (Array.isArray(value)) {
    const items = isSchema(schema.items) ? schema.items : {};
    return types.includes('array') ? value.map((v) => readText(v, items)) : value;
  }
  if (typeof value !== 'string') return value;
  if (types.includes('array') && isSchema(schema.items)) return [readText(value, schema.items)];
  if (types.includes('string')) return value;
  if (types.includes('integer') && INTEGER.test(value) && Number.isSafeInteger(Number(value))) {
    return Number(value);
  }
  if (types.includes('number') && DECIMAL.test(value)) return Number(value);
  if (types.includes('boolean') && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

function readFields(values: unknown, schema: unknown): void {
  if (!isSchema(values) || !isSchema(schema) || !isSchema(schema.properties)) return;
  for (const [name, property] of Object.entries(schema.properties)) {
    if (name in values && isSchema(property)) values[name] = readText(values[name], property);
  }
}

/**
 * What replaces Ajv's coercion. Query strings and path parameters are text: numbers in them are
 * read here, explicitly and only in their canonical form. Bodies are JSON and keep their types.
 * A body that may be empty (every field optional) may also be absent: `POST …/tokens` with no
 * body at all is `{}`.
 */
export function strictInput(server: FastifyInstance): void {
  server.addHook('onRoute', (route) => {
    const schema = route.schema;
    if (schema?.body !== undefined) route.schema = { ...schema, body: closeObjects(schema.body) };
  });
  server.addHook('preValidation', (request, _reply, done) => {
    const schema = request.routeOptions.schema;
    if (schema) {
      readFields(request.query, schema.querystring);
      readFields(request.params, schema.params);
      const body = schema.body;
      if (
        request.body === undefined &&
        isSchema(body) &&
        body.type === 'object' &&
        (!Array.isArray(body.required) || body.required.length === 0)
      ) {
        request.body = {};
      }
    }
    done();
  });
}
