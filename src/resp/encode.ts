// Encodes commands as RESP arrays of bulk strings, the form every AOF command takes.

const CRLF = Buffer.from('\r\n');

/** The exact bytes Redis writes for a command: `*<argc>\r\n` then `$<len>\r\n<bytes>\r\n` per argument. */
export function encodeCommand(args: readonly Buffer[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    parts.push(Buffer.from(`$${arg.length}\r\n`), arg, CRLF);
  }
  return Buffer.concat(parts);
}

/** Convenience for tests and literals: strings are taken as UTF-8. */
export function command(...args: Array<string | Buffer>): Buffer[] {
  return args.map((a) => (typeof a === 'string' ? Buffer.from(a) : a));
}
