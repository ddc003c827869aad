// The one SELECT parser: the database `SELECT <arg>` switches the loading client to, as redis-server decides it.

/** redis.conf's default `databases` (createIntConfig "databases", default 16): indexes 0 to 15 exist. */
export const DATABASES = 16;

/**
 * The database SELECT switches to, or null when the server refuses it and the client stays where it was.
 *
 * selectCommand reads the argument with getIntFromObjectOrReply: string2ll (an optional '-', then "0" alone
 * or a first digit 1-9, digits only, nothing around them: "01", "+1", " 1" and "1x" fail), then the C int
 * range; selectDb then refuses an index outside [0, databases). Refused, SELECT only replies an error, and
 * loadSingleAppendOnlyFile goes on in the current database. Every negative number is out of range, so what
 * switches is "0" or [1-9][0-9]* below `databases`, which at most 10 digits can hold.
 *
 * Inside MULTI the loader queues SELECT and runs it at EXEC, in order with the commands around it, so the
 * commands after it apply to the database it selects either way. More arguments are ignored (the loader
 * checks no arity); without one, the loader reads past argv, and check refuses the command by its arity.
 */
export function selectTarget(arg: Buffer | undefined, databases = DATABASES): number | null {
  if (arg === undefined || arg.length === 0 || arg.length > 10) return null;
  if (arg.length > 1 && arg[0] === 0x30) return null;
  let n = 0;
  for (const byte of arg) {
    const d = byte - 0x30;
    if (d < 0 || d > 9) return null;
    n = n * 10 + d;
  }
  return n < databases ? n : null;
}

const SELECT = Buffer.from('SELECT');
const SELECTS = Array.from({ length: DATABASES }, (_, db) => [SELECT, Buffer.from(String(db))]);

/** `SELECT <db>` as the server writes it, for a database selectTarget returned (shared: do not modify). */
export function selectCommand(db: number): Buffer[] {
  return SELECTS[db] ?? [SELECT, Buffer.from(String(db))];
}
