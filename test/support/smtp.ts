/**
 * A real SMTP server in the test process (smtp-server), whose received mail is parsed with
 * mailparser. It can be told to refuse mail (a 451 after the data, as a server in trouble does)
 * and to accept again.
 */
import net from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export type ReceivedMail = ParsedMail & { envelopeTo: string[] };

export type TestSmtp = {
  url: string;
  received: ReceivedMail[];
  /** While true, every message is refused with a temporary failure. */
  refusing: boolean;
  refusals: number;
  /** Called with the count of messages received so far, as each is accepted (before the client hears so). */
  onMessage?: (count: number) => void;
  close: () => Promise<void>;
  to: (address: string) => ReceivedMail[];
};

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      srv.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

export async function startSmtp(): Promise<TestSmtp> {
  const port = await freePort();
  const state: TestSmtp = {
    url: `smtp://127.0.0.1:${port}`,
    received: [],
    refusing: false,
    refusals: 0,
    close: async () => undefined,
    to: (address) => state.received.filter((m) => m.envelopeTo.includes(address)),
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", async () => {
        if (state.refusing) {
          state.refusals++;
          const error = Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 });
          return callback(error);
        }
        const parsed = await simpleParser(Buffer.concat(chunks));
        state.received.push(Object.assign(parsed, { envelopeTo: session.envelope.rcptTo.map((r) => r.address) }));
        state.onMessage?.(state.received.length);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
