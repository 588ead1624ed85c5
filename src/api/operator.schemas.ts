import { Type } from 'typebox';
import {
  ChangeState,
  Language,
  Nichandle,
  OptionalNichandle,
  ServiceInfos,
  ServiceStatus,
  Task,
} from './schemas.js';

/** The shapes of SPEC §5's operator rows added by issue 26, with examples for /api/docs. */

const text = (maxLength: number, description?: string, examples?: string[]) =>
  Type.String({ maxLength, pattern: '^[^\\u0000-\\u001f\\u007f]*$', description, examples });

export const OperatorAccount = Type.Object(
  {
    nichandle: Nichandle,
    email: Type.String({ examples: ['alice@example.com'] }),
    name: Type.String({ examples: ['Alice Martin'] }),
    language: Language,
    unpaidInvoices: Type.Integer({
      minimum: 0,
      description: 'how many invoices are unpaid (R5: any blocks a billing change)',
      examples: [0],
    }),
    creation: Type.String({ format: 'date-time', examples: ['2026-11-24T09:00:00.000Z'] }),
  },
  {
    examples: [
      {
        nichandle: 'ab12345-ch',
        email: 'alice@example.com',
        name: 'Alice Martin',
        language: 'fr',
        unpaidInvoices: 0,
        creation: '2026-11-24T09:00:00.000Z',
      },
    ],
  },
);

export const AccountPatchBody = Type.Object(
  {
    email: Type.Optional(
      Type.String({
        maxLength: 254,
        description: 'set at once; both the old and the new address are told',
        examples: ['alice.martin@example.org'],
      }),
    ),
    name: Type.Optional(text(200, undefined, ['Alice Martin'])),
    language: Type.Optional(Language),
  },
  { examples: [{ email: 'alice.martin@example.org' }, { name: 'Alice Martin', language: 'en' }] },
);

export const OperatorService = Type.Object(
  {
    ...ServiceInfos.properties,
    openRequests: Type.Array(Type.Integer({ minimum: 1 }), {
      description: 'ids of its requests not yet final, oldest first',
      examples: [[42]],
    }),
  },
  {
    examples: [
      {
        serviceType: 'domain',
        serviceName: 'example.com',
        status: 'ok',
        contactAdmin: 'ab12345-ch',
        contactTech: 'te10002-ch',
        contactBilling: 'bi10003-ch',
        creation: '2026-11-24T09:00:00.000Z',
        openRequests: [42],
      },
    ],
  },
);

export const StatusBody = Type.Object(
  { status: ServiceStatus },
  { examples: [{ status: 'expired' }] },
);

export const SupportChangeBody = Type.Object(
  {
    contactAdmin: OptionalNichandle,
    contactTech: OptionalNichandle,
    contactBilling: OptionalNichandle,
    reason: text(500, 'why the provider makes this change: kept in the audit log and e-mailed', [
      'ticket 4711: the customer lost access to its mailbox',
    ]),
  },
  {
    examples: [
      {
        contactAdmin: 'nw10004-ch',
        reason: 'ticket 4711: the customer lost access to its mailbox',
      },
    ],
  },
);

export const CancelBody = Type.Union(
  [
    Type.Object(
      { reason: Type.Optional(text(500, 'told to every party', ['duplicate of request 41'])) },
      { examples: [{ reason: 'duplicate of request 41' }] },
    ),
    Type.Null(),
  ],
  { description: 'optional' },
);

export const AllChangesQuery = Type.Object({
  state: Type.Optional(Type.Union([ChangeState, Type.Literal('')])),
  account: Type.Optional(
    Type.String({ maxLength: 64, description: 'a party: asker, old or new contact' }),
  ),
  serviceType: Type.Optional(text(64, undefined, ['domain'])),
  serviceName: Type.Optional(text(1024, undefined, ['example.com'])),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
  cursor: Type.Optional(text(32, 'nextCursor of the previous page')),
});

export const AllChangesAnswer = Type.Object({
  items: Type.Array(Task),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'null on the last page',
    examples: ['41'],
  }),
});

export const EventsQuery = Type.Object({
  after: Type.Optional(
    text(40, 'nextCursor of the previous page; omitted: from the first event', ['812345_1042']),
  ),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
});

const FeedItem = Type.Object({
  id: Type.Integer({ examples: [1042] }),
  type: Type.String({ examples: ['request.applied'] }),
  date: Type.String({ format: 'date-time' }),
  actor: Type.Union([Type.String(), Type.Null()], {
    description: 'a nichandle, `operator`, or null for the system',
  }),
  taskId: Type.Union([Type.Integer(), Type.Null()]),
  serviceType: Type.Union([Type.String(), Type.Null()]),
  serviceName: Type.Union([Type.String(), Type.Null()]),
  details: Type.Object({}, { additionalProperties: true }),
});

export const EventsAnswer = Type.Object(
  {
    items: Type.Array(FeedItem),
    nextCursor: Type.String({
      description: 'give it back as `after`; the same cursor when nothing is new',
    }),
  },
  {
    examples: [
      {
        items: [
          {
            id: 1042,
            type: 'request.applied',
            date: '2026-11-24T09:00:05.000Z',
            actor: null,
            taskId: 42,
            serviceType: 'domain',
            serviceName: 'example.com',
            details: {
              contacts: {
                contactAdmin: 'nw10004-ch',
                contactTech: 'te10002-ch',
                contactBilling: 'bi10003-ch',
              },
            },
          },
        ],
        nextCursor: '812345_1042',
      },
    ],
  },
);

export const AppliedIds = Type.Array(Type.Integer({ minimum: 1 }), {
  description: 'the requests made and applied, one per (from, to) pair (R6), all `done`',
  examples: [[43, 44]],
});
