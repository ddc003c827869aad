// The numkeys-style count argument, as key finders read it.

/** A plain decimal count argument (numkeys); anything else counts as 0, as the server rejects the command. */
export function readCount(arg: Buffer | undefined): number {
  if (arg === undefined || arg.length === 0 || arg.length > 10) return 0;
  let n = 0;
  for (const byte of arg) {
    const d = byte - 0x30;
    if (d < 0 || d > 9) return 0;
    n = n * 10 + d;
  }
  return n;
}
