// A real SMTP server for tests (smtp-server on 127.0.0.1) that parses what it accepts.
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Inbox {
  port: number;
  mails: ParsedMail[];
  envelopes: { from: string; to: string[] }[];
  logins: string[];
  stop(): Promise<void>;
}

/** A real SMTP server on 127.0.0.1 (no TLS); with `auth`, only that user and password get in. */
export async function smtpInbox(auth?: { user: string; password: string }): Promise<Inbox> {
  const mails: ParsedMail[] = [];
  const envelopes: Inbox['envelopes'] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    secure: false,
    disabledCommands: auth ? ['STARTTLS'] : ['STARTTLS', 'AUTH'],
    authOptional: !auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(a, _session, cb) {
      if (auth && a.username === auth.user && a.password === auth.password) {
        logins.push(a.username ?? '');
        cb(null, { user: a.username });
      } else {
        cb(new Error('Invalid username or password'));
      }
    },
    onData(stream, session, cb) {
      simpleParser(stream)
        .then((m) => {
          mails.push(m);
          envelopes.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
          });
          cb();
        })
        .catch(cb);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    port,
    mails,
    envelopes,
    logins,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
