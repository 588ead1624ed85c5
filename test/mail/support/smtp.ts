import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

export interface ReceivedMail {
  /** Envelope recipients, as the SMTP server saw them. */
  to: string[];
  mail: ParsedMail;
}

/** What the test SMTP server does with the next messages. */
export type SmtpMode =
  /** Accepts; with `stallAfter`, stalls (as below) once that many messages were accepted. */
  | { kind: 'accept'; stallAfter?: number }
  | { kind: 'reject'; code: number; message: string }
  /** Reads the message, then never answers (a server hanging at DATA). */
  | { kind: 'stall' };

export interface TestSmtp {
  port: number;
  url: string;
  received: ReceivedMail[];
  mode: SmtpMode;
  /** Resolves once `count` messages were accepted. */
  waitForMessages(count: number): Promise<ReceivedMail[]>;
  /** Resolves once a message reached DATA in stall mode. */
  waitForStall(): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server on loopback (smtp-server) whose messages are parsed with mailparser. */
export async function startSmtp(
  port = 0,
  auth?: { user: string; pass: string },
): Promise<TestSmtp> {
  const received: ReceivedMail[] = [];
  const waiters: (() => void)[] = [];
  const stalled: (() => void)[] = [];
  let stallCount = 0;
  const notify = () => waiters.splice(0).forEach((w) => w());

  const state: { mode: SmtpMode } = { mode: { kind: 'accept' } };
  const server = new SMTPServer({
    authOptional: auth === undefined,
    allowInsecureAuth: true,
    // A client left hanging (stall mode) is cut off when the test closes the server.
    closeTimeout: 100,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(credentials, _session, callback) {
      if (auth && credentials.username === auth.user && credentials.password === auth.pass) {
        callback(null, { user: auth.user });
      } else {
        callback(Object.assign(new Error('Authentication failed'), { responseCode: 535 }));
      }
    },
    onRcptTo(_address, _session, callback) {
      const mode = state.mode;
      if (mode.kind === 'reject') {
        callback(Object.assign(new Error(mode.message), { responseCode: mode.code }));
      } else callback();
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const mode = state.mode;
      const stall =
        mode.kind === 'stall' ||
        (mode.kind === 'accept' &&
          mode.stallAfter !== undefined &&
          received.length >= mode.stallAfter);
      if (stall) {
        stream.resume();
        stream.on('end', () => {
          stallCount++;
          stalled.splice(0).forEach((w) => w());
        });
        return; // never answers
      }
      simpleParser(stream)
        .then((mail) => {
          received.push({ to: session.envelope.rcptTo.map((a) => a.address), mail });
          callback();
          notify();
        })
        .catch((error: Error) => callback(error));
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('no address');
  return {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    get mode() {
      return state.mode;
    },
    set mode(mode: SmtpMode) {
      state.mode = mode;
    },
    waitForMessages(count) {
      return new Promise((resolve) => {
        const check = () => (received.length >= count ? resolve(received) : waiters.push(check));
        check();
      });
    },
    waitForStall() {
      return new Promise((resolve) => (stallCount > 0 ? resolve() : stalled.push(resolve)));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The link of R9 in a message's text part, and its parts. */
export function linkIn(mail: ParsedMail): { url: URL; taskId: number; token: string | null } {
  const match = /https?:\/\/\S+\/contacts\/requests\?\S+/.exec(mail.text ?? '');
  if (!match) throw new Error(`no request link in "${mail.subject}"`);
  const url = new URL(match[0]);
  return {
    url,
    taskId: Number(url.searchParams.get('taskId')),
    token: url.searchParams.get('token'),
  };
}

/** Messages received for one address. */
export function mailsTo(smtp: TestSmtp, address: string): ParsedMail[] {
  return smtp.received.filter((r) => r.to.includes(address)).map((r) => r.mail);
}
