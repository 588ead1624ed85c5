/**
 * The layout of `service_contacts.search_key` on SQLite (migration 007): each account's keys are
 * `account number × KEY_SPAN + a position` in (0, KEY_SPAN), so one account's rows, in name order,
 * are one range of the search indexes' rowids. Rows already written depend on it: never change it.
 */
export const KEY_SPAN = 2 ** 40;
