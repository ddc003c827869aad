// A library's shebang (`#!<engine> name=<name>`), parsed and checked as 7.0's functionExtractLibMetaData and functionsCreateWithLibraryCtx do.
import { splitArgs } from './functions-split-args.js';

export interface LibraryMetadata {
  readonly engine: Buffer;
  readonly name: Buffer;
}

/** Error texts without the "ERR " prefix, as functions.c builds them. */
export type MetadataResult = LibraryMetadata | { readonly message: string };

/** A `%s` of a C string: up to the first NUL. */
function cText(bytes: Buffer): string {
  const nul = bytes.indexOf(0);
  return (nul === -1 ? bytes : bytes.subarray(0, nul)).toString('latin1');
}

/** functionExtractLibMetaData: the engine and name from the first line of the code. */
export function extractLibraryMetadata(code: Buffer): MetadataResult {
  if (code[0] !== 0x23 || code[1] !== 0x21) return { message: 'Missing library metadata' }; // "#!"
  // strchr on the C string: a NUL before the first newline hides it.
  const newline = code.indexOf(0x0a);
  const nul = code.indexOf(0);
  if (newline === -1 || (nul !== -1 && nul < newline)) return { message: 'Invalid library metadata' };
  const parts = splitArgs(code.subarray(0, newline));
  if (parts === null || parts.length === 0) return { message: 'Invalid library metadata' };
  const engine = parts[0]!.subarray(2);
  let name: Buffer | undefined;
  for (const part of parts.slice(1)) {
    if (part.length >= 5 && part.subarray(0, 5).toString('latin1').toLowerCase() === 'name=') {
      if (name !== undefined) return { message: 'Invalid metadata value, name argument was given multiple times' };
      name = part.subarray(5);
      continue;
    }
    return { message: `Invalid metadata value given: ${cText(part)}` };
  }
  if (name === undefined) return { message: 'Library name was not given' };
  return { engine, name };
}

/** functionsVerifyName: one or more of [a-zA-Z0-9_]. */
export function isValidLibraryName(name: Buffer): boolean {
  if (name.length === 0) return false;
  for (const c of name) {
    const ok = (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || (c >= 0x30 && c <= 0x39) || c === 0x5f;
    if (!ok) return false;
  }
  return true;
}
