import { Type, type TLiteral } from 'typebox';
import { ALL_STATES } from '../contact-changes/states.js';
import { INPUT_MAX } from '../shared/input-bounds.js';

/**
 * The shapes of SPEC §5, declared once: Fastify validates requests and serialises answers with
 * them, and @fastify/swagger publishes them at /api/docs/json. The domain re-checks every value
 * (it takes `unknown`), so these schemas bound sizes and types without restating the rules.
 */

/** Free text from outside: bounded, no control characters (NUL included). */
export const text = (maxLength: number, description?: string) =>
  Type.String({ maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$', description });

export const Nichandle = Type.String({
  maxLength: INPUT_MAX.nichandle,
  description: 'account id such as ab12345-ch',
  examples: ['ab12345-ch'],
});
export const OptionalNichandle = Type.Optional(Nichandle);
export const Language = Type.Union([Type.Literal('fr'), Type.Literal('en')]);
export const Role = Type.Union([
  Type.Literal('admin'),
  Type.Literal('tech'),
  Type.Literal('billing'),
]);
export const ContactType = Type.Union([
  Type.Literal('contactAdmin'),
  Type.Literal('contactTech'),
  Type.Literal('contactBilling'),
]);
export const ServiceStatus = Type.Union([
  Type.Literal('ok'),
  Type.Literal('expired'),
  Type.Literal('inCreation'),
  Type.Literal('pendingDebt'),
  Type.Literal('unPaid'),
]);
/** One literal per value of a constant list, typed as such (the JSON is `anyOf` of `const`s). */
function literals<const T extends readonly string[]>(values: T) {
  return values.map((value) => Type.Literal(value)) as { -readonly [K in keyof T]: TLiteral<T[K]> };
}

/** SPEC §3's states, from the one list (decision 079). */
export const ChangeState = Type.Union(literals(ALL_STATES));
const DateTime = Type.String({ format: 'date-time' });
const NullableDateTime = Type.Union([DateTime, Type.Null()]);

export const ErrorAnswer = Type.Object(
  {
    class: Type.String({
      examples: ['Client::NotFound'],
      description: "OVH's error class: Client::BadRequest, ::Unauthorized, ::Forbidden, …",
    }),
    errorCode: Type.String({ examples: ['NOT_FOUND'] }),
    message: Type.String(),
  },
  { description: 'every error: HTTP status + errorCode, and OVH class' },
);

export const Empty = Type.Null({ description: 'no content' });

// ---- authentication and account

export const LoginBody = Type.Object({
  nichandle: Type.String({ maxLength: 200 }),
  password: Type.String({ maxLength: 200 }),
});
export const LoginAnswer = Type.Object({ nichandle: Nichandle, expiresAt: DateTime });
export const Me = Type.Object({
  nichandle: Nichandle,
  email: Type.String(),
  name: Type.String(),
  language: Language,
});

// ---- services

export const ServiceParams = Type.Object({
  serviceType: text(64, 'domain, zone, hosting, …'),
  serviceName: text(1024, 'URL-encoded; may contain / as %2F'),
});
export const ServiceListQuery = Type.Object({
  serviceType: Type.Optional(text(INPUT_MAX.serviceType)),
  role: Type.Optional(Type.Union([Role, Type.Literal('')])),
  search: Type.Optional(text(INPUT_MAX.search, 'part of the service name')),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(text(INPUT_MAX.cursor, 'nextCursor of the previous page')),
});
const contacts = {
  contactAdmin: Nichandle,
  contactTech: Nichandle,
  contactBilling: Nichandle,
};
export const ServiceListAnswer = Type.Object({
  items: Type.Array(
    Type.Object({
      serviceType: Type.String(),
      serviceName: Type.String(),
      status: ServiceStatus,
      ...contacts,
      myRoles: Type.Array(Role),
    }),
  ),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export const ServiceInfos = Type.Object({
  serviceType: Type.String(),
  serviceName: Type.String(),
  status: ServiceStatus,
  ...contacts,
  creation: DateTime,
  domain: Type.String({ description: "OVH: the service's name" }),
  serviceId: Type.Integer({ description: "OVH: the service's number" }),
  expiration: Type.Union([DateTime, Type.Null()], { description: 'OVH; null when unknown' }),
  renew: Type.Union(
    [
      Type.Object({
        automatic: Type.Boolean(),
        deleteAtExpiration: Type.Boolean(),
        forced: Type.Boolean(),
        manualPayment: Type.Union([Type.Boolean(), Type.Null()]),
        period: Type.Union([Type.Integer(), Type.Null()]),
      }),
      Type.Null(),
    ],
    { description: "OVH's renewal terms; null when unknown" },
  ),
});
export const ChangeContactBody = Type.Object({
  contactAdmin: OptionalNichandle,
  contactTech: OptionalNichandle,
  contactBilling: OptionalNichandle,
});
export const Ids = Type.Array(Type.Integer({ minimum: 1 }));
const ServiceRef = {
  serviceType: Type.String({ maxLength: 64 }),
  serviceName: Type.String({ maxLength: 1024 }),
};
export const BulkChangeBody = Type.Object(
  {
    services: Type.Array(Type.Object(ServiceRef, { additionalProperties: false }), {
      minItems: 1,
      maxItems: 1000,
    }),
    contactAdmin: OptionalNichandle,
    contactTech: OptionalNichandle,
    contactBilling: OptionalNichandle,
  },
  { additionalProperties: false },
);
export const BulkChangeAnswer = Type.Object({
  batchId: Type.Union([Type.Integer(), Type.Null()], {
    description: 'null when no service could be changed',
  }),
  requests: Type.Array(Type.Object({ ...ServiceRef, ids: Ids })),
  errors: Type.Array(
    Type.Object({ ...ServiceRef, errorCode: Type.String(), message: Type.String() }),
  ),
});
export const HistoryAnswer = Type.Array(
  Type.Object({
    id: Type.Integer(),
    date: DateTime,
    event: Type.String({ examples: ['request.created', 'request.applied'] }),
    actor: Type.Union([Type.String(), Type.Null()]),
    taskId: Type.Union([Type.Integer(), Type.Null()]),
    details: Type.Object({}, { additionalProperties: true }),
  }),
);

// ---- requests (tasks)

export const TaskParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
export const TaskListQuery = Type.Object({
  state: Type.Optional(Type.Union([ChangeState, Type.Literal('')])),
  askingAccount: Type.Optional(Type.String({ maxLength: 64 })),
  toAccount: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  before: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
});
/** OVH's paging request headers (SPEC §10); Node lower-cases header names. */
export const PagingHeaders = Type.Object({
  'x-pagination-mode': Type.Optional(
    Type.String({ maxLength: 64, examples: ['CachedObjectList-Pages'] }),
  ),
  'x-pagination-size': Type.Optional(Type.String({ maxLength: 16, description: '1 to 5000' })),
  'x-pagination-number': Type.Optional(Type.String({ maxLength: 16, description: 'from 1' })),
});
export const BatchParams = Type.Object({
  batchId: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
export const BatchAnswer = Type.Object({ batchId: Type.Integer(), ids: Ids });
const Skipped = Type.Array(Type.Object({ id: Type.Integer(), errorCode: Type.String() }));
export const BatchAccepted = Type.Object({ accepted: Ids, skipped: Skipped });
export const BatchRefused = Type.Object({ refused: Ids, skipped: Skipped });
export const TokenBody = Type.Object({
  token: Type.String({
    maxLength: INPUT_MAX.token,
    description: 'the validation code of the e-mail',
  }),
});
export const Task = Type.Object({
  id: Type.Integer(),
  askingAccount: Nichandle,
  fromAccount: Nichandle,
  toAccount: Nichandle,
  contactTypes: Type.Array(ContactType),
  serviceType: Type.String(),
  serviceDomain: Type.String(),
  state: ChangeState,
  dateRequest: DateTime,
  dateDone: NullableDateTime,
  expiresAt: DateTime,
  errorReason: Type.Union([Type.String(), Type.Null()], {
    description: 'extension: why a request ended in error',
  }),
  validations: Type.Array(
    Type.Object({
      account: Nichandle,
      status: Type.Union([
        Type.Literal('pending'),
        Type.Literal('accepted'),
        Type.Literal('refused'),
      ]),
      date: NullableDateTime,
    }),
  ),
  waitingFor: Type.Array(Nichandle, {
    description: 'extension: validators whose answer the request still waits for',
  }),
});

// ---- operator API

export const NewAccountBody = Type.Object({
  email: Type.String({ maxLength: 254 }),
  name: Type.String({ maxLength: 200 }),
  language: Type.Optional(Language),
  password: Type.Optional(Type.String({ maxLength: 200 })),
  nichandle: OptionalNichandle,
});
export const NichandleParams = Type.Object({ nichandle: Type.String({ maxLength: 64 }) });
export const NewTokenBody = Type.Object({ name: Type.Optional(Type.String({ maxLength: 100 })) });
export const NewTokenAnswer = Type.Object({
  token: Type.String({ description: 'shown once; only its hash is kept' }),
  id: Type.Integer(),
  name: Type.String(),
  createdAt: DateTime,
});
export const NewServiceBody = Type.Object({
  serviceType: Type.String({ maxLength: 64 }),
  serviceName: Type.String({ maxLength: 255 }),
  contactAdmin: Nichandle,
  contactTech: OptionalNichandle,
  contactBilling: OptionalNichandle,
  status: Type.Optional(ServiceStatus),
});
export const NewInvoiceBody = Type.Object({
  account: Nichandle,
  amount: Type.Union([Type.String({ maxLength: 32 }), Type.Number()], { examples: ['12.50'] }),
  currency: Type.Optional(Type.String({ maxLength: 3, minLength: 3, examples: ['EUR'] })),
  status: Type.Optional(Type.Union([Type.Literal('unpaid'), Type.Literal('paid')])),
});
export const InvoiceParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});
export const IdAnswer = Type.Object({ id: Type.Integer() });

/** The error answers a route may give, for the OpenAPI document. */
export function errors(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ErrorAnswer]));
}
