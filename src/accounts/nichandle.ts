import { randomInt } from 'node:crypto';
import { invalidInput } from '../shared/errors.js';

/** Two lower-case letters, digits, a dash and a suffix: `ab12345-ovh` (SPEC §1). */
export const NICHANDLE_PATTERN = /^[a-z]{2}[0-9]{1,10}-[a-z0-9]{1,16}$/;

export function isNichandle(value: string): boolean {
  return NICHANDLE_PATTERN.test(value);
}

/** Nichandles are case-insensitive: people type `AB12345-OVH` as often as the lower-case form. */
export function parseNichandle(value: unknown, field = 'nichandle'): string {
  if (typeof value !== 'string')
    throw invalidInput(`${field} must be a nichandle such as ab12345-ch`);
  const normal = value.trim().toLowerCase();
  if (!isNichandle(normal)) {
    throw invalidInput(`${field} must be a nichandle such as ab12345-ch`);
  }
  return normal;
}

/** A new nichandle from a person's name: its initials, five random digits, the suffix. */
export function makeNichandle(name: string, suffix: string): string {
  const letters = name
    .normalize('NFD')
    .toLowerCase()
    .replace(/[^a-z\s]/g, '')
    .split(/\s+/)
    .filter(Boolean);
  let prefix =
    letters.length >= 2
      ? `${letters[0]![0]}${letters[letters.length - 1]![0]}`
      : (letters[0] ?? '').slice(0, 2);
  while (prefix.length < 2) prefix += 'x';
  return `${prefix}${randomInt(10_000, 100_000)}-${suffix}`;
}
