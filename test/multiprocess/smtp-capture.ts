import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A message as the SMTP server received it. */
export interface Received {
  messageId: string;
  to: string;
  requestId: number;
  template: string;
  text: string;
}

/**
 * A real SMTP server on loopback that keeps every message it accepts, duplicates included: the
 * test counts deliveries per Message-ID.
 */
export async function startSmtpCapture(): Promise<{
  url: string;
  received: Received[];
  close(): Promise<void>;
}> {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          const header = (name: string) => {
            const value = mail.headers.get(name);
            return typeof value === 'string' ? value : '';
          };
          const to = Array.isArray(mail.to) ? mail.to[0] : mail.to;
          received.push({
            messageId: mail.messageId ?? '',
            to: to?.value[0]?.address ?? '',
            requestId: Number(header('x-contacthub-request')),
            template: header('x-contacthub-template'),
            text: mail.text ?? '',
          });
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  if (address === null || typeof address === 'string') throw new Error('SMTP not listening');
  return {
    url: `smtp://127.0.0.1:${address.port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The validation code an e-mail carries, read from its R9 link. */
export function tokenIn(text: string): string | undefined {
  const match = /[?&]token=([A-Za-z0-9_%-]+)/.exec(text);
  return match ? decodeURIComponent(match[1]!) : undefined;
}
