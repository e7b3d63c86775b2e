// A minimal SMTP server for the browser story, on node:net only: accepts every message and keeps
// it, so the story can follow the link in an email the server sent (like tests/api/smtp.rs does
// for the Rust suite).
import { createServer } from 'node:net';

/**
 * Listens on 127.0.0.1:`port`; `messages` fills as emails arrive (raw, as sent).
 * @param {number} port
 * @returns {Promise<{ messages: string[], close: () => void }>}
 */
export function startSmtpSink(port) {
  /** @type {string[]} */
  const messages = [];
  const server = createServer((socket) => {
    socket.setEncoding('utf8');
    let buffer = '';
    let inData = false;
    let message = '';
    socket.write('220 sink ESMTP\r\n');
    socket.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\r\n')) >= 0) {
        const line = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (inData) {
          if (line === '.') {
            inData = false;
            messages.push(message);
            message = '';
            socket.write('250 queued\r\n');
          } else {
            message += `${line.startsWith('..') ? line.slice(1) : line}\n`;
          }
          continue;
        }
        const verb = (line.split(' ')[0] ?? '').toUpperCase();
        if (verb === 'EHLO') socket.write('250-sink\r\n250 8BITMIME\r\n');
        else if (verb === 'DATA') {
          inData = true;
          socket.write('354 go ahead\r\n');
        } else if (verb === 'QUIT') {
          socket.end('221 bye\r\n');
        } else socket.write('250 ok\r\n');
      }
    });
    socket.on('error', () => {});
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve({ messages, close: () => server.close() }));
  });
}

/**
 * The text of `message`, decoded from its transfer encoding (lettre picks quoted-printable or
 * base64 for long lines).
 * @param {string} message
 */
export function decodedBody(message) {
  const split = message.indexOf('\n\n');
  const headers = split >= 0 ? message.slice(0, split) : message;
  const body = split >= 0 ? message.slice(split + 2) : '';
  if (/^Content-Transfer-Encoding: quoted-printable$/im.test(headers)) {
    const bytes = body
      .replace(/=\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, hex) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  if (/^Content-Transfer-Encoding: base64$/im.test(headers)) {
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  }
  return body;
}
