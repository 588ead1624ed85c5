// OVH's own Node client, @ovhcloud/node-ovh 3.0.0 from the npm registry, unmodified, run as a
// child process: NODE_EXTRA_CA_CERTS (the test's certificate) is read only at process start, and
// the client's token request uses its own HTTPS agents (docs/ovh-compatibility.md).
//
// Environment: OVH_HOST, OVH_PORT, OVH_CLIENTS = {"name": {"clientID": …, "clientSecret": …}}.
// Reads one JSON command a line on stdin, {seq, client, method, path, params}, and writes one
// JSON answer a line on stdout, {seq, ok: true, value} or {seq, ok: false, error}.
import { createRequire } from 'node:module';
import { createInterface } from 'node:readline';

interface OvhClient {
  requestPromised(method: string, path: string, params?: Record<string, unknown>): Promise<unknown>;
}
type OvhFactory = (params: Record<string, unknown>) => OvhClient;

const ovh = createRequire(import.meta.url)('@ovhcloud/node-ovh') as OvhFactory;
const host = process.env.OVH_HOST!;
const port = Number(process.env.OVH_PORT);
const credentials = JSON.parse(process.env.OVH_CLIENTS!) as Record<
  string,
  { clientID: string; clientSecret: string }
>;

const clients = Object.fromEntries(
  Object.entries(credentials).map(([name, { clientID, clientSecret }]) => [
    name,
    // As the research report says: no `endpoint` preset (it would overwrite host and tokenURL),
    // and the token URL with its trailing slash, which the client resolves oauth2/token against.
    ovh({
      host,
      port,
      basePath: '/api',
      clientID,
      clientSecret,
      tokenURL: `https://${host}:${port}/api/`,
    }),
  ]),
);

const write = (answer: object) => process.stdout.write(`${JSON.stringify(answer)}\n`);
// A failed token request makes the client throw where nobody catches it: say so, then stop.
process.on('unhandledRejection', (reason) => {
  write({ seq: -1, ok: false, error: String(reason) });
  process.exit(1);
});

interface Command {
  seq: number;
  client: string;
  method: string;
  path: string;
  params?: Record<string, unknown>;
}

for await (const line of createInterface({ input: process.stdin })) {
  const command = JSON.parse(line) as Command;
  const client = clients[command.client];
  if (!client) {
    write({ seq: command.seq, ok: false, error: `no client ${command.client}` });
    continue;
  }
  try {
    const value = await client.requestPromised(command.method, command.path, command.params);
    write({ seq: command.seq, ok: true, value });
  } catch (error) {
    write({ seq: command.seq, ok: false, error });
  }
}
