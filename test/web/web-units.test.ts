import { describe, expect, test } from 'vitest';
import type { HistoryEvent } from '../../src/audit/contact-history.js';
import { errorText, translator } from '../../src/web/i18n.js';
import { rolePeriods } from '../../src/web/pages/history.page.js';
import { csvField } from '../../src/web/services-csv.js';
import { safeNext } from '../../src/web/web-request.js';
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
