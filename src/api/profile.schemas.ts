import { Type } from 'typebox';

/** The shapes of SPEC §5's profile rows (PUT /me, emailChange, passwords), as in schemas.ts. */

const noControl = '^[^\\u0000-\\u001f\\u007f]*$';
const closed = { additionalProperties: false };

export const UpdateMeBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200, pattern: noControl })),
    language: Type.Optional(Type.Union([Type.Literal('fr'), Type.Literal('en')])),
  },
  closed,
);

export const ChangeEmailBody = Type.Object(
  {
    newEmail: Type.String({
      maxLength: 254,
      description: 'the new address; a code is sent to it (R19)',
      examples: ['new-address@example.com'],
    }),
  },
  closed,
);

const EmailChangeState = Type.Union([
  Type.Literal('todo'),
  Type.Literal('done'),
  Type.Literal('refused'),
  Type.Literal('aborted'),
  Type.Literal('expired'),
]);

/** OVH's nichandle.emailChange.Task. */
export const EmailChangeTask = Type.Object({
  id: Type.Integer(),
  newEmail: Type.String(),
  state: EmailChangeState,
  dateRequest: Type.String({ format: 'date-time' }),
  dateDone: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const EmailChangeListQuery = Type.Object(
  { state: Type.Optional(Type.Union([EmailChangeState, Type.Literal('')])) },
  closed,
);

export const EmailChangeParams = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
});

export const EmailCodeBody = Type.Object(
  { token: Type.String({ maxLength: 200, description: 'the code sent to the new address' }) },
  closed,
);

export const ChangePasswordBody = Type.Object(
  {
    currentPassword: Type.String({ maxLength: 200 }),
    newPassword: Type.String({
      maxLength: 200,
      description: 'at least 8 characters, not containing the account ID or e-mail address',
    }),
  },
  closed,
);

export const PasswordResetBody = Type.Object(
  { nichandle: Type.String({ maxLength: 64, examples: ['ab12345-ch'] }) },
  closed,
);

export const PasswordResetConfirmBody = Type.Object(
  {
    token: Type.String({ maxLength: 200, description: 'the token of the e-mailed reset link' }),
    newPassword: Type.String({ maxLength: 200 }),
  },
  closed,
);
