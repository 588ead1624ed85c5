/** Who a request comes from, as its credential (API token or web session) says. */
export interface Caller {
  nichandle: string;
  /**
   * The account's contacts version when the credential was checked: it moves on whenever a row
   * of the account's services listing changes (decision 062).
   */
  contactsVersion: number;
}
