import { describe, expect, test } from 'vitest';
import type { HistoryEvent } from '../../src/audit/contact-history.js';
import type { ChangeView } from '../../src/contact-changes/change.presenter.js';
import { errorText, translator } from '../../src/web/i18n.js';
import { rolePeriods } from '../../src/web/pages/history.page.js';
import { actionsFor } from '../../src/web/requests.routes.js';
import { csvField } from '../../src/web/services-csv.js';
import { safeNext } from '../../src/web/web-request.js';
import { editableRoles } from '../../src/web/edit-contacts.routes.js';
import type { ErrorCode } from '../../src/shared/errors.js';
import { HTTP_STATUS } from '../../src/shared/errors.js';

describe('safeNext keeps the user on this site', () => {
  test.each([
    ['/contacts/requests?taskId=1&token=abc', '/contacts/requests?taskId=1&token=abc'],
    ['/contacts/services', '/contacts/services'],
    ['https://evil.example/', undefined],
    ['//evil.example/x', undefined],
    ['/\\evil.example', undefined],
    ['/contacts\\..', undefined],
    ['javascript:alert(1)', undefined],
    ['/login?next=/x', undefined],
    ['/a\nb', undefined],
    ['', undefined],
    [42, undefined],
  ])('%j → %j', (input, expected) => {
    expect(safeNext(input)).toBe(expected);
  });
});

describe('csvField', () => {
  test.each([
    ['example.com', 'example.com'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['line\nbreak', '"line\nbreak"'],
    ['=1+1', "'=1+1"],
    ['+33', "'+33"],
    ['-x', "'-x"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['=a,b', `"'=a,b"`],
  ])('%j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
});

test('R2-R3: the admin may edit every field, tech and billing only their own', () => {
  expect(editableRoles(['admin'])).toEqual(['admin', 'tech', 'billing']);
  expect(editableRoles(['tech'])).toEqual(['tech']);
  expect(editableRoles(['tech', 'billing'])).toEqual(['tech', 'billing']);
  expect(editableRoles(['admin', 'tech'])).toEqual(['admin', 'tech', 'billing']);
});

function view(overrides: Partial<ChangeView>): ChangeView {
  return {
    id: 7,
    askingAccount: 'ad1-ch',
    fromAccount: 'te2-ch',
    toAccount: 'nw3-ch',
    contactTypes: ['contactTech'],
    serviceType: 'domain',
    serviceDomain: 'example.com',
    state: 'validatingByCustomers',
    dateRequest: '2026-11-24T09:00:00.000Z',
    dateDone: null,
    expiresAt: '2026-12-08T09:00:00.000Z',
    errorReason: null,
    validations: [
      { account: 'ad1-ch', status: 'pending', date: null },
      { account: 'nw3-ch', status: 'pending', date: null },
    ],
    waitingFor: ['ad1-ch', 'nw3-ch'],
    ...overrides,
  };
}

describe('actions offered on a request', () => {
  const now = Date.parse('2026-11-25T00:00:00Z');
  test('a pending validator may accept, refuse and resend; only the asker may cancel', () => {
    expect(actionsFor(view({}), 'ad1-ch', now)).toEqual({
      decide: true,
      resend: true,
      cancel: true,
    });
    expect(actionsFor(view({}), 'nw3-ch', now)).toEqual({
      decide: true,
      resend: true,
      cancel: false,
    });
  });
  test('the old contact, not a validator, may do nothing', () => {
    expect(actionsFor(view({}), 'te2-ch', now)).toEqual({
      decide: false,
      resend: false,
      cancel: false,
    });
  });
  test('after answering, a validator may still resend to the one awaited, not decide again', () => {
    const v = view({
      validations: [
        { account: 'ad1-ch', status: 'accepted', date: '2026-11-24T10:00:00.000Z' },
        { account: 'nw3-ch', status: 'pending', date: null },
      ],
    });
    expect(actionsFor(v, 'ad1-ch', now)).toEqual({ decide: false, resend: true, cancel: true });
  });
  test('a final or expired request offers nothing', () => {
    for (const v of [
      view({ state: 'done' }),
      view({ state: 'refused' }),
      view({ expiresAt: '2026-11-24T12:00:00.000Z' }),
    ]) {
      expect(actionsFor(v, 'ad1-ch', now)).toEqual({
        decide: false,
        resend: false,
        cancel: false,
      });
    }
  });
});

test('history: periods of each role rebuilt from the audit events', () => {
  const event = (
    id: number,
    date: string,
    name: string,
    details: object,
    taskId: number | null = null,
  ) => ({ id, date, event: name, actor: null, taskId, details }) as HistoryEvent;
  const history = [
    event(1, '2026-01-01T00:00:00.000Z', 'service.created', {
      contactAdmin: 'a',
      contactTech: 't',
      contactBilling: 'b',
    }),
    event(
      2,
      '2026-02-01T00:00:00.000Z',
      'request.created',
      { fromAccount: 't', toAccount: 'n' },
      4,
    ),
    event(
      3,
      '2026-02-02T00:00:00.000Z',
      'request.applied',
      { contacts: { contactAdmin: 'a', contactTech: 'n', contactBilling: 'n' } },
      4,
    ),
  ];
  expect(rolePeriods(history)).toEqual({
    admin: [{ account: 'a', from: '2026-01-01T00:00:00.000Z', to: null, requestId: null }],
    tech: [
      {
        account: 't',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-02-02T00:00:00.000Z',
        requestId: null,
      },
      { account: 'n', from: '2026-02-02T00:00:00.000Z', to: null, requestId: 4 },
    ],
    billing: [
      {
        account: 'b',
        from: '2026-01-01T00:00:00.000Z',
        to: '2026-02-02T00:00:00.000Z',
        requestId: null,
      },
      { account: 'n', from: '2026-02-02T00:00:00.000Z', to: null, requestId: 4 },
    ],
  });
});

test('every error code and every message has words in both languages', () => {
  for (const code of Object.keys(HTTP_STATUS) as ErrorCode[]) {
    expect(errorText('fr', code)).not.toBe('');
    expect(errorText('en', code)).not.toBe(errorText('fr', code));
  }
  const fr = translator('fr');
  const en = translator('en');
  expect(fr('requestMadeLine', { id: 3, service: 'x' })).toContain('Demande n°\u00a03 pour x');
  expect(en('contactAdmin')).toBe('Administrator contact');
});
